import { describe, expect, it } from 'vitest';
import { feature, fitAll, frameOf, numbers, thrown } from './test-frames.js';

describe('log1p', () => {
  it('takes log(1 + x) and keeps missing values missing', () => {
    const { trainMatrix } = fitAll(frameOf(numbers('a', [0, Math.E - 1, 9, null])), { steps: [{ step: 'log1p', columns: ['a'] }] });
    expect(feature(trainMatrix, 'a')).toEqual([0, Math.log1p(Math.E - 1), Math.log(10), NaN]);
  });

  it('refuses a training value at or below -1 and names the column and the value', () => {
    const error = thrown(() => fitAll(frameOf(numbers('balance', [3, -1.5, 2])), { steps: [{ step: 'log1p', columns: ['balance'] }] }));
    expect(error.code).toBe('data_invalid');
    expect(error.message).toBe('features.0 (log1p): column "balance" has the value -1.5 on the training rows; log1p needs values above -1');
    expect(error.hint).toBe('clip the column first (a clip step with lower: 0 before log1p), or remove "balance" from the log1p step');
    expect(thrown(() => fitAll(frameOf(numbers('b', [-1, 0])), { steps: [{ step: 'log1p', columns: ['b'] }] })).code).toBe('data_invalid');
  });

  it('raises a scoring value below the smallest training value to it, so the output stays finite', () => {
    const { pipeline } = fitAll(frameOf(numbers('a', [0.5, 3])), { steps: [{ step: 'log1p', columns: ['a'] }] });
    expect(feature(pipeline.transform([{ a: -5 }, { a: 0 }, { a: 3 }]), 'a')).toEqual([Math.log1p(0.5), Math.log1p(0.5), Math.log1p(3)]);
  });
});
