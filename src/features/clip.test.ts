import { describe, expect, it } from 'vitest';
import { feature, fitAll, frameOf, numbers } from './test-frames.js';

describe('clip', () => {
  it('bounds values to the given lower and upper limits', () => {
    const { trainMatrix } = fitAll(frameOf(numbers('a', [-5, 0, 5, 10, null])), { steps: [{ step: 'clip', columns: ['a'], lower: 0, upper: 6 }] });
    expect(feature(trainMatrix, 'a')).toEqual([0, 0, 5, 6, NaN]);
  });

  it('fits quantile bounds on the training values by linear interpolation', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(numbers('a', [4, 1, 3, 2])), { steps: [{ step: 'clip', columns: ['a'], q_low: 0.25, q_high: 0.5 }] });
    expect(feature(trainMatrix, 'a')).toEqual([2.5, 1.75, 2.5, 2]);
    expect(feature(pipeline.transform([{ a: -100 }, { a: 100 }]), 'a')).toEqual([1.75, 2.5]);
  });

  it('clips one side only when one bound is given', () => {
    const { trainMatrix } = fitAll(frameOf(numbers('a', [-5, 5])), { steps: [{ step: 'clip', columns: ['a'], lower: 0 }] });
    expect(feature(trainMatrix, 'a')).toEqual([0, 5]);
  });
});
