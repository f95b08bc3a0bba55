import { describe, expect, it } from 'vitest';
import { categories, feature, fitAll, frameOf, numbers, thrown } from './test-frames.js';

describe('impute', () => {
  it('fills missing numbers with the training median and marks them in <col>__missing', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(numbers('a', [1, null, 3, 10])), { steps: [{ step: 'impute', columns: ['a'], indicator: true }] });
    expect(pipeline.featureNames).toEqual(['a', 'a__missing']);
    expect(feature(trainMatrix, 'a')).toEqual([1, 3, 3, 10]);
    expect(feature(trainMatrix, 'a__missing')).toEqual([0, 1, 0, 0]);
    const scored = pipeline.transform([{ a: null }, { a: 7 }, {}]);
    expect(feature(scored, 'a')).toEqual([3, 7, 3]);
    expect(feature(scored, 'a__missing')).toEqual([1, 0, 1]);
  });

  it('takes the median of an even count as the mean of the middle two', () => {
    const { trainMatrix } = fitAll(frameOf(numbers('a', [1, 2, null, 4, 10])), { steps: [{ step: 'impute', columns: ['a'] }] });
    expect(feature(trainMatrix, 'a')).toEqual([1, 2, 3, 4, 10]);
  });

  it('fills with the most frequent value, the smallest on a tie', () => {
    const { trainMatrix } = fitAll(frameOf(numbers('a', [2, 2, 1, 1, null, 5])), { steps: [{ step: 'impute', columns: ['a'], strategy: 'most_frequent' }] });
    expect(feature(trainMatrix, 'a')).toEqual([2, 2, 1, 1, 1, 5]);
  });

  it('fills a categorical column with its most frequent level, the first by text on a tie', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(categories('c', ['b', 'a', 'b', null, 'a'])), {
      steps: [{ step: 'impute', columns: ['c'], strategy: 'most_frequent' }],
    });
    // native: the imputed column still gets integer codes (a = 0, b = 1).
    expect(pipeline.featureNames).toEqual(['c']);
    expect(feature(trainMatrix, 'c')).toEqual([1, 0, 1, 0, 0]);
  });

  it('fills with a constant, adding it as a level of a categorical column', () => {
    const frame = frameOf(numbers('a', [1, null]), categories('c', ['x', null]));
    const { pipeline, trainMatrix } = fitAll(frame, {
      encoding: 'unscaled',
      steps: [
        { step: 'impute', columns: ['a'], strategy: 'constant', value: -1 },
        { step: 'impute', columns: ['c'], strategy: 'constant', value: 'unknown' },
      ],
    });
    expect(feature(trainMatrix, 'a')).toEqual([1, -1]);
    expect(pipeline.featureNames).toEqual(['a', 'c=unknown', 'c=x']);
    expect(feature(pipeline.transform([{ c: null }]), 'c=unknown')).toEqual([1]);
  });

  it('refuses a median of a categorical column and says which strategies fit', () => {
    const error = thrown(() => fitAll(frameOf(categories('c', ['x', null])), { steps: [{ step: 'impute', columns: ['c'] }] }));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('features.0 (impute): column "c" is categorical and has no median');
    expect(error.hint).toBe('use strategy: most_frequent, or strategy: constant with a value');
  });

  it('refuses a median of a column missing on every training row', () => {
    const error = thrown(() => fitAll(frameOf(numbers('a', [null, null]), numbers('b', [1, 2])), { steps: [{ step: 'impute', columns: ['a'] }] }));
    expect(error.message).toBe('features.0 (impute): column "a" is missing on every training row, so it has no median');
  });
});
