// The comparisons part of the evaluation report: this run against the baseline rung and the champion
// on the same test rows: DeLong's test on ROC-AUC and paired bootstrap differences of the other
// metrics, each with a sentence saying whether the difference is significant.

import type { MetricValue } from '../evaluation/bootstrap.js';
import type { DelongResult, EvaluationResult } from '../evaluation/evaluation-result.js';
import { formatNumber } from './format.js';
import { escapeHtml } from './html.js';
import { formatInterval, higherIsBetter, metricLabel } from './evaluation-metrics.js';

/** Two-sided significance level of the verdicts; the intervals shown are 95% intervals. */
export const SIGNIFICANCE_LEVEL = 0.05;

type Comparison = EvaluationResult['comparisons'][number];

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${formatNumber(p, 2)}`;
}

/**
 * DeLong's result in one sentence. `auc_a` is the other run's ROC-AUC and `auc_b` this run's, so
 * `difference` = this run − the other, the same orientation as the paired bootstrap differences.
 */
export function delongSentence(against: string, delong: DelongResult): string {
  const significant = delong.p_value < SIGNIFICANCE_LEVEL;
  const direction = delong.difference > 0 ? 'higher' : delong.difference < 0 ? 'lower' : 'equal';
  const size = direction === 'equal' ? '' : ` by ${formatNumber(Math.abs(delong.difference), 3)}`;
  const stats = `(95% interval ${formatInterval(delong.ci)}, p ${formatP(delong.p_value)})`;
  return significant
    ? `This run's ROC-AUC is ${direction} than the ${against}'s${size} ${stats}: the difference is significant at the ${SIGNIFICANCE_LEVEL * 100}% level.`
    : `This run's ROC-AUC is ${direction === 'equal' ? 'equal to' : `${direction} than`} the ${against}'s${size} ${stats}: the difference is not significant at the ${SIGNIFICANCE_LEVEL * 100}% level; the test rows cannot tell the two apart.`;
}

/** Whether a paired bootstrap difference (this run − the other) is significant, and which way. */
export function differenceVerdict(metric: string, difference: MetricValue): { text: string; className: string } {
  if (difference.ci === undefined) return { text: 'no interval', className: 'muted' };
  const [lo, hi] = difference.ci;
  if (lo <= 0 && hi >= 0) return { text: 'not significant', className: 'muted' };
  const higher = lo > 0;
  const better = higherIsBetter(metric);
  if (better === undefined) return { text: `significantly ${higher ? 'higher' : 'lower'}`, className: '' };
  return higher === better ? { text: 'significantly better', className: 'better' } : { text: 'significantly worse', className: 'worse' };
}

function delongHtml(comparison: Comparison): string {
  const d = comparison.roc_auc;
  if (d === null) return '<p class="muted">DeLong\'s test on ROC-AUC could not be computed.</p>';
  const significant = d.p_value < SIGNIFICANCE_LEVEL;
  const table = [
    '<table class="delong"><tbody>',
    `<tr><th>ROC-AUC, this run</th><td class="num">${escapeHtml(formatNumber(d.auc_b, 3))}</td></tr>`,
    `<tr><th>ROC-AUC, ${escapeHtml(comparison.against)}</th><td class="num">${escapeHtml(formatNumber(d.auc_a, 3))}</td></tr>`,
    `<tr><th>difference</th><td class="num">${escapeHtml(formatNumber(d.difference, 3))}</td></tr>`,
    `<tr><th>95% interval</th><td class="num">${escapeHtml(formatInterval(d.ci))}</td></tr>`,
    `<tr><th>standard error</th><td class="num">${escapeHtml(formatNumber(d.se, 3))}</td></tr>`,
    `<tr><th>z</th><td class="num">${escapeHtml(formatNumber(d.z, 3))}</td></tr>`,
    `<tr><th>p-value</th><td class="num">${escapeHtml(formatNumber(d.p_value, 3))}</td></tr>`,
    '</tbody></table>',
  ].join('');
  return `<p class="verdict ${significant ? 'significant' : 'not-significant'}">${escapeHtml(delongSentence(comparison.against, d))}</p>${table}`;
}

function differencesHtml(differences: Record<string, MetricValue>): string {
  const entries = Object.entries(differences);
  if (entries.length === 0) return '';
  const rows = entries
    .map(([metric, difference]) => {
      const verdict = differenceVerdict(metric, difference);
      return `<tr><th>${escapeHtml(metricLabel(metric))}</th><td class="num">${escapeHtml(formatNumber(difference.value, 3))}</td><td class="num muted">${escapeHtml(formatInterval(difference.ci))}</td><td class="${verdict.className}">${escapeHtml(verdict.text)}</td></tr>`;
    })
    .join('');
  return `<table class="differences"><caption>Paired bootstrap differences, this run − the other</caption><thead><tr><th>metric</th><th class="num">difference</th><th class="num">95% interval</th><th>verdict</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function regressionsHtml(c: EvaluationResult['comparisons'][number]): string {
  if (c.slice_regressions.length === 0) return `<p class="muted">No slice where this run falls below the ${escapeHtml(c.against)} beyond the gate's tolerance.</p>`;
  const rows = c.slice_regressions
    .map((r) => `<tr class="worse"><td>${escapeHtml(r.feature)} = ${escapeHtml(r.slice)}</td><td class="num">${r.size}</td><td class="num">${r.roc_auc.value.toFixed(4)}</td><td class="num">${r.other_roc_auc.toFixed(4)}</td></tr>`)
    .join('');
  return `<table class="regressions"><caption>Slices where this run regresses against the ${escapeHtml(c.against)}</caption><thead><tr><th>slice</th><th class="num">rows</th><th class="num">this run ROC-AUC</th><th class="num">${escapeHtml(c.against)} ROC-AUC</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** One block per comparison: DeLong's sentence and table, then the bootstrap differences. */
export function comparisonsSectionHtml(comparisons: EvaluationResult['comparisons']): string {
  if (comparisons.length === 0) return '<p>No baseline or champion to compare with.</p>';
  return comparisons
    .map(
      (c) =>
        `<div class="comparison"><h3>vs ${escapeHtml(c.against)} <span class="muted mono">${escapeHtml(c.run_id)}</span></h3>${delongHtml(c)}${differencesHtml(c.differences)}${regressionsHtml(c)}</div>`,
    )
    .join('\n');
}
