// Metrics of a decision rule "flag the row when score ≥ threshold" (scikit-learn's `scores >= t`) and
// of the ranking it comes from: confusion counts, rates, precision/recall constraints, precision at k
// and expected cost, and `cardMetric`, the value of a problem card's ML metric. Optional per-row
// weights act as row multiplicities, as in metrics.ts.

import { FlywheelError } from '../core/errors.js';
import { averagePrecision, descendingOrder, logLoss, rocAuc } from './metrics.js';
import type { ConfusionCounts, ThresholdConsequences } from './evaluation-result.js';

/** The problem card's costs of one false positive and one false negative. */
export interface Costs {
  false_positive: number;
  false_negative: number;
}

/** Rates of a confusion table; null where scikit-learn's zero_division would apply. */
export interface ConfusionRates {
  accuracy: number;
  /** Mean recall over the classes present in the labels (scikit-learn drops an absent class). */
  balanced_accuracy: number;
  /** tp / (tp + fp); null when nothing is flagged. */
  precision: number | null;
  /** tp / (tp + fn); null when there are no positives. */
  recall: number | null;
  /** 2tp / (2tp + fp + fn); null when there are no positives and nothing is flagged (0 when tp = 0 otherwise). */
  f1: number | null;
}

export function checkSameLength(scores: Float64Array, y: Uint8Array, w?: Float64Array): void {
  if (scores.length !== y.length || (w !== undefined && w.length !== y.length)) {
    throw new FlywheelError('data_invalid', `scores, labels and weights must have one entry per row (found ${scores.length} scores, ${y.length} labels${w === undefined ? '' : `, ${w.length} weights`})`, {
      hint: 'pass the scores and labels of the same rows',
    });
  }
}

export function confusionAt(scores: Float64Array, y: Uint8Array, threshold: number, w?: Float64Array): ConfusionCounts {
  checkSameLength(scores, y, w);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const weight = w === undefined ? 1 : w[i]!;
    if (scores[i]! >= threshold) {
      if (y[i] === 1) tp += weight;
      else fp += weight;
    } else if (y[i] === 1) fn += weight;
    else tn += weight;
  }
  return { tp, fp, tn, fn };
}

export function confusionRates(c: ConfusionCounts): ConfusionRates {
  const positives = c.tp + c.fn;
  const negatives = c.tn + c.fp;
  const classRecalls: number[] = [];
  if (positives > 0) classRecalls.push(c.tp / positives);
  if (negatives > 0) classRecalls.push(c.tn / negatives);
  const f1Denominator = 2 * c.tp + c.fp + c.fn;
  return {
    accuracy: (c.tp + c.tn) / (positives + negatives),
    balanced_accuracy: classRecalls.length === 0 ? NaN : classRecalls.reduce((a, b) => a + b, 0) / classRecalls.length,
    precision: c.tp + c.fp === 0 ? null : c.tp / (c.tp + c.fp),
    recall: positives === 0 ? null : c.tp / positives,
    f1: f1Denominator === 0 ? null : (2 * c.tp) / f1Denominator,
  };
}

export function accuracyAt(scores: Float64Array, y: Uint8Array, threshold: number, w?: Float64Array): number {
  return confusionRates(confusionAt(scores, y, threshold, w)).accuracy;
}

export function balancedAccuracyAt(scores: Float64Array, y: Uint8Array, threshold: number, w?: Float64Array): number {
  return confusionRates(confusionAt(scores, y, threshold, w)).balanced_accuracy;
}

export function precisionAt(scores: Float64Array, y: Uint8Array, threshold: number, w?: Float64Array): number | null {
  return confusionRates(confusionAt(scores, y, threshold, w)).precision;
}

export function recallAt(scores: Float64Array, y: Uint8Array, threshold: number, w?: Float64Array): number | null {
  return confusionRates(confusionAt(scores, y, threshold, w)).recall;
}

export function f1At(scores: Float64Array, y: Uint8Array, threshold: number, w?: Float64Array): number | null {
  return confusionRates(confusionAt(scores, y, threshold, w)).f1;
}

/**
 * Cumulative counts at every candidate threshold: the distinct scores of rows with non-zero weight, in
 * descending order (scikit-learn's precision_recall_curve drops zero-weight rows the same way).
 * Entry j flags every row scoring ≥ thresholds[j].
 */
export interface ThresholdSweep {
  thresholds: Float64Array;
  tp: Float64Array;
  fp: Float64Array;
  positives: number;
  negatives: number;
}

