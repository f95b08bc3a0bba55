import { describe, expect, it } from 'vitest';
import { chanceEqualRows, rowKeys } from './row-hash.js';
import { coded, numeric } from './test-frames.js';

describe('row keys', () => {
  it('gives equal rows equal keys: missing equals missing and -0 equals 0', () => {
    const keys = rowKeys([numeric('a', [1, 1, NaN, NaN, 0, -0, 2]), coded('b', ['x', 'x', undefined, undefined, 'y', 'y', 'x'])], 7);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
    expect(keys[4]).toBe(keys[5]);
    expect(new Set(keys).size).toBe(4);
  });

  it('tells apart values swapped between columns', () => {
    const keys = rowKeys([numeric('a', [1, 2]), numeric('b', [2, 1])], 2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('estimates the chance that two distinct rows are equal when columns are independent', () => {
    // a: two values, 2 rows each → 2·2·1 / (4·3) = 1/3; b: all distinct → 0.
    expect(chanceEqualRows([coded('a', ['x', 'x', 'y', 'y'])], 4)).toBeCloseTo(1 / 3);
    expect(chanceEqualRows([coded('a', ['x', 'x', 'y', 'y']), numeric('b', [1, 2, 3, 4])], 4)).toBe(0);
  });
});
