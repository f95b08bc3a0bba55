// The data profile of the audit stage: per column counts, moments, quantiles, histograms, top values and
// flags, and per dataset duplicates, class balance, single-feature association with the target and
// feature–feature correlation. Aggregates come from DuckDB SQL (data/profile-sql.ts); order statistics
// (quantiles, distinct values, top values, histograms, ROC-AUC) from one sort per value column here.

import { performance } from 'node:perf_hooks';
import type { SchemaColumn } from '../data/infer.js';
import { ProfileSource, type ColumnAggregates, type LevelCounts } from '../data/profile-sql.js';
import { SortScratch, sortFloat64 } from '../core/float-sort.js';
import { correlatedPairs, type CorrelationColumn } from './correlation.js';
import {
  resolveProfileOptions,
  type ClassBalance,
  type ColumnProfile,
  type Histogram,
  type Profile,
  type ProfileInput,
  type ProfileTimings,
  type Quantiles,
  type ResolvedProfileOptions,
  type TargetAssociation,
} from './profile-types.js';

/** The most frequent value holding at least this share of non-missing values makes a column near-constant. */
export const NEAR_CONSTANT_SHARE = 0.99;
/** Categorical, text and id columns with more distinct values than this are high-cardinality. */
export const HIGH_CARDINALITY_LEVELS = 50;
/** When the majority class is at least this share of rows, accuracy would mislead. */
export const MISLEADING_ACCURACY_SHARE = 0.8;
/**
 * Multiply-adds the correlation products may take when maxCorrelationColumns is not set: k columns over
 * n rows cost n·k²/2, so the default cap shrinks on long data (70 columns at 1M rows, 500 at 10k).
 */
export const CORRELATION_WORK_BUDGET = 2.5e9;

