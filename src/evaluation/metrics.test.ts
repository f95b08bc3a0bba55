import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricsWithIntervals, pairedDifference } from './bootstrap.js';
import { averagePrecision, brier, logLoss, rocAuc } from './metrics.js';

interface Case {
  name: string;
  scores: number[];
  y: number[];
  roc_auc: number;
  average_precision: number;
  log_loss: number;
  brier: number;
}
const reference = JSON.parse(readFileSync(new URL('../../test/reference/metrics.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('metrics agree with scikit-learn to 1e-9 (test/reference/metrics.json from scripts/reference/metrics.py)', () => {
  for (const c of reference.cases) {
    it(c.name, () => {
      const scores = Float64Array.from(c.scores);
      const y = Uint8Array.from(c.y);
      expect(Math.abs(rocAuc(scores, y) - c.roc_auc)).toBeLessThan(1e-9);
      expect(Math.abs(averagePrecision(scores, y) - c.average_precision)).toBeLessThan(1e-9);
      expect(Math.abs(logLoss(scores, y) - c.log_loss)).toBeLessThan(1e-9);
      expect(Math.abs(brier(scores, y) - c.brier)).toBeLessThan(1e-9);
    });
  }

  it('weights act as row multiplicities', () => {
    const scores = Float64Array.from([0.1, 0.4, 0.35, 0.8]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const repeated = { scores: Float64Array.from([0.1, 0.4, 0.4, 0.35, 0.8, 0.8, 0.8]), y: Uint8Array.from([0, 0, 0, 1, 1, 1, 1]) };
    const w = Float64Array.from([1, 2, 1, 3]);
    expect(rocAuc(scores, y, w)).toBeCloseTo(rocAuc(repeated.scores, repeated.y), 12);
    expect(averagePrecision(scores, y, w)).toBeCloseTo(averagePrecision(repeated.scores, repeated.y), 12);
    expect(logLoss(scores, y, w)).toBeCloseTo(logLoss(repeated.scores, repeated.y), 12);
  });
});

describe('bootstrap intervals', () => {
  const c = reference.cases[2]!;
  const scores = Float64Array.from(c.scores);
  const y = Uint8Array.from(c.y);

  it('bracket the point estimate, are seeded, and narrow with more data', () => {
    const a = metricsWithIntervals(['roc_auc', 'log_loss'], scores, y, { seed: 1, replicates: 300 });
    const b = metricsWithIntervals(['roc_auc', 'log_loss'], scores, y, { seed: 1, replicates: 300 });
    expect(b).toEqual(a);
    const auc = a.roc_auc!;
    expect(auc.ci![0]).toBeLessThan(auc.value);
    expect(auc.ci![1]).toBeGreaterThan(auc.value);
    const small = metricsWithIntervals(['roc_auc'], scores.subarray(0, 200), y.subarray(0, 200), { seed: 1, replicates: 300 });
    expect(small.roc_auc!.ci![1] - small.roc_auc!.ci![0]).toBeGreaterThan(auc.ci![1] - auc.ci![0]);
  });

  it('give a paired difference of zero for identical models and a positive one for a better model', () => {
    const same = pairedDifference('roc_auc', scores, scores, y, { seed: 2, replicates: 200 });
    expect(same).toEqual({ value: 0, ci: [0, 0] });
    const noisy = scores.map((s, i) => (i % 2 === 0 ? 0.5 : s));
    const gain = pairedDifference('roc_auc', noisy, scores, y, { seed: 2, replicates: 200 });
    expect(gain.value).toBeGreaterThan(0);
    expect(gain.ci![0]).toBeGreaterThan(0);
  });
});
