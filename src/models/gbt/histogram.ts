// Gradient and hessian sums per (feature, bin) of one node: the dominant cost of boosting. Each row's
// quantised gradient and hessian arrive packed in one float64 (quantize.ts), so one add per (row, feature)
// accumulates both, exactly (integer sums below 2^53). A node's rows sit at consecutive positions of the
// row store (row-store.ts), read front to back; the larger child's histogram is parent − smaller child.

import { BIN_STRIDE } from './binning.js';

/**
 * A histogram kernel: hist ← Σ packed[k] into slot (f · 256 + bin of position k, feature f) over positions
 * k in [begin, end). Bins are row-major, four per Uint32 word, `nWords` words per row.
 */
export type HistogramKernel = (hist: Float64Array, bins: Uint32Array, begin: number, end: number, packed: Float64Array) => void;

/** Rows with more words than this get a loop over blocks of UNROLL_WORDS instead of one straight run. */
const MAX_STRAIGHT_WORDS = 32;
const UNROLL_WORDS = 8;

/** Words per row of the row-major bins for nFeatures features (padding bytes hold bin 0 of unused slots). */
export function wordsPerRow(nFeatures: number): number {
  const words = Math.ceil(nFeatures / 4);
  return words <= MAX_STRAIGHT_WORDS ? words : Math.ceil(words / UNROLL_WORDS) * UNROLL_WORDS;
}

/** Float64 slots of a packed histogram: 256 per feature, padding features included. */
export function packedHistogramSize(nFeatures: number): number {
  return wordsPerRow(nFeatures) * 4 * BIN_STRIDE;
}

/**
 * Source of a loop that adds positions [begin, end) into hist, for rows of nWords words, with every slot
 * offset a constant: V8 then compiles each update to a load, an add and a store with no loop or offset
 * arithmetic around it. The helper thread compiles the same text.
 */
export function histogramAccumulateSource(nWords: number): string {
  const block = (words: number, offset: string): string => {
    let s = '';
    for (let q = 0; q < words; q++) {
      const at = q * 1024;
      s += `w = bins[base + ${q}${offset}]; `;
      s += `hist[o + ${at} + (w & 255)] += x; hist[o + ${at + 256} + ((w >>> 8) & 255)] += x; `;
      s += `hist[o + ${at + 512} + ((w >>> 16) & 255)] += x; hist[o + ${at + 768} + (w >>> 24)] += x;\n`;
    }
    return s;
  };
  const body =
    nWords <= MAX_STRAIGHT_WORDS
      ? `const o = 0;\n${block(nWords, '')}`
      : `for (let q0 = 0; q0 < ${nWords}; q0 += ${UNROLL_WORDS}) { const o = q0 * 1024;\n${block(UNROLL_WORDS, ' + q0')}}`;
  return `for (let k = begin; k < end; k++) {
  const x = packed[k];
  const base = k * ${nWords};
  let w = 0;
  ${body}
}
//# sourceURL=gbt-histogram-kernel.js`;
}

/** The kernel for rows of nWords words (compiled once per fit). */
export function histogramKernel(nWords: number): HistogramKernel {
  return new Function('hist', 'bins', 'begin', 'end', 'packed', `hist.fill(0);\n${histogramAccumulateSource(nWords)}`) as HistogramKernel;
}

/** parent ← parent − child, in place: the sibling's histogram (exact: integer sums). */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let k = 0; k < parent.length; k++) parent[k] = parent[k]! - child[k]!;
}

/** hist ← hist + other, in place. */
export function addHistogram(hist: Float64Array, other: Float64Array): void {
  for (let k = 0; k < hist.length; k++) hist[k] = hist[k]! + other[k]!;
}

/**
 * hist[2s], hist[2s + 1] ← exact gradient and hessian sums of slot s = f · 256 + bin over positions
 * [begin, end) (small nodes: there quantisation noise would matter and the two adds cost little). Bins
 * are row-major, `stride` bytes per position; grad and hess are indexed by position.
 */
export function buildExactHistogram(
  hist: Float64Array,
  bins: Uint8Array,
  stride: number,
  nFeatures: number,
  begin: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  hist.fill(0);
  const featureSlots = 2 * BIN_STRIDE;
  for (let k = begin; k < end; k++) {
    const g = grad[k]!;
    const h = hess[k]!;
    const base = k * stride;
    for (let f = 0, slot = 0; f < nFeatures; f++, slot += featureSlots) {
      const s = slot + (bins[base + f]! << 1);
      hist[s] = hist[s]! + g;
      hist[s + 1] = hist[s + 1]! + h;
    }
  }
}
