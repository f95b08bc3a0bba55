// Quantised gradients (LightGBM's quantised training): each round, every row's gradient and hessian are
// scaled to small integers with seeded stochastic rounding (unbiased), kept in the row as two 16-bit
// halves and added to histograms as one float64, q_g · 2^shift + q_h, so histogram building does one
// exact add per (row, feature) instead of two.
// Integer sums are exact and order-free, so histograms do not depend on how rows are split between
// threads. Only split search reads the quantised sums; leaf values and recorded gains use exact sums.

import { FlywheelError } from '../../core/errors.js';
import { BIN_STRIDE } from './binning.js';

/** Float64 holds integers exactly below 2^53. */
const EXACT_BITS = 53;
/** More levels than this buy no accuracy worth having (and |q_g|, q_h then fit a 16-bit half of the row's quantised word each). */
const MAX_LEVEL_BITS = 12;
/** At least this many bits each for gradient and hessian levels (LightGBM's default uses 2). */
const MIN_LEVEL_BITS = 2;

/** Most training rows a fit can take: with MIN_LEVEL_BITS levels each, sums over 2^24 rows stay exact. */
export const MAX_QUANTISED_ROWS = 2 ** 24 - 1;

/** What quantising a round's gradients needs (QUANTIZE_ROW_SOURCE, histogram.ts rootHistogramSource). */
export interface QuantizeSettings {
  readonly positiveWeight: number;
  readonly salt: number;
  readonly gInverse: number;
  readonly hInverse: number;
  readonly shiftScale: number;
}

export class GradientQuantizer {
  /** Gradients become integers in [−gLevels, gLevels]. */
  readonly gLevels: number;
  /** Hessians become integers in [0, hLevels]. */
  readonly hLevels: number;
  /** 2^shift exceeds any hessian sum; a packed sum is G · 2^shift + H. */
  readonly shiftScale: number;
  /** Quantised sums × these scales approximate the real sums (set by each quantise). */
  gScale = 1;
  hScale = 1;

  constructor(nRows: number) {
    const rowBits = Math.ceil(Math.log2(nRows + 1));
    // |Σ q_g| < 2^(gBits + rowBits) and Σ q_h < 2^(hBits + rowBits) = 2^shift: the packed sum needs
    // gBits + hBits + 2 · rowBits ≤ 53 bits.
    const spare = EXACT_BITS - 2 * rowBits;
    if (nRows > MAX_QUANTISED_ROWS || spare < 2 * MIN_LEVEL_BITS) {
      throw new FlywheelError('data_invalid', `the gbt model fits at most ${MAX_QUANTISED_ROWS} training rows, found ${nRows}`, {
        hint: 'train on a sample of the rows',
      });
    }
    const gBits = Math.min(MAX_LEVEL_BITS, Math.ceil(spare / 2));
    const hBits = Math.min(MAX_LEVEL_BITS, spare - gBits);
    this.gLevels = 2 ** gBits - 1;
    this.hLevels = 2 ** hBits - 1;
    this.shiftScale = 2 ** (hBits + rowBits);
  }

  /** Scales for a round whose largest |g| is gMax and largest h is hMax. */
  setScales(gMax: number, hMax: number): void {
    this.gScale = gMax > 0 ? gMax / this.gLevels : 1;
    this.hScale = hMax > 0 ? hMax / this.hLevels : 1;
  }

  /** What the root pass needs to quantise this round (scales from setScales). */
  settings(positiveWeight: number, salt: number): QuantizeSettings {
    return { positiveWeight, salt, gInverse: 1 / this.gScale, hInverse: 1 / this.hScale, shiftScale: this.shiftScale };
  }

  /** out[2s], out[2s + 1] ← gradient and hessian sums of slot s of a packed histogram (f · 256 + bin), for features < nFeatures. */
  decode(packed: Float64Array, nFeatures: number, out: Float64Array): void {
    const shift = this.shiftScale;
    const inverse = 1 / shift;
    const { gScale, hScale } = this;
    const n = nFeatures * BIN_STRIDE;
    for (let s = 0; s < n; s++) {
      const v = packed[s]!;
      const g = Math.floor(v * inverse);
      out[2 * s] = g * gScale;
      out[2 * s + 1] = (v - g * shift) * hScale;
    }
  }
}

/**
 * Statements that set qg and qh, the quantised g and h of row r: q = ⌊x / scale + u⌋ with u uniform in
 * [0, 1) from a hash of (salt, r), r the row's position when the round starts (stochastic rounding,
 * unbiased; positions are the same whichever thread runs which chunk). The row keeps them in its quantised
 * word (row-layout.ts) as (qg & 0xffff) | (qh << 16), beside the label in bit 31. No clamp is needed (clamping cost ~5 ms per
 * million rows): the scales come from this round's largest |g| and h, so |g|·gInverse ≤ gLevels and
 * h·hInverse ≤ hLevels up to two roundings (≤ 2^-40 here), and u ≤ 1 − 2^-16; so qh ≤ hLevels and
 * −gLevels − 1 ≤ qg ≤ gLevels, which fit their 16-bit halves and keep every sum exact (the bounds in the
 * constructor allow 2^gBits per row).
 */
export const QUANTIZE_ROW_SOURCE = `
  // A 32-bit mix of (salt, row) (murmur3's finaliser): 16 bits of dither each for g and h.
  let z = Math.imul(r ^ salt, 0x9e3779b1);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  const qg = Math.floor(g * gInverse + (z & 0xffff) * (1 / 65536));
  const qh = Math.floor(h * hInverse + (z >>> 16) * (1 / 65536));
`;
