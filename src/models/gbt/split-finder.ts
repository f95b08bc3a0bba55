// The best split of a node from its histogram: for each feature a scan over its bins, with the missing
// bin tried on both sides (the winner is the learned default direction). Categorical features sort their
// categories by gradient/hessian ratio G/(H+λ) (their leaf weight, XGBoost 1.7's order; LightGBM adds
// cat_smooth instead of λ) and scan prefixes of that order from both ends, as LightGBM does.
// gain = ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ; each child keeps a hessian sum ≥ min_child_weight.

import { BIN_STRIDE, MISSING_BIN } from './binning.js';
import type { SplitInfo } from './split-info.js';

/** A split must gain more than this (rounding noise on a pure node must not split it). */
export const MIN_GAIN = 1e-7;
/** Categorical features with at most this many categories in a node try each one against the rest. */
export const MAX_CAT_TO_ONEHOT = 4;
/** Most categories sent left by one sorted categorical split (max_cat_threshold of XGBoost 1.7). */
export const MAX_CAT_THRESHOLD = 64;

export interface SplitConstraints {
  lambda: number;
  gamma: number;
  minChildWeight: number;
}

/** Per-search scratch: sorted categories and their keys. */
export class SplitScratch {
  readonly order = new Int32Array(BIN_STRIDE);
  readonly keys = new Float64Array(BIN_STRIDE);
}

/**
 * Improves `best` with the best split of the given features (best.gain is the bar to beat). G, H: the
 * node's sums (histogram totals of any one feature).
 */
export function findBestSplit(
  hist: Float64Array,
  features: Int32Array,
  nBins: Int32Array,
  isCategorical: Uint8Array,
  G: number,
  H: number,
  c: SplitConstraints,
  scratch: SplitScratch,
  best: SplitInfo,
): void {
  const parentScore = (G * G) / (H + c.lambda);
  for (let q = 0; q < features.length; q++) {
    const f = features[q]!;
    if (isCategorical[f] === 1) findCategorical(hist, f, nBins[f]!, G, H, parentScore, c, scratch, best);
    else findNumeric(hist, f, nBins[f]!, G, H, parentScore, c, best);
  }
}

function gainOf(gl: number, hl: number, gr: number, hr: number, parentScore: number, c: SplitConstraints): number {
  if (hl < c.minChildWeight || hr < c.minChildWeight) return -Infinity;
  return 0.5 * ((gl * gl) / (hl + c.lambda) + (gr * gr) / (hr + c.lambda) - parentScore) - c.gamma;
}

