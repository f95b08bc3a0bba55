import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { RadixArgsort } from './radix-argsort.js';

function reference(values: Float32Array): number[] {
  return [...values.keys()].sort((a, b) => values[a]! - values[b]! || a - b);
}

describe('RadixArgsort', () => {
  it('orders values ascending and keeps equal values in index order', () => {
    const rng = new Rng(5);
    const values = Float32Array.from({ length: 5000 }, () => {
      const u = rng.next();
      return u < 0.3 ? Math.floor(u * 20) - 3 : (u - 0.5) * 10 ** Math.floor(rng.next() * 12 - 6);
    });
    const order = new Uint32Array(values.length);
    new RadixArgsort(values.length).sort(values, order);
    expect([...order]).toEqual(reference(values));
  });

  it('handles negative numbers, zeros of both signs, extremes and single elements', () => {
    const values = Float32Array.from([3, -0, -1e30, 0, 1e-30, -2.5, 3.4e38, -3.4e38, 0]);
    const sorter = new RadixArgsort(values.length);
    const order = new Uint32Array(values.length);
    sorter.sort(values, order);
    expect([...order].map((i) => values[i])).toEqual([-3.4e38, -1e30, -2.5, -0, 0, 0, 1e-30, 3, 3.4e38].map(Math.fround));
    const one = new Uint32Array(1);
    sorter.sort(Float32Array.from([7]), one);
    expect([...one]).toEqual([0]);
  });

  it('refuses more values than its capacity', () => {
    expect(() => new RadixArgsort(2).sort(new Float32Array(3), new Uint32Array(3))).toThrow(/capacity 2/);
  });
});
