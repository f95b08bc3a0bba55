import { beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_SECTION_IDS, renderAuditReport } from './audit-report.js';
import { telcoAuditInput, wideAuditInput } from './audit-report-fixture.js';
import type { AuditReportInput } from './audit-report-input.js';
import { inlineSvgs, tagNestingProblem } from './svg-test-helpers.js';

let html = '';

beforeAll(async () => {
  html = await renderAuditReport(telcoAuditInput());
});

/** The page with SVG namespace declarations removed: what is left must not mention any URL. */
function withoutXmlNamespaces(page: string): string {
  return page.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
}

describe('renderAuditReport', () => {
  it('returns one HTML document with every section under its stable id', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const id of AUDIT_SECTION_IDS) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('<title>Audit: telco-churn</title>');
  });

  it('inlines well-formed SVG charts: class balance, target association and one per column', () => {
    const svgs = inlineSvgs(html);
    const columns = telcoAuditInput().profile.columns.length;
    expect(svgs).toHaveLength(2 + columns);
    for (const svg of svgs) expect(tagNestingProblem(svg)).toBeNull();
    expect(html.split('<svg').length - 1).toBe(svgs.length);
    expect(html.split('</svg>').length - 1).toBe(svgs.length);
  });

  it('puts the charts in their sections', () => {
    const section = (id: string): string => html.slice(html.indexOf(`<section id="${id}">`), html.indexOf('</section>', html.indexOf(`<section id="${id}">`)));
    expect(section('class-balance')).toContain('<svg');
    expect(section('target-association')).toContain('<svg');
    expect(inlineSvgs(section('columns')).length).toBe(telcoAuditInput().profile.columns.length);
  });

  it('escapes user text: a column named <script> never becomes markup', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('rename it &lt;safely&gt;');
    expect(html).toContain('Price too high &amp;');
  });

  it('loads nothing: no scripts, no stylesheets, no URLs besides SVG namespaces', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import/i);
    expect(withoutXmlNamespaces(html)).not.toMatch(/https?:\/\//);
  });

  it('lists findings most severe first, each coloured by its severity', () => {
    const order = [...html.matchAll(/<article class="finding sev-(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['blocking', 'warning', 'warning', 'warning', 'info', 'info']);
    const findings = html.slice(html.indexOf('<section id="findings">'));
    expect(findings.indexOf('target_leakage')).toBeLessThan(findings.indexOf('id_like_column'));
    expect(findings.indexOf('id_like_column')).toBeLessThan(findings.indexOf('mixed_types'));
  });

  it('shows evidence as a table, nested records as a nested table, and the hint', () => {
    const leak = html.slice(html.indexOf('id="finding-1"'), html.indexOf('</article>', html.indexOf('id="finding-1"')));
    expect(leak).toContain('<table class="evidence">');
    expect(leak).toContain('<th>by_value</th>');
    expect(leak).toContain('<th>positive_rate</th>');
    expect(leak).toContain('How to fix:</b> drop churn_reason');
    expect(html).toContain('<th>examples</th><td><code>&quot; &quot;</code>, <code>&quot; &quot;</code></td>');
  });

  it('summarises rows, duplicates, class balance, findings by severity and open questions', () => {
    const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('<section id="findings">'));
    expect(summary).toContain('7,043');
    expect(summary).toContain('22 (0.3%)');
    expect(summary).toContain('26.5%');
    expect(summary).toMatch(/tile sev-blocking"><div class="value">1</);
    expect(summary).toMatch(/tile sev-warning"><div class="value">3</);
    expect(summary).toContain('exits 1');
    expect(summary).toContain('What action is taken for a customer predicted to churn?');
  });

  it('lists skipped checks with what they need', () => {
    expect(html).toContain('<code>temporal_leakage</code></td><td>a time column (--time COL)</td>');
  });

  it('links each column card to the findings that name it', () => {
    const card = html.slice(html.indexOf('<h3 class="mono">churn_reason</h3>'));
    expect(card.slice(0, card.indexOf('</header>'))).toContain('href="#finding-1"');
  });

  it('lists correlated pairs at or above the threshold, strongest first', () => {
    const correlations = html.slice(html.indexOf('<section id="correlations">'));
    expect(correlations).toContain('-0.95');
    expect(correlations).toContain('0.826');
    expect(correlations).not.toContain('0.651');
    expect(correlations.indexOf('-0.95')).toBeLessThan(correlations.indexOf('0.826'));
  });

  it('renders the same input to the same bytes', async () => {
    expect(await renderAuditReport(telcoAuditInput())).toBe(html);
  });

  it('copes with an audit without target, problem card, histograms or optional statistics', async () => {
    const bare: AuditReportInput = {
      title: 'bare',
      generated_at: '2026-11-27T00:00:00Z',
      source: 'x.csv',
      snapshot: 'abc',
      target: null,
      profile: {
        rows: 0,
        columns_count: 1,
        duplicate_rows: 0,
        duplicate_pct: 0,
        class_balance: null,
        columns: [{ name: 'a', type: 'numeric', role: 'feature', count: 0, missing: 0, missing_pct: 0, distinct: 0, constant: true, near_constant: true, high_cardinality: false }],
        correlations: { method: 'pearson', threshold: 0.9, pairs: [] },
      },
      findings: [],
      skipped: [],
    };
    const page = await renderAuditReport(bare);
    for (const id of AUDIT_SECTION_IDS) expect(page).toContain(`<section id="${id}">`);
    expect(page).toContain('No findings');
    expect(page).toContain('Not computed: the audit had no target.');
    expect(inlineSvgs(page)).toHaveLength(0);
  });

  it('renders a 50-column report well under 5 seconds', async () => {
    const startMs = performance.now();
    const page = await renderAuditReport(wideAuditInput(50));
    const elapsedMs = performance.now() - startMs;
    console.log(`50-column audit report: ${elapsedMs.toFixed(0)} ms, ${inlineSvgs(page).length} charts, ${(page.length / 1024).toFixed(0)} KiB`);
    expect(inlineSvgs(page)).toHaveLength(52);
    expect(elapsedMs).toBeLessThan(5000);
  });
});
