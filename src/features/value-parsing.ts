// Reading one raw value — a field of a JSON record, or a level of a text column — as the type a
// pipeline input column has. The rules match how data/ reads files, so a value scored from a record
// is the value training read from the file: numbers as written, booleans as true/false words or 0/1,
// datetimes as ISO text (UTC unless an offset is given) or epoch milliseconds.

import type { ColumnType } from '../core/frame.js';

/** What a pipeline input column accepts, for error messages. */
export const EXPECTED_TEXT: Readonly<Record<'numeric' | 'boolean' | 'datetime' | 'categorical', string>> = {
  numeric: 'a number',
  boolean: 'true or false (or 0 / 1)',
  datetime: 'an ISO date or time (2024-03-01, 2024-03-01T12:30:00Z) or epoch milliseconds',
  categorical: 'text or a number',
};

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE_WORDS = new Set(['true', 't', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', '0']);
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)) || (typeof value === 'string' && value.trim() === '');
}

/** A number (NaN when missing), or undefined when the value is not a number. */
export function parseNumberValue(value: unknown): number | undefined {
  if (isBlank(value)) return NaN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!DECIMAL.test(text)) return undefined;
    const number = Number(text);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/** 1, 0, NaN when missing, or undefined when the value is not a boolean. */
export function parseBooleanValue(value: unknown): number | undefined {
  if (isBlank(value)) return NaN;
  if (value === true) return 1;
  if (value === false) return 0;
  if (typeof value === 'number') return value === 1 ? 1 : value === 0 ? 0 : undefined;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return 1;
    if (FALSE_WORDS.has(word)) return 0;
  }
  return undefined;
}

/** Epoch milliseconds (NaN when missing), or undefined when the value is not a date or time. */
export function parseDatetimeValue(value: unknown): number | undefined {
  if (isBlank(value)) return NaN;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string') return undefined;
  const match = ISO.exec(value.trim());
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((k) => Number(match[k] ?? 0)) as [number, number, number, number, number, number];
  // Sub-millisecond digits are dropped, as DuckDB's epoch_ms does when training data is read.
  const ms = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  if (year < 100) date.setUTCFullYear(year);
  if (date.getUTCDate() !== day) return undefined; // 2024-02-30
  return date.getTime() - offsetMs(match[8]);
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0)) * 60_000;
}

/** A level's text (null when missing), or undefined when the value cannot be a level. */
export function parseLevelValue(value: unknown): string | null | undefined {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/** Parse a value for a numeric-storage column type. */
export function parseStoredNumber(type: 'numeric' | 'boolean' | 'datetime', value: unknown): number | undefined {
  return type === 'numeric' ? parseNumberValue(value) : type === 'boolean' ? parseBooleanValue(value) : parseDatetimeValue(value);
}

/** A value as it appears in messages: text quoted, at most 60 characters. */
export function showValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function expectedFor(type: ColumnType): string {
  return type === 'numeric' || type === 'boolean' || type === 'datetime' ? EXPECTED_TEXT[type] : EXPECTED_TEXT.categorical;
}
