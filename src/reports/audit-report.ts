// The audit report: one self-contained HTML page (inline CSS, charts as inline SVG rendered with
// Vega-Lite in Node, no scripts, nothing loaded) from the JSON of `flywheel audit --json`.

import { classBalanceSpec, MAX_ASSOCIATION_BARS, targetAssociationSpec } from './audit-charts.js';
import type { AssociationBar } from './audit-charts.js';
import { columnAnchor, columnsSectionHtml } from './audit-columns.js';
import { findingsByColumn, findingsSectionHtml, SEVERITY_ORDER, sortFindings } from './audit-findings.js';
import type { ColumnFinding } from './audit-findings.js';
import type { AuditReportInput, DataProfile, ProblemSummary, Severity, SkippedCheck } from './audit-report-input.js';
import { ChartFigures } from './chart-figure.js';
import { formatNumber, formatPercent, formatRate } from './format.js';
import { escapeHtml, htmlPage } from './html.js';
import type { HtmlSection } from './html.js';

/** Section ids, in page order; they are stable so other pages and docs can link to them. */
export const AUDIT_SECTION_IDS = ['summary', 'findings', 'skipped', 'class-balance', 'target-association', 'columns', 'correlations'] as const;

function tile(value: string, label: string, className = ''): string {
  return `<div class="tile${className ? ` ${className}` : ''}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

function countBySeverity(input: AuditReportInput): Record<Severity, number> {
  const counts: Record<Severity, number> = { blocking: 0, warning: 0, info: 0 };
  for (const f of input.findings ?? []) if (f.severity in counts) counts[f.severity] += 1;
  return counts;
}

function problemHtml(problem: ProblemSummary | null | undefined): string {
  if (problem == null) return '';
  const parts: string[] = [];
  const questions = problem.open_questions ?? [];
  if (questions.length > 0) {
    const items = questions.map((q) => `<li><code>${escapeHtml(q.key)}</code>: ${escapeHtml(q.question)}</li>`).join('');
    parts.push(`<h3>Open questions on the problem card (${questions.length})</h3><ul class="questions">${items}</ul>`);
  }
  const needs = problem.data_needs;
  if (needs != null) {
    const verdict = needs.estimate_rows === null
      ? `<p>No estimate could be made; ${escapeHtml(formatNumber(needs.available_rows))} rows are available.</p>`
      : needs.short
      ? `<p class="callout">Data may be short: about ${escapeHtml(formatNumber(needs.estimate_rows))} rows are needed, ${escapeHtml(formatNumber(needs.available_rows))} are available.</p>`
      : `<p>About ${escapeHtml(formatNumber(needs.estimate_rows))} rows are needed; ${escapeHtml(formatNumber(needs.available_rows))} are available.</p>`;
    const reasoning = (needs.reasoning ?? []).map((r) => `<li>${escapeHtml(r)}</li>`).join('');
    parts.push(`<h3>Data needs</h3>${verdict}${reasoning ? `<details><summary>How the estimate was made</summary><ul>${reasoning}</ul></details>` : ''}`);
  }
  return parts.join('\n');
}

function summaryHtml(input: AuditReportInput): string {
  const profile = input.profile;
  const counts = countBySeverity(input);
  const balance = profile.class_balance;
  const tiles = [
    tile(formatNumber(profile.rows), 'rows'),
    tile(formatNumber(profile.columns_count), 'columns'),
    tile(`${formatNumber(profile.duplicate_rows)} (${formatPercent(profile.duplicate_pct)})`, 'duplicate rows'),
    balance == null ? '' : tile(formatRate(balance.positive_rate), `positive rate (${balance.positive})`),
    balance == null ? '' : tile(formatRate(balance.accuracy_of_majority), 'accuracy of majority class'),
    ...SEVERITY_ORDER.map((s) => tile(String(counts[s]), `${s} findings`, counts[s] > 0 ? `sev-${s}` : '')),
    tile(String((input.skipped ?? []).length), 'checks skipped'),
  ];
  const verdict =
    counts.blocking > 0
      ? `<p class="callout"><b>${counts.blocking} blocking finding${counts.blocking === 1 ? '' : 's'}</b>: <code>flywheel audit</code> exits 1 until ${counts.blocking === 1 ? 'it is' : 'they are'} fixed. See <a href="#findings">Findings</a>.</p>`
      : '<p>No blocking findings.</p>';
  const target =
    input.target == null
      ? '<p>No target declared: checks that need one are skipped.</p>'
      : `<p>Target <code>${escapeHtml(input.target.name)}</code>: positive <code>${escapeHtml(input.target.positive)}</code>, negative <code>${escapeHtml(input.target.negative)}</code>.</p>`;
  const warning = balance?.warning ? `<p class="callout">${escapeHtml(balance.warning)}</p>` : '';
  return [`<div class="tiles">${tiles.join('')}</div>`, verdict, target, warning, problemHtml(input.problem)].join('\n');
}

function skippedHtml(skipped: readonly SkippedCheck[]): string {
  if (skipped.length === 0) return '<p>No checks were skipped.</p>';
  const rows = skipped.map((s) => `<tr><td><code>${escapeHtml(s.check)}</code></td><td>${escapeHtml(s.needs)}</td></tr>`).join('');
  return `<table><thead><tr><th>check</th><th>needs</th></tr></thead><tbody>${rows}</tbody></table>`;
}

async function classBalanceHtml(profile: DataProfile, charts: ChartFigures): Promise<string> {
  const balance = profile.class_balance;
  if (balance == null) return '<p>Not computed: the audit had no target.</p>';
  const figure = await charts.figure(classBalanceSpec(balance), {
    label: `Class balance: ${balance.positive_count} ${balance.positive}, ${balance.negative_count} ${balance.negative}`,
    caption: `positive rate ${formatRate(balance.positive_rate)}; always predicting the majority class is ${formatRate(balance.accuracy_of_majority)} accurate`,
  });
  const warning = balance.warning ? `<p class="callout">${escapeHtml(balance.warning)}</p>` : '';
  return `${figure}\n${warning}`;
}

function mostSevere(findings: readonly ColumnFinding[] | undefined): Severity | 'none' {
  for (const severity of SEVERITY_ORDER) if (findings?.some((f) => f.severity === severity)) return severity;
  return 'none';
}

async function targetAssociationHtml(
  profile: DataProfile,
  findingsOf: ReadonlyMap<string, readonly ColumnFinding[]>,
  charts: ChartFigures,
): Promise<string> {
  // Columns whose single-feature AUC was computed (null: the scored rows held one class only).
  const scored = profile.columns
    .flatMap((column, index) => {
      const auc = column.target_association?.roc_auc;
      return column.role !== 'target' && typeof auc === 'number' && Number.isFinite(auc) ? [{ column, index, auc }] : [];
    })
    .sort((a, b) => b.auc - a.auc);
  if (scored.length === 0) return '<p>Not computed: the audit had no target, or no feature could be scored alone.</p>';
  const bars: AssociationBar[] = scored.map(({ column, auc }) => ({
    column: column.name,
    rocAuc: auc,
    severity: mostSevere(findingsOf.get(column.name)),
  }));
  const shown = Math.min(scored.length, MAX_ASSOCIATION_BARS);
  const figure = await charts.figure(targetAssociationSpec(bars), {
    label: 'Single-feature ROC-AUC of each feature, strongest first',
    caption: `ROC-AUC of each feature used alone to rank the target${shown < scored.length ? ` (the ${shown} strongest of ${scored.length})` : ''}; 0.5 is chance; bars are coloured by the most severe finding on the column`,
  });
  const metric = (value: number | undefined): string => `<td class="num">${escapeHtml(formatNumber(value, 3))}</td>`;
  const rows = scored
    .map(({ column, index, auc }) => {
      const a = column.target_association!;
      return `<tr><td><a class="mono" href="#${columnAnchor(index)}">${escapeHtml(column.name)}</a></td>${metric(auc)}${metric(a.point_biserial)}${metric(a.cramers_v)}${metric(a.mutual_information)}</tr>`;
    })
    .join('');
  const table = `<details><summary>All ${scored.length} scored features</summary><table><thead><tr><th>column</th><th class="num">ROC-AUC</th><th class="num">point-biserial r</th><th class="num">Cramér's V</th><th class="num">mutual information</th></tr></thead><tbody>${rows}</tbody></table></details>`;
  return `${figure}\n${table}`;
}

