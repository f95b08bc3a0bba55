// Splitting a node's rows in place: rows going left end up in [begin, mid), the rest in [mid, end), in the
// same row store buffer. A node is cut into blocks by its size alone; each block is partitioned on its own
// (BlockQuicksort's block partition: scan a batch of rows from each end, note which are on the wrong side,
// swap them pairwise), then rows still on the wrong side of the node's mid are swapped across in ranges.
// Who partitions which block or swaps which range cannot change the result, so one thread and two give
// the same layout. Against moving every row into a second buffer (row-move.ts) this reads each row once
// and writes only the rows on the wrong side, and needs no pass that counts a chunk's left rows first.
// Kept as source text so that the helper thread compiles the same loops.

/** Nodes of more rows than this are cut into blocks of at most this many rows (about equal). */
export const PARTITION_BLOCK_ROWS = 2 ** 19;
/** Rows a block partition scans from each end before swapping. */
export const SCAN_ROWS = 128;
/** Most rows one swap of a fix-up exchanges (a piece of work; the size of the swap's scratch). */
export const SWAP_ROWS = 16_384;

/**
 * Partition positions [begin, end) of a buffer in place: a row goes left when map[mapAt + flags[k ·
 * stride + offset]] = 1 (flags: the buffer's bytes). offL and offR are scratch (SCAN_ROWS Uint16 each).
 * Returns the first position of the right rows.
 */
export type PartitionRows = (
  words: BigUint64Array,
  flags: Uint8Array,
  begin: number,
  end: number,
  offset: number,
  stride: number,
  map: Uint8Array,
  mapAt: number,
  offL: Uint16Array,
  offR: Uint16Array,
) => number;

export const PARTITION_PARAMS = ['words', 'flags', 'begin', 'end', 'offset', 'stride', 'map', 'mapAt', 'offL', 'offR'] as const;

/**
 * Source of the block partition for rows of n64 64-bit words. The scans are branch-free (a row's offset
 * is always written, the count grows by 0 or 1), as rows of a node go either way in no predictable order;
 * a swap exchanges two rows word by word. What is left when fewer than two batches remain is finished by
 * the plain two-pointer loop.
 */
export function partitionSource(n64: number): string {
  let swap = '';
  for (let q = 0; q < n64; q++) swap += `{ const t = words[x + ${q}]; words[x + ${q}] = words[z + ${q}]; words[z + ${q}] = t; }\n`;
  const B = SCAN_ROWS;
  return `let l = begin;
let r = end;
let numL = 0;
let numR = 0;
let startL = 0;
let startR = 0;
while (r - l >= ${2 * B}) {
  if (numL === 0) {
    startL = 0;
    for (let i = 0, at = l * stride + offset; i < ${B}; i++, at += stride) {
      offL[numL] = i;
      numL += 1 - map[mapAt + flags[at]];
    }
  }
  if (numR === 0) {
    startR = 0;
    for (let i = 0, at = (r - 1) * stride + offset; i < ${B}; i++, at -= stride) {
      offR[numR] = i;
      numR += map[mapAt + flags[at]];
    }
  }
  const num = numL < numR ? numL : numR;
  for (let k = 0; k < num; k++) {
    const x = (l + offL[startL + k]) * ${n64};
    const z = (r - 1 - offR[startR + k]) * ${n64};
    ${swap}
  }
  numL -= num;
  numR -= num;
  startL += num;
  startR += num;
  if (numL === 0) l += ${B};
  if (numR === 0) r -= ${B};
}
let i = l;
let j = r - 1;
for (;;) {
  while (i <= j && map[mapAt + flags[i * stride + offset]] === 1) i++;
  while (i < j && map[mapAt + flags[j * stride + offset]] === 0) j--;
  if (i >= j) break;
  const x = i * ${n64};
  const z = j * ${n64};
  ${swap}
  i++;
  j--;
}
return i;
//# sourceURL=gbt-partition-rows.js`;
}

/** Exchange positions [a, a + count) and [b, b + count) (disjoint) of a buffer's words, through temp (≥ count · n64 words). */
export type SwapRows = (words: BigUint64Array, a: number, b: number, count: number, temp: BigUint64Array) => void;

export const SWAP_PARAMS = ['words', 'a', 'b', 'count', 'temp'] as const;

export function swapSource(n64: number): string {
  return `temp.set(words.subarray(a * ${n64}, (a + count) * ${n64}));
words.copyWithin(a * ${n64}, b * ${n64}, (b + count) * ${n64});
words.set(temp.subarray(0, count * ${n64}), b * ${n64});`;
}

/** The block bounds of a node of positions [begin, end): begin = bounds[0] < … < bounds[k] = end. */
export function partitionBlocks(begin: number, end: number, blockRows = PARTITION_BLOCK_ROWS): number[] {
  const n = end - begin;
  const k = Math.max(1, Math.ceil(n / blockRows));
  const bounds = [begin];
  for (let i = 1; i < k; i++) bounds.push(begin + Math.floor((i * n) / k));
  bounds.push(end);
  return bounds;
}

/**
 * After each block [bounds[b], bounds[b + 1]) was partitioned with its first right position at mids[b]:
 * the node's mid, and in swaps (a, b, count) triples of at most maxRows rows that put every row on its
 * side — the right rows below the mid exchanged, in position order, with the left rows above it.
 */
export function planSwaps(bounds: readonly number[], mids: readonly number[], maxRows: number, swaps: number[]): number {
  let mid = bounds[0]!;
  for (let b = 0; b < mids.length; b++) mid += mids[b]! - bounds[b]!;
  // Wrong-side ranges: right rows in [begin, mid), left rows in [mid, end), each in position order.
  const rights: number[] = [];
  const lefts: number[] = [];
  for (let b = 0; b < mids.length; b++) {
    const [s, m, e] = [bounds[b]!, mids[b]!, bounds[b + 1]!];
    if (m < mid && m < e) rights.push(m, Math.min(e, mid));
    if (m > mid && s < m) lefts.push(Math.max(s, mid), m);
  }
  let i = 0;
  let j = 0;
  let a = rights[0] ?? 0;
  let z = lefts[0] ?? 0;
  while (i < rights.length && j < lefts.length) {
    const count = Math.min(rights[i + 1]! - a, lefts[j + 1]! - z, maxRows);
    swaps.push(a, z, count);
    a += count;
    z += count;
    if (a === rights[i + 1]) {
      i += 2;
      a = rights[i] ?? 0;
    }
    if (z === lefts[j + 1]) {
      j += 2;
      z = lefts[j] ?? 0;
    }
  }
  return mid;
}
