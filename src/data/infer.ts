// Schema inference: from the raw columns a file was read into (numbers, booleans, datetimes, text) to
// Flywheel's column types (numeric, categorical, boolean, datetime, text, id) and roles, then applying a
// schema (inferred, with the user's overrides) to get the typed Frame the workflow uses. The rules are
// documented in docs/schema-inference.md; keep the two in step.

import { FlywheelError } from '../core/errors.js';
import { Frame, isCoded, missingCount, type Column, type ColumnType } from '../core/frame.js';
import type { ColumnOverride, ColumnRole } from '../core/config.js';
import type { RawColumnInfo } from './read.js';

export interface SchemaColumn {
  name: string;
  type: ColumnType;
  role: ColumnRole;
  /** Why the type was chosen, in a few words (shown by `describe` and written into flywheel.yaml). */
  reason: string;
  sourceType: string;
  missing: number;
  distinct: number;
}

export interface Schema {
  columns: SchemaColumn[];
}

export interface RoleOptions {
  target?: string | undefined;
  time?: string | undefined;
  entity?: string | undefined;
  overrides?: Record<string, ColumnOverride> | undefined;
}

const ID_NAME = /(^|[_\s.-])(id|key|uuid|guid)$|^(id|key|uuid|guid)$|[a-z](Id|ID|Key|UUID)$/i;
const TRUE_FALSE = new Set(['true', 'false', 't', 'f']);
/** Integer-valued numeric columns with at most this many distinct values may be codes. */
export const MAX_CODE_LEVELS = 10;
/** At or above this share of distinct values among non-missing ones, a text column is an identifier. */
export const ID_DISTINCT_SHARE = 0.95;
/** Identifiers and free text are only recognised with at least this many non-missing values. */
export const MIN_ROWS_FOR_ID = 20;

export function looksLikeIdName(name: string): boolean {
  return ID_NAME.test(name);
}

/** Infer each column's type from its values, then assign roles. */
export function inferSchema(frame: Frame, raw: readonly RawColumnInfo[], roles: RoleOptions = {}): Schema {
  const columns = frame.columns.map((column, i) => {
    const guess = inferType(column);
    return {
      name: column.name,
      type: guess.type,
      role: 'feature' as ColumnRole,
      reason: guess.reason,
      sourceType: raw[i]?.sourceType ?? column.type,
      missing: missingCount(column),
      distinct: guess.distinct,
    };
  });
  return assignRoles({ columns }, frame, roles);
}

function assignRoles(schema: Schema, frame: Frame, roles: RoleOptions): Schema {
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  const need = (name: string, what: string) => {
    frame.column(name, what); // throws with suggestions when absent
    return byName.get(name)!;
  };
  for (const column of schema.columns) if (column.type === 'id') column.role = 'ignore';
  for (const [name, override] of Object.entries(roles.overrides ?? {})) {
    const column = need(name, 'the flywheel.yaml columns: entry');
    if (override.type !== undefined && override.type !== column.type) {
      column.type = override.type;
      column.reason = 'set in flywheel.yaml';
      if (override.type === 'id' && override.role === undefined) column.role = 'ignore';
      if (override.type !== 'id' && column.role === 'ignore' && override.role === undefined) column.role = 'feature';
    }
    if (override.role !== undefined) column.role = override.role;
  }
  if (roles.time !== undefined) {
    const column = need(roles.time, 'time column');
    if (column.type !== 'datetime' && column.type !== 'numeric' && !(column.type === 'id' && frame.column(roles.time).type === 'numeric')) {
      throw new FlywheelError('data_invalid', `time column "${roles.time}" holds ${column.type} values, not dates or times`, {
        hint: 'choose a column of dates or timestamps (ISO 8601 such as 2024-03-01, or a numeric time), or set its type in flywheel.yaml',
      });
    }
    if (column.type === 'id') {
      // A column of consecutive unique integers (day 1, 2, 3…) looks like a row counter until it is named the time.
      column.type = 'numeric';
      column.reason = 'numeric times';
    }
    column.role = 'time';
  }
  if (roles.entity !== undefined) need(roles.entity, 'entity column').role = 'entity';
  if (roles.target !== undefined) need(roles.target, 'target column').role = 'target';
  return schema;
}

