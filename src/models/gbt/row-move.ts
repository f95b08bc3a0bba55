// The memory of one row store buffer (row-store.ts), and the loop that moves rows from one buffer to the
// other, rows going left first (a round's subsample to the front; splits partition in place instead,
// row-partition.ts).

/** One buffer: rows as row-layout.ts lays them out, seen through three views of the same memory. */
export interface RowBuffer {
  /** nWords Uint32 words per position. */
  readonly bins: Uint32Array;
  /** As bytes (position k's feature f at k · 4 · nWords + f). */
  readonly bytes: Uint8Array;
  /** As 64-bit words: a row moves as n64 of them. */
  readonly words: BigUint64Array;
  /** As float64 (position k's probability at k · n64 + probSlot). */
  readonly floats: Float64Array;
}

/**
 * Move positions [begin, end) of one buffer into another: a row goes left when map[mapAt + flags[k ·
 * stride + offset]] = 1; left rows fill forward from leftStart, right rows backward from rightEnd. Returns the
 * position after the last left row.
 */
export type MoveRows = (
  words: BigUint64Array,
  toWords: BigUint64Array,
  begin: number,
  end: number,
  flags: Uint8Array,
  offset: number,
  stride: number,
  map: Uint8Array,
  mapAt: number,
  leftStart: number,
  rightEnd: number,
) => number;

export const MOVE_PARAMS = ['words', 'toWords', 'begin', 'end', 'flags', 'offset', 'stride', 'map', 'mapAt', 'leftStart', 'rightEnd'] as const;

/**
 * Source of the move loop for rows of n64 64-bit words, each copy written out (as the histogram kernel).
 * V8 copies BigUint64Array elements without allocating a BigInt, and one 64-bit copy costs about what a
 * 32-bit copy does: a 1M-row move took 9.7 ms as 64-bit words against 18 ms as 32-bit words, and 11 ms
 * for the whole 48-byte row against 15 ms for 32 bytes of bins plus probability, label and row index in
 * arrays of their own (measured, Node 20).
 *
 * The destination is chosen by bit arithmetic, not a conditional: within a node rows go left or right in
 * no predictable order, and V8 compiles `isLeft === 1 ? left : right` to a branch that the CPU mispredicts
 * for about every other row of an even split (a 1M-row move with a random half going left: 15 ms with
 * the branch, 7.6 ms without; all rows left: 10 vs 7.7 ms).
 */
export function moveRowsSource(n64: number): string {
  let copy = '';
  for (let q = 0; q < n64; q++) copy += `toWords[dst + ${q}] = words[src + ${q}];\n`;
  return `let left = leftStart;
let right = rightEnd;
for (let k = begin, at = begin * stride + offset; k < end; k++, at += stride) {
  const isLeft = map[mapAt + flags[at]];
  right -= 1 - isLeft;
  const to = right ^ ((left ^ right) & -isLeft);
  left += isLeft;
  const src = k * ${n64};
  const dst = to * ${n64};
  ${copy}
}
return left;
//# sourceURL=gbt-move-rows.js`;
}
