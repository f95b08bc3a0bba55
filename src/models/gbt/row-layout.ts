// How one training row sits in the row store (row-store.ts): its bins row-major, four per Uint32 word,
// then one word holding its quantised gradient and hessian (quantize.ts), padded to an even number of
// words so that a row moves as whole 64-bit words (row-move.ts).

import { MAX_STRAIGHT_WORDS, UNROLL_WORDS } from './histogram.js';

export interface RowLayout {
  readonly nFeatures: number;
  /** Words of bins (padding bytes hold bin 0 of unused feature slots). */
  readonly binWords: number;
  /** Words per row, even. */
  readonly nWords: number;
  /** The word holding (q_g & 0xffff) | (q_h << 16). */
  readonly qWord: number;
}

export function rowLayout(nFeatures: number): RowLayout {
  const words = Math.ceil(nFeatures / 4);
  const binWords = words <= MAX_STRAIGHT_WORDS ? words : Math.ceil(words / UNROLL_WORDS) * UNROLL_WORDS;
  const nWords = 2 * Math.ceil((binWords + 1) / 2);
  return { nFeatures, binWords, nWords, qWord: nWords - 1 };
}
