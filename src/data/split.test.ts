import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Column } from '../core/frame.js';
import { Rng } from '../core/rng.js';
import { scratchDir, TELCO_SPLIT } from '../../test/fixtures.js';
import { EXCLUDED, makeSplit, rowsOf, TEST, TRAIN, VALID, type SplitSpec } from './split.js';

const spec = (over: Partial<SplitSpec> = {}): SplitSpec => ({ method: 'stratified', valid: 0.2, test: 0.2, seed: 42, ...over });

function randomLabels(n: number, rate: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: n }, () => (rng.next() < rate ? 1 : 0));
}

function entityColumn(n: number, entities: number, seed: number): Column {
  const rng = new Rng(seed);
  return {
    name: 'customer_id',
    type: 'id',
    levels: Array.from({ length: entities }, (_, i) => `c${i}`),
    codes: Int32Array.from({ length: n }, () => (rng.next() < 0.02 ? -1 : rng.nextInt(entities))),
  };
}

describe('splits', () => {
  it('stratified: the same seed gives the same rows, another seed other rows', async () => {
    const y = randomLabels(1000, 0.3, 1);
    const a = await makeSplit('snap', 1000, spec(), { y });
    const b = await makeSplit('snap', 1000, spec(), { y });
    const c = await makeSplit('snap', 1000, spec({ seed: 43 }), { y });
    expect(b.assignment).toEqual(a.assignment);
    expect(b.hash).toBe(a.hash);
    expect(c.assignment).not.toEqual(a.assignment);
    expect(c.hash).not.toBe(a.hash);
  });

  it('stratified: keeps the class balance on every side, for many seeds and sizes', async () => {
    for (let seed = 0; seed < 25; seed++) {
      const n = 200 + seed * 37;
      const y = randomLabels(n, 0.05 + seed / 60, seed);
      const split = await makeSplit('snap', n, spec({ seed }), { y });
      const positives = y.reduce((s, v) => s + v, 0);
      for (const [side, share] of [
        [TEST, 0.2],
        [VALID, 0.2],
      ] as const) {
        const rows = rowsOf(split.assignment, side);
        const sidePositives = [...rows].reduce((s, r) => s + y[r]!, 0);
        expect(Math.abs(sidePositives - positives * share)).toBeLessThanOrEqual(1);
        expect(Math.abs(rows.length - n * share)).toBeLessThanOrEqual(2);
      }
      expect(split.counts.train + split.counts.valid + split.counts.test).toBe(n);
    }
  });

  it('the hash covers the snapshot and the parameters, not just the rows', async () => {
    const y = randomLabels(100, 0.5, 3);
    const a = await makeSplit('snap-a', 100, spec(), { y });
    const b = await makeSplit('snap-b', 100, spec(), { y });
    expect(b.assignment).toEqual(a.assignment);
    expect(b.hash).not.toBe(a.hash);
  });

  it('group: never puts an entity on two sides (property over many seeds)', async () => {
    for (let seed = 0; seed < 30; seed++) {
      const n = 500 + seed * 11;
      const entity = entityColumn(n, 40 + seed, seed);
      const split = await makeSplit('snap', n, spec({ method: 'group', seed }), { entity });
      const sideOf = new Map<number, number>();
      let singletons = 0;
      let singletonsInTest = 0;
      for (let i = 0; i < n; i++) {
        const code = (entity as { codes: Int32Array }).codes[i]!;
        if (code < 0) {
          // A row without an entity is a group of its own.
          singletons++;
          if (split.assignment[i] === TEST) singletonsInTest++;
          continue;
        }
        const side = split.assignment[i]!;
        if (sideOf.has(code)) expect(sideOf.get(code)).toBe(side);
        sideOf.set(code, side);
      }
      // Fractions count entities.
      const testGroups = [...sideOf.values()].filter((s) => s === TEST).length + singletonsInTest;
      expect(Math.abs(testGroups - 0.2 * (sideOf.size + singletons))).toBeLessThanOrEqual(0.5);
    }
  });

  it('temporal: the oldest rows train, the newest test, and a gap leaves rows out', async () => {
    const day = 86_400_000;
    const n = 100;
    const rng = new Rng(5);
    const times = Float64Array.from({ length: n }, (_, i) => i * day);
    rng.shuffle(times);
    const time: Column = { name: 't', type: 'datetime', values: times };
    const split = await makeSplit('snap', n, spec({ method: 'temporal' }), { time });
    const maxOf = (side: number) => Math.max(...[...rowsOf(split.assignment, side)].map((r) => times[r]!));
    const minOf = (side: number) => Math.min(...[...rowsOf(split.assignment, side)].map((r) => times[r]!));
    expect(split.counts).toEqual({ train: 60, valid: 20, test: 20, excluded: 0 });
    expect(maxOf(TRAIN)).toBeLessThan(minOf(VALID));
    expect(maxOf(VALID)).toBeLessThan(minOf(TEST));

    const gapped = await makeSplit('snap', n, spec({ method: 'temporal', gap: '3d' }), { time });
    expect(gapped.counts).toEqual({ train: 58, valid: 18, test: 20, excluded: 4 });
    expect(Math.min(...[...rowsOf(gapped.assignment, VALID)].map((r) => times[r]!)) - Math.max(...[...rowsOf(gapped.assignment, TRAIN)].map((r) => times[r]!))).toBeGreaterThanOrEqual(3 * day);
    expect(rowsOf(gapped.assignment, EXCLUDED)).toHaveLength(4);
    expect(gapped.params).toMatchObject({ time: 't', gap: '3d' });
  });

  it('temporal: refuses missing times', async () => {
    const time: Column = { name: 't', type: 'datetime', values: Float64Array.from([1, NaN, 3]) };
    await expect(makeSplit('snap', 3, spec({ method: 'temporal' }), { time })).rejects.toThrow('time column "t" is missing in 1 of 3 rows');
  });

  it('file: reads the stored Telco split and carves validation from train only', async () => {
    const y = randomLabels(7043, 0.265, 9);
    const split = await makeSplit('snap', 7043, spec({ method: 'file', file: TELCO_SPLIT }), { y });
    // 1761 test rows as in the file; a fifth of all rows moved from train to valid.
    expect(split.counts.test).toBe(1761);
    expect(split.counts.valid).toBe(1409);
    expect(split.counts.train).toBe(7043 - 1761 - 1409);
    expect(split.params).toMatchObject({ valid_carved_by: 'stratified' });
    const again = await makeSplit('snap', 7043, spec({ method: 'file', file: TELCO_SPLIT }), { y });
    expect(again.hash).toBe(split.hash);
  });

  it('file: rejects files that do not cover every row exactly once', async () => {
    const dir = scratchDir();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const y = new Uint8Array(4);
    await expect(makeSplit('s', 4, spec({ method: 'file', file: write('a.csv', 'row,split\n0,train\n1,test\n2,train\n') }), { y })).rejects.toThrow(
      'does not cover 1 of the 4 data rows (the first is row 3)',
    );
    await expect(makeSplit('s', 4, spec({ method: 'file', file: write('b.csv', 'row,split\n0,train\n1,test\n1,train\n3,train\n') }), { y })).rejects.toThrow(
      'line 4: row 1 appears twice',
    );
    await expect(makeSplit('s', 4, spec({ method: 'file', file: write('c.csv', 'row,split\n0,train\n1,holdout\n2,train\n3,test\n') }), { y })).rejects.toThrow(
      'has the split value "holdout"',
    );
    await expect(makeSplit('s', 4, spec({ method: 'file', file: write('d.csv', 'row,side\n0,train\n') }), { y })).rejects.toThrow('has no "split" column');
  });
});
