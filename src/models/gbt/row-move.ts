// The per-row arrays of one row store buffer (row-store.ts), and the loop that moves a node's rows from
// one buffer to the other, kept as source text so that the helper thread compiles the very same code.

/** One buffer: every per-row array at the same positions. */
export interface RowBuffer {
  /** Row-major bins, four per word, nWords words per position. */
  readonly bins: Uint32Array;
  /** The same bins as bytes (position k's feature f at k · 4 · nWords + f). */
  readonly bytes: Uint8Array;
  /** Packed quantised gradient and hessian (quantize.ts). */
  readonly packed: Float64Array;
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
  bins: Uint32Array,
  packed: Float64Array,
  prob: Float64Array,
  label: Uint8Array,
  rowId: Uint32Array,
  toBins: Uint32Array,
  toPacked: Float64Array,
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

export const MOVE_PARAMS = ['bins', 'packed', 'prob', 'label', 'rowId', 'toBins', 'toPacked', 'toProb', 'toLabel', 'toRowId', 'begin', 'end', 'flags', 'offset', 'stride', 'map', 'leftStart', 'rightEnd'] as const;

/** Source of the move loop for rows of nWords words, each word copy written out (as the histogram kernel); the helper thread compiles the same text. */
export function moveRowsSource(nWords: number): string {
  let copy = '';
  for (let q = 0; q < nWords; q++) copy += `toBins[dst + ${q}] = bins[src + ${q}];\n`;
  return `let left = leftStart;
let right = rightEnd;
for (let k = begin, at = begin * stride + offset; k < end; k++, at += stride) {
  const isLeft = map[flags[at]];
  right -= 1 - isLeft;
  const to = isLeft === 1 ? left : right;
  left += isLeft;
  const src = k * ${nWords};
  const dst = to * ${nWords};
  ${copy}
  toPacked[to] = packed[k];
  toProb[to] = prob[k];
  toLabel[to] = label[k];
  toRowId[to] = rowId[k];
}
return left;
//# sourceURL=gbt-move-rows.js`;
}
