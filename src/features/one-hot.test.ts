import { describe, expect, it } from 'vitest';
import { categories, feature, fitAll, frameOf, numbers } from './test-frames.js';

describe('one_hot', () => {
  const frame = frameOf(categories('x', ['d', 'a', 'c', 'b', 'a', 'b', 'c', 'a', null]));

  it('keeps the most frequent levels (ties by text) and sends the rest to <col>=__other__', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { steps: [{ step: 'one_hot', columns: ['x'], max_levels: 2 }] });
    expect(pipeline.featureNames).toEqual(['x=a', 'x=b', 'x=__other__', 'x=__missing__']);
    expect(feature(trainMatrix, 'x=a')).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0]);
    expect(feature(trainMatrix, 'x=b')).toEqual([0, 0, 0, 1, 0, 1, 0, 0, 0]);
    expect(feature(trainMatrix, 'x=__other__')).toEqual([1, 0, 1, 0, 0, 0, 1, 0, 0]);
    expect(feature(trainMatrix, 'x=__missing__')).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('sends rare and unseen levels to __other__ and missing values to __missing__ at scoring time, never failing', () => {
    const { pipeline } = fitAll(frame, { steps: [{ step: 'one_hot', columns: ['x'], max_levels: 2 }] });
    const X = pipeline.transform([{ x: 'c' }, { x: 'never seen' }, { x: null }, { x: 'b' }, { x: 42 }]);
    expect(feature(X, 'x=__other__')).toEqual([1, 1, 0, 0, 1]);
    expect(feature(X, 'x=__missing__')).toEqual([0, 0, 1, 0, 0]);
    expect(feature(X, 'x=b')).toEqual([0, 0, 0, 1, 0]);
  });

  it('has no __other__ column when every training level is kept; an unseen level is then all zeros', () => {
    const { pipeline } = fitAll(frameOf(categories('x', ['b', 'a', 'b'])), { steps: [{ step: 'one_hot', columns: ['x'] }] });
    expect(pipeline.featureNames).toEqual(['x=a', 'x=b']);
    const X = pipeline.transform([{ x: 'zzz' }, { x: null }]);
    expect([...X.data]).toEqual([0, 0, 0, 0]);
  });

  it('encodes a numeric column by the text of its values', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(numbers('n', [2, 1, 2])), { steps: [{ step: 'one_hot', columns: ['n'] }] });
    expect(pipeline.featureNames).toEqual(['n=1', 'n=2']);
    expect(feature(trainMatrix, 'n=2')).toEqual([1, 0, 1]);
    expect(feature(pipeline.transform([{ n: '1' }, { n: 1 }]), 'n=1')).toEqual([1, 1]);
  });
});
