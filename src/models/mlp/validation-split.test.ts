import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { stratifiedHoldout } from './validation-split.js';

/** nPositive 1s spread evenly among nNegative 0s, so that row order says nothing about the class. */
function labels(nPositive: number, nNegative: number): Uint8Array {
  const n = nPositive + nNegative;
  const y = new Uint8Array(n);
  for (let k = 0; k < nPositive; k++) y[Math.floor((k * n) / nPositive)] = 1;
  return y;
}

describe('the early-stopping hold-out', () => {
  it('holds out ceil(fraction · n) rows, each class in proportion, as scikit-learn sizes it', () => {
    const y = labels(60, 366);
    const { train, valid } = stratifiedHoldout(y, 0.1, new Rng(1));
    expect(valid.length).toBe(43);
    expect(train.length).toBe(383);
    expect(valid.reduce((n, i) => n + y[i]!, 0)).toBe(6);
  });

  it('splits every row exactly once, both sides ascending', () => {
    const y = labels(37, 80);
    const { train, valid } = stratifiedHoldout(y, 0.25, new Rng(2));
    const all = [...train, ...valid].sort((a, b) => a - b);
    expect(all).toEqual([...y.keys()]);
    for (const side of [train, valid]) for (let k = 1; k < side.length; k++) expect(side[k]!).toBeGreaterThan(side[k - 1]!);
  });

  it('gives the same rows for the same seed and other rows for another', () => {
    const y = labels(50, 150);
    const a = stratifiedHoldout(y, 0.1, new Rng(5)).valid;
    expect(stratifiedHoldout(y, 0.1, new Rng(5)).valid).toEqual(a);
    expect(stratifiedHoldout(y, 0.1, new Rng(6)).valid).not.toEqual(a);
  });

  it('keeps at least one training row on tiny inputs', () => {
    const { train, valid } = stratifiedHoldout(Uint8Array.from([0, 1]), 0.9, new Rng(1));
    expect(train.length).toBe(1);
    expect(valid.length).toBe(1);
  });
});
