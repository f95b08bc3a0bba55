// Hyperparameters declared once per model kind — type, default, range, one line of docs — from which
// validation, `--help`, docs and the `--param name=value` parser all come (as scikit-learn's
// `_parameter_constraints` and LightGBM's config table do).

import { FlywheelError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';

export type ParamDecl =
  | { type: 'number'; default: number; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; doc: string }
  | { type: 'integer'; default: number; min?: number; max?: number; doc: string }
  | { type: 'boolean'; default: boolean; doc: string }
  | { type: 'string'; default: string; doc: string }
  | { type: 'enum'; default: string; values: readonly string[]; doc: string }
  | { type: 'integer_list'; default: readonly number[]; min?: number; max?: number; minLength?: number; maxLength?: number; doc: string }
  /** A number, or null for "not set" (e.g. class_weight: balanced | null handled as enum instead). */
  | { type: 'optional_number'; default: number | null; min?: number; max?: number; minExclusive?: boolean; doc: string };

export type ParamTable = Readonly<Record<string, ParamDecl>>;

type ValueOf<D extends ParamDecl> = D extends { type: 'number' | 'integer' }
  ? number
  : D extends { type: 'boolean' }
    ? boolean
    : D extends { type: 'string' }
      ? string
    : D extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : D extends { type: 'integer_list' }
        ? number[]
        : D extends { type: 'optional_number' }
          ? number | null
          : never;

/** The typed params object of a table: `{ C: number; solver: 'lbfgs' | 'newton' … }`. */
export type ParamsOf<T extends ParamTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** Declare a param table, keeping literal enum values for the ParamsOf type. */
export function defineParams<const T extends ParamTable>(table: T): T {
  return table;
}

export function defaults<T extends ParamTable>(table: T): ParamsOf<T> {
  const out: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(table)) out[name] = Array.isArray(decl.default) ? [...decl.default] : decl.default;
  return out as ParamsOf<T>;
}

/**
 * Validate raw params (from flywheel.yaml, or `--param name=value` text) against the table and fill
 * defaults. Text values are parsed by the declared type. Errors name the parameter, the model kind
 * and the allowed range; unknown names get the closest known one suggested.
 */
export function parseParams<T extends ParamTable>(kind: string, table: T, raw: Readonly<Record<string, unknown>> = {}): ParamsOf<T> {
  const out = defaults(table) as Record<string, unknown>;
  const known = Object.keys(table);
  for (const [name, value] of Object.entries(raw)) {
    const decl = table[name];
    if (decl === undefined) {
      throw new FlywheelError('config_invalid', `unknown parameter "${name}" for the ${kind} model`, {
        hint: `${didYouMean(name, known) ?? `its parameters are: ${known.join(', ')}`} (see \`flywheel train --help-params ${kind}\`)`,
      });
    }
    out[name] = parseValue(kind, name, decl, value);
  }
  return out as ParamsOf<T>;
}

function fail(kind: string, name: string, expected: string, value: unknown): never {
  throw new FlywheelError('config_invalid', `parameter ${name} of the ${kind} model must be ${expected} (found ${JSON.stringify(value)})`, {
    hint: `set ${name} within its range, or leave it out for the default`,
  });
}

function rangeText(decl: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): string {
  const lo = decl.min === undefined ? undefined : `${decl.minExclusive ? '>' : '≥'} ${decl.min}`;
  const hi = decl.max === undefined ? undefined : `${decl.maxExclusive ? '<' : '≤'} ${decl.max}`;
  return [lo, hi].filter(Boolean).join(' and ');
}

function inRange(v: number, decl: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean }): boolean {
  if (decl.min !== undefined && (decl.minExclusive ? v <= decl.min : v < decl.min)) return false;
  if (decl.max !== undefined && (decl.maxExclusive ? v >= decl.max : v > decl.max)) return false;
  return true;
}

function parseValue(kind: string, name: string, decl: ParamDecl, value: unknown): unknown {
  const text = typeof value === 'string' ? value.trim() : undefined;
  switch (decl.type) {
    case 'number':
    case 'integer':
    case 'optional_number': {
      if (decl.type === 'optional_number' && (value === null || text === 'null' || text === 'none' || text === '')) return null;
      const v = typeof value === 'number' ? value : text !== undefined && text !== '' ? Number(text) : NaN;
      const range = rangeText(decl);
      const what = `${decl.type === 'integer' ? 'an integer' : 'a number'}${range === '' ? '' : ` ${range}`}`;
      if (!Number.isFinite(v) || (decl.type === 'integer' && !Number.isInteger(v)) || !inRange(v, decl)) fail(kind, name, what, value);
      return v;
    }
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (text === 'true' || text === '1' || text === 'yes') return true;
      if (text === 'false' || text === '0' || text === 'no') return false;
      return fail(kind, name, 'true or false', value);
    }
    case 'string':
      if (typeof value !== 'string' && typeof value !== 'number') fail(kind, name, 'text', value);
      return String(value);
    case 'enum': {
      const v = text ?? (value === null ? 'null' : String(value));
      if (!decl.values.includes(v)) fail(kind, name, `one of ${decl.values.map((x) => JSON.stringify(x)).join(', ')}`, value);
      return v;
    }
    case 'integer_list': {
      const list = Array.isArray(value) ? value : text !== undefined ? text.replace(/^[[(]|[\])]$/g, '').split(',').filter((s) => s.trim() !== '').map(Number) : [value];
      const range = rangeText(decl);
      const ok =
        list.every((v) => typeof v === 'number' && Number.isInteger(v) && inRange(v, decl)) &&
        (decl.minLength === undefined || list.length >= decl.minLength) &&
        (decl.maxLength === undefined || list.length <= decl.maxLength);
      if (!ok) {
        const length = decl.minLength === decl.maxLength ? `${decl.minLength}` : `${decl.minLength ?? 0} to ${decl.maxLength ?? 'any number of'}`;
        fail(kind, name, `a list of ${length} integers${range === '' ? '' : ` ${range}`}, such as 64,32`, value);
      }
      return list as number[];
    }
  }
}

/** One line per parameter: name, type/range, default, doc (for --help and docs). */
export function describeParams(table: ParamTable): { name: string; type: string; default: string; doc: string }[] {
  return Object.entries(table).map(([name, decl]) => {
    let type: string = decl.type;
    if (decl.type === 'enum') type = decl.values.join(' | ');
    else if (decl.type === 'string') type = 'text';
    else if (decl.type !== 'boolean') {
      const range = rangeText(decl as { min?: number; max?: number });
      if (range !== '') type = `${decl.type.replace('optional_number', 'number or null')} ${range}`;
    }
    return { name, type, default: JSON.stringify(decl.default), doc: decl.doc };
  });
}