function correlationsHtml(profile: DataProfile): string {
  const correlations = profile.correlations;
  if (correlations == null) return '<p>Not computed.</p>';
  const threshold = correlations.threshold;
  const pairs = (correlations.pairs ?? []).filter((p) => Math.abs(p.r) >= threshold).sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
  const about = `<p class="muted">Method: ${escapeHtml(correlations.method)}; pairs with |r| ≥ ${escapeHtml(formatNumber(threshold))}.${correlations.limited_to ? ` Limited to ${escapeHtml(correlations.limited_to)}.` : ''}</p>`;
  if (pairs.length === 0) return `${about}<p>No pair of columns reaches the threshold.</p>`;
  const rows = pairs
    .map((p) => `<tr><td><code>${escapeHtml(p.a)}</code></td><td><code>${escapeHtml(p.b)}</code></td><td class="num">${escapeHtml(formatNumber(p.r, 3))}</td></tr>`)
    .join('');
  return `${about}<table><thead><tr><th>column a</th><th>column b</th><th class="num">r</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function headerHtml(input: AuditReportInput): string {
  const snapshot = input.snapshot ?? '';
  const items = [
    `<span>source <b class="mono">${escapeHtml(input.source)}</b></span>`,
    `<span title="${escapeHtml(snapshot)}">snapshot <b class="mono">${escapeHtml(snapshot.slice(0, 12))}</b></span>`,
    input.target == null ? '<span>no target</span>' : `<span>target <b class="mono">${escapeHtml(input.target.name)}</b></span>`,
    `<span>generated <b>${escapeHtml(input.generated_at)}</b></span>`,
  ];
  return `<p class="meta">${items.join('')}</p>`;
}

/** Renders the audit report as one self-contained HTML document. */
export async function renderAuditReport(input: AuditReportInput): Promise<string> {
  const charts = new ChartFigures();
  const sorted = sortFindings(input.findings ?? []);
  const findingsOf = findingsByColumn(sorted);
  const profile = { ...input.profile, columns: input.profile.columns ?? [] };
  const body: Record<(typeof AUDIT_SECTION_IDS)[number], { title: string; html: string }> = {
    summary: { title: 'Summary', html: summaryHtml(input) },
    findings: { title: `Findings (${sorted.length})`, html: findingsSectionHtml(sorted) },
    skipped: { title: 'Skipped checks', html: skippedHtml(input.skipped ?? []) },
    'class-balance': { title: 'Class balance', html: await classBalanceHtml(profile, charts) },
    'target-association': { title: 'Target association', html: await targetAssociationHtml(profile, findingsOf, charts) },
    columns: { title: `Columns (${profile.columns.length})`, html: await columnsSectionHtml(profile.columns, findingsOf, charts) },
    correlations: { title: 'Correlations', html: correlationsHtml(profile) },
  };
  const sections: HtmlSection[] = AUDIT_SECTION_IDS.map((id) => ({ id, ...body[id] }));
  return htmlPage({ title: `Audit: ${input.title}`, headerHtml: headerHtml(input), sections });
}
