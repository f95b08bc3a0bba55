// The data profile's input, options and JSON shape. The JSON keys are snake_case because other tools
// read them (docs/profile.md describes every field); the options are declared once, with their defaults
// and ranges, and validated in one place.

import { FlywheelError } from '../core/errors.js';
import type { ColumnRole } from '../core/config.js';
import type { ColumnType } from '../core/frame.js';
import { didYouMean } from '../core/suggest.js';
import type { Schema } from '../data/infer.js';

interface OptionDecl {
  default: number;
  min: number;
  max: number;
  integer: boolean;
  doc: string;
}

/** Every profile option: default, allowed range, one line of docs (docs/profile.md quotes them). */
export const PROFILE_OPTIONS = {
  correlationThreshold: { default: 0.9, min: 0, max: 1, integer: false, doc: 'report feature pairs whose |Pearson r| is at least this' },
  topK: { default: 10, min: 1, max: 1000, integer: true, doc: 'most frequent values listed per column' },
  histogramBins: { default: 20, min: 1, max: 1000, integer: true, doc: 'equal-width bins between the finite min and max (as numpy.histogram)' },
  maxCorrelationColumns: {
    default: 500,
    min: 2,
    max: 100_000,
    integer: true,
    doc: 'at most this many numeric and boolean columns enter the correlation matrix (those most associated with the target); unset, also fewer on long data: n·k²/2 ≤ 2.5e9',
  },
} as const satisfies Record<string, OptionDecl>;

export type ProfileOptions = { -readonly [K in keyof typeof PROFILE_OPTIONS]?: number };
export type ResolvedProfileOptions = { -readonly [K in keyof typeof PROFILE_OPTIONS]: number };

export interface ProfileInput {
  /** A snapshot Parquet file or any data file Flywheel reads (CSV, TSV, Parquet, JSON lines; gzip allowed). */
  path: string;
  schema: Schema;
  /** The binary target and its positive class (compared with the label's text). */
  target?: { name: string; positive: string };
  options?: ProfileOptions;
}

/** Fill defaults and check ranges; unknown options are named with the closest known one. */
export function resolveProfileOptions(options: ProfileOptions = {}): ResolvedProfileOptions {
  const known = Object.keys(PROFILE_OPTIONS);
  const out = {} as ResolvedProfileOptions;
  for (const name of Object.keys(options)) {
    if (!(name in PROFILE_OPTIONS)) {
      throw new FlywheelError('usage', `unknown profile option "${name}"`, { hint: didYouMean(name, known) ?? `the options are: ${known.join(', ')}` });
    }
  }
  for (const [name, decl] of Object.entries(PROFILE_OPTIONS) as [keyof typeof PROFILE_OPTIONS, OptionDecl][]) {
    const value = options[name] ?? decl.default;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < decl.min || value > decl.max || (decl.integer && !Number.isInteger(value))) {
      throw new FlywheelError('usage', `profile option ${name} must be ${decl.integer ? 'an integer' : 'a number'} from ${decl.min} to ${decl.max}, got ${String(value)}`, {
        hint: `${name}: ${decl.doc} (default ${decl.default})`,
      });
    }
    out[name] = value;
  }
  return out;
}

export interface Profile {
  rows: number;
  columns_count: number;
  duplicate_rows: number;
  duplicate_pct: number;
  class_balance: ClassBalance | null;
  columns: ColumnProfile[];
  correlations: Correlations;
  timings_ms: ProfileTimings;
}

export interface ClassBalance {
  positive: string;
  negative: string;
  positive_count: number;
  negative_count: number;
  /** Share of rows in the positive class, 0–1. */
  positive_rate: number;
  /** Accuracy of always predicting the majority class, 0–1. */
  accuracy_of_majority: number;
  warning?: string;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  /** Non-missing values. */
  count: number;
  missing: number;
  /** Percent of rows, 0–100. */
  missing_pct: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Percent of non-missing values, 0–100. */
  distinct_pct: number;
  /** Finite values only; ISO 8601 text for datetime columns. */
  min?: number | string;
  max?: number | string;
  mean?: number;
  /** Sample standard deviation (ddof = 1), as pandas. */
  std?: number;
  quantiles?: Quantiles;
  /** Bias-corrected sample skewness, as pandas' Series.skew(). */
  skew?: number;
  zeros?: number;
  infinities?: number;
  histogram?: Histogram;
  top?: TopValue[];
  constant: boolean;
  /** The most frequent value holds at least 99% of the non-missing values. */
  near_constant: boolean;
  high_cardinality: boolean;
  mixed_types?: { numeric_share: number };
  target_association?: TargetAssociation;
}

export interface Quantiles {
  p01: number;
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

export interface Histogram {
  /** histogramBins + 1 edges; epoch milliseconds for datetime columns. */
  edges: number[];
  counts: number[];
}

export interface TopValue {
  value: string | number;
  count: number;
  /** Percent of non-missing values, 0–100. */
  pct: number;
}

/** `higher`: larger values go with the positive class; `level_rate`: levels ranked by their positive rate. */
export type AucDirection = 'higher' | 'lower' | 'level_rate';

export interface TargetAssociation {
  /** Single-feature ROC-AUC, oriented to be at least 0.5; null when the scored rows hold one class only. */
  roc_auc: number | null;
  direction: AucDirection;
  /** Rows the AUC was computed on. */
  scored_rows: number;
  point_biserial?: number;
  cramers_v?: number;
  /** In nats, as scikit-learn's mutual_info_score. */
  mutual_information?: number;
}

export interface CorrelationPair {
  a: string;
  b: string;
  r: number;
}

export interface Correlations {
  method: 'pearson';
  threshold: number;
  /** Columns that entered the correlation matrix. */
  columns: number;
  pairs: CorrelationPair[];
  limited_to?: string;
}

/** Wall time of each phase; load, aggregates, levels, duplicates and the typed-array work overlap. */
export interface ProfileTimings {
  load: number;
  aggregates: number;
  levels: number;
  duplicates: number;
  read_values: number;
  order_statistics: number;
  correlations: number;
  total: number;
}
