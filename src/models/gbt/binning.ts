// Feature binning, fitted on the training rows only and reused for every later matrix of the fit
// (validation rows, rows left out by subsampling): numeric features get quantile bins, categorical codes
// one bin each for their most frequent codes plus an "other" bin. Bin 0 always holds missing values, so a
// feature has at most max_bin + 1 bins and every bin index fits a byte. Working state of the fit only: the
// saved trees keep thresholds and codes, never the bins.

import { Rng } from '../../core/rng.js';
import type { Matrix } from '../matrix.js';
import { sortFloat64 } from '../../core/float-sort.js';

/** Bin index of missing values (NaN) in every feature. */
export const MISSING_BIN = 0;
/** Histogram slots reserved per feature: every bin index is < 256. */
export const BIN_STRIDE = 256;
/** Rows sampled to place numeric bin edges (as LightGBM's bin_construct_sample_cnt). */
export const BIN_SAMPLE_ROWS = 200_000;

/** Bounds of the listed numeric features from the row sample (undefined: all rows), in the order listed. */
export type NumericEdges = (features: readonly number[], sample: Uint32Array | undefined, maxBin: number) => Float64Array[];

export interface BinningOptions {
  /** Most bins per feature, not counting the missing bin (2..255). */
  maxBin: number;
  /** Most categorical codes with a bin of their own. */
  maxCatLevels: number;
  /** Seeds the row sample for bin edges. */
  seed: number;
}

export class FeatureBins {
  private constructor(
    /** Bins per feature, counting the missing bin. */
    readonly nBins: Int32Array,
    readonly isCategorical: Uint8Array,
    /** Numeric features: upper bounds of bins 1, 2, …, the last +Infinity (bin b holds uppers[b−2] < x ≤ uppers[b−1]). */
    readonly uppers: readonly Float64Array[],
    /** Categorical features: the code of bins 1 … k; bin k + 1 is "other" (rare and unseen codes). */
    readonly codes: readonly Float64Array[],
    private readonly codeToBin: readonly Map<number, number>[],
  ) {
    this.paddedUppers = uppers.map(padUppers);
  }

  /** uppers padded with +Infinity to 256 entries (for BIN_NUMERIC_SOURCE). */
  readonly paddedUppers: readonly Float64Array[];

  get nFeatures(): number {
    return this.nBins.length;
  }

  /**
   * Fit bin edges on the training rows. numericEdges, when given, computes the bounds of the listed
   * numeric features (QUANTILE_EDGES_SOURCE, from the given row sample) instead of this thread.
   */
  static fit(X: Matrix, categorical: readonly number[], options: BinningOptions, numericEdges?: NumericEdges): FeatureBins {
    const nF = X.nCols;
    const nBins = new Int32Array(nF);
    const isCategorical = new Uint8Array(nF);
    for (const j of categorical) isCategorical[j] = 1;
    const uppers: Float64Array[] = [];
    const codes: Float64Array[] = [];
    const codeToBin: Map<number, number>[] = [];
    const sample = sampleRows(X.nRows, options.seed);
    const numeric: number[] = [];
    for (let j = 0; j < nF; j++) if (isCategorical[j] !== 1) numeric.push(j);
    const given = numericEdges?.(numeric, sample, options.maxBin);
    for (let j = 0; j < nF; j++) {
      const column = X.data.subarray(j * X.nRows, (j + 1) * X.nRows);
      if (isCategorical[j] === 1) {
        const levels = frequentCodes(column, Math.min(options.maxCatLevels, options.maxBin - 1));
        codes.push(levels);
        codeToBin.push(new Map(Array.from(levels, (code, k) => [code, k + 1])));
        uppers.push(new Float64Array(0));
        nBins[j] = levels.length + 2;
      } else {
        const edges = given?.[numeric.indexOf(j)] ?? quantileUppers(column, sample, options.maxBin);
        uppers.push(edges);
        codes.push(new Float64Array(0));
        codeToBin.push(new Map());
        nBins[j] = edges.length + 1;
      }
    }
    return new FeatureBins(nBins, isCategorical, uppers, codes, codeToBin);
  }

