import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { inferSchema, type Schema } from '../data/infer.js';
import { readTable } from '../data/read.js';
import { snapshotFile } from '../data/snapshot.js';
import { dataset, scratchDir } from '../../test/fixtures.js';
import { defaultCorrelationColumns, histogram, levelRateAuc, orderStatistics, profileDataset } from './profile.js';
import { sortFloat64 } from '../core/float-sort.js';
import { resolveProfileOptions, type ColumnProfile, type Profile } from './profile-types.js';

interface ReferenceColumn {
  name: string;
  type: string;
  count: number;
  missing: number;
  distinct: number;
  top_counts: number[];
  near_constant: boolean;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  quantiles?: Record<string, number>;
  skew?: number;
  zeros?: number;
  infinities?: number;
  histogram?: { edges: number[]; counts: number[] };
  target_association?: {
    roc_auc?: number;
    direction?: string;
    scored_rows?: number;
    point_biserial?: number;
    cramers_v?: number | null;
    mutual_information?: number;
  };
}

interface ReferenceDataset {
  file: string;
  target: string;
  positive: string;
  rows: number;
  duplicate_rows: number;
  class_balance: { positive_count: number; negative_count: number; positive_rate: number };
  columns: ReferenceColumn[];
  correlation_columns: string[];
  correlations: { a: string; b: string; r: number }[];
}

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const reference = JSON.parse(readFileSync(join(REPO, 'test/reference/profile.json'), 'utf8')) as { bins: number; top_k: number; datasets: ReferenceDataset[] };

/** Moments, quantiles and association measures: 1e-9 relative (1e-12 absolute near zero). */
function expectClose(actual: number | string | undefined, expected: number, what: string): void {
  expect(typeof actual, what).toBe('number');
  const tolerance = Math.max(1e-9 * Math.abs(expected), 1e-12);
  expect(Math.abs((actual as number) - expected), `${what}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

async function schemaOf(path: string, target?: string): Promise<Schema> {
  const table = await readTable(path);
  return inferSchema(table.frame, table.columns, { target });
}

function compareColumn(actual: ColumnProfile, expected: ReferenceColumn): void {
  const at = (field: string) => `${expected.name}.${field}`;
  expect([actual.count, actual.missing, actual.distinct], at('counts')).toEqual([expected.count, expected.missing, expected.distinct]);
  expect(actual.top?.map((t) => t.count), at('top')).toEqual(expected.top_counts);
  expect(actual.near_constant, at('near_constant')).toBe(expected.near_constant);
  for (const field of ['min', 'max', 'mean', 'std', 'skew'] as const) {
    if (expected[field] !== undefined) expectClose(actual[field], expected[field], at(field));
  }
  for (const [key, value] of Object.entries(expected.quantiles ?? {})) expectClose(actual.quantiles?.[key as keyof NonNullable<ColumnProfile['quantiles']>], value, at(key));
  if (expected.zeros !== undefined) expect([actual.zeros, actual.infinities], at('zeros, infinities')).toEqual([expected.zeros, expected.infinities]);
  if (expected.histogram !== undefined) {
    expect(actual.histogram?.counts, at('histogram.counts')).toEqual(expected.histogram.counts);
    expected.histogram.edges.forEach((edge, i) => expectClose(actual.histogram?.edges[i], edge, at(`histogram.edges[${i}]`)));
  }
  const association = expected.target_association;
  if (association === undefined) {
    expect(actual.target_association, at('target_association')).toBeUndefined();
    return;
  }
  const got = actual.target_association!;
  expectClose(got.roc_auc ?? undefined, association.roc_auc!, at('roc_auc'));
  expect([got.direction, got.scored_rows], at('direction, scored_rows')).toEqual([association.direction, association.scored_rows]);
  for (const field of ['point_biserial', 'cramers_v', 'mutual_information'] as const) {
    const value = association[field];
    if (value === undefined || value === null) expect(got[field], at(field)).toBeUndefined();
    else expectClose(got[field], value, at(field));
  }
}

describe('profileDataset agrees with pandas, SciPy and scikit-learn (test/reference/profile.json from scripts/reference/profile.py)', () => {
  for (const ref of reference.datasets) {
    it(`${ref.file}: counts exact; moments, quantiles, skew, histograms, AUC, point-biserial, Cramér's V, MI and correlations to 1e-9`, async () => {
      const path = join(REPO, ref.file);
      const schema = await schemaOf(path, ref.target);
      expect(schema.columns.map((c) => [c.name, c.type])).toEqual(ref.columns.map((c) => [c.name, c.type]));
      const profile = await profileDataset({
        path,
        schema,
        target: { name: ref.target, positive: ref.positive },
        options: { correlationThreshold: 0, histogramBins: reference.bins, topK: reference.top_k },
      });
      expect([profile.rows, profile.columns_count, profile.duplicate_rows]).toEqual([ref.rows, ref.columns.length, ref.duplicate_rows]);
      expect(profile.class_balance).toMatchObject({
        positive: ref.positive,
        positive_count: ref.class_balance.positive_count,
        negative_count: ref.class_balance.negative_count,
      });
      expectClose(profile.class_balance!.positive_rate, ref.class_balance.positive_rate, 'positive_rate');
      profile.columns.forEach((column, i) => compareColumn(column, ref.columns[i]!));

      expect(profile.correlations.columns).toBe(ref.correlation_columns.length);
      expect(profile.correlations.pairs).toHaveLength(ref.correlations.length);
      const byPair = new Map(profile.correlations.pairs.map((p) => [`${p.a}~${p.b}`, p.r]));
      for (const pair of ref.correlations) expectClose(byPair.get(`${pair.a}~${pair.b}`), pair.r, `r(${pair.a}, ${pair.b})`);
    });
  }
});