const QUANTILES = [
  ['p01', 0.01],
  ['p05', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
  ['p99', 0.99],
] as const;

/**
 * How a column is profiled: `values` are sorted as numbers (numeric, datetime, number-stored ids),
 * `boolean` and `levels` are counted by level in SQL (booleans also get moments).
 */
type ColumnKind = 'values' | 'boolean' | 'levels';

interface ColumnPlan {
  column: SchemaColumn;
  kind: ColumnKind;
  isTarget: boolean;
}

/** Profile a snapshot or data file with its schema; see docs/profile.md for every field. */
export async function profileDataset(input: ProfileInput): Promise<Profile> {
  const startedMs = performance.now();
  const options = resolveProfileOptions(input.options);
  const timings: ProfileTimings = { load: 0, aggregates: 0, levels: 0, duplicates: 0, read_values: 0, order_statistics: 0, correlations: 0, total: 0 };
  const timed = async <T>(phase: keyof ProfileTimings, work: () => Promise<T> | T): Promise<T> => {
    const phaseStartMs = performance.now();
    const result = await work();
    timings[phase] = Math.round(performance.now() - phaseStartMs);
    return result;
  };

  const columns = input.schema.columns;
  const source = await timed('load', () =>
    ProfileSource.open(
      input.path,
      columns.map((c) => ({ name: c.name, type: c.type })),
      input.target,
    ),
  );
  // Queries started below run while the typed-array work proceeds; all are settled before the table is dropped.
  const pending: Promise<unknown>[] = [];
  const start = <T>(promise: Promise<T>): Promise<T> => {
    pending.push(promise.catch(() => undefined));
    return promise;
  };
  try {
    const targetName = source.target?.name;
    const plans: ColumnPlan[] = columns.map((column) => ({
      column,
      kind: kindOf(column, source.storageOf(column.name)),
      isTarget: column.name === targetName,
    }));
    // Feature–feature correlation: numeric and boolean features (not the target, time, entity or ignored columns).
    const correlationCandidates = plans.filter(
      (p) => !p.isTarget && p.column.role === 'feature' && (p.column.type === 'numeric' || p.column.type === 'boolean') && source.storageOf(p.column.name) === 'number',
    );
    const valuePlans = plans.filter((p) => p.kind === 'values');
    const numberNames = [...new Set([...valuePlans, ...correlationCandidates].map((p) => p.column.name))];

    // The aggregates run while the values are copied into typed arrays; levels and duplicates start after the
    // copy, so they run on DuckDB's threads while this thread sorts.
    const aggregatesPromise = start(timed('aggregates', () => source.columnAggregates(columns.map((c) => c.name))));
    const numbers = await timed('read_values', () => source.readNumbers(numberNames));
    const levelsPromise = start(
      timed('levels', () =>
        source.levelCounts(
          plans.filter((p) => p.kind !== 'values').map((p) => ({ name: p.column.name, allLevels: p.column.type === 'categorical' || p.kind === 'boolean' })),
          options.topK,
        ),
      ),
    );
    const duplicatesPromise = start(timed('duplicates', () => source.duplicateRows()));

    const valuesByName = new Map(numberNames.map((name, i) => [name, numbers.columns[i]!]));
    const y = numbers.y;
    const order = await timed('order_statistics', () => {
      const out = new Map<string, OrderStatistics>();
      const scratch = new SortScratch(source.rows);
      for (const plan of valuePlans) {
        const y1 = plan.isTarget ? undefined : y;
        out.set(plan.column.name, orderStatistics(valuesByName.get(plan.column.name)!, y1, { bins: options.histogramBins, topK: options.topK }, scratch));
      }
      return out;
    });
    const aggregates = await aggregatesPromise;
    const levels = await levelsPromise;

    const profiles = plans.map((plan) => columnProfile(plan, source.rows, aggregates.get(plan.column.name)!, order.get(plan.column.name), levels.get(plan.column.name), source.target, options));

    const correlations = await timed('correlations', () => {
      const byName = new Map(profiles.map((p) => [p.name, p]));
      const candidates: CorrelationColumn[] = correlationCandidates.map((p) => {
        const numbers = aggregates.get(p.column.name)?.numbers;
        return {
          name: p.column.name,
          values: valuesByName.get(p.column.name)!,
          score: byName.get(p.column.name)?.target_association?.roc_auc ?? undefined,
          mean: numbers?.mean ?? undefined,
          std: numbers?.std ?? undefined,
        };
      });
      return correlatedPairs(candidates, {
        threshold: options.correlationThreshold,
        maxColumns: input.options?.maxCorrelationColumns ?? defaultCorrelationColumns(source.rows, options.maxCorrelationColumns),
        scoreName: 'single-feature ROC-AUC against the target',
      });
    });
    const duplicates = await duplicatesPromise;

    timings.total = Math.round(performance.now() - startedMs);
    return {
      rows: source.rows,
      columns_count: columns.length,
      duplicate_rows: duplicates,
      duplicate_pct: percent(duplicates, source.rows),
      class_balance: source.target === undefined ? null : classBalance(source.target),
      columns: profiles,
      correlations: {
        method: 'pearson',
        threshold: options.correlationThreshold,
        columns: correlations.columns,
        pairs: correlations.pairs,
        ...(correlations.limitedTo === undefined ? {} : { limited_to: correlations.limitedTo }),
      },
      timings_ms: timings,
    };
  } finally {
    await Promise.all(pending);
    await source.close();
  }
}

/** The default cap on correlation columns: PROFILE_OPTIONS' 500, fewer when the rows would make the products exceed the budget. */
export function defaultCorrelationColumns(rows: number, cap: number): number {
  return Math.max(2, Math.min(cap, Math.floor(Math.sqrt((2 * CORRELATION_WORK_BUDGET) / Math.max(1, rows)))));
}

function kindOf(column: SchemaColumn, storage: 'number' | 'text'): ColumnKind {
  if (column.type === 'boolean' && storage === 'number') return 'boolean';
  if (storage === 'number' && (column.type === 'numeric' || column.type === 'datetime' || column.type === 'id')) return 'values';
  return 'levels';
}

export function classBalance(target: { positive: string; negative: string; positiveCount: number; negativeCount: number }): ClassBalance {
  const rows = target.positiveCount + target.negativeCount;
  const positiveRate = target.positiveCount / rows;
  const majorityIsPositive = target.positiveCount > target.negativeCount;
  const majorityShare = Math.max(positiveRate, 1 - positiveRate);
  const balance: ClassBalance = {
    positive: target.positive,
    negative: target.negative,
    positive_count: target.positiveCount,
    negative_count: target.negativeCount,
    positive_rate: positiveRate,
    accuracy_of_majority: majorityShare,
  };
  if (majorityShare >= MISLEADING_ACCURACY_SHARE) {
    const majority = majorityIsPositive ? target.positive : target.negative;
    balance.warning =
      `accuracy would mislead: predicting "${majority}" for every row is ${(100 * majorityShare).toFixed(1)}% accurate ` +
      `(positive rate ${(100 * positiveRate).toFixed(1)}%); judge models by roc_auc, average_precision or recall at a fixed precision`;
  }
  return balance;
}

function columnProfile(
  plan: ColumnPlan,
  rows: number,
  aggregates: ColumnAggregates,
  order: OrderStatistics | undefined,
  levels: LevelCounts | undefined,
  target: { positiveCount: number; negativeCount: number } | undefined,
  options: ResolvedProfileOptions,
): ColumnProfile {
  const { column } = plan;
  const count = aggregates.count;
  const distinct = order?.distinct ?? levels?.distinct ?? 0;
  const isDatetime = column.type === 'datetime';
  const isNumeric = column.type === 'numeric';
  const asValue = (v: number): number | string => (isDatetime ? new Date(v).toISOString() : v);
  const top = order !== undefined ? order.top.map((t) => ({ value: asValue(t.value), count: t.count })) : levelTop(levels, plan.kind, options.topK);
  const numbers = aggregates.numbers;
  const withRange = numbers !== undefined && (isNumeric || isDatetime);
  const association = target !== undefined && !plan.isTarget ? targetAssociation(plan, numbers?.targetCorrelation ?? null, order, levels) : undefined;
  const numericCount = levels?.numericCount;
  const mixed = numericCount !== undefined && numericCount > 0 && numericCount < count;
  return {
    name: column.name,
    type: column.type,
    role: column.role,
    count,
    missing: rows - count,
    missing_pct: percent(rows - count, rows),
    distinct,
    distinct_pct: percent(distinct, count),
    ...(withRange && numbers.min !== null ? { min: asValue(numbers.min) } : {}),
    ...(withRange && numbers.max !== null ? { max: asValue(numbers.max) } : {}),
    ...((isNumeric || column.type === 'boolean') && numbers?.mean != null ? { mean: numbers.mean } : {}),
    ...(isNumeric && numbers?.std != null ? { std: numbers.std } : {}),
    ...(isNumeric && order?.quantiles !== undefined ? { quantiles: order.quantiles } : {}),
    ...(isNumeric && order?.skew !== undefined ? { skew: order.skew } : {}),
    ...(isNumeric && numbers !== undefined ? { zeros: numbers.zeros, infinities: numbers.infinities } : {}),
    ...((isNumeric || isDatetime) && order?.histogram !== undefined ? { histogram: order.histogram } : {}),
    ...(top.length > 0 ? { top: top.map((t) => ({ value: t.value, count: t.count, pct: percent(t.count, count) })) } : {}),
    constant: distinct <= 1,
    near_constant: count > 0 && top.length > 0 && top[0]!.count / count >= NEAR_CONSTANT_SHARE,
    high_cardinality: (column.type === 'categorical' || column.type === 'text' || column.type === 'id') && distinct > HIGH_CARDINALITY_LEVELS,
    ...(mixed ? { mixed_types: { numeric_share: numericCount / count } } : {}),
    ...(association !== undefined ? { target_association: association } : {}),
  };
}

function levelTop(levels: LevelCounts | undefined, kind: ColumnKind, topK: number): { value: string | number; count: number }[] {
  if (levels === undefined) return [];
  return levels.levels.slice(0, topK).map((l) => ({ value: levelLabel(l.level, kind), count: l.count }));
}

/** Booleans read as 0/1 are shown as false/true; numbers used as levels as JavaScript prints them (as Frame levels). */
function levelLabel(level: string | number, kind: ColumnKind): string {
  if (typeof level === 'string') return level;
  if (kind === 'boolean') return level === 1 ? 'true' : level === 0 ? 'false' : String(level);
  return String(level);
}

/**
 * Numbers (numeric, datetime, number-stored ids, booleans) are scored by value with missing rows left out;
 * categorical columns by their level's positive rate on this same data (in-sample), missing as a level.
 * Text and text-stored id columns are not scored: with nearly unique levels the in-sample rate is ≈ 1.
 */
function targetAssociation(plan: ColumnPlan, pointBiserial: number | null, order: OrderStatistics | undefined, levels: LevelCounts | undefined): TargetAssociation | undefined {
  const { type } = plan.column;
  const biserial = pointBiserial !== null && (type === 'numeric' || type === 'boolean') ? { point_biserial: pointBiserial } : {};
  if (plan.kind === 'values' && order?.auc !== undefined) return { ...orientedAuc(order.auc), ...biserial };
  if (plan.kind === 'boolean' && levels !== undefined) return { ...orientedAuc(booleanAuc(levels)), ...biserial, ...categoricalMeasures(contingency(levels)) };
  if (plan.kind === 'levels' && type === 'categorical' && levels !== undefined && levels.complete) {
    const table = contingency(levels);
    const auc = levelRateAuc(table);
    return { roc_auc: auc.value, direction: 'level_rate', scored_rows: auc.scoredRows, ...categoricalMeasures(table) };
  }
  return undefined;
}

interface RawAuc {
  /** P(score of a positive > score of a negative) + ½ P(tie); null with one class. */
  value: number | null;
  scoredRows: number;
}

function orientedAuc(auc: RawAuc): TargetAssociation {
  if (auc.value === null) return { roc_auc: null, direction: 'higher', scored_rows: auc.scoredRows };
  return auc.value >= 0.5
    ? { roc_auc: auc.value, direction: 'higher', scored_rows: auc.scoredRows }
    : { roc_auc: 1 - auc.value, direction: 'lower', scored_rows: auc.scoredRows };
}

/** A 0/1 column scored by value over its non-missing rows. */
function booleanAuc(levels: LevelCounts): RawAuc {
  let p0 = 0;
  let n0 = 0;
  let p1 = 0;
  let n1 = 0;
  for (const l of levels.levels) {
    if (l.level === 1) {
      p1 += l.positives;
      n1 += l.count - l.positives;
    } else {
      p0 += l.positives;
      n0 += l.count - l.positives;
    }
  }
  const positives = p0 + p1;
  const negatives = n0 + n1;
  const scoredRows = positives + negatives;
  if (positives === 0 || negatives === 0) return { value: null, scoredRows };
  return { value: (p1 * n0 + 0.5 * (p1 * n1 + p0 * n0)) / (positives * negatives), scoredRows };
}

/** Rows of the level × class table: [positives, negatives] per level, missing as one more level. */
function contingency(levels: LevelCounts): [number, number][] {
  const table: [number, number][] = levels.levels.map((l) => [l.positives, l.count - l.positives]);
  if (levels.missing.count > 0) table.push([levels.missing.positives, levels.missing.count - levels.missing.positives]);
  return table;
}

/** ROC-AUC of scoring each row by its level's positive rate; levels with equal rates tie. */
export function levelRateAuc(table: readonly (readonly [number, number])[]): RawAuc {
  const rated = table.filter(([p, n]) => p + n > 0).map(([p, n]) => ({ rate: p / (p + n), p, n }));
  rated.sort((x, y) => x.rate - y.rate);
  let positives = 0;
  let negatives = 0;
  for (const r of rated) {
    positives += r.p;
    negatives += r.n;
  }
  const scoredRows = positives + negatives;
  if (positives === 0 || negatives === 0) return { value: null, scoredRows };
  let area = 0;
  let negativesBelow = 0;
  for (let i = 0; i < rated.length; ) {
    let p = 0;
    let n = 0;
    const rate = rated[i]!.rate;
    for (; i < rated.length && rated[i]!.rate === rate; i++) {
      p += rated[i]!.p;
      n += rated[i]!.n;
    }
    area += p * (negativesBelow + n / 2);
    negativesBelow += n;
  }
  return { value: area / (positives * negatives), scoredRows };
}

/**
 * Cramér's V from the χ² statistic without continuity correction (scipy's chi2_contingency with
 * correction=False) and mutual information in nats as scikit-learn's mutual_info_score computes it.
 */
export function categoricalMeasures(table: readonly (readonly [number, number])[]): { cramers_v?: number; mutual_information: number } {
  const rowsUsed = table.filter(([p, n]) => p + n > 0);
  const rowTotals = rowsUsed.map(([p, n]) => p + n);
  const classTotals = [0, 0];
  for (const [p, n] of rowsUsed) {
    classTotals[0] = classTotals[0]! + p;
    classTotals[1] = classTotals[1]! + n;
  }
  const total = classTotals[0]! + classTotals[1]!;
  const classes = classTotals.filter((c) => c > 0).length;
  let chi2 = 0;
  for (const [r, cells] of rowsUsed.entries()) {
    for (let c = 0; c < 2; c++) {
      if (classTotals[c] === 0) continue;
      const expected = (rowTotals[r]! * classTotals[c]!) / total;
      const d = cells[c]! - expected;
      chi2 += (d * d) / expected;
    }
  }
  const dof = Math.min(rowsUsed.length, classes) - 1;
  return {
    ...(dof > 0 ? { cramers_v: Math.sqrt(chi2 / (total * dof)) } : {}),
    mutual_information: mutualInformation(rowsUsed, rowTotals, classTotals, total),
  };
}

function mutualInformation(table: readonly (readonly [number, number])[], rowTotals: readonly number[], classTotals: readonly number[], total: number): number {
  if (table.length <= 1 || classTotals.filter((c) => c > 0).length <= 1) return 0;
  const logTotal = Math.log(total);
  let mi = 0;
  for (const [r, cells] of table.entries()) {
    for (let c = 0; c < 2; c++) {
      const cell = cells[c]!;
      if (cell === 0) continue;
      const share = cell / total;
      const logOuter = -Math.log(rowTotals[r]! * classTotals[c]!) + 2 * logTotal;
      const term = share * (Math.log(cell) - logTotal) + share * logOuter;
      // scikit-learn zeroes terms below machine epsilon before summing.
      if (Math.abs(term) >= Number.EPSILON) mi += term;
    }
  }
  return Math.max(0, mi);
}

export interface OrderStatistics {
  /** Non-missing values (±inf included). */
  present: number;
  distinct: number;
  /** Most frequent values, by count then value ascending. */
  top: { value: number; count: number }[];
  /** Over the finite values, as pandas' Series.quantile (linear interpolation). */
  quantiles?: Quantiles;
  /** Over the finite values, as numpy.histogram(values, bins). */
  histogram?: Histogram;
  /** Over the finite values, as pandas' Series.skew(). */
  skew?: number;
  /** By value, missing rows left out; absent without a target. */
  auc?: RawAuc;
}

/**
 * One sort of a column's non-missing values gives its order statistics. With a target, positives and
 * negatives are sorted apart and merged: the merge visits each distinct value once with its count in
 * each class, which is what the ROC-AUC (ties counting half) needs.
 */
export function orderStatistics(
  values: Float64Array,
  y: Uint8Array | undefined,
  options: { bins: number; topK: number },
  scratch: SortScratch = new SortScratch(values.length),
): OrderStatistics {
  // Present values: positives from the front of one buffer, negatives from its back (all at the front without a target).
  const n = values.length;
  scratch.reserve(n);
  const split = scratch.split.subarray(0, n);
  let positives = 0;
  let back = n;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) continue; // NaN: missing
    if (y === undefined || y[i] === 1) split[positives++] = v;
    else split[--back] = v;
  }
  const pos = split.subarray(0, positives);
  const neg = split.subarray(back, n);
  const negatives = neg.length;
  sortFloat64(pos, scratch);
  sortFloat64(neg, scratch);
  // The merge visits each distinct value once, with its count in each class.
  const sorted = scratch.sorted.subarray(0, positives + negatives);
  const top = new TopRuns(options.topK);
  let distinct = 0;
  let area = 0;
  let negativesBelow = 0;
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < positives || j < negatives) {
    const v = j >= negatives || (i < positives && pos[i]! <= neg[j]!) ? pos[i]! : neg[j]!;
    const start = k;
    while (i < positives && pos[i] === v) {
      sorted[k++] = v;
      i++;
    }
    const inPositives = k - start;
    while (j < negatives && neg[j] === v) {
      sorted[k++] = v;
      j++;
    }
    const inNegatives = k - start - inPositives;
    distinct++;
    top.offer(v, k - start);
    area += inPositives * (negativesBelow + inNegatives / 2);
    negativesBelow += inNegatives;
  }
  const out: OrderStatistics = { present: sorted.length, distinct, top: top.entries() };
  // The finite values sit between the runs of -inf and +inf.
  let lo = 0;
  while (lo < sorted.length && sorted[lo] === -Infinity) lo++;
  let hi = sorted.length;
  while (hi > lo && sorted[hi - 1] === Infinity) hi--;
  const finite = sorted.subarray(lo, hi);
  if (finite.length > 0) {
    out.quantiles = quantiles(finite);
    out.histogram = histogram(finite, options.bins);
    const skew = skewness(finite);
    if (skew !== undefined) out.skew = skew;
  }
  if (y !== undefined) {
    const scoredRows = sorted.length;
    out.auc = positives === 0 || negatives === 0 ? { value: null, scoredRows } : { value: area / (positives * negatives), scoredRows };
  }
  return out;
}

