import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('the seeded random number generator', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.nextUint32());
    expect(Array.from({ length: 20 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it('draws uniform floats in [0, 1) and integers without bias', () => {
    const rng = new Rng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      counts[rng.nextInt(10)]!++;
    }
    // Each bin expects 10,000; 5 standard deviations is about ±475.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('shuffles into a permutation', () => {
    const values = new Uint32Array(1000).map((_, i) => i);
    new Rng(1).shuffle(values);
    expect([...values].sort((x, y) => x - y)).toEqual([...Array(1000).keys()]);
    expect([...values]).not.toEqual([...Array(1000).keys()]);
  });
});
