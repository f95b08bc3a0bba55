import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { scratchDir } from '../../test/fixtures.js';
import { ProfileSource, type ProfileColumnRequest, type ProfileTargetRequest } from './profile-sql.js';
import { snapshotFile } from './snapshot.js';

function file(name: string, text: string): string {
  const path = join(scratchDir(), name);
  writeFileSync(path, text);
  return path;
}

async function withSource<T>(
  path: string,
  columns: ProfileColumnRequest[],
  target: ProfileTargetRequest | undefined,
  body: (source: ProfileSource) => Promise<T>,
): Promise<T> {
  const source = await ProfileSource.open(path, columns, target);
  try {
    return await body(source);
  } finally {
    await source.close();
  }
}

async function openError(path: string, columns: ProfileColumnRequest[], target?: ProfileTargetRequest): Promise<FlywheelError> {
  try {
    await (await ProfileSource.open(path, columns, target)).close();
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error(`expected ${path} to be rejected`);
}

const CSV = [
  'label,x,city,flag,day,code',
  'yes,1.5,Paris,true,2024-01-02,3',
  'no,0,Lyon,false,2024-01-03,3',
  'yes,,Paris,true,2024-01-04,7',
  'no,inf,,false,,7',
  'no,-2,Nice,false,2024-01-06,9',
  'yes,0,Paris,,2024-01-07,3',
].join('\n');

const COLUMNS: ProfileColumnRequest[] = [
  { name: 'label', type: 'categorical' },
  { name: 'x', type: 'numeric' },
  { name: 'city', type: 'categorical' },
  { name: 'flag', type: 'boolean' },
  { name: 'day', type: 'datetime' },
  { name: 'code', type: 'categorical' },
];

describe('ProfileSource (the SQL of the data profile)', () => {
  it('holds numbers, booleans and dates as numbers and text as text, and checks the target', async () => {
    await withSource(file('a.csv', CSV), COLUMNS, { name: 'label', positive: 'yes' }, async (source) => {
      expect(source.rows).toBe(6);
      expect(COLUMNS.map((c) => source.storageOf(c.name))).toEqual(['text', 'number', 'text', 'number', 'number', 'number']);
      expect(source.target).toEqual({ name: 'label', positive: 'yes', negative: 'no', positiveCount: 3, negativeCount: 3 });
    });
  });

  it('computes counts, finite min/max/mean, sample std, zeros, infinities and the target correlation in one pass', async () => {
    await withSource(file('a.csv', CSV), COLUMNS, { name: 'label', positive: 'yes' }, async (source) => {
      const aggregates = await source.columnAggregates(['x', 'city', 'flag']);
      const x = aggregates.get('x')!;
      expect(x.count).toBe(5);
      const finite = [1.5, 0, -2, 0];
      const mean = finite.reduce((a, b) => a + b) / 4;
      const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
      expect(x.numbers).toMatchObject({ min: -2, max: 1.5, finiteCount: 4, zeros: 2, infinities: 1 });
      expect(x.numbers!.mean).toBeCloseTo(mean, 12);
      expect(x.numbers!.std).toBeCloseTo(std, 12);
      // Finite x against y = [1, 0, 0, 1] on the rows where x is finite.
      expect(x.numbers!.targetCorrelation).toBeCloseTo(pearson(finite, [1, 0, 0, 1]), 12);
      expect(aggregates.get('city')).toEqual({ count: 5 });
      expect(aggregates.get('flag')!.numbers!.mean).toBeCloseTo(2 / 5, 12);
    });
  });

  it('counts levels with their positives, most frequent first and ties by level, missing apart', async () => {
    await withSource(file('a.csv', CSV), COLUMNS, { name: 'label', positive: 'yes' }, async (source) => {
      const levels = await source.levelCounts(
        [
          { name: 'city', allLevels: true },
          { name: 'code', allLevels: true },
          { name: 'flag', allLevels: true },
        ],
        10,
      );
      expect(levels.get('city')).toEqual({
        distinct: 3,
        numericCount: 0,
        complete: true,
        missing: { count: 1, positives: 0 },
        levels: [
          { level: 'Paris', count: 3, positives: 3 },
          { level: 'Lyon', count: 1, positives: 0 },
          { level: 'Nice', count: 1, positives: 0 },
        ],
      });
      expect(levels.get('code')!.levels.map((l) => [l.level, l.count])).toEqual([
        [3, 3],
        [7, 2],
        [9, 1],
      ]);
      expect(levels.get('flag')!.levels).toEqual([
        { level: 0, count: 3, positives: 0 },
        { level: 1, count: 2, positives: 2 },
      ]);
    });
  });

  it('returns only the top K levels of a column unless all are asked for, with the full distinct count', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i % 2 === 0 ? 'a' : 'b'},v${i % 7}`);
    const path = file('b.csv', ['y,v', ...rows].join('\n'));
    await withSource(path, [{ name: 'v', type: 'text' }], undefined, async (source) => {
      const top = (await source.levelCounts([{ name: 'v', allLevels: false }], 3)).get('v')!;
      expect(top.distinct).toBe(7);
      expect(top.complete).toBe(false);
      expect(top.levels).toEqual([
        { level: 'v0', count: 6, positives: 0 },
        { level: 'v1', count: 6, positives: 0 },
        { level: 'v2', count: 6, positives: 0 },
      ]);
    });
  });

  it('counts duplicate rows exactly, a missing value equal to a missing value (as pandas duplicated())', async () => {
    const path = file('d.csv', 'a,b,c\n1,,x\n1,,x\n2,3,y\n1,,x\n2,3,z\n');
    await withSource(path, [{ name: 'a', type: 'numeric' }], undefined, async (source) => {
      expect(await source.duplicateRows()).toBe(2);
    });
    const unique = file('u.csv', 'a,b\n1,2\n2,1\n');
    await withSource(unique, [{ name: 'a', type: 'numeric' }], undefined, async (source) => expect(await source.duplicateRows()).toBe(0));
  });

  it('reads number-stored columns and the 0/1 target into typed arrays in row order', async () => {
    await withSource(file('a.csv', CSV), COLUMNS, { name: 'label', positive: 'yes' }, async (source) => {
      const { columns, y } = await source.readNumbers(['x', 'flag', 'day']);
      expect([...columns[0]!]).toEqual([1.5, 0, NaN, Infinity, -2, 0]);
      expect([...columns[1]!]).toEqual([1, 0, 1, 0, 0, NaN]);
      expect(columns[2]![0]).toBe(Date.UTC(2024, 0, 2));
      expect(Number.isNaN(columns[2]![3]!)).toBe(true);
      expect([...y!]).toEqual([1, 0, 1, 0, 0, 1]);
      await expect(source.readNumbers(['city'])).rejects.toThrow(/held as text/);
    });
  });

  it('splits wide tables into batches of columns and keeps every batch in row order', async () => {
    const names = Array.from({ length: 230 }, (_, c) => `c${c}`);
    const rows = Array.from({ length: 50 }, (_, r) => [r % 2 === 0 ? 'a' : 'b', ...names.map((_, c) => String(r * 1000 + c))].join(','));
    const path = file('wide.csv', [['y', ...names].join(','), ...rows].join('\n'));
    const requests = names.map((name) => ({ name, type: 'numeric' as const }));
    await withSource(path, requests, { name: 'y', positive: 'a' }, async (source) => {
      const aggregates = await source.columnAggregates(names);
      expect(aggregates.get('c229')!.numbers).toMatchObject({ min: 229, max: 49229 });
      const { columns, y } = await source.readNumbers(names);
      expect(columns[229]![7]).toBe(7229);
      expect(columns[150]![49]).toBe(49150);
      expect(y![0]).toBe(1);
      expect(y![1]).toBe(0);
    });
  });

  it('reads text dates with the format read.ts would choose for the whole column', async () => {
    const path = file('t.csv', 'when,y\n03/04/2024,a\n25/04/2024,b\n');
    await withSource(path, [{ name: 'when', type: 'datetime' }], undefined, async (source) => {
      const { columns } = await source.readNumbers(['when']);
      // 25/04 rules out month-first, so 03/04 is 3 April.
      expect([...columns[0]!]).toEqual([Date.UTC(2024, 3, 3), Date.UTC(2024, 3, 25)]);
    });
  });

  it('reads a snapshot Parquet file with the same types as its CSV', async () => {
    const csv = file('s.csv', CSV);
    const snapshot = await snapshotFile(csv, scratchDir());
    const fromCsv = await withSource(csv, COLUMNS, { name: 'label', positive: 'yes' }, (s) => s.columnAggregates(COLUMNS.map((c) => c.name)));
    const fromParquet = await withSource(snapshot.absolutePath, COLUMNS, { name: 'label', positive: 'yes' }, (s) => s.columnAggregates(COLUMNS.map((c) => c.name)));
    expect(fromParquet).toEqual(fromCsv);
  });

  it('matches a numeric 0/1 target by the label text JavaScript prints', async () => {
    const path = file('n.csv', 'y,x\n1,2\n0,3\n1,4\n');
    await withSource(path, [{ name: 'x', type: 'numeric' }], { name: 'y', positive: '1' }, async (source) => {
      expect(source.target).toMatchObject({ positive: '1', negative: '0', positiveCount: 2 });
    });
  });

  it('rejects a schema column that is not in the file and suggests the closest name', async () => {
    const error = await openError(file('a.csv', CSV), [{ name: 'citty', type: 'categorical' }]);
    expect(error.code).toBe('column_not_found');
    expect(error.message).toMatch(/column "citty" of the schema is not in/);
    expect(error.hint).toMatch(/city/);
  });

  it('rejects a target with missing labels, with one class, or without the positive class', async () => {
    const missing = await openError(file('m.csv', 'y,x\nyes,1\n,2\nno,3\n'), [], { name: 'y', positive: 'yes' });
    expect([missing.code, missing.message]).toEqual(['target_invalid', 'target "y" is missing in 1 of 3 rows']);
    const one = await openError(file('o.csv', 'y,x\nyes,1\nyes,2\n'), [], { name: 'y', positive: 'yes' });
    expect(one.message).toBe('target "y" has one class only ("yes"); a binary classifier needs two');
    const three = await openError(file('t.csv', 'y,x\na,1\nb,2\nc,3\n'), [], { name: 'y', positive: 'a' });
    expect(three.message).toMatch(/^target "y" has 3 distinct values/);
    const absent = await openError(file('p.csv', 'y,x\nyes,1\nno,2\n'), [], { name: 'y', positive: 'Yes' });
    expect(absent.message).toBe('positive class "Yes" is not a value of target "y" (its values are "no" and "yes")');
  });

  it('rejects a missing file and a file without rows', async () => {
    expect((await openError(join(scratchDir(), 'none.csv'), [])).code).toBe('file_not_found');
    expect((await openError(file('h.csv', 'a,b\n'), [])).message).toMatch(/has a header but no data rows|could not be read/);
  });
});

function pearson(a: number[], b: number[]): number {
  const n = a.length;
  const ma = a.reduce((s, v) => s + v) / n;
  const mb = b.reduce((s, v) => s + v) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