interface TypeGuess {
  type: ColumnType;
  reason: string;
  distinct: number;
}

function inferType(column: Column): TypeGuess {
  if (column.type === 'datetime') return { type: 'datetime', reason: 'dates or timestamps', distinct: countDistinctNumbers(column.values) };
  if (column.type === 'boolean') return { type: 'boolean', reason: 'true/false values', distinct: countDistinctNumbers(column.values) };
  if (isCoded(column)) return inferTextType(column.name, column.codes, column.levels);
  return inferNumericType(column.name, column.values);
}

function inferTextType(name: string, codes: Int32Array, levels: readonly string[]): TypeGuess {
  const present = codes.length - countNegative(codes);
  const distinct = levels.length;
  if (distinct > 0 && new Set(levels.map((l) => l.toLowerCase())).size <= 2 && levels.every((l) => TRUE_FALSE.has(l.toLowerCase()))) {
    return { type: 'boolean', reason: 'true/false text', distinct };
  }
  if (present >= MIN_ROWS_FOR_ID && distinct >= ID_DISTINCT_SHARE * present) {
    const long = averageLength(levels) > 40 && levels.some((l) => l.includes(' '));
    if (long) return { type: 'text', reason: 'long, mostly unique text', distinct };
    return { type: 'id', reason: looksLikeIdName(name) ? 'unique values, id-like name' : `${Math.round((100 * distinct) / present)}% unique values`, distinct };
  }
  if (looksLikeIdName(name) && present >= MIN_ROWS_FOR_ID && distinct > 0.5 * present) {
    return { type: 'id', reason: 'id-like name, mostly unique values', distinct };
  }
  if (distinct > 50 && averageLength(levels) > 40 && levels.some((l) => l.includes(' '))) {
    return { type: 'text', reason: 'long free text', distinct };
  }
  return { type: 'categorical', reason: `${distinct} text level${distinct === 1 ? '' : 's'}`, distinct };
}

function inferNumericType(name: string, values: Float64Array): TypeGuess {
  const small = new Set<number>();
  let integer = true;
  let min = Infinity;
  let max = -Infinity;
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    present++;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integer && !Number.isInteger(v)) integer = false;
    if (small.size <= MAX_CODE_LEVELS) small.add(v);
  }
  const fewDistinct = small.size <= MAX_CODE_LEVELS;
  if (fewDistinct && small.size > 0 && [...small].every((v) => v === 0 || v === 1)) {
    return { type: 'boolean', reason: 'only 0 and 1', distinct: small.size };
  }
  if (integer && fewDistinct && small.size >= 3 && max - min + 1 > 2 * small.size) {
    return { type: 'categorical', reason: `${small.size} integer codes with gaps (not a count)`, distinct: small.size };
  }
  if (integer && present >= MIN_ROWS_FOR_ID && !fewDistinct) {
    const consecutive = max - min + 1 === present;
    if ((consecutive || looksLikeIdName(name)) && allUnique(values, present, min, max)) {
      return { type: 'id', reason: consecutive ? 'a row counter (consecutive unique integers)' : 'unique integers, id-like name', distinct: present };
    }
  }
  return { type: 'numeric', reason: integer ? 'integers' : 'numbers', distinct: fewDistinct ? small.size : countDistinctNumbers(values) };
}

function allUnique(values: Float64Array, present: number, min: number, max: number): boolean {
  if (max - min + 1 <= 8 * present + 1024) {
    const seen = new Uint8Array(max - min + 1);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) continue;
      if (seen[v - min] === 1) return false;
      seen[v - min] = 1;
    }
    return true;
  }
  return countDistinctNumbers(values) === present;
}

export function countDistinctNumbers(values: Float64Array): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  return distinct;
}

