// Rows as keys: a 53-bit hash of each row's values over a set of columns (two 32-bit multiplicative
// hashes; equal rows always get equal keys, different rows collide with chance about n²/2^53), and
// how many equal rows independent columns would produce by chance — so that duplicates in a tiny
// feature space (three yes/no columns) are not mistaken for copied records.

import { isCoded, type Column } from '../../core/frame.js';

const FLOAT = new Float64Array(1);
const WORDS = new Uint32Array(FLOAT.buffer);

/** One key per row over `columns`; missing values are equal to each other, -0 equals 0. */
export function rowKeys(columns: readonly Column[], nRows: number): Float64Array {
  const h1 = new Uint32Array(nRows).fill(0x811c9dc5);
  const h2 = new Uint32Array(nRows).fill(0x01000193);
  for (const column of columns) {
    if (isCoded(column)) {
      for (let i = 0; i < nRows; i++) {
        const code = column.codes[i]! < 0 ? 0xffffffff : column.codes[i]!;
        h1[i] = mix(h1[i]!, code, 0x9e3779b1);
        h2[i] = mix(h2[i]!, code, 0x85ebca77);
      }
    } else {
      for (let i = 0; i < nRows; i++) {
        const v = column.values[i]!;
        FLOAT[0] = Number.isNaN(v) ? NaN : v === 0 ? 0 : v;
        const lo = WORDS[0]!;
        const hi = WORDS[1]!;
        h1[i] = mix(mix(h1[i]!, lo, 0x9e3779b1), hi, 0x9e3779b1);
        h2[i] = mix(mix(h2[i]!, lo, 0x85ebca77), hi, 0x85ebca77);
      }
    }
    // A column boundary, so that (a, b) and (b, a) over two columns differ.
    for (let i = 0; i < nRows; i++) {
      h1[i] = mix(h1[i]!, 0x27d4eb2f, 0x9e3779b1);
      h2[i] = mix(h2[i]!, 0x165667b1, 0x85ebca77);
    }
  }
  const keys = new Float64Array(nRows);
  // 32 bits of h1 and 21 of h2: an exact integer below 2^53.
  for (let i = 0; i < nRows; i++) keys[i] = h1[i]! * 2097152 + (h2[i]! >>> 11);
  return keys;
}

function mix(h: number, word: number, multiplier: number): number {
  let x = Math.imul(h ^ word, multiplier);
  x ^= x >>> 15;
  x = Math.imul(x, 0x2c1b3c6d);
  x ^= x >>> 12;
  return x >>> 0;
}

/**
 * Probability that two distinct rows drawn at random are equal on every column if the columns were
 * independent: Π over columns of Σ over values of c(c−1) / n(n−1), c the value's count. Correlated
 * columns make real collisions likelier, so this is a floor, used only to recognise feature spaces
 * too small for duplicates to mean copying. (With a single column it is exactly the observed rate:
 * equal values of one column say nothing about copied records.)
 */
export function chanceEqualRows(columns: readonly Column[], nRows: number): number {
  if (nRows < 2) return 0;
  let probability = 1;
  for (const column of columns) {
    const counts = new Map<number, number>();
    for (let i = 0; i < nRows; i++) {
      const key = isCoded(column) ? column.codes[i]! : Number.isNaN(column.values[i]!) ? NaN : column.values[i]!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let pairs = 0;
    for (const c of counts.values()) pairs += c * (c - 1);
    probability *= pairs / (nRows * (nRows - 1));
    if (probability === 0) break;
  }
  return probability;
}
