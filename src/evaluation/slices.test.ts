import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { Frame, isCoded } from '../core/frame.js';
import { Rng } from '../core/rng.js';
import { readTable } from '../data/read.js';
import { TELCO } from '../../test/fixtures.js';
import type { SliceResult } from './evaluation-result.js';
import { sliceAnalysis } from './slices.js';
import { categorical, numeric, plantedScores } from './slice-test-data.js';

function regionFrame(n: number, seed: number): Frame {
  const rng = new Rng(seed);
  return new Frame([
    categorical('region', rng.shuffle(Int32Array.from({ length: n }, (_, i) => i % 5)), ['north', 'south', 'east', 'west', 'centre']),
    numeric('age', Float64Array.from({ length: n }, () => 18 + Math.floor(rng.next() * 60))),
    categorical('plan', rng.shuffle(Int32Array.from({ length: n }, (_, i) => i % 3)), ['basic', 'plus', 'pro']),
  ]);
}

function sizesByFeature(results: SliceResult[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const r of results) totals.set(r.feature, (totals.get(r.feature) ?? 0) + r.size);
  return totals;
}

describe('sliceAnalysis finds a planted weak slice', () => {
  const n = 4000;
  const frame = regionFrame(n, 1);
  const region = frame.column('region');
  const east = 2;
  const isEast = (i: number) => isCoded(region) && region.codes[i] === east;

  it('flags the one region where scores are noise, and nothing else', () => {
    const { y, scores } = plantedScores(n, 2, isEast);
    const results = sliceAnalysis(frame, scores, y, { seed: 3, replicates: 300 });
    const flagged = results.filter((r) => r.worse).map((r) => `${r.feature}=${r.slice}`);
    expect(flagged).toEqual(['region=east']);
    const eastSlice = results.find((r) => r.feature === 'region' && r.slice === 'east')!;
    expect(eastSlice.roc_auc!.value).toBeLessThan(0.6);
    expect(eastSlice.roc_auc!.ci![1]).toBeLessThan(0.7);
  });

  it('flags nothing when the scores are equally informative everywhere', () => {
    for (const seed of [4, 5, 6]) {
      const { y, scores } = plantedScores(n, seed, () => false);
      const results = sliceAnalysis(frame, scores, y, { seed, replicates: 300 });
      expect(results.filter((r) => r.worse)).toEqual([]);
      expect(results.every((r) => r.roc_auc !== null && r.roc_auc.ci !== undefined)).toBe(true);
    }
  });

  it('orders results by feature, then levels by size and bins ascending, with sizes summing to the rows', () => {
    const { y, scores } = plantedScores(n, 2, isEast);
    const results = sliceAnalysis(frame, scores, y, { seed: 3, replicates: 50 });
    expect([...new Set(results.map((r) => r.feature))]).toEqual(['region', 'age', 'plan']);
    const age = results.filter((r) => r.feature === 'age').map((r) => r.slice);
    expect(age).toHaveLength(4);
    expect(age[0]).toMatch(/^\[18, /);
    expect(age[3]).toMatch(/, 77\]$/);
    const lowers = age.map((label) => Number(/^\[(\d+),/.exec(label)![1]));
    expect(lowers).toEqual([...lowers].sort((a, b) => a - b));
    expect([...sizesByFeature(results).values()]).toEqual([n, n, n]);
    const positives = y.reduce((s, v) => s + v, 0);
    expect(results.filter((r) => r.feature === 'plan').reduce((s, r) => s + r.positives, 0)).toBe(positives);
  });

  it('gives the same results for the same seed and different intervals for another', () => {
    const { y, scores } = plantedScores(1000, 7, () => false);
    const small = regionFrame(1000, 8);
    const first = sliceAnalysis(small, scores, y, { seed: 9, replicates: 100 });
    expect(sliceAnalysis(small, scores, y, { seed: 9, replicates: 100 })).toEqual(first);
    const other = sliceAnalysis(small, scores, y, { seed: 10, replicates: 100 });
    expect(other.map((r) => r.roc_auc?.value)).toEqual(first.map((r) => r.roc_auc?.value));
    expect(other.map((r) => r.roc_auc?.ci)).not.toEqual(first.map((r) => r.roc_auc?.ci));
  });
});

describe('small levels, caps and missing values', () => {
  const { y, scores } = plantedScores(1000, 11, () => false);

  it('groups levels below the minimum size into one slice that is reported, never dropped', () => {
    // 480 a, 490 b, then 5 + 10 + 15 rows of three small levels.
    const codes = Int32Array.from({ length: 1000 }, (_, i) => (i < 480 ? 0 : i < 970 ? 1 : i < 975 ? 2 : i < 985 ? 3 : 4));
    const frame = new Frame([categorical('kind', codes, ['a', 'b', 'x', 'y', 'z', 'unused'])]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50 });
    expect(results.map((r) => [r.slice, r.size])).toEqual([
      ['b', 490],
      ['a', 480],
      ['(other: 3 small levels)', 30],
    ]);
    // With a higher minimum, the group itself is too small: it is shown with its size and no AUC.
    const strict = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50, minSize: 40 });
    const other = strict.find((r) => r.slice.startsWith('(other'))!;
    expect(other).toMatchObject({ slice: '(other: 3 small levels)', size: 30, roc_auc: null, worse: false });
  });

  it('keeps a single small level under its own name, without an AUC', () => {
    const codes = Int32Array.from({ length: 1000 }, (_, i) => (i < 990 ? 0 : 1));
    const frame = new Frame([categorical('kind', codes, ['common', 'rare'])]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50 });
    expect(results.map((r) => [r.slice, r.size, r.roc_auc === null])).toEqual([
      ['common', 990, false],
      ['rare', 10, true],
    ]);
  });

  it('groups levels past maxLevels even when they are large', () => {
    const codes = Int32Array.from({ length: 1000 }, (_, i) => i % 4);
    const frame = new Frame([categorical('kind', codes, ['a', 'b', 'c', 'd'])]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50, maxLevels: 2 });
    expect(results.map((r) => [r.slice, r.size])).toEqual([
      ['a', 250],
      ['b', 250],
      ['(other: 2 levels)', 500],
    ]);
  });

  it('puts missing values in a (missing) slice after the levels and bins', () => {
    const codes = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? -1 : i % 2));
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i % 4 === 0 ? NaN : i));
    const frame = new Frame([categorical('kind', codes, ['even', 'odd']), numeric('amount', values)]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50 });
    const kind = results.filter((r) => r.feature === 'kind');
    expect(kind.map((r) => [r.slice, r.size])).toEqual([
      ['odd', 500],
      ['even', 400],
      ['(missing)', 100],
    ]);
    const amount = results.filter((r) => r.feature === 'amount');
    expect(amount.at(-1)).toMatchObject({ slice: '(missing)', size: 250 });
    expect(amount.reduce((s, r) => s + r.size, 0)).toBe(1000);
  });

  it('labels numeric bins from quantiles, closes the last one, and uses values when there are few', () => {
    const frame = new Frame([
      numeric('tenure', Float64Array.from({ length: 1000 }, (_, i) => Math.floor((i * 72) / 1000))),
      numeric('senior', Float64Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 1 : 0))),
      numeric('paperless', Float64Array.from({ length: 1000 }, (_, i) => i % 2), 'boolean'),
      numeric('signup', Float64Array.from({ length: 1000 }, (_, i) => Date.UTC(2024, 0, 1) + Math.floor((i * 366) / 1000) * 86_400_000 + 3_600_000), 'datetime'),
    ]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50 });
    const labels = (feature: string) => results.filter((r) => r.feature === feature).map((r) => r.slice);
    expect(labels('tenure')).toEqual(['[0, 18)', '[18, 36)', '[36, 54)', '[54, 71]']);
    expect(labels('senior')).toEqual(['0', '1']);
    expect(labels('paperless')).toEqual(['false', 'true']);
    expect(labels('signup')).toEqual(['[2024-01-01, 2024-04-01)', '[2024-04-01, 2024-07-02)', '[2024-07-02, 2024-10-01)', '[2024-10-01, 2024-12-31]']);
  });

  it('uses fewer bins when there are too few rows for the minimum size', () => {
    const frame = new Frame([numeric('x', Float64Array.from({ length: 1000 }, (_, i) => i))]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50, minSize: 400 });
    expect(results.map((r) => r.slice)).toEqual(['[0, 500)', '[500, 999]']);
  });

  it('reports a one-class slice with its size and no AUC', () => {
    const codes = Int32Array.from(y, (v, i) => (v === 1 && i % 3 === 0 ? 1 : 0));
    const frame = new Frame([categorical('group', codes, ['mixed', 'positives'])]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50 });
    const positives = results.find((r) => r.slice === 'positives')!;
    expect(positives.roc_auc).toBeNull();
    expect(positives.positives).toBe(positives.size);
  });
});

