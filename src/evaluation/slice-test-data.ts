// Synthetic data for the slice and segment tests: columns, and scores that are informative except
// on chosen rows.

import type { Column } from '../core/frame.js';
import { Rng } from '../core/rng.js';

/** Labels with a 30% positive rate; scores are label + Gaussian noise except on weak rows, where they are noise. */
export function plantedScores(n: number, seed: number, weak: (row: number) => boolean): { y: Uint8Array; scores: Float64Array } {
  const rng = new Rng(seed);
  const y = new Uint8Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = rng.next() < 0.3 ? 1 : 0;
    const u = 1 - rng.next();
    const noise = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
    scores[i] = weak(i) ? rng.next() * 3 - 1 : y[i]! + noise;
  }
  return { y, scores };
}

export function categorical(name: string, codes: ArrayLike<number>, levels: string[]): Column {
  return { name, type: 'categorical', codes: Int32Array.from(codes), levels };
}

export function numeric(name: string, values: ArrayLike<number>, type: 'numeric' | 'boolean' | 'datetime' = 'numeric'): Column {
  return { name, type, values: Float64Array.from(values) };
}