export function thresholdSweep(scores: Float64Array, y: Uint8Array, w?: Float64Array, order = descendingOrder(scores)): ThresholdSweep {
  checkSameLength(scores, y, w);
  const thresholds = new Float64Array(order.length);
  const tps = new Float64Array(order.length);
  const fps = new Float64Array(order.length);
  let tp = 0;
  let fp = 0;
  let count = 0;
  let k = 0;
  while (k < order.length) {
    const score = scores[order[k]!]!;
    let weightInGroup = 0;
    while (k < order.length && scores[order[k]!] === score) {
      const row = order[k]!;
      const weight = w === undefined ? 1 : w[row]!;
      if (y[row] === 1) tp += weight;
      else fp += weight;
      weightInGroup += weight;
      k++;
    }
    if (weightInGroup === 0) continue;
    thresholds[count] = score;
    tps[count] = tp;
    fps[count] = fp;
    count++;
  }
  return { thresholds: thresholds.slice(0, count), tp: tps.slice(0, count), fp: fps.slice(0, count), positives: tp, negatives: fp };
}

function checkShare(value: number, what: string, example: string): void {
  if (!(value > 0 && value <= 1)) {
    throw new FlywheelError('config_invalid', `the ${what} must be in (0, 1] (found ${value})`, { hint: `write ml_metric: ${example}` });
  }
}

/**
 * The highest recall over the candidate thresholds whose precision is ≥ minPrecision (0 if none, as the
 * end point (precision 1, recall 0) of scikit-learn's precision-recall curve gives). NaN with no positives.
 */
export function recallAtPrecision(scores: Float64Array, y: Uint8Array, minPrecision: number, w?: Float64Array, order?: Uint32Array): number {
  checkShare(minPrecision, 'precision of recall_at_precision', 'recall_at_precision(0.9)');
  const sweep = thresholdSweep(scores, y, w, order);
  if (sweep.positives === 0) return NaN;
  let best = 0;
  for (let j = 0; j < sweep.thresholds.length; j++) {
    const tp = sweep.tp[j]!;
    if (tp / (tp + sweep.fp[j]!) >= minPrecision) best = Math.max(best, tp / sweep.positives);
  }
  return best;
}

/** The highest precision over the candidate thresholds whose recall is ≥ minRecall. NaN with no positives. */
export function precisionAtRecall(scores: Float64Array, y: Uint8Array, minRecall: number, w?: Float64Array, order?: Uint32Array): number {
  checkShare(minRecall, 'recall of precision_at_recall', 'precision_at_recall(0.8)');
  const sweep = thresholdSweep(scores, y, w, order);
  if (sweep.positives === 0) return NaN;
  let best = 0;
  for (let j = 0; j < sweep.thresholds.length; j++) {
    const tp = sweep.tp[j]!;
    if (tp / sweep.positives >= minRecall) best = Math.max(best, tp / (tp + sweep.fp[j]!));
  }
  return best;
}

/**
 * Rows in the top k: k itself when k is an integer ≥ 1, ⌈k·n⌉ when 0 < k < 1 (with a 1e-9 allowance so
 * that 0.1 of 300 rows is 30 rows), never more than n. n is the total weight when weights are given.
 */
export function topRows(k: number, totalWeight: number): number {
  if (k >= 1 && Number.isInteger(k)) return Math.min(k, totalWeight);
  if (k > 0 && k < 1) return Math.min(Math.max(1, Math.ceil(k * totalWeight - 1e-9)), totalWeight);
  throw new FlywheelError('config_invalid', `precision_at_k needs k as a row count (an integer ≥ 1) or a share of rows in (0, 1) (found ${k})`, {
    hint: 'write ml_metric: precision_at_k(100) for the top 100 rows or precision_at_k(0.05) for the top 5%',
  });
}

/**
 * Share of positives among the k highest-scoring rows. Rows tied with the k-th score share the
 * remaining places: they count with their group's share of positives (the expected precision under a
 * random order of the ties), so the value does not depend on row order. NaN with no rows.
 */
export function precisionAtK(scores: Float64Array, y: Uint8Array, k: number, w?: Float64Array, order = descendingOrder(scores)): number {
  checkSameLength(scores, y, w);
  let total = 0;
  for (let i = 0; i < y.length; i++) total += w === undefined ? 1 : w[i]!;
  const rows = topRows(k, total);
  if (!(rows > 0)) return NaN;
  let taken = 0;
  let hits = 0;
  let i = 0;
  while (i < order.length && taken < rows) {
    const score = scores[order[i]!]!;
    let groupWeight = 0;
    let groupPositive = 0;
    while (i < order.length && scores[order[i]!] === score) {
      const row = order[i]!;
      const weight = w === undefined ? 1 : w[row]!;
      groupWeight += weight;
      if (y[row] === 1) groupPositive += weight;
      i++;
    }
    if (groupWeight === 0) continue;
    if (taken + groupWeight <= rows) {
      hits += groupPositive;
      taken += groupWeight;
    } else {
      hits += ((rows - taken) * groupPositive) / groupWeight;
      taken = rows;
    }
  }
  return hits / rows;
}

