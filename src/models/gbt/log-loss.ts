// Gradient and hessian of the binary log loss in the margin (log-odds): g = (p − y) · w, h = p(1 − p) · w
// with p the logistic of the margin and w the row weight (scale_pos_weight on positives, 1 otherwise).
// Rows carry p itself, kept up to date as leaf values are added (updateProbability), so no pass over the
// rows computes an exponential. Every pass computes g and h from p and y where it needs them (nothing
// stores them): the loops are kept as source text so that the helper thread compiles exactly the same
// arithmetic, and gradient() / hessian() repeat it for the passes of this thread.

/** Hessians are kept above this so that a saturated row cannot zero a leaf's denominator (XGBoost's floor). */
export const MIN_HESSIAN = 1e-16;

/** Statements that set g and h from p, y and positiveWeight. */
export const GRADIENT_SOURCE = `
  const wt = y === 1 ? positiveWeight : 1;
  const g = (p - y) * wt;
  const h = Math.max(p * (1 - p), ${MIN_HESSIAN}) * wt;
`;

export function gradient(p: number, y: number, positiveWeight: number): number {
  const wt = y === 1 ? positiveWeight : 1;
  return (p - y) * wt;
}

export function hessian(p: number, y: number, positiveWeight: number): number {
  const wt = y === 1 ? positiveWeight : 1;
  return Math.max(p * (1 - p), MIN_HESSIAN) * wt;
}

/** Over positions [begin, end): out[0] ← the largest |g|, out[1] ← the largest h, out[2] ← Σ g, out[3] ← Σ h (in position order). */
export type GradientExtremes = (prob: Float64Array, label: Uint8Array, begin: number, end: number, positiveWeight: number, out: Float64Array) => void;

export const EXTREMES_PARAMS = ['prob', 'label', 'begin', 'end', 'positiveWeight', 'out'] as const;

export const EXTREMES_SOURCE = `
let gMax = 0;
let hMax = 0;
let gSum = 0;
let hSum = 0;
for (let k = begin; k < end; k++) {
  const p = prob[k];
  const y = label[k];
  ${GRADIENT_SOURCE}
  const a = Math.abs(g);
  if (a > gMax) gMax = a;
  if (h > hMax) hMax = h;
  gSum += g;
  hSum += h;
}
out[0] = gMax;
out[1] = hMax;
out[2] = gSum;
out[3] = hSum;
//# sourceURL=gbt-gradient-extremes.js
`;

export const gradientExtremes = new Function(...EXTREMES_PARAMS, EXTREMES_SOURCE) as GradientExtremes;

/**
 * The probability after adding v to the margin, from p = logistic(margin) and e = exp(v):
 * logistic(margin + v) = p · e / (1 − p + p · e).
 */
export function updateProbability(p: number, e: number): number {
  return (p * e) / (1 - p + p * e);
}
