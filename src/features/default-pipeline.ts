// The default treatment, run after the user's steps: every column no user step transformed gets the
// steps its type needs under the model's encoding, and every column a user step did transform gets
// only what the encoding requires (categories encoded, datetimes split into parts, and — for the
// dense encodings — no missing values left). A default column that is all missing or constant on
// train is left out with a warning. docs/features.md describes the result per encoding.

import { isCoded, type Column } from '../core/frame.js';
import { DEFAULT_MAX_LEVELS, type FeatureStep } from '../core/feature-spec.js';
import type { FeatureEncoding } from '../models/estimator.js';
import type { StepOrigin } from './fit-context.js';
import { valueText } from './levels.js';
import type { WorkingSet } from './working-set.js';

/** What the fit knows about a working column. */
export interface ColumnMeta {
  /** Named by a user step that transforms it in place (its default is replaced). */
  claimed: boolean;
  /** Can never be missing. */
  complete: boolean;
  /** Integer-coded categorical feature ('native'). */
  categorical: boolean;
  /** Becomes a feature (false for a time column read only as a step's source). */
  feature: boolean;
  /** For a cross column: its step's one-hot cap. */
  maxLevels?: number;
}

export interface DefaultRunner {
  readonly encoding: FeatureEncoding;
  readonly work: WorkingSet;
  meta(name: string): ColumnMeta;
  /** Fit and apply one step; returns the names of the columns it wrote. */
  run(spec: FeatureStep, origin: Exclude<StepOrigin, 'features'>): string[];
  warn(message: string): void;
}

/** Runs the default and required steps; returns the columns left out of the features. */
export function completePipeline(runner: DefaultRunner): Set<string> {
  const { work, encoding } = runner;
  const dense = encoding !== 'native';
  const left = new Set<string>();
  const byType = { numeric: [] as string[], boolean: [] as string[], datetime: [] as string[], categorical: [] as string[] };
  const claimed = { numeric: [] as string[], datetime: [] as string[], categorical: [] as string[] };
  for (const name of [...work.names]) {
    const meta = runner.meta(name);
    const column = work.get(name);
    const kind = isCoded(column) ? 'categorical' : column.type;
    if (meta.claimed) {
      if (kind === 'boolean') claimed.numeric.push(name);
      else claimed[kind].push(name);
      continue;
    }
    if (!meta.feature) {
      left.add(name);
      continue;
    }
    const degenerate = degenerateOnTrain(column);
    if (degenerate !== undefined) {
      runner.warn(`column "${name}" ${degenerate} on every training row; it was left out of the features`);
      left.add(name);
      continue;
    }
    byType[kind].push(name);
  }
  if (dense) {
    // A missing indicator only for columns with missing values on train (decided before any imputing).
    const numbers = [...byType.numeric, ...byType.datetime];
    const missing = numbers.filter((n) => hasMissing(work.get(n)));
    run(runner, { step: 'impute', columns: missing, strategy: 'median', indicator: true }, 'default');
    run(runner, { step: 'impute', columns: numbers.filter((n) => !missing.includes(n)), strategy: 'median', indicator: false }, 'default');
    run(runner, { step: 'impute', columns: byType.boolean, strategy: 'most_frequent', indicator: false }, 'default');
  }
  const defaultParts = run(runner, { step: 'date_parts', columns: byType.datetime }, 'default');
  const claimedParts = run(runner, { step: 'date_parts', columns: claimed.datetime }, 'required');
  if (encoding === 'scaled') run(runner, { step: 'scale', columns: [...byType.numeric, ...defaultParts], method: 'standard' }, 'default');

  if (dense) {
    // One one_hot step per cap: the default 20, and each cross column's own max_levels.
    const caps = new Map<number, { names: string[]; origin: 'default' | 'required' }[]>();
    for (const [names, origin] of [
      [byType.categorical, 'default'],
      [claimed.categorical, 'required'],
    ] as const) {
      for (const name of names) {
        const cap = runner.meta(name).maxLevels ?? DEFAULT_MAX_LEVELS;
        const groups = caps.get(cap) ?? [];
        let group = groups.find((g) => g.origin === origin);
        if (group === undefined) groups.push((group = { names: [], origin }));
        group.names.push(name);
        caps.set(cap, groups);
      }
    }
    for (const [cap, groups] of caps) for (const g of groups) run(runner, { step: 'one_hot', columns: g.names, max_levels: cap }, g.origin);
    // The dense encodings need every value: impute what the user's steps may have left missing.
    const incomplete = [...claimed.numeric, ...claimedParts].filter((name) => !runner.meta(name).complete);
    const missing = incomplete.filter((n) => hasMissing(work.get(n)));
    run(runner, { step: 'impute', columns: missing, strategy: 'median', indicator: true }, 'required');
    run(runner, { step: 'impute', columns: incomplete.filter((n) => !missing.includes(n)), strategy: 'median', indicator: false }, 'required');
  } else {
    run(runner, { step: 'ordinal', columns: byType.categorical }, 'default');
    run(runner, { step: 'ordinal', columns: claimed.categorical }, 'required');
  }
  return left;
}

function run(runner: DefaultRunner, spec: FeatureStep, origin: 'default' | 'required'): string[] {
  if ('columns' in spec && spec.columns.length === 0) return [];
  return runner.run(spec, origin);
}

function hasMissing(column: Column): boolean {
  if (isCoded(column)) return column.codes.includes(-1);
  const values = column.values;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) return true;
  return false;
}

/**
 * "is missing" or "has the same value (…)" when the column carries no information on train: every
 * value missing, or one value and none missing (a single value with some missing still tells
 * missing from present).
 */
export function degenerateOnTrain(column: Column): string | undefined {
  let first = -1;
  let missing = 0;
  let varies = false;
  if (isCoded(column)) {
    const codes = column.codes;
    for (let i = 0; i < codes.length && !varies; i++) {
      const code = codes[i]!;
      if (code < 0) missing++;
      else if (first < 0) first = code;
      else if (code !== first && column.levels[code] !== column.levels[first]) varies = true;
    }
    if (varies) return undefined;
    if (first < 0) return 'is missing';
    return missing === 0 ? `has the same value (${JSON.stringify(column.levels[first])})` : undefined;
  }
  const values = column.values;
  let value = NaN;
  for (let i = 0; i < values.length && !varies; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) missing++;
    else if (Number.isNaN(value)) value = v;
    else if (v !== value) varies = true;
  }
  if (varies) return undefined;
  if (Number.isNaN(value)) return 'is missing';
  return missing === 0 ? `has the same value (${JSON.stringify(valueText(column.type, value))})` : undefined;
}
