// Rows grouped by a key column's value (an entity, a candidate entity): a dense group id per row, -1
// where the key is missing (such a row belongs to no group, as the group split treats it as its own).

import { isCoded, type Column } from '../../core/frame.js';

export interface Groups {
  /** Group of each row; -1 where the key is missing. */
  groupOf: Int32Array;
  /** Rows per group. */
  sizes: Uint32Array;
  /** Rows with a key. */
  present: number;
}

export function groupsOf(column: Column): Groups {
  const n = isCoded(column) ? column.codes.length : column.values.length;
  const groupOf = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  let present = 0;
  if (isCoded(column)) {
    const remap = new Int32Array(column.levels.length).fill(-1);
    for (let i = 0; i < n; i++) {
      const code = column.codes[i]!;
      if (code < 0) continue;
      if (remap[code] === -1) {
        remap[code] = sizes.length;
        sizes.push(0);
      }
      groupOf[i] = remap[code]!;
    }
  } else {
    const index = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const v = column.values[i]!;
      if (Number.isNaN(v)) continue;
      let g = index.get(v);
      if (g === undefined) {
        g = sizes.length;
        index.set(v, g);
        sizes.push(0);
      }
      groupOf[i] = g;
    }
  }
  for (let i = 0; i < n; i++) {
    const g = groupOf[i]!;
    if (g < 0) continue;
    sizes[g]!++;
    present++;
  }
  return { groupOf, sizes: Uint32Array.from(sizes), present };
}

/** Median rows per group (0 without groups). */
export function medianGroupSize(sizes: Uint32Array): number {
  if (sizes.length === 0) return 0;
  const sorted = Uint32Array.from(sizes).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
