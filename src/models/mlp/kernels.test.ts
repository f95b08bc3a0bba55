import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { dotRows, transpose } from './kernels.js';

function randomArray(rng: Rng, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rng.next() * 2 - 1);
}

describe('dotRows', () => {
  it('matches the textbook product for every blocking remainder, offsets included', () => {
    const rng = new Rng(3);
    for (const [nP, nQ, len] of [
      [1, 1, 1],
      [2, 4, 3],
      [3, 5, 7],
      [5, 9, 1],
      [4, 1, 64],
      [1, 7, 200],
    ] as const) {
      const P = randomArray(rng, 2 + nP * len);
      const Q = randomArray(rng, 3 + nQ * len);
      const C = new Float64Array(1 + nP * nQ);
      dotRows(P, 2, nP, Q, 3, nQ, len, C, 1);
      expect(C[0]).toBe(0);
      for (let p = 0; p < nP; p++) {
        for (let q = 0; q < nQ; q++) {
          let s = 0;
          for (let k = 0; k < len; k++) s += P[2 + p * len + k]! * Q[3 + q * len + k]!;
          expect(C[1 + p * nQ + q]).toBeCloseTo(s, 12);
        }
      }
    }
  });
});

describe('transpose', () => {
  it('turns a row-major block into its transpose at the given offsets', () => {
    const source = Float64Array.from([9, 1, 2, 3, 4, 5, 6]);
    const target = new Float64Array(7);
    transpose(source, 1, 2, 3, target, 1);
    expect([...target]).toEqual([0, 1, 4, 2, 5, 3, 6]);
  });
});
