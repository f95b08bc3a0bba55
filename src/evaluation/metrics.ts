// Binary classification metrics over scores and 0/1 labels, each with optional per-row weights
// (bootstrap replicates are expressed as row multiplicities, so one sort serves every replicate).
// Definitions follow scikit-learn: tied scores form one threshold step; log loss clips at 1e-15.

export const METRIC_NAMES = ['roc_auc', 'average_precision', 'log_loss', 'brier'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

/** Whether larger values of the metric are better. */
export const HIGHER_IS_BETTER: Record<MetricName, boolean> = { roc_auc: true, average_precision: true, log_loss: false, brier: false };

/** Row order by descending score (ties keep row order); computed once per score vector. */
export function descendingOrder(scores: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: scores.length }, (_, i) => i);
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * ROC-AUC: the probability that a random positive outscores a random negative, ties counting half
 * (the trapezoidal area under the ROC curve, as scikit-learn's roc_auc_score). NaN with one class.
 */
export function rocAuc(scores: Float64Array, y: Uint8Array, weights?: Float64Array, order = descendingOrder(scores)): number {
  let positivesAbove = 0;
  let area = 0;
  let totalPositive = 0;
  let totalNegative = 0;
  let k = 0;
  while (k < order.length) {
    let groupPositive = 0;
    let groupNegative = 0;
    const score = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === score) {
      const row = order[k]!;
      const w = weights === undefined ? 1 : weights[row]!;
      if (y[row] === 1) groupPositive += w;
      else groupNegative += w;
      k++;
    }
    // Negatives in this group are outscored by every positive above and tie with the group's positives.
    area += groupNegative * (positivesAbove + groupPositive / 2);
    positivesAbove += groupPositive;
    totalPositive += groupPositive;
    totalNegative += groupNegative;
  }
  if (totalPositive === 0 || totalNegative === 0) return NaN;
  return area / (totalPositive * totalNegative);
}

/** Average precision: Σ (R_k − R_{k−1}) · P_k over distinct thresholds, as scikit-learn's average_precision_score. */
export function averagePrecision(scores: Float64Array, y: Uint8Array, weights?: Float64Array, order = descendingOrder(scores)): number {
  let totalPositive = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) totalPositive += weights === undefined ? 1 : weights[i]!;
  if (totalPositive === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let k = 0;
  while (k < order.length) {
    const score = scores[order[k]!]!;
    const tpBefore = tp;
    while (k < order.length && scores[order[k]!] === score) {
      const row = order[k]!;
      const w = weights === undefined ? 1 : weights[row]!;
      if (y[row] === 1) tp += w;
      else fp += w;
      k++;
    }
    if (tp > tpBefore) ap += ((tp - tpBefore) / totalPositive) * (tp / (tp + fp));
  }
  return ap;
}

const LOG_LOSS_EPS = 1e-15;

/** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15]. */
export function logLoss(scores: Float64Array, y: Uint8Array, weights?: Float64Array): number {
  let total = 0;
  let weight = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    const p = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, scores[i]!));
    total -= w * (y[i] === 1 ? Math.log(p) : Math.log(1 - p));
    weight += w;
  }
  return total / weight;
}

/** Mean squared difference between the probability and the 0/1 outcome. */
export function brier(scores: Float64Array, y: Uint8Array, weights?: Float64Array): number {
  let total = 0;
  let weight = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    const d = scores[i]! - y[i]!;
    total += w * d * d;
    weight += w;
  }
  return total / weight;
}

export function computeMetric(name: MetricName, scores: Float64Array, y: Uint8Array, weights?: Float64Array, order?: Uint32Array): number {
  switch (name) {
    case 'roc_auc':
      return rocAuc(scores, y, weights, order);
    case 'average_precision':
      return averagePrecision(scores, y, weights, order);
    case 'log_loss':
      return logLoss(scores, y, weights);
    case 'brier':
      return brier(scores, y, weights);
  }
}
