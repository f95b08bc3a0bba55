import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { correlatedPairs, pearsonMatrix } from './correlation.js';

/** Pearson r over the rows where both are finite, with two-pass means (as pandas' nancorr). */
function naivePearson(a: Float64Array, b: Float64Array): number {
  const rows: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i]!) && Number.isFinite(b[i]!)) rows.push(i);
  if (rows.length < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (const i of rows) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= rows.length;
  mb /= rows.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (const i of rows) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Correlated columns (shared factors), some with missing and infinite values. */
function columns(k: number, n: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const factors = [0, 1, 2].map(() => Float64Array.from({ length: n }, normal));
  return Array.from({ length: k }, (_, c) => {
    const f = factors[c % 3]!;
    const weight = 0.2 + (c % 5) * 0.2;
    const values = Float64Array.from({ length: n }, (_, i) => 100 + 50 * (weight * f[i]! + normal()));
    if (c % 4 === 1) for (let i = 0; i < n; i++) if (rng.next() < 0.1) values[i] = NaN;
    if (c % 7 === 3) values[c] = Infinity;
    return values;
  });
}

describe('pairwise-complete Pearson correlation over typed arrays', () => {
  it('matches a direct pairwise computation across row chunks and column blocks, with missing and infinite values', () => {
    // 70 columns span two 64-column blocks; 2,500 rows span three 1,024-row chunks.
    const data = columns(70, 2500, 7);
    const r = pearsonMatrix(data);
    let largest = 0;
    for (let a = 0; a < data.length; a++) {
      for (let b = 0; b < data.length; b++) {
        const expected = a === b ? 1 : naivePearson(data[a]!, data[b]!);
        largest = Math.max(largest, Math.abs(r[a * data.length + b]! - expected));
      }
    }
    expect(largest).toBeLessThan(1e-12);
  });

  it('gives the same r when the caller supplies other centring and scaling values (r does not depend on them)', () => {
    const data = columns(6, 1500, 11);
    const own = pearsonMatrix(data);
    const shifted = pearsonMatrix(data, data.map((_, c) => ({ mean: 90 + c, std: 40 + c })));
    own.forEach((r, i) => (Number.isNaN(r) ? expect(shifted[i]).toBeNaN() : expect(Math.abs(shifted[i]! - r)).toBeLessThan(1e-12)));
  });

  it('gives NaN for a constant column and for a pair with fewer than two common rows', () => {
    const constant = Float64Array.from([3, 3, 3, 3]);
    const x = Float64Array.from([1, 2, 3, 4]);
    const sparse = Float64Array.from([NaN, NaN, NaN, 5]);
    const other = Float64Array.from([1, NaN, 2, 8]);
    const r = pearsonMatrix([constant, x, sparse, other]);
    expect(Number.isNaN(r[0 * 4 + 1]!)).toBe(true);
    expect(Number.isNaN(r[2 * 4 + 3]!)).toBe(true);
    expect(r[1 * 4 + 3]).toBeCloseTo(naivePearson(x, other), 14);
  });

  it('reports the pairs at or above the threshold, strongest first', () => {
    const base = Float64Array.from({ length: 200 }, (_, i) => Math.sin(i));
    const flipped = base.map((v) => -2 * v + 1);
    const noisy = base.map((v, i) => v + 0.3 * Math.cos(7 * i));
    const unrelated = Float64Array.from({ length: 200 }, (_, i) => Math.cos(3.1 * i + 0.5));
    const result = correlatedPairs(
      [
        { name: 'base', values: base },
        { name: 'flipped', values: flipped },
        { name: 'noisy', values: noisy },
        { name: 'unrelated', values: unrelated },
      ],
      { threshold: 0.9, maxColumns: 10 },
    );
    expect(result.columns).toBe(4);
    expect(result.limitedTo).toBeUndefined();
    expect(result.pairs.map((p) => `${p.a}~${p.b}`)).toEqual(expect.arrayContaining(['base~noisy', 'flipped~noisy']));
    expect(result.pairs.map((p) => `${p.a}~${p.b}`)[0]).toBe('base~flipped');
    expect(result.pairs).toHaveLength(3);
    expect(result.pairs[0]!.r).toBeCloseTo(-1, 12);
  });

  it('keeps the columns with the highest score when there are too many, and says so', () => {
    const data = columns(5, 300, 3);
    const result = correlatedPairs(
      data.map((values, i) => ({ name: `c${i}`, values, score: [0.6, 0.9, 0.55, 0.8, 0.7][i] })),
      { threshold: 0, maxColumns: 3, scoreName: 'single-feature ROC-AUC against the target' },
    );
    expect(result.columns).toBe(3);
    expect(new Set(result.pairs.flatMap((p) => [p.a, p.b]))).toEqual(new Set(['c1', 'c3', 'c4']));
    expect(result.limitedTo).toBe(
      'the 3 of 5 columns with the highest single-feature ROC-AUC against the target (maxCorrelationColumns = 3); pairs among the other columns were not computed',
    );
  });

  it('keeps the first columns in file order when there is no score to rank them by', () => {
    const data = columns(4, 100, 5);
    const result = correlatedPairs(
      data.map((values, i) => ({ name: `c${i}`, values })),
      { threshold: 0, maxColumns: 2 },
    );
    expect(result.pairs.map((p) => [p.a, p.b])).toEqual([['c0', 'c1']]);
    expect(result.limitedTo).toMatch(/^the first 2 of 4 columns in file order/);
  });
});
