import { describe, expect, it } from 'vitest';
import { Frame, type Column } from './frame.js';
import { hashFrame, hashJson } from './hash.js';

const numeric = (name: string, values: number[]): Column => ({ name, type: 'numeric', values: Float64Array.from(values) });
const coded = (name: string, codes: number[], levels: string[]): Column => ({ name, type: 'text', codes: Int32Array.from(codes), levels });

describe('content hashes', () => {
  it('do not depend on the order or surplus of categorical levels', () => {
    const a = new Frame([coded('c', [0, 1, -1, 0], ['x', 'y'])]);
    const b = new Frame([coded('c', [2, 0, -1, 2], ['y', 'z', 'x'])]);
    expect(hashFrame(a)).toBe(hashFrame(b));
  });

  it('change when one cell changes, when a column is renamed, or when rows are reordered', () => {
    const base = hashFrame(new Frame([numeric('a', [1, 2, 3]), coded('c', [0, 1, 0], ['x', 'y'])]));
    expect(hashFrame(new Frame([numeric('a', [1, 2, 4]), coded('c', [0, 1, 0], ['x', 'y'])]))).not.toBe(base);
    expect(hashFrame(new Frame([numeric('b', [1, 2, 3]), coded('c', [0, 1, 0], ['x', 'y'])]))).not.toBe(base);
    expect(hashFrame(new Frame([numeric('a', [2, 1, 3]), coded('c', [1, 0, 0], ['x', 'y'])]))).not.toBe(base);
    expect(hashFrame(new Frame([numeric('a', [1, 2, 3]), coded('c', [0, 1, 1], ['x', 'y'])]))).not.toBe(base);
  });

  it('treat every NaN alike and -0 as 0', () => {
    const nan1 = new Float64Array([NaN, 0]);
    const nan2 = new Float64Array(new Uint32Array([0xffffffff, 0x7fffffff, 0, 0x80000000]).buffer);
    expect(hashFrame(new Frame([{ name: 'a', type: 'numeric', values: nan1 }]))).toBe(hashFrame(new Frame([{ name: 'a', type: 'numeric', values: nan2 }])));
  });

  it('hash JSON independently of key order', () => {
    expect(hashJson({ a: 1, b: { c: 2, d: 3 } })).toBe(hashJson({ b: { d: 3, c: 2 }, a: 1 }));
    expect(hashJson({ a: 1 })).not.toBe(hashJson({ a: 2 }));
  });
});
