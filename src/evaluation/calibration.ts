// How well scores match observed frequencies: a reliability curve over quantile bins (the bins of
// scikit-learn's calibration_curve(strategy='quantile')), the expected calibration error over the
// same bins, and Murphy's decomposition of the Brier score over them.

import { FlywheelError } from '../core/errors.js';
import type { CalibrationSummary, ReliabilityBin } from './evaluation-result.js';
import { brier } from './metrics.js';

/** numpy.percentile(sorted, q·100) with its default linear method, step for step (bin edges must agree exactly). */
function percentile(sorted: Float64Array, q: number): number {
  const virtual = (sorted.length - 1) * q;
  if (virtual >= sorted.length - 1) return sorted[sorted.length - 1]!;
  const lo = Math.floor(virtual);
  const gamma = virtual - lo;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Quantile bin edges: nBins + 1 values from the lowest score to the highest (equal edges possible). */
export function quantileEdges(scores: Float64Array, nBins: number): Float64Array {
  const sorted = Float64Array.from(scores).sort();
  const edges = new Float64Array(nBins + 1);
  const step = 1 / nBins;
  // numpy.linspace(0, 1, nBins + 1) · 100 / 100, as calibration_curve passes it to percentile.
  for (let i = 0; i <= nBins; i++) edges[i] = percentile(sorted, ((i === nBins ? 1 : i * step) * 100) / 100);
  return edges;
}

/**
 * Reliability curve: rows fall into quantile bins (a score equal to an inner edge goes to the lower
 * bin, as numpy.searchsorted); empty bins are left out. mean_score and fraction_positive are
 * calibration_curve's prob_pred and prob_true; lower and upper are the bin's edges.
 */
export function reliabilityBins(scores: Float64Array, y: Uint8Array, nBins = 10): ReliabilityBin[] {
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new FlywheelError('usage', `the number of calibration bins must be an integer ≥ 1 (found ${nBins})`, { hint: 'use 10 bins unless the split is small' });
  }
  if (scores.length !== y.length) {
    throw new FlywheelError('data_invalid', `calibration needs one score per label (found ${scores.length} scores, ${y.length} labels)`, { hint: 'pass the scores and labels of the same rows' });
  }
  if (scores.length === 0) {
    throw new FlywheelError('data_invalid', 'calibration needs at least one row', { hint: 'check that the evaluated split is not empty' });
  }
  const edges = quantileEdges(scores, nBins);
  const sums = new Float64Array(nBins);
  const positives = new Float64Array(nBins);
  const counts = new Float64Array(nBins);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    // Number of inner edges strictly below s (numpy.searchsorted(edges[1:-1], s, side='left')).
    let lo = 0;
    let hi = nBins - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid + 1]! < s) lo = mid + 1;
      else hi = mid;
    }
    sums[lo]! += s;
    positives[lo]! += y[i]!;
    counts[lo]!++;
  }
  const bins: ReliabilityBin[] = [];
  for (let k = 0; k < nBins; k++) {
    if (counts[k] === 0) continue;
    bins.push({ mean_score: sums[k]! / counts[k]!, fraction_positive: positives[k]! / counts[k]!, count: counts[k]!, lower: edges[k]!, upper: edges[k + 1]! });
  }
  return bins;
}

function rowsIn(bins: ReliabilityBin[]): number {
  return bins.reduce((total, bin) => total + bin.count, 0);
}

/** Σ count/n · |fraction_positive − mean_score| over the bins. */
export function expectedCalibrationError(bins: ReliabilityBin[]): number {
  const n = rowsIn(bins);
  return bins.reduce((total, bin) => total + (bin.count / n) * Math.abs(bin.fraction_positive - bin.mean_score), 0);
}

/**
 * Murphy's decomposition over the bins, with each bin's mean score standing for its rows' scores:
 * reliability Σ n_k/n (mean_k − fraction_k)², resolution Σ n_k/n (fraction_k − base)², uncertainty
 * base·(1 − base). brier = reliability − resolution + uncertainty holds exactly only when the scores
 * within each bin are equal; otherwise the within-bin spread of the scores makes up the gap.
 */
export function brierDecomposition(scores: Float64Array, y: Uint8Array, bins: ReliabilityBin[]): CalibrationSummary['brier'] {
  const n = rowsIn(bins);
  const base = bins.reduce((total, bin) => total + bin.fraction_positive * bin.count, 0) / n;
  let reliability = 0;
  let resolution = 0;
  for (const bin of bins) {
    reliability += (bin.count / n) * (bin.mean_score - bin.fraction_positive) ** 2;
    resolution += (bin.count / n) * (bin.fraction_positive - base) ** 2;
  }
  return { value: brier(scores, y), reliability, resolution, uncertainty: base * (1 - base) };
}

/** Reliability bins, ECE and Brier decomposition of one split's scores (no calibrator; callers add it). */
export function calibrationSummary(split: 'valid' | 'test', scores: Float64Array, y: Uint8Array, nBins = 10): CalibrationSummary {
  const bins = reliabilityBins(scores, y, nBins);
  return { split, bins, ece: expectedCalibrationError(bins), brier: brierDecomposition(scores, y, bins) };
}
