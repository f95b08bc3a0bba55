import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { PARTITION_PARAMS, partitionBlocks, partitionSource, planSwaps, SCAN_ROWS, SWAP_PARAMS, swapSource, type PartitionRows, type SwapRows } from './row-partition.js';

const N64 = 5;
const STRIDE = 8 * N64;
const partition = new Function(...PARTITION_PARAMS, partitionSource(N64)) as PartitionRows;
const swap = new Function(...SWAP_PARAMS, swapSource(N64)) as SwapRows;

/** n rows of random words; byte 3 of a row is its flag (a row goes left when map[flag] = 1). */
function rows(n: number, seed: number): BigUint64Array {
  const words = new BigUint64Array(n * N64);
  const bytes = new Uint8Array(words.buffer);
  const rng = new Rng(seed);
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.nextUint32() & 255;
  return words;
}

/** Partition [begin, end) in blocks of blockRows, then the fix-up swaps (in the order given by `order`). */
function partitionNode(words: BigUint64Array, begin: number, end: number, map: Uint8Array, blockRows: number, maxSwapRows: number, order: 'forward' | 'reverse'): number {
  const bytes = new Uint8Array(words.buffer);
  const bounds = partitionBlocks(begin, end, blockRows);
  const mids: number[] = [];
  const offL = new Uint16Array(SCAN_ROWS);
  const offR = new Uint16Array(SCAN_ROWS);
  for (let b = 0; b + 1 < bounds.length; b++) mids.push(partition(words, bytes, bounds[b]!, bounds[b + 1]!, 3, STRIDE, map, 0, offL, offR));
  if (mids.length === 1) return mids[0]!;
  const swaps: number[] = [];
  const mid = planSwaps(bounds, mids, maxSwapRows, swaps);
  const temp = new BigUint64Array(maxSwapRows * N64);
  const triples = Array.from({ length: swaps.length / 3 }, (_, t) => t);
  if (order === 'reverse') triples.reverse();
  for (const t of triples) swap(words, swaps[3 * t]!, swaps[3 * t + 1]!, swaps[3 * t + 2]!, temp);
  return mid;
}

const rowKeys = (words: BigUint64Array, begin: number, end: number): string[] =>
  Array.from({ length: end - begin }, (_, k) => words.subarray((begin + k) * N64, (begin + k + 1) * N64).join(',')).sort();

describe('partitioning a node’s rows in place', () => {
  const half = Uint8Array.from({ length: 256 }, (_, v) => (v < 128 ? 1 : 0));
  const rare = Uint8Array.from({ length: 256 }, (_, v) => (v < 9 ? 1 : 0));
  const all = new Uint8Array(256).fill(1);
  const none = new Uint8Array(256);

  for (const [name, map] of [['half', half], ['a few', rare], ['all', all], ['none', none]] as const) {
    for (const blockRows of [10_000, 700, 333, 129]) {
      it(`puts every left row before the mid and keeps every row (${name} going left, blocks of ${blockRows})`, () => {
        const [begin, end] = [17, 4_983];
        const words = rows(5_000, blockRows);
        const before = words.slice();
        const mid = partitionNode(words, begin, end, map, blockRows, 50, 'forward');
        const bytes = new Uint8Array(words.buffer);
        let lefts = 0;
        for (let k = begin; k < end; k++) {
          const left = map[bytes[k * STRIDE + 3]!] === 1;
          if (left) lefts++;
          expect(left, `position ${k}`).toBe(k < mid);
        }
        expect(mid).toBe(begin + lefts);
        expect(rowKeys(words, begin, end)).toEqual(rowKeys(before, begin, end));
        // Rows outside the node are untouched.
        expect(words.subarray(0, begin * N64)).toEqual(before.subarray(0, begin * N64));
        expect(words.subarray(end * N64)).toEqual(before.subarray(end * N64));
      });
    }
  }

  it('gives the same layout whatever the order the fix-up swaps run in (so whichever thread runs which)', () => {
    const a = rows(6_000, 7);
    const b = a.slice();
    const midA = partitionNode(a, 0, 6_000, half, 500, 37, 'forward');
    const midB = partitionNode(b, 0, 6_000, half, 500, 37, 'reverse');
    expect(midB).toBe(midA);
    expect(b).toEqual(a);
  });

  it('cuts a node into blocks of about equal size, by its size alone', () => {
    expect(partitionBlocks(10, 20, 100)).toEqual([10, 20]);
    expect(partitionBlocks(0, 10, 4)).toEqual([0, 3, 6, 10]);
    expect(partitionBlocks(5, 5, 4)).toEqual([5, 5]);
  });
});