  /** The bin of value x of feature j (NaN → bin 0; unseen codes → the "other" bin). */
  binOf(j: number, x: number): number {
    if (Number.isNaN(x)) return MISSING_BIN;
    if (this.isCategorical[j] === 1) return this.codeToBin[j]!.get(x) ?? this.nBins[j]! - 1;
    return 1 + lowerBound(this.uppers[j]!, x);
  }

  /** Row-major bins (row × feature) of X. */
  binRowMajor(X: Matrix): Uint8Array {
    const out = new Uint8Array(X.nRows * X.nCols);
    this.binInto(X, out, X.nCols);
    return out;
  }

  /** out[i · stride + j] ← bin of row i, feature j, for features [from, to) (stride ≥ the feature count). */
  binInto(X: Matrix, out: Uint8Array, stride: number, from = 0, to = this.nFeatures): void {
    const n = X.nRows;
    for (let j = from; j < to; j++) {
      const base = j * n;
      if (this.isCategorical[j] === 1) {
        for (let i = 0, at = j; i < n; i++, at += stride) out[at] = this.binOf(j, X.data[base + i]!);
      } else {
        binNumeric(X.data, base, n, this.paddedUppers[j]!, out, j, stride);
      }
    }
  }
}

/**
 * Numeric bins of data[base … base + n) into out[offset + i · stride]: 1 + the number of edges below x
 * (NaN → bin 0 = MISSING_BIN), by eight halvings over edges padded with +Infinity to 256 entries; each
 * step adds step · Number(edge < x), which V8 compiles without a branch (a data-dependent branch here
 * mispredicted half the time: 65–167 ms per million values against 11–27 ms).
 */
export type BinNumeric = (data: Float64Array, base: number, n: number, edges: Float64Array, out: Uint8Array, offset: number, stride: number) => void;

export const BIN_NUMERIC_PARAMS = ['data', 'base', 'n', 'edges', 'out', 'offset', 'stride'] as const;

/** The eight halvings that bin each value x${v} into b${v}, step by step across the values (see BinNumeric). */
function halvingsSource(values: readonly string[]): string {
  let s = values.map((v) => `let b${v} = 128 * Number(edges[127] < x${v});\n`).join('');
  for (let step = 64; step >= 1; step >>= 1) s += values.map((v) => `b${v} += ${step} * Number(edges[b${v} + ${step - 1}] < x${v});\n`).join('');
  return s;
}

/**
 * Kept as source text so that the helper thread compiles exactly the same code. Four values at a time:
 * each value's halvings are a chain of dependent loads, and four chains side by side keep the CPU busy
 * while each waits (1M values: 10 ms against 17 ms one at a time, measured; the same four chains written
 * one after another ran no faster than one at a time).
 */
export const BIN_NUMERIC_SOURCE = `
let i = 0;
let at = offset;
for (; i + 4 <= n; i += 4, at += 4 * stride) {
${[0, 1, 2, 3].map((v) => `const x${v} = data[base + i + ${v}];\n`).join('')}${halvingsSource(['0', '1', '2', '3'])}${[0, 1, 2, 3].map((v) => `out[at + ${v} * stride] = x${v} !== x${v} ? 0 : 1 + b${v};\n`).join('')}}
for (; i < n; i++, at += stride) {
  const x = data[base + i];
  ${halvingsSource([''])}
  out[at] = x !== x ? 0 : 1 + b;
}
//# sourceURL=gbt-bin-numeric.js
`;

const binNumeric = new Function(...BIN_NUMERIC_PARAMS, BIN_NUMERIC_SOURCE) as BinNumeric;

/** Bin upper bounds (at most 255, the last +Infinity) padded with +Infinity to 256 entries (for BIN_NUMERIC_SOURCE). */
function padUppers(uppers: Float64Array): Float64Array {
  const out = new Float64Array(BIN_STRIDE).fill(Infinity);
  out.set(uppers);
  return out;
}

/** First index k with x ≤ edges[k] (edges ascending, the last +Infinity); branch-free halving. */
function lowerBound(edges: Float64Array, x: number): number {
  let base = 0;
  let length = edges.length;
  while (length > 1) {
    const half = length >>> 1;
    base = edges[base + half - 1]! < x ? base + half : base;
    length -= half;
  }
  return base;
}

