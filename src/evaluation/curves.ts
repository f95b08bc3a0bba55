// ROC and precision-recall curves as point lists for charts: one point per distinct score (ties form
// one step, as scikit-learn's roc_curve and precision_recall_curve), thinned to at most `maxPoints`
// while keeping both ends, so a report stays small for a million rows.

import { descendingOrder } from './metrics.js';

export interface CurvePoints {
  roc: { fpr: number; tpr: number }[];
  pr: { recall: number; precision: number }[];
}

export function curves(scores: Float64Array, y: Uint8Array, maxPoints = 200): CurvePoints {
  const order = descendingOrder(scores);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  const negatives = y.length - positives;
  const roc: CurvePoints['roc'] = [{ fpr: 0, tpr: 0 }];
  const pr: CurvePoints['pr'] = [];
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (k < order.length) {
    const score = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === score) {
      if (y[order[k]!] === 1) tp++;
      else fp++;
      k++;
    }
    roc.push({ fpr: negatives === 0 ? 0 : fp / negatives, tpr: positives === 0 ? 0 : tp / positives });
    pr.push({ recall: positives === 0 ? 0 : tp / positives, precision: tp / (tp + fp) });
  }
  return { roc: thin(roc, maxPoints), pr: thin(pr, maxPoints) };
}

/** At most `max` points, evenly spaced by index, always keeping the first and the last. */
function thin<T>(points: T[], max: number): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  const step = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]!);
  return out;
}
