// Rows of a Frame as plain JSON records, the shape clients send to the model server: numbers for
// numeric and boolean columns, text for categorical ones, ISO strings for datetimes, null when missing.

import { isCoded, type Frame } from '../core/frame.js';

export function recordsOf(frame: Frame, rows: ArrayLike<number>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const record: Record<string, unknown> = {};
    for (const column of frame.columns) {
      if (isCoded(column)) {
        const code = column.codes[row]!;
        record[column.name] = code < 0 ? null : column.levels[code];
      } else {
        const v = column.values[row]!;
        record[column.name] = Number.isNaN(v) ? null : column.type === 'datetime' ? new Date(v).toISOString() : v;
      }
    }
    out.push(record);
  }
  return out;
}
