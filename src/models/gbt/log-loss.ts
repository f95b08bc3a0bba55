// Gradient and hessian of the binary log loss in the margin (log-odds): g = (p − y) · w, h = p(1 − p) · w
// with p the logistic of the margin and w the row weight (scale_pos_weight on positives, 1 otherwise).
// Rows carry p itself, kept up to date as leaf values are added (updateProbability), so no pass over the
// rows computes an exponential.
// The loop is kept as source text so that the helper thread compiles exactly the same code.

/** Hessians are kept above this so that a saturated row cannot zero a leaf's denominator (XGBoost's floor). */
export const MIN_HESSIAN = 1e-16;

/**
 * grad[k], hess[k] for positions [begin, end) from prob[k] and label[k]; extremes[0] ← the largest |g|
 * and extremes[1] ← the largest h over the range.
 */
export type LogLossGradients = (
  prob: Float64Array,
  label: Uint8Array,
  begin: number,
  end: number,
  positiveWeight: number,
  grad: Float64Array,
  hess: Float64Array,
  extremes: Float64Array,
) => void;

export const LOG_LOSS_PARAMS = ['prob', 'label', 'begin', 'end', 'positiveWeight', 'grad', 'hess', 'extremes'] as const;

export const LOG_LOSS_SOURCE = `
let gMax = 0;
let hMax = 0;
for (let k = begin; k < end; k++) {
  const p = prob[k];
  const y = label[k];
  const w = y === 1 ? positiveWeight : 1;
  const g = (p - y) * w;
  const h = Math.max(p * (1 - p), ${MIN_HESSIAN}) * w;
  grad[k] = g;
  hess[k] = h;
  const a = Math.abs(g);
  if (a > gMax) gMax = a;
  if (h > hMax) hMax = h;
}
extremes[0] = gMax;
extremes[1] = hMax;
//# sourceURL=gbt-log-loss.js
`;

export const logLossGradients = new Function(...LOG_LOSS_PARAMS, LOG_LOSS_SOURCE) as LogLossGradients;

/**
 * The probability after adding v to the margin, from p = logistic(margin) and e = exp(v):
 * logistic(margin + v) = p · e / (1 − p + p · e).
 */
export function updateProbability(p: number, e: number): number {
  return (p * e) / (1 - p + p * e);
}
