// Gradient and hessian of the binary log loss in the margin (log-odds): g = (p − y) · w, h = p(1 − p) · w
// with p the logistic of the margin and w the row weight (scale_pos_weight on positives, 1 otherwise).

/** Hessians are kept above this so that a saturated row cannot zero a leaf's denominator (XGBoost's floor). */
export const MIN_HESSIAN = 1e-16;

/** grad[k], hess[k] for positions [begin, end) from margin[k] and label[k]. */
export function logLossGradients(margin: Float64Array, label: Uint8Array, begin: number, end: number, positiveWeight: number, grad: Float64Array, hess: Float64Array): void {
  for (let k = begin; k < end; k++) {
    const p = 1 / (1 + Math.exp(-margin[k]!));
    const y = label[k]!;
    const w = y === 1 ? positiveWeight : 1;
    grad[k] = (p - y) * w;
    hess[k] = Math.max(p * (1 - p), MIN_HESSIAN) * w;
  }
}
