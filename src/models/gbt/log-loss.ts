// Gradient and hessian of the binary log loss in the margin (log-odds): g = (p − y) · w, h = p(1 − p) · w
// with p the logistic of the margin and w the row weight (scale_pos_weight on positives, 1 otherwise).
// Rows carry p itself, kept up to date as leaf values are added (updateProbability), so no pass over the
// rows computes an exponential. Every pass computes g and h from p and y where it needs them (nothing
// stores them): the loops are kept as source text so that the helper thread compiles exactly the same
// arithmetic, and gradient() / hessian() repeat it for the passes of this thread.

import { LABEL_OF, type RowLayout } from './row-layout.js';

/** Hessians are kept above this so that a saturated row cannot zero a leaf's denominator (XGBoost's floor). */
export const MIN_HESSIAN = 1e-16;

/**
 * Statements that set g and h from p, y (0 or 1) and positiveWeight. The weight is arithmetic, not a
 * branch: labels in row order are random, and a branch on them mispredicted often enough to cost ~6 ms
 * per million rows in the root pass.
 */
export const GRADIENT_SOURCE = `
  const wt = y * positiveWeight + (1 - y);
  const g = (p - y) * wt;
  const h = Math.max(p * (1 - p), ${MIN_HESSIAN}) * wt;
`;

/** Statements that set p, y, g and h of position k of a row buffer (bins, floats) of this layout. */
export function rowGradientSource(layout: RowLayout): string {
  return `
  const p = floats[k * ${layout.n64} + ${layout.probSlot}];
  const y = ${LABEL_OF(`bins[k * ${layout.nWords} + ${layout.qWord}]`)};
  ${GRADIENT_SOURCE}`;
}

/** A pass's running gradient summary: declare it, add a row's g and h, write it to out[at …] (largest |g|, largest h, Σg, Σh). */
export const SUMMARY_START = 'let gMax = 0;\nlet hMax = 0;\nlet gSum = 0;\nlet hSum = 0;';
export const SUMMARY_ADD = `
  const a = Math.abs(g);
  if (a > gMax) gMax = a;
  if (h > hMax) hMax = h;
  gSum += g;
  hSum += h;`;
export const summaryEnd = (out: string, at: string): string => `${out}[${at}] = gMax;\n${out}[${at} + 1] = hMax;\n${out}[${at} + 2] = gSum;\n${out}[${at} + 3] = hSum;`;

export function gradient(p: number, y: number, positiveWeight: number): number {
  const wt = y * positiveWeight + (1 - y);
  return (p - y) * wt;
}

export function hessian(p: number, y: number, positiveWeight: number): number {
  const wt = y * positiveWeight + (1 - y);
  return Math.max(p * (1 - p), MIN_HESSIAN) * wt;
}

/** Over positions [begin, end) of a row buffer: out[0] ← the largest |g|, out[1] ← the largest h, out[2] ← Σ g, out[3] ← Σ h (in position order). */
export type GradientSummary = (bins: Uint32Array, floats: Float64Array, begin: number, end: number, positiveWeight: number, out: Float64Array) => void;

export const SUMMARY_PARAMS = ['bins', 'floats', 'begin', 'end', 'positiveWeight', 'out'] as const;

export function summarySource(layout: RowLayout): string {
  return `
${SUMMARY_START}
for (let k = begin; k < end; k++) {
  ${rowGradientSource(layout)}
  ${SUMMARY_ADD}
}
${summaryEnd('out', '0')}
//# sourceURL=gbt-gradient-summary.js
`;
}

export function gradientSummaryKernel(layout: RowLayout): GradientSummary {
  return new Function(...SUMMARY_PARAMS, summarySource(layout)) as GradientSummary;
}

/**
 * The probability after adding v to the margin, from p = logistic(margin) and e = exp(v):
 * logistic(margin + v) = p · e / (1 − p + p · e).
 */
export function updateProbability(p: number, e: number): number {
  return (p * e) / (1 - p + p * e);
}