/** precisionAtK divided by the share of positives over all rows. */
export function liftAtK(scores: Float64Array, y: Uint8Array, k: number, w?: Float64Array, order?: Uint32Array): number {
  let total = 0;
  let positive = 0;
  for (let i = 0; i < y.length; i++) {
    const weight = w === undefined ? 1 : w[i]!;
    total += weight;
    if (y[i] === 1) positive += weight;
  }
  return precisionAtK(scores, y, k, w, order) / (positive / total);
}

export function costOf(c: ConfusionCounts, costs: Costs): { total: number; per_row: number } {
  const total = c.fp * costs.false_positive + c.fn * costs.false_negative;
  return { total, per_row: total / (c.tp + c.fp + c.tn + c.fn) };
}

/** Total cost of the errors at the threshold, and that total divided by the number of rows. */
export function expectedCost(scores: Float64Array, y: Uint8Array, threshold: number, costs: Costs, w?: Float64Array): { total: number; per_row: number } {
  return costOf(confusionAt(scores, y, threshold, w), costs);
}

/** Counts, rates, flagged share and (when the card has costs) cost at one threshold. */
export function thresholdConsequences(scores: Float64Array, y: Uint8Array, threshold: number, costs?: Costs, w?: Float64Array): ThresholdConsequences {
  const confusion = confusionAt(scores, y, threshold, w);
  const rows = confusion.tp + confusion.fp + confusion.tn + confusion.fn;
  return {
    rows,
    confusion,
    ...confusionRates(confusion),
    flagged_share: (confusion.tp + confusion.fp) / rows,
    cost: costs === undefined ? null : costOf(confusion, costs),
  };
}

export interface CardMetricOptions {
  /** The decision threshold, for expected_cost. */
  threshold?: number;
  /** The card's costs, for expected_cost. */
  costs?: Costs;
  /** Row multiplicities (a bootstrap replicate). */
  w?: Float64Array;
  /** descendingOrder(scores), to share one sort across replicates. */
  order?: Uint32Array;
}

export const CARD_METRIC_NAMES = ['roc_auc', 'average_precision', 'log_loss', 'recall_at_precision', 'precision_at_recall', 'precision_at_k', 'expected_cost'] as const;

function needParam(metric: { name: string; param?: number }, example: string): number {
  if (metric.param === undefined) throw new FlywheelError('config_invalid', `${metric.name} needs its value in parentheses`, { hint: `write ml_metric: ${example}` });
  return metric.param;
}

/**
 * The value of a problem card's ML metric (core/problem-spec.ts, ML_METRICS) on scores and labels;
 * expected_cost is the cost per row at options.threshold with options.costs.
 */
export function cardMetric(metric: { name: string; param?: number }, scores: Float64Array, y: Uint8Array, options: CardMetricOptions = {}): number {
  checkSameLength(scores, y, options.w);
  const { w } = options;
  switch (metric.name) {
    case 'roc_auc':
      return rocAuc(scores, y, w, options.order);
    case 'average_precision':
      return averagePrecision(scores, y, w, options.order);
    case 'log_loss':
      return logLoss(scores, y, w);
    case 'recall_at_precision':
      return recallAtPrecision(scores, y, needParam(metric, 'recall_at_precision(0.9)'), w, options.order);
    case 'precision_at_recall':
      return precisionAtRecall(scores, y, needParam(metric, 'precision_at_recall(0.8)'), w, options.order);
    case 'precision_at_k':
      return precisionAtK(scores, y, needParam(metric, 'precision_at_k(100)'), w, options.order);
    case 'expected_cost': {
      if (options.threshold === undefined || options.costs === undefined) {
        throw new FlywheelError('config_invalid', 'expected_cost needs a decision threshold and the problem card\'s costs', {
          hint: 'fill in problem.costs.false_positive and problem.costs.false_negative in flywheel.yaml',
        });
      }
      return expectedCost(scores, y, options.threshold, options.costs, w).per_row;
    }
    default:
      throw new FlywheelError('config_invalid', `unknown metric "${metric.name}"; the metrics are ${CARD_METRIC_NAMES.join(', ')}`, {
        hint: `choose one of ${CARD_METRIC_NAMES.join(', ')}`,
      });
  }
}