describe('column selection and input errors', () => {
  const { y, scores } = plantedScores(200, 12, () => false);
  const frame = new Frame([
    categorical('id', Int32Array.from({ length: 200 }, (_, i) => i), Array.from({ length: 200 }, (_, i) => `c${i}`)),
    categorical('kind', Int32Array.from({ length: 200 }, (_, i) => i % 2), ['a', 'b']),
    { name: 'note', type: 'text', codes: Int32Array.from({ length: 200 }, (_, i) => i), levels: Array.from({ length: 200 }, (_, i) => `n${i}`) },
  ]);

  it('slices every categorical and numeric column except the excluded ones, skipping text', () => {
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 20, exclude: ['id'] });
    expect([...new Set(results.map((r) => r.feature))]).toEqual(['kind']);
  });

  it('rejects scores that do not match the rows, with a hint', () => {
    expect(() => sliceAnalysis(frame, scores.subarray(1), y, { seed: 1 })).toThrow(FlywheelError);
    expect(() => sliceAnalysis(frame, scores.subarray(1), y, { seed: 1 })).toThrow(/200 rows, got 199 scores/);
  });

  it('rejects labels other than 0 and 1', () => {
    const bad = Uint8Array.from(y);
    bad[3] = 2;
    expect(() => sliceAnalysis(frame, scores, bad, { seed: 1 })).toThrow(/labels must be 0 or 1, row 3 has 2/);
  });

  it('names the closest column when a slice column does not exist', () => {
    expect(() => sliceAnalysis(frame, scores, y, { seed: 1, columns: ['knd'] })).toThrow(/slice column "knd" is not in the data/);
  });

  it('refuses to slice by a text column it is asked for', () => {
    expect(() => sliceAnalysis(frame, scores, y, { seed: 1, columns: ['note'] })).toThrow(/text column/);
  });

  it('rejects a minimum size that is not a positive integer', () => {
    const error = (() => {
      try {
        sliceAnalysis(frame, scores, y, { seed: 1, minSize: 0 });
      } catch (e) {
        return e as FlywheelError;
      }
    })();
    expect(error?.code).toBe('usage');
    expect(error?.hint).toMatch(/minSize/);
  });
});

