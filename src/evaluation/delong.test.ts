import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { aucVariance, delongTest, midranks, twoSidedNormalP } from './delong.js';
import { rocAuc } from './metrics.js';

interface Case {
  name: string;
  scores: number[];
  scores_b: number[];
  y: number[];
  delong: { auc_a: number; auc_b: number; difference: number; se: number; z: number; p_value: number; ci: [number, number]; variance_a: number; variance_b: number };
}
const reference = JSON.parse(readFileSync(new URL('../../test/reference/evaluation.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe("DeLong's test agrees with an independent numpy/SciPy implementation (test/reference/evaluation.json)", () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      const a = Float64Array.from(c.scores);
      const b = Float64Array.from(c.scores_b);
      const y = Uint8Array.from(c.y);
      const r = delongTest(a, b, y);
      const d = c.delong;
      for (const key of ['auc_a', 'auc_b', 'difference', 'se', 'z'] as const) expect(Math.abs(r[key] - d[key])).toBeLessThan(1e-9 * Math.max(1, Math.abs(d[key])));
      // p-values down to 1e-9 here: compare relative to the value.
      expect(Math.abs(r.p_value - d.p_value)).toBeLessThan(1e-9 * d.p_value + 1e-15);
      expect(Math.abs(r.ci[0] - d.ci[0])).toBeLessThan(1e-9);
      expect(Math.abs(r.ci[1] - d.ci[1])).toBeLessThan(1e-9);
      expect(Math.abs(aucVariance(a, y).variance - d.variance_a)).toBeLessThan(1e-12);
      expect(Math.abs(aucVariance(b, y).variance - d.variance_b)).toBeLessThan(1e-12);
      expect(r.auc_a).toBeCloseTo(rocAuc(a, y), 12);
    });
  }
});

describe("DeLong's variance", () => {
  it('matches the closed form on a hand-worked example with a tie', () => {
    // Positives 0.8, 0.6, 0.4; negatives 0.6, 0.3. Per positive, the share of negatives it outscores
    // (ties half): V10 = [1, 0.75, 0.5]; per negative, the share of positives above it: V01 = [0.5, 1].
    // AUC = 0.75; variance = s²(V10)/3 + s²(V01)/2 = 0.0625/3 + 0.125/2 = 1/12.
    const scores = Float64Array.from([0.8, 0.6, 0.6, 0.4, 0.3]);
    const y = Uint8Array.from([1, 0, 1, 1, 0]);
    const { auc, variance } = aucVariance(scores, y);
    expect(auc).toBe(0.75);
    expect(variance).toBeCloseTo(1 / 12, 15);
  });

  it('gives midranks to ties', () => {
    expect(Array.from(midranks(Float64Array.from([3, 1, 3, 2, 3])))).toEqual([4, 1, 4, 2, 4]);
  });
});

describe("DeLong's test edge cases", () => {
  const scores = Float64Array.from([0.9, 0.2, 0.7, 0.4, 0.6, 0.1]);
  const y = Uint8Array.from([1, 0, 1, 0, 0, 1]);

  it('reports no difference, p 1 and a zero interval for identical models', () => {
    const r = delongTest(scores, scores, y);
    expect(r).toEqual({ auc_a: r.auc_a, auc_b: r.auc_a, difference: 0, se: 0, z: 0, p_value: 1, ci: [0, 0] });
  });

  it('is antisymmetric in the two models', () => {
    const other = Float64Array.from([0.5, 0.5, 0.8, 0.3, 0.2, 0.4]);
    const ab = delongTest(scores, other, y);
    const ba = delongTest(other, scores, y);
    expect(ba.difference).toBeCloseTo(-ab.difference, 15);
    expect(ba.se).toBeCloseTo(ab.se, 15);
    expect(ba.p_value).toBeCloseTo(ab.p_value, 15);
  });

  it('refuses one-class input with a FlywheelError saying what it needs', () => {
    const oneClass = Uint8Array.from([1, 1, 1, 1, 1, 0]);
    expect(() => delongTest(scores, scores, oneClass)).toThrow(FlywheelError);
    expect(() => delongTest(scores, scores, oneClass)).toThrow("DeLong's test needs at least two positive and two negative rows (found 5 positive, 1 negative)");
    expect(() => delongTest(scores, scores.subarray(1), y)).toThrow(/one score per row for each model/);
  });
});

describe('normal tail probability', () => {
  it('matches known values of 2·Φ(−|z|)', () => {
    // Values from scipy.stats.norm.sf(z) * 2.
    const known: [number, number][] = [
      [0, 1],
      [1, 0.31731050786291415],
      [1.959963984540054, 0.05],
      [2.5, 0.012419330651552265],
      [3, 0.0026997960632601866],
      [2.4999, 0.012422836749889175],
      [2.5001, 0.012415825429630385],
      [0.5, 0.6170750774519738],
      [6, 1.973175290075389e-9],
      [10, 1.523970604832094e-23],
    ];
    for (const [z, p] of known) {
      expect(Math.abs(twoSidedNormalP(z) - p)).toBeLessThan(1e-13 * p);
      expect(twoSidedNormalP(-z)).toBe(twoSidedNormalP(z));
    }
  });
});