function countNegative(codes: Int32Array): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i]! < 0) n++;
  return n;
}

function averageLength(levels: readonly string[]): number {
  if (levels.length === 0) return 0;
  let total = 0;
  const step = Math.max(1, Math.floor(levels.length / 1000));
  let counted = 0;
  for (let i = 0; i < levels.length; i += step, counted++) total += levels[i]!.length;
  return total / counted;
}

/**
 * The typed Frame for a schema: text becomes categorical, id or text codes (or booleans), numbers may
 * become categorical codes or booleans, and everything else keeps its storage. Values never change,
 * only how they are held, so the snapshot hash (taken on the raw Frame) still describes this data.
 */
export function applySchema(raw: Frame, schema: Schema): Frame {
  return new Frame(
    schema.columns.map((s) => {
      const column = raw.column(s.name);
      return convertColumn(column, s.type);
    }),
  );
}

function convertColumn(column: Column, type: ColumnType): Column {
  if (column.type === type) return column;
  if (isCoded(column)) {
    if (type === 'categorical' || type === 'text' || type === 'id') return { name: column.name, type, codes: column.codes, levels: column.levels };
    if (type === 'boolean') return textToBoolean(column.name, column.codes, column.levels);
    if (type === 'numeric') return textToNumber(column.name, column.codes, column.levels);
    throw new FlywheelError('config_invalid', `column "${column.name}" holds text that was not read as dates, so it cannot be typed datetime`, {
      hint: 'use ISO dates (2024-03-01 or 2024-03-01 12:00:00) or one of the formats in docs/schema-inference.md',
    });
  }
  if (type === 'numeric' || type === 'boolean' || type === 'datetime') {
    if (type === 'boolean') {
      for (const v of column.values) {
        if (!Number.isNaN(v) && v !== 0 && v !== 1) {
          throw new FlywheelError('config_invalid', `column "${column.name}" has values other than 0 and 1, so it cannot be typed boolean`, {
            hint: 'type it numeric or categorical in flywheel.yaml',
          });
        }
      }
    }
    return { name: column.name, type, values: column.values };
  }
  return numberToCodes(column.name, column.values, column.type === 'datetime', type);
}

function textToBoolean(name: string, codes: Int32Array, levels: readonly string[]): Column {
  const map = levels.map((l) => {
    const lower = l.toLowerCase();
    if (lower === 'true' || lower === 't' || lower === '1' || lower === 'yes') return 1;
    if (lower === 'false' || lower === 'f' || lower === '0' || lower === 'no') return 0;
    throw new FlywheelError('config_invalid', `column "${name}" has the value "${l}", which is not true/false, so it cannot be typed boolean`, {
      hint: 'type it categorical in flywheel.yaml',
    });
  });
  const values = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) values[i] = codes[i]! < 0 ? NaN : map[codes[i]!]!;
  return { name, type: 'boolean', values };
}

function textToNumber(name: string, codes: Int32Array, levels: readonly string[]): Column {
  const map = levels.map((l) => {
    const v = Number(l.trim());
    if (l.trim() === '' || !Number.isFinite(v)) {
      throw new FlywheelError('config_invalid', `column "${name}" has the value "${l}", which is not a number, so it cannot be typed numeric`, {
        hint: 'type it categorical in flywheel.yaml, or clean the column',
      });
    }
    return v;
  });
  const values = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) values[i] = codes[i]! < 0 ? NaN : map[codes[i]!]!;
  return { name, type: 'numeric', values };
}

function numberToCodes(name: string, values: Float64Array, isDate: boolean, type: 'categorical' | 'text' | 'id'): Column {
  const distinct = [...new Set(values.filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
  const index = new Map(distinct.map((v, i) => [v, i]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = Number.isNaN(values[i]!) ? -1 : index.get(values[i]!)!;
  const levels = distinct.map((v) => (isDate ? new Date(v).toISOString() : String(v)));
  return { name, type, codes, levels };
}
