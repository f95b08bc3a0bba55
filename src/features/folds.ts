// Seeded stratified folds for out-of-fold encodings: each class's rows are shuffled and dealt round
// robin, so every fold holds close to the same share of positives. Same seed and labels, same folds.

import { Rng } from '../core/rng.js';

/** Folds of out-of-fold target encoding. */
export const TARGET_ENCODING_FOLDS = 5;

/** The fold (0 … k-1) of each row. */
export function stratifiedFolds(y: Uint8Array, k: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  const fold = new Uint8Array(y.length);
  let dealt = 0;
  for (const label of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === label) members.push(i);
    const rows = rng.shuffle(Uint32Array.from(members));
    // The second class continues the deal where the first stopped, so small folds stay balanced in size.
    for (let j = 0; j < rows.length; j++) fold[rows[j]!] = (dealt + j) % k;
    dealt += rows.length;
  }
  return fold;
}
