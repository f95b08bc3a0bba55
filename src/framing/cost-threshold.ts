// The decision threshold the card's costs imply for calibrated scores: act when the probability p of
// the positive class satisfies p · c_fn > (1 − p) · c_fp, that is p > c_fp / (c_fp + c_fn) (Elkan 2001).
// Reported as information: the evaluation stage picks the threshold on validation data.

import type { ProblemCosts } from '../core/problem-spec.js';

export interface CostThreshold {
  threshold: number;
  false_positive: number;
  false_negative: number;
  reasoning: string;
}

/** The cost-optimal threshold, or undefined while either cost is unanswered. */
export function costThreshold(costs: ProblemCosts | undefined): CostThreshold | undefined {
  const fp = costs?.false_positive;
  const fn = costs?.false_negative;
  if (fp === undefined || fn === undefined || fp + fn <= 0) return undefined;
  const threshold = fp / (fp + fn);
  return {
    threshold,
    false_positive: fp,
    false_negative: fn,
    reasoning:
      `act when the calibrated probability exceeds c_fp / (c_fp + c_fn) = ${fp} / (${fp} + ${fn}) = ${round(threshold, 3)}: ` +
      'above it the expected cost of a miss, p · c_fn, exceeds that of a false alarm, (1 − p) · c_fp',
  };
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
