import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { rocAuc } from './metrics.js';
import { keysByPosition, PartAucScratch, partAucs, rankRows } from './slice-auc.js';
import { bootstrapPartitions, partSamples } from './slice-bootstrap.js';

function randomCase(seed: number, n: number, nParts: number) {
  const rng = new Rng(seed);
  // Scores rounded to two decimals, so many rows tie across parts.
  const scores = Float64Array.from({ length: n }, () => Math.round(rng.next() * 100) / 100);
  const y = Uint8Array.from(scores, (s) => (rng.next() < 0.3 + 0.4 * s ? 1 : 0));
  const keys = Int32Array.from({ length: n }, () => rng.nextInt(nParts));
  const weights = Float64Array.from({ length: n }, () => rng.nextInt(4));
  return { scores, y, keys, weights };
}

describe('part and rest AUCs from one pass', () => {
  it('equal rocAuc computed on each part and on its complement, with ties and weights', () => {
    const { scores, y, keys, weights } = randomCase(7, 600, 5);
    const ranked = rankRows(scores, y);
    const byPosition = keysByPosition(ranked, keys);
    const weightsByPosition = Float64Array.from(ranked.order, (row) => weights[row]!);
    const pass = partAucs(ranked, byPosition, new PartAucScratch(5), weightsByPosition);
    expect(pass.overall).toBeCloseTo(rocAuc(scores, y, weights), 12);
    for (let k = 0; k < 5; k++) {
      const inside = Float64Array.from(weights, (w, i) => (keys[i] === k ? w : 0));
      const outside = Float64Array.from(weights, (w, i) => (keys[i] === k ? 0 : w));
      expect(pass.auc[k]).toBeCloseTo(rocAuc(scores, y, inside), 12);
      expect(pass.restAuc[k]).toBeCloseTo(rocAuc(scores, y, outside), 12);
      expect(pass.positives[k]).toBe(inside.reduce((s, w, i) => s + (y[i] === 1 ? w : 0), 0));
    }
  });

  it('gives NaN for a part with a single class', () => {
    const scores = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5]);
    const y = Uint8Array.from([1, 1, 0, 1, 0]);
    const keys = Int32Array.from([0, 0, 1, 1, 1]);
    const ranked = rankRows(scores, y);
    const pass = partAucs(ranked, keysByPosition(ranked, keys), new PartAucScratch(2));
    expect(pass.auc[0]).toBeNaN();
    expect(pass.restAuc[0]).toBeCloseTo(0.5, 12);
    expect(pass.auc[1]).toBeCloseTo(0.5, 12);
    expect(pass.restAuc[1]).toBeNaN();
  });
});

describe('stratified bootstrap of a partition', () => {
  it('keeps each part and class at its size, so every replicate of a two-class part has both classes', () => {
    const { scores, y, keys } = randomCase(3, 400, 3);
    const ranked = rankRows(scores, y);
    const byPosition = keysByPosition(ranked, keys);
    const [boot] = bootstrapPartitions(ranked, [{ keys: byPosition, nParts: 3 }], 50, 11);
    for (let k = 0; k < 3; k++) expect(partSamples(boot!, 'auc', k).every(Number.isFinite)).toBe(true);
  });

  it('is reproducible with a seed and changes with another', () => {
    const { scores, y, keys } = randomCase(5, 300, 2);
    const ranked = rankRows(scores, y);
    const byPosition = keysByPosition(ranked, keys);
    const partition = { keys: byPosition, nParts: 2 };
    const [first] = bootstrapPartitions(ranked, [partition], 20, 1);
    expect(bootstrapPartitions(ranked, [partition], 20, 1)[0]!.auc).toEqual(first!.auc);
    expect(bootstrapPartitions(ranked, [partition], 20, 2)[0]!.auc).not.toEqual(first!.auc);
  });

  it('gives a partition the same replicates whichever other partitions are bootstrapped with it', () => {
    const { scores, y, keys } = randomCase(9, 300, 3);
    const ranked = rankRows(scores, y);
    const own = { keys: keysByPosition(ranked, keys), nParts: 3 };
    const other = { keys: keysByPosition(ranked, Int32Array.from(keys, (k) => (k + 1) % 2)), nParts: 2 };
    const alone = bootstrapPartitions(ranked, [own], 20, 4)[0]!;
    const together = bootstrapPartitions(ranked, [other, own], 20, 4)[1]!;
    expect(together.auc).toEqual(alone.auc);
    expect(together.restAuc).toEqual(alone.restAuc);
  });
});
