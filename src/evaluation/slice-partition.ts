// How slice analysis cuts one column into slices. Categorical levels become slices by size (levels
// below the minimum size, or past the level cap, share one "(other: …)" slice), numeric and datetime
// values fall into quantile bins with rounded edges, booleans into true/false, and missing values into
// "(missing)". Every row lands in exactly one slice: nothing is dropped.

import { isCoded, type CodedColumn, type Column, type NumericColumn } from '../core/frame.js';

export interface SlicePartition {
  feature: string;
  /** Slice index of every row (row order). */
  keys: Int32Array;
  /** Label of each slice in report order: `Month-to-month`, `[12, 24)`, `(missing)`, `(other: 3 small levels)`. */
  labels: string[];
  /** The slice as a condition inside a segment label: `contract = Month-to-month`, `tenure in [0, 12)`. */
  conditions: string[];
  sizes: number[];
}

export interface PartitionOptions {
  minSize: number;
  numericBins: number;
  maxLevels: number;
}

export const MISSING_LABEL = '(missing)';

const DAY_MS = 86_400_000;

/** The slices of one column; undefined for text and id columns, whose values are not groups. */
export function partitionColumn(column: Column, options: PartitionOptions): SlicePartition | undefined {
  if (isCoded(column)) return column.type === 'categorical' ? partitionLevels(column, options) : undefined;
  return partitionValues(column, options);
}

function partitionLevels(column: CodedColumn, options: PartitionOptions): SlicePartition {
  const counts = new Array<number>(column.levels.length).fill(0);
  let missing = 0;
  for (const code of column.codes) {
    if (code < 0) missing++;
    else counts[code]!++;
  }
  const present = counts.map((count, code) => ({ code, count })).filter((l) => l.count > 0);
  present.sort((a, b) => b.count - a.count || a.code - b.code);
  const kept = present.filter((l, i) => l.count >= options.minSize && i < options.maxLevels);
  let rest = present.filter((l) => !kept.includes(l));
  // A group of one level says less than the level itself, so a lone leftover keeps its name.
  if (rest.length === 1) {
    kept.push(rest[0]!);
    rest = [];
  }
  const sliceOfCode = new Int32Array(column.levels.length).fill(-1);
  const builder = new PartitionBuilder(column.name);
  for (const level of kept) {
    const name = column.levels[level.code]!;
    sliceOfCode[level.code] = builder.add(name, `${column.name} = ${name}`, level.count);
  }
  if (rest.length > 0) {
    const allSmall = rest.every((l) => l.count < options.minSize);
    const label = `(other: ${rest.length} ${allSmall ? 'small ' : ''}levels)`;
    const index = builder.add(label, `${column.name} in ${label}`, rest.reduce((s, l) => s + l.count, 0));
    for (const level of rest) sliceOfCode[level.code] = index;
  }
  const missingIndex = missing > 0 ? builder.add(MISSING_LABEL, `${column.name} is missing`, missing) : -1;
  const keys = new Int32Array(column.codes.length);
  for (let i = 0; i < keys.length; i++) {
    const code = column.codes[i]!;
    keys[i] = code < 0 ? missingIndex : sliceOfCode[code]!;
  }
  return builder.build(keys);
}

function partitionValues(column: NumericColumn, options: PartitionOptions): SlicePartition {
  const present = column.values.filter((v) => !Number.isNaN(v)).sort();
  const distinct = distinctSorted(present);
  const format = valueFormatter(column, present);
  const builder = new PartitionBuilder(column.name);
  let valueKey: (v: number) => number;
  if (column.type === 'boolean' || distinct.length <= options.numericBins) {
    // Few distinct values: each value is its own slice, named by the value.
    for (const v of distinct) builder.add(format.value(v), `${column.name} = ${format.value(v)}`, countEqual(present, v));
    valueKey = (v) => lowerBound(distinct, v);
  } else {
    const bins = Math.max(1, Math.min(options.numericBins, Math.floor(present.length / options.minSize)));
    const edges = binEdges(present, bins, format.round);
    const counts = new Array<number>(edges.length + 1).fill(0);
    for (const v of present) counts[upperBound(edges, v)]!++;
    const bounds = [format.lower(present[0]!), ...edges.map(format.edge), format.upper(present[present.length - 1]!)];
    for (let b = 0; b <= edges.length; b++) {
      const label = `[${bounds[b]}, ${bounds[b + 1]}${b === edges.length ? ']' : ')'}`;
      builder.add(label, `${column.name} in ${label}`, counts[b]!);
    }
    valueKey = (v) => upperBound(edges, v);
  }
  const missing = column.values.length - present.length;
  const missingIndex = missing > 0 ? builder.add(MISSING_LABEL, `${column.name} is missing`, missing) : -1;
  const keys = new Int32Array(column.values.length);
  for (let i = 0; i < keys.length; i++) {
    const v = column.values[i]!;
    keys[i] = Number.isNaN(v) ? missingIndex : valueKey(v);
  }
  return builder.build(keys);
}

