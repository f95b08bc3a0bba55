import { describe, expect, it } from 'vitest';
import { feature, fitAll, frameOf, numbers, thrown } from './test-frames.js';

describe('ratio', () => {
  const frame = frameOf(numbers('a', [6, 1, null, 3, 8]), numbers('b', [3, 0, 2, null, 4]));

  it('adds <a>_per_<b>, missing where the denominator is 0 or either side is missing, and keeps the sources', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { steps: [{ step: 'ratio', numerator: 'a', denominator: 'b' }] });
    expect(pipeline.featureNames).toEqual(['a', 'b', 'a_per_b']);
    expect(feature(trainMatrix, 'a_per_b')).toEqual([2, NaN, NaN, NaN, 2]);
    expect(feature(trainMatrix, 'a')).toEqual([6, 1, NaN, 3, 8]);
  });

  it('gives the new column and its sources the default treatment of numbers in the dense encodings', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'unscaled', steps: [{ step: 'ratio', numerator: 'a', denominator: 'b' }] });
    expect(pipeline.featureNames).toEqual(['a', 'a__missing', 'b', 'b__missing', 'a_per_b', 'a_per_b__missing']);
    expect(feature(trainMatrix, 'a_per_b')).toEqual([2, 2, 2, 2, 2]);
    expect(feature(trainMatrix, 'a_per_b__missing')).toEqual([0, 1, 1, 1, 0]);
  });

  it('refuses a new column whose name is taken', () => {
    const taken = frameOf(numbers('a', [1, 2]), numbers('b', [1, 2]), numbers('a_per_b', [1, 2]));
    expect(thrown(() => fitAll(taken, { steps: [{ step: 'ratio', numerator: 'a', denominator: 'b' }] })).message).toBe(
      'features.0 (ratio) would add the column "a_per_b", but a column of that name already exists',
    );
  });
});
