// The per-row arrays of one row store buffer (row-store.ts), and the loop that moves a node's rows from
// one buffer to the other, kept as source text so that the helper thread compiles the very same code.

/** One buffer: every per-row array at the same positions. */
export interface RowBuffer {
  /** Rows as row-layout.ts lays them out: bins and the quantised word, nWords Uint32 words per position. */
  readonly bins: Uint32Array;
  /** The same memory as bytes (position k's feature f at k · 4 · nWords + f). */
  readonly bytes: Uint8Array;
  /** The same memory as 64-bit words: a row moves as nWords / 2 of them. */
  readonly words: BigUint64Array;
  /** Current probability of the row: the logistic of its margin (log-odds). */
  readonly prob: Float64Array;
  readonly label: Uint8Array;
  /** Training row index. */
  readonly rowId: Uint32Array;
}

/**
 * Move positions [begin, end) of one buffer into another: a row goes left when map[flags[k · stride +
 * offset]] = 1; left rows fill forward from leftStart, right rows backward from rightEnd. Returns the
 * position after the last left row.
 */
export type MoveRows = (
  words: BigUint64Array,
  prob: Float64Array,
  label: Uint8Array,
  rowId: Uint32Array,
  toWords: BigUint64Array,
  toProb: Float64Array,
  toLabel: Uint8Array,
  toRowId: Uint32Array,
  begin: number,
  end: number,
  flags: Uint8Array,
  offset: number,
  stride: number,
  map: Uint8Array,
  leftStart: number,
  rightEnd: number,
) => number;

export const MOVE_PARAMS = ['words', 'prob', 'label', 'rowId', 'toWords', 'toProb', 'toLabel', 'toRowId', 'begin', 'end', 'flags', 'offset', 'stride', 'map', 'leftStart', 'rightEnd'] as const;

/**
 * Source of the move loop for rows of nWords words, each 64-bit copy written out (as the histogram
 * kernel). V8 copies BigUint64Array elements without allocating a BigInt, and one 64-bit copy costs about
 * what one 32-bit copy does: rows moved as 64-bit words took 9.7 ms per million 32-byte rows against 18 ms
 * as 32-bit words (measured, Node 20).
 */
export function moveRowsSource(nWords: number): string {
  const n64 = nWords / 2;
  let copy = '';
  for (let q = 0; q < n64; q++) copy += `toWords[dst + ${q}] = words[src + ${q}];\n`;
  return `let left = leftStart;
let right = rightEnd;
for (let k = begin, at = begin * stride + offset; k < end; k++, at += stride) {
  const isLeft = map[flags[at]];
  right -= 1 - isLeft;
  const to = isLeft === 1 ? left : right;
  left += isLeft;
  const src = k * ${n64};
  const dst = to * ${n64};
  ${copy}
  toProb[to] = prob[k];
  toLabel[to] = label[k];
  toRowId[to] = rowId[k];
}
return left;
//# sourceURL=gbt-move-rows.js`;
}
