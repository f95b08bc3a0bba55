// DeLong's test for two correlated ROC-AUCs on the same rows, by the O(n log n) algorithm of Sun & Xu
// (2014): midranks give each positive's and each negative's structural component (the share of the
// other class it outscores, ties counting half), whose covariances give the variance of the AUCs.
// Fewer than two positives or two negatives raise a FlywheelError (the variance is undefined).

import { FlywheelError } from '../core/errors.js';
import type { DelongResult } from './evaluation-result.js';

/** Ranks 1..n of the values, tied values sharing their mean rank (scipy.stats.rankdata's 'average'). */
export function midranks(values: Float64Array): Float64Array {
  const order = Uint32Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

interface Components {
  auc: number;
  /** Per positive: the share of negatives it outscores (ties half). */
  v10: Float64Array;
  /** Per negative: the share of positives that outscore it (ties half). */
  v01: Float64Array;
}

function components(scores: Float64Array, y: Uint8Array): Components {
  let m = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) m++;
  const n = y.length - m;
  // Positives first, then negatives, as Sun & Xu order the combined sample.
  const x = new Float64Array(m);
  const z = new Float64Array(n);
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    if (y[i] === 1) x[a++] = scores[i]!;
    else z[b++] = scores[i]!;
  }
  const combined = new Float64Array(m + n);
  combined.set(x);
  combined.set(z, m);
  const t = midranks(combined);
  const tx = midranks(x);
  const tz = midranks(z);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  let rankSum = 0;
  for (let i = 0; i < m; i++) {
    v10[i] = (t[i]! - tx[i]!) / n;
    rankSum += t[i]!;
  }
  for (let j = 0; j < n; j++) v01[j] = 1 - (t[m + j]! - tz[j]!) / m;
  return { auc: (rankSum - (m * (m + 1)) / 2) / (m * n), v10, v01 };
}

/** Sample variance (n − 1 in the denominator) of a − b, or of a when b is absent. */
function sampleVariance(a: Float64Array, b?: Float64Array): number {
  let mean = 0;
  for (let i = 0; i < a.length; i++) mean += a[i]! - (b === undefined ? 0 : b[i]!);
  mean /= a.length;
  let ss = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - (b === undefined ? 0 : b[i]!) - mean;
    ss += d * d;
  }
  return ss / (a.length - 1);
}

function checkInput(y: Uint8Array, ...scoreVectors: Float64Array[]): void {
  for (const s of scoreVectors) {
    if (s.length !== y.length) {
      throw new FlywheelError('data_invalid', `DeLong's test needs one score per row for each model (found ${s.length} scores for ${y.length} labels)`, { hint: 'score the same rows with both models' });
    }
  }
  let positives = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) positives++;
  const negatives = y.length - positives;
  if (positives < 2 || negatives < 2) {
    throw new FlywheelError('data_invalid', `DeLong's test needs at least two positive and two negative rows (found ${positives} positive, ${negatives} negative)`, {
      hint: 'evaluate on a split with both classes present',
    });
  }
}

/** One model's ROC-AUC and DeLong's estimate of its variance: var(V10)/m + var(V01)/n. */
export function aucVariance(scores: Float64Array, y: Uint8Array): { auc: number; variance: number } {
  checkInput(y, scores);
  const c = components(scores, y);
  return { auc: c.auc, variance: sampleVariance(c.v10) / c.v10.length + sampleVariance(c.v01) / c.v01.length };
}

/** erfc(x) for x ≥ 0 to about 1e-15: a positive-term series for erf below 2.5, a continued fraction above. */
function erfc(x: number): number {
  if (x < 2.5) {
    // erf(x) = 2/√π · e^{−x²} · Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)); every term is positive.
    let term = x;
    let sum = x;
    for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
      term *= (2 * x * x) / (2 * k + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** P(|Z| ≥ |z|) for a standard normal Z. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** The 97.5% quantile of the standard normal. */
const Z_975 = 1.959963984540054;

/**
 * DeLong's test of auc(b) − auc(a) on the same rows: two-sided p-value from the normal and a 95%
 * interval. Identical models give se 0, z 0, p 1 and ci [0, 0]; a non-zero difference with se 0
 * (possible only in degenerate inputs) gives p 0 and ci [difference, difference].
 */
export function delongTest(a: Float64Array, b: Float64Array, y: Uint8Array): DelongResult {
  checkInput(y, a, b);
  const ca = components(a, y);
  const cb = components(b, y);
  // The variance of the difference from the differences of the components: algebraically
  // S_aa + S_bb − 2 S_ab, and exactly 0 for identical models.
  const variance = sampleVariance(cb.v10, ca.v10) / ca.v10.length + sampleVariance(cb.v01, ca.v01) / ca.v01.length;
  const se = Math.sqrt(Math.max(0, variance));
  const difference = cb.auc - ca.auc;
  if (se === 0) {
    return { auc_a: ca.auc, auc_b: cb.auc, difference, se, z: difference === 0 ? 0 : Math.sign(difference) * Infinity, p_value: difference === 0 ? 1 : 0, ci: [difference, difference] };
  }
  const z = difference / se;
  return { auc_a: ca.auc, auc_b: cb.auc, difference, se, z, p_value: twoSidedNormalP(z), ci: [difference - Z_975 * se, difference + Z_975 * se] };
}
