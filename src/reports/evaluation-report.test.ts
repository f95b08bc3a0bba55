import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { EVALUATION_SECTION_IDS, renderEvaluationReport } from './evaluation-report.js';
import { evaluationReportFixture, HOSTILE_FEATURE } from './evaluation-report-fixture.js';
import { inlineSvgs, tagNestingProblem } from './svg-test-helpers.js';

let html = '';

beforeAll(async () => {
  html = await renderEvaluationReport(evaluationReportFixture());
});

function section(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</section>', start));
}

/** The page with SVG namespace declarations removed: what is left must not mention any URL. */
function withoutXmlNamespaces(page: string): string {
  return page.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
}

function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`))?.length ?? 0;
}

describe('renderEvaluationReport', () => {
  it('returns one HTML document with every section under its stable id', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const id of EVALUATION_SECTION_IDS) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('<title>Evaluation: telco-churn · gbt</title>');
  });

  it('lists the slices where the run regresses against the model it is compared with', () => {
    expect(html).toContain('Slices where this run regresses against the champion');
    expect(html).toMatch(/<tr class="worse"><td>payment_method = Mailed check<\/td><td class="num">310<\/td>/);
    expect(html).toContain('No slice where this run falls below the baseline');
  });

  it('loads nothing: no scripts, no stylesheets, no URLs besides SVG namespaces', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import/i);
    expect(withoutXmlNamespaces(html)).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
  });

  it('names the model, run, project, short snapshot and split hashes, target and positive class', () => {
    const result = evaluationReportFixture();
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(header).toContain('model <b class="mono">gbt</b>');
    expect(header).toContain(`run <b class="mono">${result.run_id}</b>`);
    expect(header).toContain('project <b class="mono">telco-churn</b>');
    expect(header).toContain(`snapshot <b class="mono">${result.snapshot.slice(0, 12)}</b>`);
    expect(header).toContain(`split <b class="mono">${result.split.slice(0, 12)}</b>`);
    expect(header).not.toContain(`<b class="mono">${result.snapshot}</b>`);
    expect(header).toContain('target <b class="mono">Churn</b>, positive <b class="mono">Yes</b>');
  });

  it('shows how many times the test set was viewed in the header, warning after the first look', async () => {
    const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    expect(header).toContain('<div class="test-looks repeated" role="status">test set viewed <b>3</b> times');
    const once = await renderEvaluationReport({ ...evaluationReportFixture(), test_looks: 1 });
    expect(once).toContain('<div class="test-looks" role="status">test set viewed <b>1</b> time</div>');
    const many = await renderEvaluationReport({ ...evaluationReportFixture(), test_looks: 12 });
    expect(many).toContain('test set viewed <b>12</b> times');
  });

  it('shows the generation time only when given, so the default output is reproducible', async () => {
    expect(html).not.toContain('generated');
    const stamped = await renderEvaluationReport(evaluationReportFixture(), { generatedAt: new Date('2026-11-27T10:15:00Z') });
    expect(stamped).toContain('generated <b>2026-11-27T10:15:00.000Z</b>');
    expect(await renderEvaluationReport(evaluationReportFixture())).toBe(html);
  });

  it('lists each metric per split with its interval, the card metric first and highlighted', () => {
    const metrics = section(html, 'metrics');
    expect(metrics).toContain('test (frozen)');
    expect(metrics).toContain('<tr><th>ROC-AUC</th><td class="num">0.846</td><td class="num muted">[0.825, 0.867]</td><td class="num">0.84</td><td class="num muted">[0.818, 0.862]</td></tr>');
    expect(metrics).toContain('<th>Brier score</th>');
    const rows = [...metrics.matchAll(/<tr( class="ml-metric")?><th>/g)];
    expect(rows[0]![1]).toBe(' class="ml-metric"');
    expect(count(metrics, /class="ml-metric"/)).toBe(1);
    expect(metrics).toContain('recall_at_precision@0.5');
    expect(metrics).toMatch(/ml-metric.*<td class="num">0.751<\/td><td class="num muted">\[0.706, 0.796\]<\/td><td class="num">0.722<\/td>/);
  });

  it('has no highlighted row when the problem card names no ML metric', async () => {
    const page = await renderEvaluationReport({ ...evaluationReportFixture(), ml_metric: null });
    expect(section(page, 'metrics')).not.toContain('ml-metric');
    expect(section(page, 'metrics')).toContain('<th>ROC-AUC</th>');
  });

  it('shows the threshold, objective, reasoning and its consequences on valid and test side by side', () => {
    const threshold = section(html, 'threshold');
    expect(threshold).toContain('<div class="value">0.3125</div>');
    expect(threshold).toContain('minimise expected cost (a false positive costs 1, a false negative 5)');
    expect(threshold).toContain('The threshold minimising expected cost on validation');
    expect(threshold).toContain('<caption>valid: 1,409 rows</caption>');
    expect(threshold).toContain('<caption>test: 1,409 rows</caption>');
    expect(threshold).toContain('<td class="num" title="true positives">281</td>');
    expect(threshold).toContain('<td class="num" title="true positives">270</td>');
    expect(threshold).toContain('<tr><th>flagged share</th><td class="num">36.0%</td><td class="num">36.3%</td></tr>');
    expect(threshold).toContain('<tr><th>cost, total</th><td class="num">691</td><td class="num">761</td></tr>');
    expect(threshold).not.toContain('Infeasible');
  });

  it('says so when the threshold objective could not be met', async () => {
    const base = evaluationReportFixture();
    const infeasible: EvaluationResult = {
      ...base,
      threshold: { ...base.threshold, objective: { kind: 'recall_at_precision', precision: 0.95 }, feasible: false, reasoning: 'No threshold reaches precision 0.95 on validation.' },
    };
    const threshold = section(await renderEvaluationReport(infeasible), 'threshold');
    expect(threshold).toContain('<p class="callout infeasible"><b>Infeasible objective.</b>');
    expect(threshold).toContain('highest recall with precision ≥ 0.95');
    expect(threshold).toContain('<div class="tile sev-blocking"><div class="value">infeasible</div>');
  });

  it('says the threshold was not applied to test when the result has no test consequences, and no costs when the card has none', async () => {
    const base = evaluationReportFixture();
    const page = await renderEvaluationReport({ ...base, threshold: { ...base.threshold, test: undefined, valid: { ...base.threshold.valid, cost: null } } });
    const threshold = section(page, 'threshold');
    expect(threshold).toContain('The threshold was not applied to the test split.');
    expect(threshold).toContain('<tr><th>cost, total</th><td class="num">no costs on the card</td><td class="num">—</td></tr>');
  });

  it('inlines four well-formed charts in their sections: ROC, PR, reliability and slices', () => {
    const svgs = inlineSvgs(html);
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) expect(tagNestingProblem(svg)).toBeNull();
    expect(inlineSvgs(section(html, 'curves'))).toHaveLength(2);
    expect(inlineSvgs(section(html, 'calibration'))).toHaveLength(1);
    expect(inlineSvgs(section(html, 'slices'))).toHaveLength(1);
  });

  it('draws the ROC curve over the dashed chance diagonal', () => {
    const [roc] = inlineSvgs(section(html, 'curves'));
    // The 300 × 300 plot: the diagonal runs from the bottom-left corner to the top-right one.
    expect(roc).toMatch(/d="M0,300L300,0"[^>]*stroke-dasharray/);
    const curve = roc!.match(/aria-label="fpr: [^"]*"[^>]*d="([^"]+)"/);
    expect(curve).not.toBeNull();
    expect(curve![1]!.split('L')).toHaveLength(evaluationReportFixture().curves.roc.length);
  });

  it('draws the PR curve with the base rate as a dashed rule at the share of positives', () => {
    const [, pr] = inlineSvgs(section(html, 'curves'));
    const test = evaluationReportFixture().threshold.test!;
    const rate = (test.confusion.tp + test.confusion.fn) / test.rows;
    const rule = pr!.match(/aria-label="base_rate: [^"]*"[^>]*transform="translate\(300,([\d.]+)\)"[^>]*stroke-dasharray/);
    expect(rule).not.toBeNull();
    expect(Number(rule![1])).toBeCloseTo(300 * (1 - rate), 3);
    expect(section(html, 'curves')).toContain('base rate 26.5%');
  });

  it('draws one circle per reliability bin, sized by its count, and states ECE and the Brier decomposition', () => {
    const calibration = section(html, 'calibration');
    const [svg] = inlineSvgs(calibration);
    const bins = evaluationReportFixture().calibration.bins;
    const radii = [...svg!.matchAll(/aria-label="mean predicted[^"]*rows: (\d+)"[^>]*d="M([\d.]+),0A/g)].map((m) => ({ count: Number(m[1]), radius: Number(m[2]) }));
    expect(radii).toHaveLength(bins.length);
    const byCount = [...radii].sort((a, b) => a.count - b.count);
    for (let i = 1; i < byCount.length; i++) expect(byCount[i]!.radius).toBeGreaterThan(byCount[i - 1]!.radius);
    expect(svg).toMatch(/d="M0,300L300,0"[^>]*stroke-dasharray/);
    expect(calibration).toContain('Expected calibration error 0.031');
    expect(calibration).toContain('Brier score 0.139 ≈ reliability 0.004 − resolution 0.06 + uncertainty 0.195');
    expect(calibration).toContain('Calibrated with isotonic (fitted on validation): ECE 0.052 before, 0.031 after.');
  });

  it('charts ROC-AUC per slice with intervals, worse slices in red and the overall value as a rule', () => {
    const slices = evaluationReportFixture().slices;
    const [svg] = inlineSvgs(section(html, 'slices'));
    const scored = slices.filter((s) => s.roc_auc !== null);
    expect(count(svg!, /aria-roledescription="point"/)).toBe(scored.length);
    expect(count(svg!, /aria-roledescription="point"[^>]*fill="#b42318"/)).toBe(scored.filter((s) => s.worse).length);
    expect(count(svg!, /aria-label="ROC-AUC with 95% interval: [^"]*"[^>]*aria-roledescription="rule mark"/)).toBe(scored.length);
    expect(svg).toMatch(/aria-label="overall: 0\.84"[^>]*stroke-dasharray/);
  });

  it('lists slices grouped by feature, worse ones flagged, one-class ones as n/a', () => {
    const slices = section(html, 'slices');
    const result = evaluationReportFixture();
    const features = [...new Set(result.slices.map((s) => s.feature))];
    expect(count(slices, /<tr class="group">/)).toBe(features.length);
    expect(count(slices, /<tr class="worse">/)).toBe(result.slices.filter((s) => s.worse).length);
    expect(slices).toMatch(/<tr class="worse"><td class="mono">Month-to-month<\/td>.*?<span class="badge sev-blocking">worse<\/span>/);
    expect(slices).toContain('<td class="mono">(missing)</td><td class="num">4</td><td class="num">0</td><td class="num">0.0%</td><td class="num muted" colspan="2">n/a (one class)</td>');
    expect(slices).toContain('<b>1 slice is</b> significantly worse');
  });

  it('escapes user text: a feature named <script> never becomes markup', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('<span class="mono">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</span>');
    expect(html).toContain('<td class="mono">a &amp; b</td>');
    expect(section(html, 'warnings')).toContain('Slice &lt;script&gt;');
    expect(HOSTILE_FEATURE).toContain('<script>');
  });

  it('ranks weak segments by shortfall, largest first', async () => {
    const base = evaluationReportFixture();
    const page = await renderEvaluationReport({ ...base, segments: [...base.segments].reverse() });
    const shortfalls = [...section(page, 'segments').matchAll(/<td class="num">([\d.]+)<\/td><td>(?:<span|<\/td>)/g)].map((m) => Number(m[1]));
    expect(shortfalls).toEqual([...base.segments.map((s) => s.shortfall)].sort((a, b) => b - a));
    expect(section(page, 'segments')).toContain('<td class="mono">Contract × tenure</td>');
  });

  it('compares with the baseline and champion and says whether each difference is significant', () => {
    const comparisons = section(html, 'comparisons');
    expect(comparisons).toContain('<h3>vs baseline <span class="muted mono">run-20261127-101200-logistic</span></h3>');
    expect(comparisons).toContain('This run&#39;s ROC-AUC is higher than the baseline&#39;s by 0.029 (95% interval [0.0131, 0.0449], p &lt; 0.001): the difference is significant');
    expect(comparisons).toContain('than the champion&#39;s by 0.004 (95% interval [-0.0062, 0.0142], p = 0.44): the difference is not significant');
    expect(comparisons).toContain('<tr><th>ROC-AUC, baseline</th><td class="num">0.811</td></tr>');
    expect(comparisons).toContain('<th>log loss</th><td class="num">-0.021</td><td class="num muted">[-0.03, -0.012]</td><td class="better">significantly better</td>');
    expect(comparisons).toContain('<td class="muted">no interval</td>');
  });

  it('copes with a result without slices, segments, comparisons, warnings or curve points', async () => {
    const base = evaluationReportFixture();
    const bare: EvaluationResult = {
      ...base,
      slices: [],
      segments: [],
      comparisons: [],
      warnings: [],
      curves: { split: 'test', roc: [], pr: [] },
      calibration: { ...base.calibration, bins: [], calibrator: undefined },
    };
    const page = await renderEvaluationReport(bare);
    for (const id of EVALUATION_SECTION_IDS) expect(page).toContain(`<section id="${id}">`);
    expect(inlineSvgs(page)).toHaveLength(0);
    expect(page).toContain('No slices were evaluated.');
    expect(page).toContain('No weak two-feature segment was found.');
    expect(page).toContain('No baseline or champion to compare with.');
    expect(page).toContain('No warnings.');
    expect(page).toContain('No calibration was fitted.');
  });

  it('writes a 40-slice report to a file well under 500 KB', async () => {
    const result = evaluationReportFixture({ slices: 40 });
    expect(result.slices).toHaveLength(40);
    const page = await renderEvaluationReport(result);
    const dir = mkdtempSync(join(tmpdir(), 'flywheel-evaluation-report-'));
    try {
      const file = join(dir, 'evaluation.html');
      writeFileSync(file, page);
      const bytes = statSync(file).size;
      console.log(`40-slice evaluation report: ${(bytes / 1024).toFixed(0)} KiB`);
      expect(bytes).toBeLessThan(500 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const [svg] = inlineSvgs(section(page, 'slices'));
    expect(count(svg!, /aria-roledescription="point"/)).toBe(result.slices.filter((s) => s.roc_auc !== null).length);
    expect(count(section(page, 'slices'), /<tr class="worse">/)).toBe(result.slices.filter((s) => s.worse).length);
  });
});
