import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brierDecomposition, calibrationSummary, expectedCalibrationError, reliabilityBins } from './calibration.js';

interface Calibration {
  n_bins: number;
  prob_true: number[];
  prob_pred: number[];
  counts: number[];
  lower: number[];
  upper: number[];
  ece: number;
  brier: number;
  reliability: number;
  resolution: number;
  uncertainty: number;
}
interface Case {
  name: string;
  scores: number[];
  y: number[];
  calibration: Calibration[];
}
const reference = JSON.parse(readFileSync(new URL('../../test/reference/evaluation.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe("reliability bins agree with scikit-learn's calibration_curve(strategy='quantile') (test/reference/evaluation.json)", () => {
  for (const c of reference.cases) {
    const scores = Float64Array.from(c.scores);
    const y = Uint8Array.from(c.y);
    for (const r of c.calibration) {
      it(`${c.name}, ${r.n_bins} bins`, () => {
        const bins = reliabilityBins(scores, y, r.n_bins);
        expect(bins.map((b) => b.count)).toEqual(r.counts);
        expect(bins.map((b) => b.lower)).toEqual(r.lower);
        expect(bins.map((b) => b.upper)).toEqual(r.upper);
        bins.forEach((b, k) => {
          expect(Math.abs(b.fraction_positive - r.prob_true[k]!)).toBeLessThan(1e-12);
          expect(Math.abs(b.mean_score - r.prob_pred[k]!)).toBeLessThan(1e-12);
        });
        const summary = calibrationSummary('test', scores, y, r.n_bins);
        expect(summary.split).toBe('test');
        expect(Math.abs(summary.ece - r.ece)).toBeLessThan(1e-12);
        expect(Math.abs(summary.brier.value - r.brier)).toBeLessThan(1e-12);
        expect(Math.abs(summary.brier.reliability - r.reliability)).toBeLessThan(1e-12);
        expect(Math.abs(summary.brier.resolution - r.resolution)).toBeLessThan(1e-12);
        expect(Math.abs(summary.brier.uncertainty - r.uncertainty)).toBeLessThan(1e-12);
      });
    }
  }
});

describe('calibration summaries', () => {
  it('decompose the Brier score exactly when the scores within each bin are equal', () => {
    const scores = Float64Array.from([0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.5, 0.5, 0.9, 0.9, 0.9, 0.9]);
    const y = Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1, 1, 1, 0, 1]);
    const bins = reliabilityBins(scores, y, 3);
    expect(bins.map((b) => [b.mean_score, b.count])).toEqual([
      [0.1, 4],
      [0.5, 4],
      [0.9, 4],
    ]);
    const d = brierDecomposition(scores, y, bins);
    expect(d.reliability - d.resolution + d.uncertainty).toBeCloseTo(d.value, 14);
  });

  it('give an ECE of zero for scores that equal the observed frequencies and leave out empty bins', () => {
    const scores = Float64Array.from([0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75]);
    const y = Uint8Array.from([1, 0, 0, 0, 1, 1, 0, 1]);
    const bins = reliabilityBins(scores, y, 4);
    // Equal edges make two of the four quantile bins empty.
    expect(bins.length).toBe(2);
    expect(expectedCalibrationError(bins)).toBe(0);
  });

  it('put a score equal to an inner edge in the lower bin', () => {
    const bins = reliabilityBins(Float64Array.from([0, 0.5, 1]), Uint8Array.from([0, 1, 1]), 2);
    expect(bins.map((b) => b.count)).toEqual([2, 1]);
    expect(bins.map((b) => [b.lower, b.upper])).toEqual([
      [0, 0.5],
      [0.5, 1],
    ]);
  });

  it('reject a bin count that is not a positive integer and an empty split', () => {
    expect(() => reliabilityBins(Float64Array.from([0.5]), Uint8Array.from([1]), 0)).toThrow('the number of calibration bins must be an integer ≥ 1 (found 0)');
    expect(() => calibrationSummary('valid', new Float64Array(0), new Uint8Array(0))).toThrow('calibration needs at least one row');
  });
});