/** All rows, or a seeded sample of BIN_SAMPLE_ROWS of them (sorted, for locality). */
function sampleRows(nRows: number, seed: number): Uint32Array | undefined {
  if (nRows <= BIN_SAMPLE_ROWS) return undefined;
  const rng = new Rng(seed ^ 0x5bd1e995);
  const all = new Uint32Array(nRows);
  for (let i = 0; i < nRows; i++) all[i] = i;
  for (let k = 0; k < BIN_SAMPLE_ROWS; k++) {
    const r = k + rng.nextInt(nRows - k);
    const t = all[k]!;
    all[k] = all[r]!;
    all[r] = t;
  }
  return all.slice(0, BIN_SAMPLE_ROWS).sort();
}

/**
 * Upper bounds of at most maxBin bins from the values data[base + i] for i in the sample (or all n when
 * it is undefined), NaN skipped: midpoints between neighbouring distinct values, one bin per value when
 * there are few, else before the values at equally spaced ranks (as XGBoost's quantile sketch: a value
 * at a cut starts a new bin); the last bound +Infinity. Written to out padded with +Infinity to 256
 * entries; returns how many bounds there are. `sort` sorts NaN-free doubles ascending (−0 before +0):
 * any correct sort gives the same bounds. Kept as source text so that the helper thread computes the
 * bounds of its features with exactly this arithmetic.
 */
export type QuantileEdges = (data: Float64Array, base: number, n: number, sample: Uint32Array | undefined, maxBin: number, sort: (values: Float64Array) => void, out: Float64Array) => number;

export const QUANTILE_EDGES_PARAMS = ['data', 'base', 'n', 'sample', 'maxBin', 'sort', 'out'] as const;

export const QUANTILE_EDGES_SOURCE = `
const m0 = sample === undefined ? n : sample.length;
const values = new Float64Array(m0);
let m = 0;
for (let k = 0; k < m0; k++) {
  const x = data[base + (sample === undefined ? k : sample[k])];
  if (x === x) values[m++] = x;
}
const sorted = values.subarray(0, m);
sort(sorted);
// A cut between a < b that keeps a on the left and b on the right.
const midpoint = (a, b) => {
  if (a === -Infinity) return -Number.MAX_VALUE;
  const mid = a + (b - a) / 2;
  return mid < b && Number.isFinite(mid) ? mid : a;
};
let nDistinct = 0;
for (let k = 0; k < m && nDistinct <= maxBin; k++) if (k === 0 || sorted[k] !== sorted[k - 1]) nDistinct++;
let count = 0;
if (nDistinct <= maxBin) {
  for (let k = 1; k < m; k++) if (sorted[k] !== sorted[k - 1]) out[count++] = midpoint(sorted[k - 1], sorted[k]);
} else {
  for (let k = 1; k < maxBin; k++) {
    const at = Math.floor((k * m) / maxBin);
    const v = sorted[at];
    let prev = at;
    while (prev > 0 && sorted[prev - 1] === v) prev--;
    if (prev === 0) continue;
    const upper = midpoint(sorted[prev - 1], v);
    if (count === 0 || upper > out[count - 1]) out[count++] = upper;
  }
}
out[count++] = Infinity;
out.fill(Infinity, count);
return count;
//# sourceURL=gbt-quantile-edges.js
`;

const quantileEdges = new Function(...QUANTILE_EDGES_PARAMS, QUANTILE_EDGES_SOURCE) as QuantileEdges;

/** The bounds of QUANTILE_EDGES_SOURCE for one column, sorted here with the radix sort. */
function quantileUppers(column: Float64Array, sample: Uint32Array | undefined, maxBin: number): Float64Array {
  const out = new Float64Array(BIN_STRIDE);
  const count = quantileEdges(column, 0, column.length, sample, maxBin, (v) => sortFloat64(v), out);
  return out.slice(0, count);
}

/** The most frequent codes (ties: the smaller code first), at most cap of them. */
function frequentCodes(column: Float64Array, cap: number): Float64Array {
  const counts = new Map<number, number>();
  for (let i = 0; i < column.length; i++) {
    const x = column[i]!;
    if (x === x) counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return Float64Array.from(ranked.slice(0, cap), ([code]) => code);
}
