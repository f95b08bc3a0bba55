import { describe, expect, it } from 'vitest';
import { numeric, coded } from './test-frames.js';
import { levelRateAuc, numericAuc, orientedNumericAuc, outOfFoldLevelScores, purity } from './single-feature.js';

const y = Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]);

describe('single-feature statistics', () => {
  it('orients the AUC: low values meaning positive separate as well as high ones', () => {
    expect(numericAuc(Float64Array.from([8, 7, 6, 5, 4, 3, 2, 1]), y)).toMatchObject({ auc: 1, higherIsPositive: false });
    expect(numericAuc(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]), y)).toMatchObject({ auc: 1, higherIsPositive: true });
  });

  it('places missing values low or high, whichever separates better', () => {
    const present = Float64Array.from([NaN, NaN, NaN, NaN, 3, 1, 2, 4]);
    expect(numericAuc(present, y)).toMatchObject({ auc: 1, missingAs: 'low', missing: 4 });
    const high = Float64Array.from([3, 1, 2, 4, NaN, NaN, 5, 6]);
    expect(numericAuc(high, y)).toMatchObject({ auc: 1, missingAs: 'high', higherIsPositive: true });
  });

  it('scores held-out rows with the orientation learned on training rows (no re-orienting)', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(orientedNumericAuc(values, y, [0, 1, 4, 5], { missingAs: 'low', higherIsPositive: false })).toBe(0);
  });

  it('gives a level its rate from other folds: a level seen in one fold only scores the overall rate', () => {
    const codes = Int32Array.from([0, 0, 1, 1, 2, 2, 3, -1]);
    const folds = Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
    const scores = outOfFoldLevelScores(codes, 4, y, folds, 2);
    // Level 3 appears in fold 0 only: its rate comes from fold 1 alone (2 positives of 4) and the prior.
    expect(scores[6]).toBeCloseTo(0.5);
    // Level 2 (rows 4 and 5, both positive): each row learns from the other.
    expect(scores[4]).toBeCloseTo((1 + 0.5) / 2);
  });

  it('learns level rates on fitting rows and scores unseen levels at the overall rate', () => {
    const codes = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 2]);
    expect(levelRateAuc(codes, 3, y, [0, 1, 4, 5], [2, 3, 6, 7])).toBe(1);
  });

  it('counts purity only in bins large enough that one class is not luck', () => {
    const n = 100;
    const labels = Uint8Array.from({ length: n }, (_, i) => (i < 50 ? 0 : 1));
    // Two levels, each all one class with 50 rows: pure.
    expect(purity(coded('copy', Array.from(labels, String)), labels)).toMatchObject({ share: 1, pureBins: 2 });
    // A distinct value per row: every bin is pure, but single rows never count.
    expect(purity(coded('id', Array.from({ length: n }, (_, i) => `r${i}`)), labels).share).toBe(0);
    // Many values: equal-count bins of 5 rows, below the minimum of 10.
    expect(purity(numeric('x', Array.from({ length: n }, (_, i) => i)), labels).share).toBe(0);
    // Twenty values of 5 rows each: the same bins, the same verdict.
    expect(purity(numeric('x', Array.from({ length: n }, (_, i) => Math.floor(i / 5))), labels)).toMatchObject({ share: 0, bins: 20 });
  });
});