/** The K longest runs seen, by count descending; runs arrive in ascending value, so ties keep the smaller value. */
class TopRuns {
  private readonly values: number[] = [];
  private readonly counts: number[] = [];
  constructor(private readonly k: number) {}

  offer(value: number, count: number): void {
    if (this.counts.length === this.k && count <= this.counts[this.k - 1]!) return;
    let at = this.counts.length;
    while (at > 0 && this.counts[at - 1]! < count) at--;
    this.values.splice(at, 0, value);
    this.counts.splice(at, 0, count);
    if (this.counts.length > this.k) {
      this.values.pop();
      this.counts.pop();
    }
  }

  entries(): { value: number; count: number }[] {
    return this.values.map((value, i) => ({ value, count: this.counts[i]! }));
  }
}

/** numpy's linear quantile (pandas' default): virtual index n·q + (1 − q) − 1, and numpy's _lerp. */
function quantiles(sorted: Float64Array): Quantiles {
  const n = sorted.length;
  const at = (q: number): number => {
    const virtual = n * q + (1 - q) - 1;
    const below = Math.max(0, Math.min(n - 1, Math.floor(virtual)));
    const above = Math.min(n - 1, below + 1);
    const gamma = virtual - Math.floor(virtual);
    const a = sorted[below]!;
    const b = sorted[above]!;
    const diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
  };
  const out = {} as Quantiles;
  for (const [key, q] of QUANTILES) out[key] = at(q);
  return out;
}

/**
 * numpy.histogram(values, bins): equal-width edges from min to max (min ± 0.5 when they are equal),
 * edge i = i·step + min and the last edge = max; bin i holds [edge i, edge i+1), the last bin is closed.
 */
export function histogram(sorted: Float64Array, bins: number): Histogram {
  let first = sorted[0]!;
  let last = sorted[sorted.length - 1]!;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const step = (last - first) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? last : i * step + first));
  const counts: number[] = [];
  let below = 0;
  for (let b = 0; b < bins; b++) {
    const upTo = b === bins - 1 ? sorted.length : lowerBound(sorted, edges[b + 1]!);
    counts.push(upTo - below);
    below = upTo;
  }
  return { edges, counts };
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** pandas' nanskew: centred sums, terms below 1e-14 treated as 0, 0 for a constant column, undefined below 3 values. */
function skewness(values: Float64Array): number | undefined {
  const n = values.length;
  if (n < 3) return undefined;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
  }
  if (Math.abs(m2) < 1e-14) m2 = 0;
  if (Math.abs(m3) < 1e-14) m3 = 0;
  if (m2 === 0) return 0;
  return ((n * Math.sqrt(n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (100 * part) / whole;
}
