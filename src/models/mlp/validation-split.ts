// The rows held out for early stopping when the caller gives no validation set: a seeded, stratified
// share of the training rows, sized as scikit-learn's train_test_split (ceil(fraction · n) held out,
// each class in proportion, the remainder going to the classes with the largest fractional share).

import type { Rng } from '../../core/rng.js';

export interface RowSplit {
  /** Rows that fit the parameters, ascending. */
  train: Int32Array;
  /** Rows that score each epoch, ascending. */
  valid: Int32Array;
}

export function stratifiedHoldout(y: Uint8Array, fraction: number, rng: Rng): RowSplit {
  const n = y.length;
  const nValid = Math.min(n - 1, Math.ceil(fraction * n));
  const byClass: number[][] = [[], []];
  for (let i = 0; i < n; i++) byClass[y[i]!]!.push(i);
  const exact = byClass.map((rows) => (rows.length * nValid) / n);
  const take = exact.map(Math.floor);
  // Hand the rows lost to flooring to the class with the larger remainder (class 0 on a tie).
  let left = nValid - take[0]! - take[1]!;
  const order = exact[1]! - take[1]! > exact[0]! - take[0]! ? [1, 0] : [0, 1];
  for (const c of order) {
    if (left > 0 && take[c]! < byClass[c]!.length) {
      take[c]! += 1;
      left -= 1;
    }
  }
  const isValid = new Uint8Array(n);
  byClass.forEach((rows, c) => {
    const shuffled = rng.shuffle(Int32Array.from(rows));
    for (let k = 0; k < take[c]!; k++) isValid[shuffled[k]!] = 1;
  });
  const train = new Int32Array(n - nValid);
  const valid = new Int32Array(nValid);
  let t = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    if (isValid[i] === 1) valid[v++] = i;
    else train[t++] = i;
  }
  return { train, valid };
}