describe('profileDataset', () => {
  it('warns that accuracy would mislead when the majority class is at least 80% (mlc_churn: 14% positive)', async () => {
    const path = dataset('mlc_churn.csv');
    const profile = await profileDataset({ path, schema: await schemaOf(path, 'churn'), target: { name: 'churn', positive: 'yes' } });
    expect(profile.class_balance).toMatchObject({ positive: 'yes', negative: 'no', positive_count: 707, negative_count: 4293 });
    expect(profile.class_balance!.accuracy_of_majority).toBeCloseTo(0.8586, 12);
    expect(profile.class_balance!.warning).toBe(
      'accuracy would mislead: predicting "no" for every row is 85.9% accurate (positive rate 14.1%); judge models by roc_auc, average_precision or recall at a fixed precision',
    );
    // Minutes and charges are the same quantity at a fixed rate: the default 0.9 threshold finds them.
    const pairs = profile.correlations.pairs.map((p) => `${p.a}~${p.b}`);
    expect(pairs).toEqual(expect.arrayContaining(['total_day_minutes~total_day_charge', 'total_eve_minutes~total_eve_charge']));
    expect(profile.correlations.threshold).toBe(0.9);
  });

  it('does not warn about accuracy on the Telco data (27% positive)', async () => {
    const path = join(REPO, 'examples/telco_churn.csv');
    const profile = await profileDataset({ path, schema: await schemaOf(path, 'churn'), target: { name: 'churn', positive: 'Yes' } });
    expect(profile.class_balance!.warning).toBeUndefined();
    expect(profile.class_balance!.accuracy_of_majority).toBeCloseTo(5174 / 7043, 12);
  });

  it('flags mixed types, constant and near-constant columns, high cardinality, zeros and infinities', async () => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      [i % 3 === 0 ? 'yes' : 'no', i % 10 === 0 ? 'n/a' : String(i), 'same', i === 7 ? 'rare' : 'common', `id${i}`, i === 5 ? 'inf' : String(i % 4)].join(','),
    );
    const path = join(scratchDir(), 'flags.csv');
    writeFileSync(path, ['y,mixed,constant,near,key,x', ...rows].join('\n'));
    const profile = await profileDataset({ path, schema: await schemaOf(path, 'y'), target: { name: 'y', positive: 'yes' } });
    const column = (name: string) => profile.columns.find((c) => c.name === name)!;
    expect(column('mixed').mixed_types).toEqual({ numeric_share: 180 / 200 });
    expect(column('constant')).toMatchObject({ constant: true, near_constant: true, distinct: 1 });
    expect(column('near')).toMatchObject({ constant: false, near_constant: true, top: [{ value: 'common', count: 199, pct: 99.5 }, { value: 'rare', count: 1, pct: 0.5 }] });
    expect(column('key')).toMatchObject({ type: 'id', high_cardinality: true, distinct: 200 });
    expect(column('key').target_association).toBeUndefined();
    expect(column('x')).toMatchObject({ type: 'numeric', zeros: 50, infinities: 1, max: 3, min: 0 });
    expect(column('x').histogram!.counts.reduce((a, b) => a + b)).toBe(199);
  });

  it('gives datetime columns ISO 8601 bounds, a histogram over epoch milliseconds and an AUC by time', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i < 20 ? 'no' : 'yes'},2024-01-${String(i + 1).padStart(2, '0')}`);
    const path = join(scratchDir(), 'dates.csv');
    writeFileSync(path, ['y,day', ...rows].join('\n'));
    const profile = await profileDataset({ path, schema: await schemaOf(path, 'y'), target: { name: 'y', positive: 'yes' }, options: { histogramBins: 3 } });
    const day = profile.columns.find((c) => c.name === 'day')!;
    expect(day).toMatchObject({ type: 'datetime', min: '2024-01-01T00:00:00.000Z', max: '2024-01-30T00:00:00.000Z', distinct: 30 });
    expect(day.histogram).toEqual({ edges: [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 10, 16), Date.UTC(2024, 0, 20, 8), Date.UTC(2024, 0, 30)], counts: [10, 10, 10] });
    expect(day.target_association).toEqual({ roc_auc: 1, direction: 'higher', scored_rows: 30 });
  });

  it('profiles a snapshot Parquet file exactly as the CSV it was made from', async () => {
    const csv = dataset('pima_diabetes.csv');
    const snapshot = await snapshotFile(csv, scratchDir());
    const schema = await schemaOf(csv, 'diabetes');
    const run = async (path: string): Promise<Omit<Profile, 'timings_ms'>> => {
      const { timings_ms: _timings, ...rest } = await profileDataset({ path, schema, target: { name: 'diabetes', positive: 'pos' }, options: { correlationThreshold: 0.3 } });
      return rest;
    };
    const fromParquet = await run(snapshot.absolutePath);
    const fromCsv = await run(csv);
    expect(fromParquet.columns.map((c) => c.count)).toEqual(fromCsv.columns.map((c) => c.count));
    expect(JSON.parse(JSON.stringify(fromParquet), roundNumbers)).toEqual(JSON.parse(JSON.stringify(fromCsv), roundNumbers));
  });

  it('profiles without a target: no class balance, no associations, correlations in file order', async () => {
    const path = dataset('pima_diabetes.csv');
    const profile = await profileDataset({ path, schema: await schemaOf(path), options: { maxCorrelationColumns: 3, correlationThreshold: 0 } });
    expect(profile.class_balance).toBeNull();
    expect(profile.columns.every((c) => c.target_association === undefined)).toBe(true);
    expect(profile.correlations.columns).toBe(3);
    expect(profile.correlations.limited_to).toMatch(/^the first 3 of 8 columns in file order/);
  });

  it('limits correlations on wide data to the columns most associated with the target, and says so', async () => {
    const path = join(REPO, 'examples/telco_churn.csv');
    const profile = await profileDataset({ path, schema: await schemaOf(path, 'churn'), target: { name: 'churn', positive: 'Yes' }, options: { maxCorrelationColumns: 2, correlationThreshold: 0 } });
    // tenure (0.740) and total_charges (0.652) have the highest AUCs of the numeric and boolean columns.
    expect(profile.correlations.pairs.map((p) => `${p.a}~${p.b}`)).toEqual(['tenure~total_charges']);
    expect(profile.correlations.limited_to).toBe(
      'the 2 of 9 columns with the highest single-feature ROC-AUC against the target (maxCorrelationColumns = 2); pairs among the other columns were not computed',
    );
  });

  it('reports every phase in timings_ms and leaves no table behind', async () => {
    const path = dataset('pima_diabetes.csv');
    const profile = await profileDataset({ path, schema: await schemaOf(path, 'diabetes'), target: { name: 'diabetes', positive: 'pos' } });
    expect(Object.keys(profile.timings_ms)).toEqual(['load', 'aggregates', 'levels', 'duplicates', 'read_values', 'order_statistics', 'correlations', 'total']);
    expect(profile.timings_ms.total).toBeGreaterThanOrEqual(profile.timings_ms.load);
  });

  it('rejects an unknown target value, naming the values it has', async () => {
    const path = dataset('pima_diabetes.csv');
    const error = await profileDataset({ path, schema: await schemaOf(path, 'diabetes'), target: { name: 'diabetes', positive: 'yes' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlywheelError);
    expect((error as FlywheelError).message).toBe('positive class "yes" is not a value of target "diabetes" (its values are "neg" and "pos")');
  });
});

describe('profile options', () => {
  it('fill defaults: threshold 0.9, top 10, 20 bins, 500 correlation columns', () => {
    expect(resolveProfileOptions()).toEqual({ correlationThreshold: 0.9, topK: 10, histogramBins: 20, maxCorrelationColumns: 500 });
  });

  it('cap the correlation columns at 500 by default, fewer on long data (n·k²/2 ≤ 2.5e9 multiply-adds)', () => {
    expect(defaultCorrelationColumns(10_000, 500)).toBe(500);
    expect(defaultCorrelationColumns(1_000_000, 500)).toBe(70);
    expect(defaultCorrelationColumns(1e12, 500)).toBe(2);
  });

  it('reject an out-of-range value and an unknown option, naming the option', () => {
    expect(() => resolveProfileOptions({ histogramBins: 0 })).toThrow('profile option histogramBins must be an integer from 1 to 1000, got 0');
    expect(() => resolveProfileOptions({ topk: 5 } as never)).toThrow('unknown profile option "topk"');
  });
});

describe('order statistics of one sorted column', () => {
  it('count distinct values, keep the most frequent first with ties by value, and score ROC-AUC with ties counting half', () => {
    const values = Float64Array.from([3, 1, NaN, 2, 2, 3, 3, 1]);
    const y = Uint8Array.from([1, 0, 1, 0, 1, 1, 1, 0]);
    const stats = orderStatistics(values, y, { bins: 2, topK: 2 });
    expect(stats).toMatchObject({ present: 7, distinct: 3, top: [{ value: 3, count: 3 }, { value: 1, count: 2 }] });
    // Positives 2, 3, 3, 3 against negatives 1, 1, 2: 11 wins and one tie of 12 pairs.
    expect(stats.auc).toEqual({ value: 11.5 / 12, scoredRows: 7 });
  });

  it('build numpy histograms: the last bin closed, a single value spread to ±0.5', () => {
    expect(histogram(Float64Array.from([0, 1, 1, 2, 4]), 4)).toEqual({ edges: [0, 1, 2, 3, 4], counts: [1, 2, 1, 1] });
    expect(histogram(Float64Array.from([5, 5]), 2)).toEqual({ edges: [4.5, 5, 5.5], counts: [0, 2] });
  });

  it('sort long arrays by radix exactly as the built-in sort: negatives, -0 and +0, infinities, repeated values', () => {
    const values = Float64Array.from({ length: 120_000 }, (_, i) => {
      if (i % 1000 === 0) return i % 2000 === 0 ? Infinity : -Infinity;
      if (i % 777 === 0) return i % 2 === 0 ? -0 : 0;
      return i % 3 === 0 ? Math.round(Math.sin(i) * 50) : Math.sin(i * 1.7) * 1e6 * (i % 5 === 0 ? 1e-9 : 1);
    });
    const expected = values.slice().sort();
    sortFloat64(values);
    expect(values.every((v, i) => Object.is(v, expected[i]))).toBe(true);
  });

  it('rank levels by their positive rate, levels with equal rates tying', () => {
    // Rates 0.5, 0.5 and 1: the two half-rate levels tie.
    expect(levelRateAuc([[1, 1], [2, 2], [3, 0]]).value).toBeCloseTo((3 * 3 + 3 * 1.5) / (6 * 3), 14);
  });
});

function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' ? Number(value.toPrecision(12)) : value;
}
