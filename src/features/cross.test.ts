import { describe, expect, it } from 'vitest';
import { categories, feature, fitAll, frameOf } from './test-frames.js';

describe('cross', () => {
  const frame = frameOf(categories('a', ['x', 'y', 'x', null, 'x']), categories('b', ['p', 'p', 'q', 'q', 'p']));

  it('makes <a>_x_<b> from the pairs of levels, missing when either side is, coded like any category in native', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { steps: [{ step: 'cross', columns: ['a', 'b'] }] });
    expect(pipeline.featureNames).toEqual(['a', 'b', 'a_x_b']);
    // Levels by text: x|p = 0, x|q = 1, y|p = 2.
    expect(feature(trainMatrix, 'a_x_b')).toEqual([0, 2, 1, NaN, 0]);
    expect(pipeline.categoricalFeatures).toEqual([0, 1, 2]);
    expect(feature(pipeline.transform([{ a: 'y', b: 'q' }]), 'a_x_b')).toEqual([NaN]);
  });

  it('one-hot encodes the crossed column in the dense encodings, capped at its max_levels', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'unscaled', steps: [{ step: 'cross', columns: ['a', 'b'], max_levels: 1 }] });
    expect(pipeline.featureNames.filter((n) => n.startsWith('a_x_b'))).toEqual(['a_x_b=x|p', 'a_x_b=__other__', 'a_x_b=__missing__']);
    expect(feature(trainMatrix, 'a_x_b=x|p')).toEqual([1, 0, 0, 0, 1]);
    expect(feature(trainMatrix, 'a_x_b=__other__')).toEqual([0, 1, 1, 0, 0]);
    // The sources keep their own default one-hot columns, capped at 20.
    expect(pipeline.featureNames).toContain('a=x');
  });
});
