// How one training row sits in the row store (row-store.ts): everything a tree reads of a row, in one
// record, so that a split moves it as a few 64-bit copies (row-move.ts) and every pass reads one place:
//   words [0, binWords)      bins, row-major, four per Uint32 word
//   word  qWord              q_g in bits 0–15 (two's complement), q_h in bits 16–27 (quantize.ts), the label in bit 31
//   (a padding word when needed, so that the probability is 8-byte aligned)
//   float64 probSlot         the row's current probability (log-loss.ts), in the last two words

/** Rows with more bin words than this get a loop over blocks of UNROLL_WORDS in the histogram kernel instead of one straight run. */
export const MAX_STRAIGHT_WORDS = 32;
export const UNROLL_WORDS = 8;

export interface RowLayout {
  readonly nFeatures: number;
  /** Words of bins (padding bytes hold bin 0 of unused feature slots). */
  readonly binWords: number;
  /** The word holding (q_g & 0xffff) | (q_h << 16) | (label << 31). */
  readonly qWord: number;
  /** Uint32 words per row, even. */
  readonly nWords: number;
  /** Float64 slots per row (nWords / 2): row k's probability is float64 k · n64 + probSlot. */
  readonly n64: number;
  readonly probSlot: number;
}

export function rowLayout(nFeatures: number): RowLayout {
  const words = Math.ceil(nFeatures / 4);
  const binWords = words <= MAX_STRAIGHT_WORDS ? words : Math.ceil(words / UNROLL_WORDS) * UNROLL_WORDS;
  const nWords = 2 * Math.ceil((binWords + 1) / 2) + 2;
  return { nFeatures, binWords, qWord: binWords, nWords, n64: nWords / 2, probSlot: nWords / 2 - 1 };
}

/** Expressions that read the label and the quantised gradient of the row whose quantised word is `qw`. */
export const LABEL_OF = (qw: string): string => `(${qw} >>> 31)`;
export const PACKED_OF = (qw: string): string => `(((${qw} << 16) >> 16) * shiftScale + ((${qw} >>> 16) & 0xfff))`;
