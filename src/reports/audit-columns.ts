// The columns part of the audit report: one card per column with its type, role, missing share,
// distinct count and statistics, a small histogram (numeric) or top-categories chart (categorical),
// its flags, and links to the findings that name it.

import { histogramSpec, MAX_TOP_CATEGORIES, topCategoriesSpec } from './audit-charts.js';
import type { ColumnFinding } from './audit-findings.js';
import type { ColumnProfile } from './audit-report-input.js';
import type { ChartFigures } from './chart-figure.js';
import { formatNumber, formatPercent } from './format.js';
import { escapeHtml } from './html.js';

/** Anchor of the i-th column of the profile (`column-1`): names are arbitrary text, indices are safe. */
export function columnAnchor(index: number): string {
  return `column-${index + 1}`;
}

function row(label: string, valueHtml: string): string {
  return `<tr><th>${escapeHtml(label)}</th><td class="num">${valueHtml}</td></tr>`;
}

function statsTableHtml(column: ColumnProfile): string {
  const rows: string[] = [
    row('count', escapeHtml(formatNumber(column.count))),
    row('missing', `${escapeHtml(formatNumber(column.missing))} (${escapeHtml(formatPercent(column.missing_pct))})`),
    row('distinct', escapeHtml(formatNumber(column.distinct))),
  ];
  // Datetime columns report min and max as ISO text.
  for (const [label, value] of [['min', column.min], ['max', column.max]] as const) if (typeof value === 'string') rows.push(row(label, escapeHtml(value)));
  const optional: [string, number | undefined][] = [
    ['min', typeof column.min === 'number' ? column.min : undefined],
    ['max', typeof column.max === 'number' ? column.max : undefined],
    ['mean', column.mean],
    ['std', column.std],
  ];
  for (const [quantile, value] of Object.entries(column.quantiles ?? {})) optional.push([quantile, value]);
  optional.push(['skew', column.skew], ['zeros', column.zeros], ['infinities', column.infinities]);
  // Five significant digits: enough to read 118.75 or 1397.5 exactly as a user would quote them.
  for (const [label, value] of optional) if (value !== undefined) rows.push(row(label, escapeHtml(formatNumber(value, 5))));
  if (column.mixed_types !== undefined) rows.push(row('numeric share', escapeHtml(formatPercent(column.mixed_types.numeric_share * 100))));
  const association = column.target_association;
  if (association !== undefined) {
    rows.push(row('ROC-AUC alone', escapeHtml(formatNumber(association.roc_auc, 3))));
    if (association.point_biserial !== undefined) rows.push(row('point-biserial r', escapeHtml(formatNumber(association.point_biserial, 3))));
    if (association.cramers_v !== undefined) rows.push(row("Cramér's V", escapeHtml(formatNumber(association.cramers_v, 3))));
    if (association.mutual_information !== undefined) rows.push(row('mutual information', escapeHtml(formatNumber(association.mutual_information, 3))));
  }
  return `<table class="stats"><tbody>${rows.join('')}</tbody></table>`;
}

function flagsHtml(column: ColumnProfile): string {
  const flags: string[] = [];
  if (column.constant) flags.push('constant');
  if (column.near_constant) flags.push('near-constant');
  if (column.high_cardinality) flags.push('high cardinality');
  if (column.mixed_types !== undefined) flags.push('mixed types');
  return flags.map((f) => `<span class="badge sev-warning">${escapeHtml(f)}</span>`).join('');
}

function findingLinksHtml(findings: readonly ColumnFinding[]): string {
  return findings
    .map((f) => `<a class="badge sev-${escapeHtml(f.severity)}" href="#${f.anchor}" title="${escapeHtml(f.severity)} finding">${escapeHtml(f.check)}</a>`)
    .join('');
}

function hasHistogram(column: ColumnProfile): column is ColumnProfile & { histogram: { edges: number[]; counts: number[] } } {
  const h = column.histogram;
  return h !== undefined && h.counts.length > 0 && h.edges.length === h.counts.length + 1;
}

async function columnChartHtml(column: ColumnProfile, charts: ChartFigures): Promise<string> {
  if (hasHistogram(column)) {
    return charts.figure(histogramSpec(column.histogram), {
      label: `Histogram of ${column.name}`,
      caption: `histogram, ${column.histogram.counts.length} bins`,
      className: 'chart',
    });
  }
  const top = column.top ?? [];
  if (top.length > 0) {
    const shown = Math.min(top.length, MAX_TOP_CATEGORIES);
    return charts.figure(topCategoriesSpec(top), {
      label: `Most frequent values of ${column.name}`,
      caption: `top ${shown} of ${formatNumber(column.distinct)} distinct values`,
      className: 'chart',
    });
  }
  return '';
}

async function columnCardHtml(column: ColumnProfile, index: number, findings: readonly ColumnFinding[], charts: ChartFigures): Promise<string> {
  return [
    `<article class="column-card" id="${columnAnchor(index)}">`,
    '<header>',
    `<h3 class="mono">${escapeHtml(column.name)}</h3>`,
    `<span class="badge">${escapeHtml(column.type)}</span><span class="badge">${escapeHtml(column.role)}</span>`,
    flagsHtml(column),
    findingLinksHtml(findings),
    '</header>',
    `<div class="body">${statsTableHtml(column)}${await columnChartHtml(column, charts)}</div>`,
    '</article>',
  ].join('\n');
}

/** The columns section's body. Charts render one after another: Vega is CPU-bound, so nothing to overlap. */
export async function columnsSectionHtml(
  columns: readonly ColumnProfile[],
  findingsOf: ReadonlyMap<string, readonly ColumnFinding[]>,
  charts: ChartFigures,
): Promise<string> {
  if (columns.length === 0) return '<p>The profile lists no columns.</p>';
  const cards: string[] = [];
  for (const [i, column] of columns.entries()) cards.push(await columnCardHtml(column, i, findingsOf.get(column.name) ?? [], charts));
  return `<div class="columns-grid">\n${cards.join('\n')}\n</div>`;
}
