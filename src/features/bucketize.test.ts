import { describe, expect, it } from 'vitest';
import { feature, fitAll, frameOf, numbers } from './test-frames.js';

describe('bucketize', () => {
  it('puts each value in the bin of explicit edges, an edge value going to the upper bin', () => {
    const { trainMatrix } = fitAll(frameOf(numbers('a', [-1, 0, 5, 10, 20, null])), { steps: [{ step: 'bucketize', columns: ['a'], edges: [0, 10] }] });
    expect(feature(trainMatrix, 'a')).toEqual([0, 1, 1, 2, 2, NaN]);
  });

  it('fits quantile edges on train', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(numbers('a', [1, 2, 3, 4, 5, 6, 7, 8])), { steps: [{ step: 'bucketize', columns: ['a'], n_bins: 4 }] });
    expect(pipeline.toJSON().steps[0]).toMatchObject({ columns: [{ column: 'a', edges: [2.75, 4.5, 6.25] }] });
    expect(feature(trainMatrix, 'a')).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(feature(pipeline.transform([{ a: -50 }, { a: 50 }]), 'a')).toEqual([0, 3]);
  });

  it('merges repeated quantiles, so heavy ties give fewer bins', () => {
    const { pipeline } = fitAll(frameOf(numbers('a', [0, 0, 0, 0, 0, 0, 1, 2])), { steps: [{ step: 'bucketize', columns: ['a'], n_bins: 4 }] });
    expect(pipeline.toJSON().steps[0]).toMatchObject({ columns: [{ column: 'a', edges: [0, 0.25] }] });
  });
});
