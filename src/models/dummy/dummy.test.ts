import { describe, expect, it } from 'vitest';
import { describeEstimatorContract, syntheticProblem } from '../estimator-contract.js';
import { parseParams } from '../params.js';
import { dummyKind } from './dummy.js';

describeEstimatorContract(dummyKind, { minTrainAuc: 0 });

describe('the dummy model', () => {
  const { X, y } = syntheticProblem(200, 3);
  const rate = y.reduce((s, v) => s + v, 0) / y.length;

  it('scores every row with the training positive rate (prior)', () => {
    const model = dummyKind.fit(X, y, parseParams('dummy', dummyKind.params), { seed: 1 });
    expect([...new Set(model.predictProba(X))]).toEqual([rate]);
  });

  it('predicts the majority class with most_frequent, and seeded draws with stratified', () => {
    const mf = dummyKind.fit(X, y, parseParams('dummy', dummyKind.params, { strategy: 'most_frequent' }), { seed: 1 });
    expect([...new Set(mf.predictProba(X))]).toEqual([rate > 0.5 ? 1 : 0]);
    const st = dummyKind.fit(X, y, parseParams('dummy', dummyKind.params, { strategy: 'stratified' }), { seed: 1 });
    const draws = st.predictProba(X);
    expect(draws).toEqual(st.predictProba(X));
    const drawnRate = draws.reduce((s, v) => s + v, 0) / draws.length;
    expect(Math.abs(drawnRate - rate)).toBeLessThan(0.1);
  });

  it('names the allowed strategies when given another', () => {
    expect(() => parseParams('dummy', dummyKind.params, { strategy: 'uniform' })).toThrow(
      'parameter strategy of the dummy model must be one of "prior", "most_frequent", "stratified" (found "uniform")',
    );
  });
});
