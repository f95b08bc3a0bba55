// Metrics in the evaluation report: display names, which direction is better, a value with its
// interval as table cells, and the headline table (each metric per split, the card's metric first).

import type { MetricValue } from '../evaluation/bootstrap.js';
import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { HIGHER_IS_BETTER } from '../evaluation/metrics.js';
import { formatNumber } from './format.js';
import { escapeHtml } from './html.js';

/** Display names of the metric names of the design (a parameterised key keeps its `@…` suffix). */
const METRIC_LABELS: Readonly<Record<string, string>> = {
  roc_auc: 'ROC-AUC',
  average_precision: 'average precision',
  log_loss: 'log loss',
  brier: 'Brier score',
  accuracy: 'accuracy',
  balanced_accuracy: 'balanced accuracy',
  precision: 'precision',
  recall: 'recall',
  f1: 'F1',
  recall_at_precision: 'recall at precision',
  precision_at_recall: 'precision at recall',
  precision_at_k: 'precision at k',
  lift_at_k: 'lift at k',
  expected_cost: 'expected cost',
};

/** Splits in reading order: selection happens on valid, confirmation on the frozen test split. */
const SPLIT_ORDER = ['valid', 'test'];

function baseName(metric: string): { base: string; parameter: string | undefined } {
  const at = metric.indexOf('@');
  return at === -1 ? { base: metric, parameter: undefined } : { base: metric.slice(0, at), parameter: metric.slice(at + 1) };
}

/** `ROC-AUC`, `recall at precision 0.9`; an unknown key is shown as it is. */
export function metricLabel(metric: string): string {
  const { base, parameter } = baseName(metric);
  const label = METRIC_LABELS[base];
  if (label === undefined) return metric;
  return parameter === undefined ? label : `${label} ${parameter}`;
}

/** True when a larger value is better, false when smaller is, undefined for an unknown metric. */
export function higherIsBetter(metric: string): boolean | undefined {
  const { base } = baseName(metric);
  if (Object.hasOwn(HIGHER_IS_BETTER, base)) return HIGHER_IS_BETTER[base as keyof typeof HIGHER_IS_BETTER];
  if (base === 'expected_cost') return false;
  return Object.hasOwn(METRIC_LABELS, base) ? true : undefined;
}

/** `[0.818, 0.862]`, or a dash when the interval could not be computed. */
export function formatInterval(ci: readonly [number, number] | undefined, digits = 3): string {
  return ci === undefined ? '—' : `[${formatNumber(ci[0], digits)}, ${formatNumber(ci[1], digits)}]`;
}

/** Two cells: the value and its 95% interval (dashes for a missing value). */
export function metricCellsHtml(metric: MetricValue | null | undefined, digits = 3): string {
  if (metric == null) return '<td class="num">—</td><td class="num muted">—</td>';
  return `<td class="num">${escapeHtml(formatNumber(metric.value, digits))}</td><td class="num muted">${escapeHtml(formatInterval(metric.ci, digits))}</td>`;
}

/** The splits present in the metrics, valid and test first. */
export function metricSplits(result: EvaluationResult): string[] {
  const present = Object.keys(result.metrics);
  return [...SPLIT_ORDER.filter((s) => present.includes(s)), ...present.filter((s) => !SPLIT_ORDER.includes(s))];
}

/**
 * The headline table: one row per metric, value and interval per split. The problem card's ML metric
 * comes first and is highlighted; it is taken from `ml_metric` when the metrics do not carry it.
 */
export function metricsTableHtml(result: EvaluationResult): string {
  const splits = metricSplits(result);
  const names: string[] = [];
  for (const split of splits) for (const name of Object.keys(result.metrics[split] ?? {})) if (!names.includes(name)) names.push(name);
  const ml = result.ml_metric;
  const rows: string[] = [];
  if (ml != null) {
    const cells = splits.map((split) => metricCellsHtml(result.metrics[split]?.[ml.name] ?? (split === 'valid' ? ml.valid : split === 'test' ? ml.test : null))).join('');
    rows.push(`<tr class="ml-metric"><th>${escapeHtml(metricLabel(ml.name))} <span class="badge sev-info">problem card metric</span><div class="muted mono">${escapeHtml(ml.name)}</div></th>${cells}</tr>`);
  }
  for (const name of names) {
    if (name === ml?.name) continue;
    const cells = splits.map((split) => metricCellsHtml(result.metrics[split]?.[name])).join('');
    rows.push(`<tr><th>${escapeHtml(metricLabel(name))}</th>${cells}</tr>`);
  }
  if (rows.length === 0) return '<p>No metrics were computed.</p>';
  const head = splits.map((s) => `<th class="num" colspan="2">${escapeHtml(s)}${s === 'test' ? ' (frozen)' : ''}</th>`).join('');
  const sub = splits.map(() => '<th class="num">value</th><th class="num">95% interval</th>').join('');
  return `<table class="metrics"><thead><tr><th rowspan="2">metric</th>${head}</tr><tr>${sub}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
