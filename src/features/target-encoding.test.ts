import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { stratifiedFolds, TARGET_ENCODING_FOLDS } from './folds.js';
import { categories, feature, fitAll, frameOf } from './test-frames.js';

describe('target_encoding', () => {
  const frame = frameOf(categories('c', ['a', 'a', 'a', 'b', 'b', null]));
  const y = Uint8Array.from([1, 1, 0, 0, 1, 1]);

  it('scores each level with its smoothed positive rate, missing as its own level and unseen levels as the prior', () => {
    const { pipeline } = fitAll(frame, { y, steps: [{ step: 'target_encoding', columns: ['c'], smoothing: 2 }] });
    const prior = 4 / 6;
    const X = pipeline.transform([{ c: 'a' }, { c: 'b' }, { c: null }, { c: 'zzz' }]);
    const expected = [(2 + 2 * prior) / 5, (1 + 2 * prior) / 4, (1 + 2 * prior) / 3, prior];
    feature(X, 'c').forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
  });

  it('encodes the training rows out of fold: each fold with the statistics of the other folds', () => {
    const rng = new Rng(7);
    const n = 200;
    const texts = Array.from({ length: n }, () => ['p', 'q', 'r'][rng.nextInt(3)]!);
    const labels = Uint8Array.from(texts, (t) => (rng.next() < (t === 'p' ? 0.8 : 0.3) ? 1 : 0));
    const { trainMatrix } = fitAll(frameOf(categories('c', texts)), { y: labels, seed: 11, steps: [{ step: 'target_encoding', columns: ['c'] }] });
    const folds = stratifiedFolds(labels, TARGET_ENCODING_FOLDS, 11);
    const oof = feature(trainMatrix, 'c');
    for (let i = 0; i < n; i++) {
      let rows = 0, positives = 0, levelRows = 0, levelPositives = 0;
      for (let j = 0; j < n; j++) {
        if (folds[j] === folds[i]) continue;
        rows++;
        positives += labels[j]!;
        if (texts[j] === texts[i]) {
          levelRows++;
          levelPositives += labels[j]!;
        }
      }
      const prior = positives / rows;
      expect(oof[i]).toBeCloseTo((levelPositives + 10 * prior) / (levelRows + 10), 12);
    }
  });

  it('gives training rows out-of-fold values that differ from the full-training encoding, the same for the same seed', () => {
    const rng = new Rng(3);
    const texts = Array.from({ length: 100 }, () => ['p', 'q'][rng.nextInt(2)]!);
    const labels = Uint8Array.from(texts, () => (rng.next() < 0.4 ? 1 : 0));
    const f = frameOf(categories('c', texts));
    const fit = (seed: number) => fitAll(f, { y: labels, seed, steps: [{ step: 'target_encoding', columns: ['c'] }] });
    const a = fit(1);
    const full = feature(a.pipeline.transform(f), 'c');
    const oof = feature(a.trainMatrix, 'c');
    expect(oof).not.toEqual(full);
    expect(new Set(full).size).toBe(2);
    expect(feature(fit(1).trainMatrix, 'c')).toEqual(oof);
    expect(feature(fit(2).trainMatrix, 'c')).not.toEqual(oof);
    // Scoring does not depend on the seed: it uses every training row.
    expect(feature(fit(2).pipeline.transform(f), 'c')).toEqual(full);
  });

  it('deals stratified folds: each fold holds about the same number of positives', () => {
    const labels = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const folds = stratifiedFolds(labels, 5, 9);
    const positives = [0, 0, 0, 0, 0];
    const sizes = [0, 0, 0, 0, 0];
    folds.forEach((f, i) => {
      positives[f]! += labels[i]!;
      sizes[f]!++;
    });
    expect(Math.max(...positives) - Math.min(...positives)).toBeLessThanOrEqual(1);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
