import { describe, expect, it } from 'vitest';
import { feature, fitAll, frameOf, numbers } from './test-frames.js';

describe('scale', () => {
  it('subtracts the training mean and divides by the population standard deviation', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(numbers('a', [1, 2, 3, 4])), { steps: [{ step: 'scale', columns: ['a'] }] });
    const std = Math.sqrt(1.25);
    expect(feature(trainMatrix, 'a')).toEqual([-1.5 / std, -0.5 / std, 0.5 / std, 1.5 / std]);
    expect(feature(pipeline.transform([{ a: 12.5 }]), 'a')).toEqual([10 / std]);
    expect(pipeline.toJSON().steps[0]).toEqual({ step: 'scale', origin: 'features', method: 'standard', columns: [{ column: 'a', mean: 2.5, std }] });
  });

  it('divides a column with no spread by 1 instead of 0', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(numbers('a', [5, 5, 5])), { steps: [{ step: 'scale', columns: ['a'] }] });
    expect(feature(trainMatrix, 'a')).toEqual([0, 0, 0]);
    expect(feature(pipeline.transform([{ a: 7 }]), 'a')).toEqual([2]);
  });

  it('leaves missing values missing and ignores them in the statistics', () => {
    const { trainMatrix } = fitAll(frameOf(numbers('a', [0, null, 2])), { steps: [{ step: 'scale', columns: ['a'] }] });
    expect(feature(trainMatrix, 'a')).toEqual([-1, NaN, 1]);
  });
});