function findNumeric(hist: Float64Array, f: number, nb: number, G: number, H: number, parentScore: number, c: SplitConstraints, best: SplitInfo): void {
  const base = f * BIN_STRIDE * 2;
  const gMissing = hist[base + MISSING_BIN * 2]!;
  const hMissing = hist[base + MISSING_BIN * 2 + 1]!;
  const hasMissing = hMissing > 0;
  // gainOf written out with the constraints in locals, and the bar to beat (best.gain, at least MIN_GAIN)
  // in a local too: the loop runs for every bin of every feature of every node.
  const { lambda, gamma, minChildWeight } = c;
  let bar = Math.max(best.gain, MIN_GAIN);
  let gl = 0;
  let hl = 0;
  // The last bin never goes left alone: x ≤ +Infinity is no split.
  for (let b = 1; b < nb - 1; b++) {
    gl += hist[base + b * 2]!;
    hl += hist[base + b * 2 + 1]!;
    const gr = G - gl;
    const hr = H - hl;
    // Missing values right.
    if (hl >= minChildWeight && hr >= minChildWeight) {
      const gain = 0.5 * ((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore) - gamma;
      if (gain > bar) {
        // With no missing value in the node, unseen missing values follow the heavier child.
        setNumeric(best, f, b, !hasMissing && hl > hr, gain, gl, hl, gr, hr);
        bar = gain;
      }
    }
    if (!hasMissing) continue;
    // Missing values left.
    const gL = gl + gMissing;
    const hL = hl + hMissing;
    const gR = gr - gMissing;
    const hR = hr - hMissing;
    if (hL >= minChildWeight && hR >= minChildWeight) {
      const gain = 0.5 * ((gL * gL) / (hL + lambda) + (gR * gR) / (hR + lambda) - parentScore) - gamma;
      if (gain > bar) {
        setNumeric(best, f, b, true, gain, gL, hL, gR, hR);
        bar = gain;
      }
    }
  }
}

function setNumeric(best: SplitInfo, f: number, bin: number, defaultLeft: boolean, gain: number, gl: number, hl: number, gr: number, hr: number): void {
  best.feature = f;
  best.gain = gain;
  best.categorical = false;
  best.thresholdBin = bin;
  best.defaultLeft = defaultLeft;
  best.nLeftBins = 0;
  best.gradLeft = gl;
  best.hessLeft = hl;
  best.gradRight = gr;
  best.hessRight = hr;
}

function findCategorical(
  hist: Float64Array,
  f: number,
  nb: number,
  G: number,
  H: number,
  parentScore: number,
  c: SplitConstraints,
  scratch: SplitScratch,
  best: SplitInfo,
): void {
  const base = f * BIN_STRIDE * 2;
  const gMissing = hist[base]!;
  const hMissing = hist[base + 1]!;
  const { order, keys } = scratch;
  let used = 0;
  for (let b = 1; b < nb; b++) {
    const h = hist[base + b * 2 + 1]!;
    if (h <= 0) continue;
    const key = hist[base + b * 2]! / (h + c.lambda);
    // Insertion sort by key; equal keys keep bin order.
    let k = used++;
    while (k > 0 && keys[k - 1]! > key) {
      keys[k] = keys[k - 1]!;
      order[k] = order[k - 1]!;
      k--;
    }
    keys[k] = key;
    order[k] = b;
  }
  if (used < 2 && !(used === 1 && hMissing > 0)) return;
  const missingSides = hMissing > 0 ? 2 : 1;
  if (used <= MAX_CAT_TO_ONEHOT) {
    // One category against the rest.
    for (let k = 0; k < used; k++) {
      const b = order[k]!;
      const g1 = hist[base + b * 2]!;
      const h1 = hist[base + b * 2 + 1]!;
      for (let side = 0; side < missingSides; side++) {
        const gl = side === 0 ? g1 : g1 + gMissing;
        const hl = side === 0 ? h1 : h1 + hMissing;
        const gain = gainOf(gl, hl, G - gl, H - hl, parentScore, c);
        if (gain > best.gain && gain > MIN_GAIN) setCategorical(best, f, order, k, 1, side === 1 || (hMissing <= 0 && hl > H - hl), gain, gl, hl, G - gl, H - hl);
      }
    }
    return;
  }
  const maxLeft = Math.min(used - 1, MAX_CAT_THRESHOLD);
  for (let direction = 0; direction < 2; direction++) {
    let gl = 0;
    let hl = 0;
    for (let n = 1; n <= maxLeft; n++) {
      const b = order[direction === 0 ? n - 1 : used - n]!;
      gl += hist[base + b * 2]!;
      hl += hist[base + b * 2 + 1]!;
      for (let side = 0; side < missingSides; side++) {
        const gL = side === 0 ? gl : gl + gMissing;
        const hL = side === 0 ? hl : hl + hMissing;
        const gain = gainOf(gL, hL, G - gL, H - hL, parentScore, c);
        if (gain > best.gain && gain > MIN_GAIN) {
          setCategorical(best, f, order, direction === 0 ? 0 : used - n, n, side === 1 || (hMissing <= 0 && hL > H - hL), gain, gL, hL, G - gL, H - hL);
        }
      }
    }
  }
}

function setCategorical(
  best: SplitInfo,
  f: number,
  order: Int32Array,
  from: number,
  count: number,
  defaultLeft: boolean,
  gain: number,
  gl: number,
  hl: number,
  gr: number,
  hr: number,
): void {
  best.feature = f;
  best.gain = gain;
  best.categorical = true;
  best.thresholdBin = 0;
  best.defaultLeft = defaultLeft;
  for (let k = 0; k < count; k++) best.leftBins[k] = order[from + k]!;
  best.leftBins.subarray(0, count).sort();
  best.nLeftBins = count;
  best.gradLeft = gl;
  best.hessLeft = hl;
  best.gradRight = gr;
  best.hessRight = hr;
}
