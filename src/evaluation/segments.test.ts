import { describe, expect, it } from 'vitest';
import { Frame } from '../core/frame.js';
import { Rng } from '../core/rng.js';
import { weakSegments } from './segments.js';
import { categorical, plantedScores } from './slice-test-data.js';


/** Four features: plan and region (weak together in one cell when planted), tenure and channel (noise). */
function segmentData(n: number, seed: number, planted: boolean) {
  const rng = new Rng(seed);
  const plan = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i % 4));
  const region = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i % 3));
  const tenure = Float64Array.from({ length: n }, () => Math.floor(rng.next() * 72));
  const channel = rng.shuffle(Int32Array.from({ length: n }, (_, i) => i % 2));
  const frame = new Frame([
    categorical('plan', plan, ['basic', 'plus', 'pro', 'max']),
    categorical('region', region, ['north', 'south', 'east']),
    { name: 'tenure', type: 'numeric', values: tenure },
    categorical('channel', channel, ['web', 'store']),
  ]);
  // Weak only where plan = pro AND region = south: each feature alone looks fine elsewhere.
  const { y, scores } = plantedScores(n, seed + 1, (i) => planted && plan[i] === 2 && region[i] === 1);
  return { frame, y, scores };
}

describe('weakSegments', () => {
  it('puts a planted weak two-feature cell at the top and flags it', () => {
    const { frame, y, scores } = segmentData(6000, 1, true);
    const segments = weakSegments(frame, scores, y, { seed: 2, replicates: 300 });
    expect(segments).toHaveLength(10);
    expect(segments[0]).toMatchObject({ features: ['plan', 'region'], slice: 'plan = pro & region = south', worse: true });
    expect(segments[0]!.roc_auc.value).toBeLessThan(0.6);
    expect(segments[0]!.roc_auc.ci![1]).toBeLessThan(0.7);
    const plan = frame.column('plan');
    const region = frame.column('region');
    let cell = 0;
    if (plan.type === 'categorical' && region.type === 'categorical') for (let i = 0; i < frame.nRows; i++) if (plan.codes[i] === 2 && region.codes[i] === 1) cell++;
    expect(segments[0]!.size).toBe(cell);
    const shortfalls = segments.map((s) => s.shortfall);
    expect(shortfalls).toEqual([...shortfalls].sort((a, b) => b - a));
  });

  it('flags no segment when the scores are equally informative everywhere', () => {
    for (const seed of [3, 4]) {
      const { frame, y, scores } = segmentData(6000, seed, false);
      const segments = weakSegments(frame, scores, y, { seed, replicates: 300 });
      expect(segments.filter((s) => s.worse)).toEqual([]);
      // Shortfalls are then only noise: small compared with the planted one.
      expect(segments[0]!.shortfall).toBeLessThan(0.12);
    }
  });

  it('labels numeric bins and missing values inside the segment', () => {
    const { frame, y, scores } = segmentData(2000, 5, true);
    const tenure = frame.column('tenure');
    const values = Float64Array.from(tenure.type === 'numeric' ? tenure.values : [], (v, i) => (i % 7 === 0 ? NaN : v));
    const withMissing = frame.withColumn({ name: 'tenure', type: 'numeric', values });
    const segments = weakSegments(withMissing, scores, y, { seed: 1, replicates: 50, top: 200, columns: ['plan', 'tenure'] });
    const labels = segments.map((s) => s.slice);
    expect(labels.some((l) => /^plan = \w+ & tenure in \[\d+, \d+[)\]]$/.test(l))).toBe(true);
    expect(labels.some((l) => /^plan = \w+ & tenure is missing$/.test(l))).toBe(true);
    expect(segments.every((s) => s.size >= 30 && s.positives > 0 && s.positives < s.size)).toBe(true);
  });

  it('returns at most top segments, and the same ones for the same seed', () => {
    const { frame, y, scores } = segmentData(2000, 6, true);
    const first = weakSegments(frame, scores, y, { seed: 7, replicates: 50, top: 3 });
    expect(first).toHaveLength(3);
    expect(weakSegments(frame, scores, y, { seed: 7, replicates: 50, top: 3 })).toEqual(first);
  });

  it('searches only the first maxFeatures columns', () => {
    const { frame, y, scores } = segmentData(2000, 8, true);
    const segments = weakSegments(frame, scores, y, { seed: 1, replicates: 20, top: 100, maxFeatures: 2 });
    expect(segments.every((s) => s.features[0] === 'plan' && s.features[1] === 'region')).toBe(true);
  });

  it('finds nothing with fewer than two sliceable features', () => {
    const { frame, y, scores } = segmentData(500, 9, false);
    expect(weakSegments(frame.select(['plan']), scores, y, { seed: 1, replicates: 20 })).toEqual([]);
  });

  it('rejects top = 0 with a hint', () => {
    const { frame, y, scores } = segmentData(200, 10, false);
    expect(() => weakSegments(frame, scores, y, { seed: 1, top: 0 })).toThrow(/top must be a positive integer/);
  });
});
