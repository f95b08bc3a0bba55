import { describe, expect, it } from 'vitest';
import { Frame, type Column } from '../core/frame.js';
import { binaryTarget } from './target.js';

const text = (values: (string | null)[]): Column => {
  const levels = [...new Set(values.filter((v): v is string => v !== null))];
  return { name: 'y', type: 'categorical', levels, codes: Int32Array.from(values, (v) => (v === null ? -1 : levels.indexOf(v))) };
};
const num = (values: number[]): Column => ({ name: 'y', type: 'numeric', values: Float64Array.from(values) });

describe('the binary target', () => {
  it('defaults the positive class to the minority class', () => {
    const t = binaryTarget(new Frame([text(['No', 'Yes', 'No', 'No'])]), 'y');
    expect(t).toMatchObject({ positive: 'Yes', negative: 'No', positiveCount: 1, negativeCount: 3, positiveSource: 'minority' });
    expect([...t.y]).toEqual([0, 1, 0, 0]);
  });

  it("takes the positive class as the label's text, also for numeric labels", () => {
    const t = binaryTarget(new Frame([num([0, 1, 1, 0, 1])]), 'y', { label: '0', source: 'config' });
    expect(t).toMatchObject({ positive: '0', negative: '1', positiveSource: 'config' });
    expect([...t.y]).toEqual([1, 0, 0, 1, 0]);
  });

  it('rejects a positive class that is not a label, naming the labels', () => {
    expect(() => binaryTarget(new Frame([text(['a', 'b'])]), 'y', { label: 'yes', source: 'flag' })).toThrow(
      'positive class "yes" is not a value of target "y" (its values are "a" and "b")',
    );
  });

  it('says binary classification comes first for more than two classes', () => {
    expect(() => binaryTarget(new Frame([text(['a', 'b', 'c'])]), 'y')).toThrow('target "y" has 3 distinct values ("a", "b", "c"); Flywheel does binary classification first');
    expect(() => binaryTarget(new Frame([num(Array.from({ length: 100 }, (_, i) => i / 3))]), 'y')).toThrow('more than 50 distinct values');
  });

  it('rejects a target with one class', () => {
    expect(() => binaryTarget(new Frame([text(['a', 'a'])]), 'y')).toThrow('target "y" has one class only ("a"); a binary classifier needs two');
  });

  it('counts the rows where the target is missing', () => {
    expect(() => binaryTarget(new Frame([text(['a', null, 'b', null])]), 'y')).toThrow('target "y" is missing in 2 of 4 rows');
  });
});