/**
 * Interior bin edges at the data's quantiles, rounded to readable values. An edge is kept only when
 * it leaves data on both sides (min < edge ≤ max) and every bin non-empty, so ties give fewer bins.
 */
function binEdges(sorted: Float64Array, bins: number, round: (v: number) => number): number[] {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const edge = round(sorted[Math.floor((b * sorted.length) / bins)]!);
    const previous = edges.length === 0 ? min : edges[edges.length - 1]!;
    // The bin [previous, edge) must hold a value, and so must [edge, max].
    if (edge > previous && edge <= max && lowerBound(sorted, edge) > lowerBound(sorted, previous)) edges.push(edge);
  }
  return edges;
}

interface ValueFormat {
  /** Rounds a quantile to the edge actually used (labels then describe the bins exactly). */
  round: (v: number) => number;
  edge: (v: number) => string;
  /** The first bin's lower bound and the last bin's upper bound, rounded outwards. */
  lower: (v: number) => string;
  upper: (v: number) => string;
  value: (v: number) => string;
}

function valueFormatter(column: NumericColumn, sorted: Float64Array): ValueFormat {
  if (column.type === 'boolean') {
    const value = (v: number) => (v === 1 ? 'true' : 'false');
    return { round: (v) => v, edge: value, lower: value, upper: value, value };
  }
  if (column.type === 'datetime') {
    const date = (v: number) => new Date(v).toISOString().slice(0, 10);
    const dayStart = (v: number) => Math.floor(v / DAY_MS) * DAY_MS;
    return { round: dayStart, edge: date, lower: date, upper: date, value: (v) => new Date(v).toISOString() };
  }
  const range = sorted.length === 0 ? 0 : sorted[sorted.length - 1]! - sorted[0]!;
  // Edges keep three significant digits of the range: [0, 12) for tenure, [18, 35) for charges.
  const exponent = range > 0 ? Math.floor(Math.log10(range)) - 2 : 0;
  const step = 10 ** exponent;
  const decimals = Math.max(0, -exponent);
  const text = (v: number) => String(Number(v.toFixed(decimals)));
  return {
    round: (v) => Number((Math.round(v / step) * step).toFixed(decimals)),
    edge: text,
    lower: (v) => text(Math.floor(v / step) * step),
    upper: (v) => text(Math.ceil(v / step) * step),
    value: (v) => String(v),
  };
}

class PartitionBuilder {
  private readonly labels: string[] = [];
  private readonly conditions: string[] = [];
  private readonly sizes: number[] = [];

  constructor(private readonly feature: string) {}

  add(label: string, condition: string, size: number): number {
    this.labels.push(label);
    this.conditions.push(condition);
    this.sizes.push(size);
    return this.labels.length - 1;
  }

  build(keys: Int32Array): SlicePartition {
    return { feature: this.feature, keys, labels: this.labels, conditions: this.conditions, sizes: this.sizes };
  }
}

function distinctSorted(sorted: Float64Array): number[] {
  const out: number[] = [];
  for (const v of sorted) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return out;
}

function countEqual(sorted: Float64Array, v: number): number {
  return upperBound(sorted, v) - lowerBound(sorted, v);
}

/** First index whose value is ≥ v. */
function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > v (for bin edges: the bin a value falls in). */
function upperBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
