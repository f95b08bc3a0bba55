// Levels as text: the steps that treat a column as categories (one_hot, ordinal, target_encoding,
// cross) fit on the levels' text and, at scoring time, match the incoming codes to the fitted levels
// by text — a Frame's codes index its own level list, which differs from one file to the next.

import { isCoded, type CodedColumn, type Column } from '../core/frame.js';

/** The text of a stored number, as Frame.cellText writes it. */
export function valueText(type: 'numeric' | 'boolean' | 'datetime', value: number): string {
  if (type === 'datetime') return new Date(value).toISOString();
  if (type === 'boolean') return value === 1 ? 'true' : 'false';
  return String(value);
}

/** The column as codes into text levels; a numeric-storage column's values become levels by their text. */
export function asCoded(column: Column): CodedColumn {
  if (isCoded(column)) return column;
  const values = column.values;
  const codes = new Int32Array(values.length);
  const index = new Map<number, number>();
  const levels: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = levels.length;
      index.set(v, code);
      levels.push(valueText(column.type, v));
    }
    codes[i] = code;
  }
  return { name: column.name, type: 'categorical', codes, levels };
}

/** For each of a column's levels, the index of the same text in `fitted`, or -1. */
export function matchLevels(levels: readonly string[], fitted: readonly string[]): Int32Array {
  const position = new Map(fitted.map((level, i) => [level, i]));
  return Int32Array.from(levels, (level) => position.get(level) ?? -1);
}

/** Rows per code (index = code) and the number of missing rows. */
export function countCodes(column: CodedColumn): { counts: Float64Array; missing: number } {
  const counts = new Float64Array(column.levels.length);
  let missing = 0;
  const codes = column.codes;
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code < 0) missing++;
    else counts[code]!++;
  }
  return { counts, missing };
}

/** Compare text by UTF-16 code units: the same order on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The levels present in the column (count > 0), sorted by text. A Frame may list levels no row uses. */
export function presentLevels(column: CodedColumn, counts: Float64Array): string[] {
  const present = new Set<string>();
  for (let code = 0; code < counts.length; code++) if (counts[code]! > 0) present.add(column.levels[code]!);
  return [...present].sort(compareText);
}
