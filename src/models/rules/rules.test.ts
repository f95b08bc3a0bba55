import { describe, expect, it } from 'vitest';
import { describeEstimatorContract } from '../estimator-contract.js';
import { matrixFromColumns } from '../matrix.js';
import { parseParams } from '../params.js';
import { rulesKind } from './rules.js';

describeEstimatorContract(rulesKind, { minTrainAuc: 0.6 });

describe('the rules model', () => {
  it('finds the threshold that separates the classes and scores each side by its positive rate', () => {
    const X = matrixFromColumns(['noise', 'tenure'], [Float64Array.from([5, 1, 4, 2, 3, 6, 7, 8]), Float64Array.from([1, 2, 3, 4, 20, 30, 40, 50])]);
    const y = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0]);
    const model = rulesKind.fit(X, y, parseParams('rules', rulesKind.params, { min_samples_leaf: 2 }), { seed: 0 });
    expect(model.rule).toMatchObject({ feature: 'tenure', threshold: 3.5, scoreAtOrBelow: 1, scoreAbove: 0 });
    expect(model.describe()).toBe('if tenure <= 3.5 then 1.000 else 0.000');
    expect([...model.predictProba(X)]).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('refuses missing values with a hint to impute', () => {
    const X = matrixFromColumns(['a'], [Float64Array.from([1, NaN, 3, 4])]);
    expect(() => rulesKind.fit(X, Uint8Array.from([0, 1, 0, 1]), parseParams('rules', rulesKind.params, { min_samples_leaf: 1 }), { seed: 0 })).toThrow(
      'feature "a" has missing values',
    );
  });
});
