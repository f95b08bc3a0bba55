// The two passes over a grown tree's leaves: exact gradient and hessian sums of each leaf (its value and
// cover come from them, not from the quantised histograms), then each row's probability moved by its
// leaf's value. A piece is a range of positions of one leaf, or of a split node at max_depth whose two
// leaf children still share its positions (then each row's side is read from its bin of the split's
// feature). Kept as source text so that the helper thread compiles the same arithmetic; pieces are fixed by
// position and their sums combined in order, so who runs which piece does not change the model.

import { GRADIENT_SOURCE, rowGradientSource, SUMMARY_ADD, SUMMARY_START, summaryEnd } from './log-loss.js';
import { LABEL_OF, type RowLayout } from './row-layout.js';
import type { RowBuffer } from './row-move.js';

/** What both leaf passes take first: a range of positions of a buffer and the split that routes its rows (feature < 0: none). */
type PieceRange = [bins: Uint32Array, bytes: Uint8Array, floats: Float64Array, begin: number, end: number, feature: number, goesLeft: Uint8Array, goesLeftAt: number];
const PIECE_RANGE_PARAMS = ['bins', 'bytes', 'floats', 'begin', 'end', 'feature', 'goesLeft', 'goesLeftAt'] as const;

/** out[at … at + 3] ← Σg, Σh of the rows going left (all rows when feature < 0), Σg, Σh of the rest. */
export type LeafSums = (...args: [...PieceRange, positiveWeight: number, out: Float64Array, at: number]) => void;

export const LEAF_SUMS_PARAMS = [...PIECE_RANGE_PARAMS, 'positiveWeight', 'out', 'at'] as const;

export function leafSumsSource(layout: RowLayout): string {
  const row = rowGradientSource(layout);
  return `
let gl = 0;
let hl = 0;
let gr = 0;
let hr = 0;
if (feature < 0) {
  for (let k = begin; k < end; k++) {
    ${row}
    gl += g;
    hl += h;
  }
} else {
  for (let k = begin; k < end; k++) {
    ${row}
    // Branch-free (rows of a split go either way in no predictable order): s = 1 adds g to the left sum
    // and +0 to the right one, s = 0 the other way round; adding ±0 leaves a float sum unchanged.
    const s = goesLeft[goesLeftAt + bytes[k * ${4 * layout.nWords} + feature]];
    const gs = g * s;
    const hs = h * s;
    gl += gs;
    hl += hs;
    gr += g - gs;
    hr += h - hs;
  }
}
out[at] = gl;
out[at + 1] = hl;
out[at + 2] = gr;
out[at + 3] = hr;
//# sourceURL=gbt-leaf-sums.js
`;
}

/**
 * Each row's probability p ← p·e / (1 − p + p·e) (log-loss.ts updateProbability), e = el for rows going
 * left (all when feature < 0), else er; and out[at … at + 3] ← the largest |g| and h and Σg, Σh of the
 * updated rows (the next round's gradient summary, booster.ts).
 */
export type LeafUpdate = (...args: [...PieceRange, el: number, er: number, positiveWeight: number, out: Float64Array, at: number]) => void;

export const LEAF_UPDATE_PARAMS = [...PIECE_RANGE_PARAMS, 'el', 'er', 'positiveWeight', 'out', 'at'] as const;

export function leafUpdateSource(layout: RowLayout): string {
  const { nWords, n64, probSlot, qWord } = layout;
  return `
${SUMMARY_START}
// e = factors[side]: a lookup instead of a branch (rows go either way in no predictable order); with no
// split (feature < 0) both entries are el and the side read is that of feature 0.
const factors = new Float64Array(2);
factors[0] = feature < 0 ? el : er;
factors[1] = el;
const f = feature < 0 ? 0 : feature;
for (let k = begin; k < end; k++) {
  const i = k * ${n64} + ${probSlot};
  const e = factors[goesLeft[goesLeftAt + bytes[k * ${4 * nWords} + f]]];
  const q = floats[i];
  const p = (q * e) / (1 - q + q * e);
  floats[i] = p;
  const y = ${LABEL_OF(`bins[k * ${nWords} + ${qWord}]`)};
  ${GRADIENT_SOURCE}
  ${SUMMARY_ADD}
}
${summaryEnd('out', 'at')}
//# sourceURL=gbt-leaf-update.js
`;
}

/** The positions of one leaf, or of a split at max_depth whose two leaves share them (feature ≥ 0, goesLeft its bins). */
export interface LeafRange {
  readonly buffer: 0 | 1;
  readonly begin: number;
  readonly end: number;
  readonly feature: number;
  readonly goesLeft: Uint8Array | undefined;
}

/** Piece tables: 5 ints a piece (buffer, begin, end, feature, goesLeft table offset), 4 floats a piece, 256 bytes a goesLeft table. */
export interface PieceTables {
  readonly pieces: Int32Array;
  readonly pieceFloats: Float64Array;
  readonly tables: Uint8Array;
}

export const PIECE_INTS = 5;
export const PIECE_FLOATS = 6;

/** Where the pieces run: this thread alone or together with the helper thread (helper-thread.ts). */
export interface PieceRunner {
  readonly tables: PieceTables;
  /** Most pieces the tables hold. */
  readonly capacity: number;
  /** Run pieces [0, count) of the tables: sums (out in pieceFloats) or updates (el, er read from pieceFloats). */
  run(kind: 'sums' | 'update', count: number, positiveWeight: number): void;
}

/** Runs pieces on this thread. */
export class LocalPieceRunner implements PieceRunner {
  readonly tables: PieceTables;
  private readonly sums: LeafSums;
  private readonly update: LeafUpdate;

  constructor(
    private readonly buffers: readonly [RowBuffer, RowBuffer],
    layout: RowLayout,
    readonly capacity: number,
    maxTables: number,
  ) {
    this.tables = { pieces: new Int32Array(PIECE_INTS * capacity), pieceFloats: new Float64Array(PIECE_FLOATS * capacity), tables: new Uint8Array(256 * maxTables) };
    this.sums = new Function(...LEAF_SUMS_PARAMS, leafSumsSource(layout)) as LeafSums;
    this.update = new Function(...LEAF_UPDATE_PARAMS, leafUpdateSource(layout)) as LeafUpdate;
  }

  run(kind: 'sums' | 'update', count: number, positiveWeight: number): void {
    const { pieces, pieceFloats, tables } = this.tables;
    for (let c = 0; c < count; c++) {
      const at = PIECE_INTS * c;
      const b = this.buffers[pieces[at]! as 0 | 1];
      if (kind === 'sums') this.sums(b.bins, b.bytes, b.floats, pieces[at + 1]!, pieces[at + 2]!, pieces[at + 3]!, tables, pieces[at + 4]!, positiveWeight, pieceFloats, PIECE_FLOATS * c);
      else this.update(b.bins, b.bytes, b.floats, pieces[at + 1]!, pieces[at + 2]!, pieces[at + 3]!, tables, pieces[at + 4]!, pieceFloats[PIECE_FLOATS * c]!, pieceFloats[PIECE_FLOATS * c + 1]!, positiveWeight, pieceFloats, PIECE_FLOATS * c + 2);
    }
  }
}