describe('slice analysis on the telco churn example', () => {
  it('slices every feature with sizes and positives summing to the data', async () => {
    const { frame: raw } = await readTable(TELCO);
    // Text columns as read become categorical, as schema inference would type them.
    const frame = new Frame(raw.columns.map((c) => (c.type === 'text' ? { ...c, type: 'categorical' as const } : c)));
    const churn = frame.column('churn');
    const tenure = frame.column('tenure');
    const contract = frame.column('contract');
    if (!isCoded(churn) || !isCoded(contract) || isCoded(tenure)) throw new Error('unexpected telco column types');
    const y = Uint8Array.from(churn.codes, (c) => (churn.levels[c] === 'Yes' ? 1 : 0));
    // A fitted-looking score: churn falls with tenure and with longer contracts.
    const scores = Float64Array.from(tenure.values, (t, i) => {
      const level = contract.levels[contract.codes[i]!];
      return 1 / (1 + Math.exp(0.04 * t + (level === 'Two year' ? 2 : level === 'One year' ? 1 : 0) - 0.5));
    });
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 200, exclude: ['churn'] });
    const features = [...new Set(results.map((r) => r.feature))];
    expect(features).toHaveLength(19);
    for (const total of sizesByFeature(results).values()) expect(total).toBe(frame.nRows);
    const positives = y.reduce((s, v) => s + v, 0);
    for (const feature of features) expect(results.filter((r) => r.feature === feature).reduce((s, r) => s + r.positives, 0)).toBe(positives);
    expect(results.filter((r) => r.feature === 'contract').map((r) => r.slice)).toEqual(['Month-to-month', 'Two year', 'One year']);
    expect(results.find((r) => r.feature === 'total_charges' && r.slice === '(missing)')).toMatchObject({ size: 11, roc_auc: null, worse: false });
    for (const r of results.filter((r) => r.roc_auc !== null)) {
      expect(r.roc_auc!.ci![0]).toBeLessThanOrEqual(r.roc_auc!.value);
      expect(r.roc_auc!.ci![1]).toBeGreaterThanOrEqual(r.roc_auc!.value);
    }
  });
});

describe('class counts', () => {
  it('gives no AUC to a slice with fewer than minClassSize positives, however large', () => {
    const n = 1000;
    const y = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const scores = Float64Array.from(y, (v, i) => v + ((i * 7919) % 1000) / 1000);
    // Slice "few" holds 300 rows of which 5 are positive.
    const codes = Int32Array.from(y, (v, i) => (i < 15 || (i >= 400 && i < 700 && v === 0) ? 1 : 0));
    const frame = new Frame([categorical('group', codes, ['many', 'few'])]);
    const few = () => sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50 }).find((r) => r.slice === 'few')!;
    expect(few()).toMatchObject({ positives: 5, roc_auc: null, worse: false });
    const allowed = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 50, minClassSize: 5 }).find((r) => r.slice === 'few')!;
    expect(allowed.roc_auc).not.toBeNull();
  });
});

describe('exclude', () => {
  it('ignores excluded names that are not in the data, such as a target already dropped', () => {
    const { y, scores } = plantedScores(200, 13, () => false);
    const frame = new Frame([categorical('kind', Int32Array.from({ length: 200 }, (_, i) => i % 2), ['a', 'b'])]);
    const results = sliceAnalysis(frame, scores, y, { seed: 1, replicates: 20, exclude: ['churn'] });
    expect(results.map((r) => r.slice)).toEqual(['a', 'b']);
  });
});
