import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { applyCalibrator, calibratorFromJSON, fitIsotonic, fitPlatt, type CalibratorJson } from './calibrators.js';

interface Case {
  name: string;
  scores: number[];
  y: number[];
  platt: { a_sklearn: number; b_sklearn: number; a: number; b: number };
  isotonic: { x: number[]; y: number[]; grid: number[]; predictions: number[] };
}
type IsotonicCase = Pick<Case, 'name' | 'scores' | 'y' | 'isotonic'>;
const reference = JSON.parse(readFileSync(new URL('../../test/reference/evaluation.json', import.meta.url), 'utf8')) as { cases: Case[]; isotonic_cases: IsotonicCase[] };

describe('calibrators agree with scikit-learn (test/reference/evaluation.json)', () => {
  for (const c of reference.cases) {
    const scores = Float64Array.from(c.scores);
    const y = Uint8Array.from(c.y);

    it(`${c.name}: Platt scaling reaches the optimum of _sigmoid_calibration on the log-odds`, () => {
      const platt = fitPlatt(scores, y);
      // The optimum solved as the root of the gradient in the script: 1e-9; scikit-learn's BFGS stops earlier: 1e-5.
      expect(Math.abs(platt.a - c.platt.a)).toBeLessThan(1e-9);
      expect(Math.abs(platt.b - c.platt.b)).toBeLessThan(1e-9);
      expect(Math.abs(platt.a - c.platt.a_sklearn)).toBeLessThan(1e-5);
      expect(Math.abs(platt.b - c.platt.b_sklearn)).toBeLessThan(1e-5);
    });

    it(`${c.name}: isotonic regression has scikit-learn's thresholds and predictions`, () => {
      const iso = fitIsotonic(scores, y);
      expect(iso.x).toEqual(c.isotonic.x);
      iso.y.forEach((v, i) => expect(Math.abs(v - c.isotonic.y[i]!)).toBeLessThan(1e-12));
      const predicted = applyCalibrator(iso, Float64Array.from(c.isotonic.grid));
      predicted.forEach((v, i) => expect(Math.abs(v - c.isotonic.predictions[i]!)).toBeLessThan(1e-9));
    });
  }
});

describe('isotonic regression merges scores closer than 1e-15, as scikit-learn', () => {
  for (const c of reference.isotonic_cases) {
    it(c.name, () => {
      const iso = fitIsotonic(Float64Array.from(c.scores), Uint8Array.from(c.y));
      expect(iso.x).toEqual(c.isotonic.x);
      expect(iso.y).toEqual(c.isotonic.y);
      const predicted = applyCalibrator(iso, Float64Array.from(c.isotonic.grid));
      predicted.forEach((v, i) => expect(Math.abs(v - c.isotonic.predictions[i]!)).toBeLessThan(1e-9));
    });
  }
});

describe('calibrators', () => {
  const scores = Float64Array.from([0.05, 0.2, 0.2, 0.35, 0.5, 0.6, 0.6, 0.8, 0.9, 0.95]);
  const y = Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1, 1, 1]);

  it('keep the ranking of the scores (Platt strictly, isotonic weakly)', () => {
    const sorted = Float64Array.from([0, 1e-20, 0.1, 0.3, 0.5, 0.7, 0.99, 1]);
    const platt = applyCalibrator(fitPlatt(scores, y), sorted);
    for (let i = 1; i < sorted.length; i++) expect(platt[i]!).toBeGreaterThanOrEqual(platt[i - 1]!);
    expect(platt.every(Number.isFinite)).toBe(true);
    const iso = applyCalibrator(fitIsotonic(scores, y), sorted);
    for (let i = 1; i < sorted.length; i++) expect(iso[i]!).toBeGreaterThanOrEqual(iso[i - 1]!);
  });

  it('pool violators into their mean: labels 1, 0 at rising scores become 0.5, 0.5', () => {
    const iso = fitIsotonic(Float64Array.from([0.1, 0.2, 0.3]), Uint8Array.from([1, 0, 1]));
    expect(iso).toEqual({ method: 'isotonic', x: [0.1, 0.2, 0.3], y: [0.5, 0.5, 1] });
    expect(Array.from(applyCalibrator(iso, Float64Array.from([0, 0.15, 0.25, 2])))).toEqual([0.5, 0.5, 0.75, 1]);
  });

  it('survive a JSON round trip and give the same probabilities', () => {
    for (const fitted of [fitPlatt(scores, y), fitIsotonic(scores, y)] as CalibratorJson[]) {
      const restored = calibratorFromJSON(JSON.parse(JSON.stringify(fitted)));
      expect(restored).toEqual(fitted);
      expect(applyCalibrator(restored, scores)).toEqual(applyCalibrator(fitted, scores));
    }
  });

  it('do not change their input', () => {
    const copy = scores.slice();
    fitPlatt(scores, y);
    fitIsotonic(scores, y);
    expect(scores).toEqual(copy);
  });

  it('fit a constant when every score is equal', () => {
    const same = Float64Array.from([0.4, 0.4, 0.4, 0.4]);
    const labels = Uint8Array.from([1, 0, 0, 0]);
    expect(applyCalibrator(fitIsotonic(same, labels), Float64Array.from([0.1, 0.9]))).toEqual(Float64Array.from([0.25, 0.25]));
    const platt = fitPlatt(same, labels);
    expect(Number.isFinite(platt.a) && Number.isFinite(platt.b)).toBe(true);
  });
});

describe('calibratorFromJSON', () => {
  const bad: [unknown, string][] = [
    [null, 'calibrator: expected an object with a method, found null'],
    [{ method: 'beta', a: 1 }, 'calibrator: unknown method "beta"; the methods are platt, isotonic'],
    [{ method: 'platt', a: 1 }, 'calibrator: platt needs finite numbers a and b (found a = 1, b = undefined)'],
    [{ method: 'isotonic', x: [0, 1], y: [0.2] }, 'calibrator: x and y must have the same length (found 2 and 1)'],
    [{ method: 'isotonic', x: [0.5, 0.5], y: [0.2, 0.3] }, 'calibrator: x must be strictly increasing (x[0] = 0.5, x[1] = 0.5)'],
    [{ method: 'isotonic', x: [0.1, 0.5], y: [0.4, 0.3] }, 'calibrator: y must be non-decreasing (y[0] = 0.4, y[1] = 0.3)'],
    [{ method: 'isotonic', x: [0.1, 0.5], y: [0.4, 1.3] }, 'calibrator: y[1] must be a probability in [0, 1] (found 1.3)'],
    [{ method: 'isotonic', x: [0.1, 'a'], y: [0.4, 0.5] }, 'calibrator: x[1] must be a finite number (found "a")'],
    [{ method: 'isotonic', x: [], y: [] }, 'calibrator: x must be a non-empty array of numbers'],
  ];
  for (const [value, message] of bad) {
    it(`rejects ${JSON.stringify(value)} as data_invalid, saying what is wrong`, () => {
      let thrown: unknown;
      try {
        calibratorFromJSON(value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(FlywheelError);
      expect((thrown as FlywheelError).code).toBe('data_invalid');
      expect((thrown as FlywheelError).message).toBe(message);
      expect((thrown as FlywheelError).hint).toBeDefined();
    });
  }
});
