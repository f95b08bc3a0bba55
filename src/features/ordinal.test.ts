import { describe, expect, it } from 'vitest';
import { categories, feature, fitAll, frameOf } from './test-frames.js';

describe('ordinal', () => {
  const frame = frameOf(categories('c', ['b', 'a', 'c', null]));

  it('codes levels by their sorted text; native leaves missing and unseen as NaN and reports a categorical feature', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'native', steps: [{ step: 'ordinal', columns: ['c'] }] });
    expect(feature(trainMatrix, 'c')).toEqual([1, 0, 2, NaN]);
    expect(pipeline.categoricalFeatures).toEqual([0]);
    expect(feature(pipeline.transform([{ c: 'zzz' }, { c: 'c' }]), 'c')).toEqual([NaN, 2]);
  });

  it('gives missing and unseen levels -1 in the dense encodings and is not a categorical feature there', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'unscaled', steps: [{ step: 'ordinal', columns: ['c'] }] });
    expect(feature(trainMatrix, 'c')).toEqual([1, 0, 2, -1]);
    expect(pipeline.categoricalFeatures).toEqual([]);
    expect(feature(pipeline.transform([{ c: 'zzz' }]), 'c')).toEqual([-1]);
  });
});
