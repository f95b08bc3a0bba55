// Gradient and hessian sums per (feature, bin) of one node: the dominant cost of boosting. Rows are read
// through the node's slice of the row partition from row-major bins (every feature of a row in one cache
// line), and a larger child's histogram is derived as parent − smaller child instead of being built.

import { BIN_STRIDE } from './binning.js';

/** Layout: slot (f · BIN_STRIDE + bin) · 2 holds the gradient sum, the next slot the hessian sum. */
export function histogramSize(nFeatures: number): number {
  return nFeatures * BIN_STRIDE * 2;
}

/** hist ← sums over rows[begin, end) of every feature (row-major bins, nFeatures per row). */
export function buildHistogram(
  hist: Float64Array,
  bins: Uint8Array,
  nFeatures: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  hist.fill(0);
  // 2 · BIN_STRIDE written out: this function's source also runs in the histogram worker, which sees no imports.
  const stride = 512;
  // Four features per step: fewer loop tests, and four independent read-modify-writes in flight.
  const nQuad = nFeatures & ~3;
  for (let k = begin; k < end; k++) {
    const r = rows[k]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = r * nFeatures;
    let f = 0;
    let slot = 0;
    for (; f < nQuad; f += 4) {
      const s0 = slot + (bins[base + f]! << 1);
      const s1 = slot + stride + (bins[base + f + 1]! << 1);
      const s2 = slot + 2 * stride + (bins[base + f + 2]! << 1);
      const s3 = slot + 3 * stride + (bins[base + f + 3]! << 1);
      hist[s0] = hist[s0]! + g;
      hist[s0 + 1] = hist[s0 + 1]! + h;
      hist[s1] = hist[s1]! + g;
      hist[s1 + 1] = hist[s1 + 1]! + h;
      hist[s2] = hist[s2]! + g;
      hist[s2 + 1] = hist[s2 + 1]! + h;
      hist[s3] = hist[s3]! + g;
      hist[s3 + 1] = hist[s3 + 1]! + h;
      slot += 4 * stride;
    }
    for (; f < nFeatures; f++) {
      const s = slot + (bins[base + f]! << 1);
      hist[s] = hist[s]! + g;
      hist[s + 1] = hist[s + 1]! + h;
      slot += stride;
    }
  }
}

/** hist ← sums over rows[begin, end) of features[0 … nSelected) only (colsample_bytree < 1). */
export function buildHistogramOf(
  hist: Float64Array,
  bins: Uint8Array,
  nFeatures: number,
  features: Int32Array,
  nSelected: number,
  rows: Uint32Array,
  begin: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  hist.fill(0);
  // 2 · BIN_STRIDE written out (see buildHistogram).
  const stride = 512;
  for (let k = begin; k < end; k++) {
    const r = rows[k]!;
    const g = grad[r]!;
    const h = hess[r]!;
    const base = r * nFeatures;
    for (let q = 0; q < nSelected; q++) {
      const f = features[q]!;
      const s = f * stride + (bins[base + f]! << 1);
      hist[s] = hist[s]! + g;
      hist[s + 1] = hist[s + 1]! + h;
    }
  }
}

/** parent ← parent − child, in place: the sibling's histogram. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let k = 0; k < parent.length; k++) parent[k] = parent[k]! - child[k]!;
}
