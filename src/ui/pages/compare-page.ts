// Compare: the runs' params and metrics side by side with the rows that differ highlighted, then the
// statistical comparison of each run against the first on the same validation rows (DeLong's test for
// ROC-AUC, paired bootstrap intervals for the other metrics), or the reason none was made.

import { differenceVerdict, SIGNIFICANCE_LEVEL } from '../../reports/evaluation-comparisons.js';
import type { DelongResult } from '../../evaluation/evaluation-result.js';
import { higherIsBetter, metricLabel } from '../../reports/evaluation-metrics.js';
import type { CompareResult } from '../../workflow/compare.js';
import { badge, escapeHtml, pageHtml, runLink, valueText } from './layout.js';

/** Index of the best value of a metric row (`valid.roc_auc`), or -1 when the values tie or the direction is unknown. */
function bestIndex(name: string, values: readonly unknown[]): number {
  const better = higherIsBetter(name.slice(name.indexOf('.') + 1));
  const numbers = values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN));
  if (better === undefined || numbers.filter((n) => !Number.isNaN(n)).length < 2) return -1;
  let best = -1;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i]!;
    if (Number.isNaN(n)) continue;
    if (best === -1 || (better ? n > numbers[best]! : n < numbers[best]!)) best = i;
  }
  return numbers.filter((n) => n === numbers[best]).length > 1 ? -1 : best;
}

function sideBySide(result: CompareResult, rows: CompareResult['params'], label: string, format: (v: unknown) => string, best?: (row: CompareResult['params'][number]) => number): string {
  const head = result.runs.map((r) => `<th class="num">${runLink(r.run_id)} <span class="muted">${escapeHtml(r.model)}</span></th>`).join('');
  const differing = rows.filter((r) => r.differs).length;
  const body = rows
    .map((row) => {
      const winner = best === undefined ? -1 : best(row);
      return `<tr${row.differs ? ' class="differs"' : ''}><th>${escapeHtml(row.name)}</th>${row.values.map((v, i) => `<td class="num${i === winner ? ' best' : ''}">${format(v)}</td>`).join('')}</tr>`;
    })
    .join('');
  const note = best === undefined ? '' : '; the best value of each metric in bold';
  return `<table class="compare"><caption>${rows.length} ${label}, ${differing} differ${differing === 1 ? 's' : ''} (highlighted)${note}</caption><thead><tr><th>${escapeHtml(label)}</th>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** DeLong's result in words, oriented as the table: this run − the reference, on the rows compared. */
function delongText(run: string, reference: string, split: string, d: DelongResult): string {
  const significant = d.p_value < SIGNIFICANCE_LEVEL;
  const direction = d.difference > 0 ? 'higher' : d.difference < 0 ? 'lower' : 'equal';
  const p = d.p_value < 0.001 ? 'p < 0.001' : `p = ${d.p_value.toPrecision(2)}`;
  const head = direction === 'equal' ? `${run}'s ROC-AUC equals ${reference}'s` : `${run}'s ROC-AUC is ${direction} than ${reference}'s by ${Math.abs(d.difference).toFixed(4)}`;
  return `${head} (95% interval [${d.ci[0].toFixed(4)}, ${d.ci[1].toFixed(4)}], ${p}): ${significant ? `significant at the ${SIGNIFICANCE_LEVEL * 100}% level` : `not significant at the ${SIGNIFICANCE_LEVEL * 100}% level; these ${split} rows cannot tell the two apart`}.`;
}

function metricValue(v: unknown): string {
  return typeof v === 'number' ? v.toFixed(4) : '<span class="muted">—</span>';
}

function statistics(result: CompareResult): string {
  if (result.statistics === null) {
    return `<p class="callout">No statistical comparison: ${escapeHtml(result.statistics_refused ?? 'not computed')}.</p>`;
  }
  const stats = result.statistics;
  const model = (id: string) => result.runs.find((r) => r.run_id === id)?.model ?? '';
  const blocks = stats.pairs.map((pair) => {
    const delong = pair.roc_auc === null ? '<p class="muted">DeLong\'s test could not be computed (one class on these rows).</p>' : `<p class="verdict">${escapeHtml(delongText(`${model(pair.run_id)} ${pair.run_id.slice(0, 8)}`, `${model(stats.reference)} ${stats.reference.slice(0, 8)}`, stats.split, pair.roc_auc))}</p>`;
    const rows = Object.entries(pair.differences)
      .map(([metric, diff]) => {
        const verdict = differenceVerdict(metric, diff);
        const ci = diff.ci === undefined ? '—' : `[${diff.ci[0].toFixed(4)}, ${diff.ci[1].toFixed(4)}]`;
        return `<tr><th>${escapeHtml(metricLabel(metric))}</th><td class="num">${diff.value >= 0 ? '+' : ''}${diff.value.toFixed(4)}</td><td class="num muted">${ci}</td><td class="${escapeHtml(verdict.className)}">${escapeHtml(verdict.text)}</td></tr>`;
      })
      .join('');
    const auc = pair.roc_auc === null ? '' : `<tr><th>ROC-AUC (DeLong)</th><td class="num">${pair.roc_auc.difference >= 0 ? '+' : ''}${pair.roc_auc.difference.toFixed(4)}</td><td class="num muted">[${pair.roc_auc.ci[0].toFixed(4)}, ${pair.roc_auc.ci[1].toFixed(4)}]</td><td>${pair.roc_auc.p_value < 0.001 ? 'p < 0.001' : `p = ${pair.roc_auc.p_value.toPrecision(2)}`}</td></tr>`;
    return `<div class="comparison"><h3>${runLink(pair.run_id)} ${escapeHtml(model(pair.run_id))} − ${runLink(stats.reference)} ${escapeHtml(model(stats.reference))}</h3>${delong}<table class="differences"><thead><tr><th>metric</th><th class="num">difference</th><th class="num">95% interval</th><th>verdict</th></tr></thead><tbody>${auc}${rows}</tbody></table></div>`;
  });
  return `<p class="muted">Each run against the first on the same ${stats.rows} ${escapeHtml(stats.split)} rows (the test split is not read here, so no look is counted).</p>${blocks.join('')}`;
}

export function comparePage(result: CompareResult, project: string): string {
  const runs = result.runs.map((r) => `${runLink(r.run_id)} ${badge(r.model)}`).join(' · ');
  const body = [
    `<h1>Compare<span class="sub">${result.runs.length} runs</span></h1>`,
    `<p class="lead">${runs}</p>`,
    `<section class="card" id="statistics"><h2>Statistical comparison</h2>${statistics(result)}</section>`,
    `<section class="card" id="metrics"><h2>Metrics</h2>${sideBySide(result, result.metrics, 'metrics', metricValue, (row) => bestIndex(row.name, row.values))}</section>`,
    `<section class="card" id="params"><h2>Params</h2>${sideBySide(result, result.params, 'params', valueText)}</section>`,
  ].join('');
  return pageHtml({ title: 'Compare', project, active: 'runs', body });
}
