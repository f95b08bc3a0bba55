// The training rows in node order (as LightGBM's data_partition.hpp, but partitioning the rows themselves,
// not row indices): every node owns a contiguous range [begin, end) of positions of the current buffer,
// and a split partitions its rows — bins, quantised gradient, label and probability in one record
// (row-layout.ts) — in place, left child first (row-partition.ts). Histogram building and every per-row
// pass then read memory front to back; through a row index, a node holding 1/8 to 1/64 of the rows
// scattered over memory cost 100–480 ns a row against 21–38 ns a row in order (measured, 1M × 28). The
// second buffer takes a round's subsample (reset), moved to its front in row order.

import type { Matrix } from '../matrix.js';
import type { FeatureBins } from './binning.js';
import { MOVE_PARAMS, moveRowsSource, type MoveRows, type RowBuffer } from './row-move.js';
import { PARTITION_PARAMS, partitionBlocks, partitionSource, planSwaps, SCAN_ROWS, SWAP_PARAMS, SWAP_ROWS, swapSource, type PartitionRows, type SwapRows } from './row-partition.js';
import type { RowLayout } from './row-layout.js';
import { allocate } from './shared-memory.js';

export class RowStore {
  readonly buffers: readonly [RowBuffer, RowBuffer];
  private readonly moveRows: MoveRows;
  private readonly partitionRows: PartitionRows;
  private readonly swapRows: SwapRows;
  private readonly offL = new Uint16Array(SCAN_ROWS);
  private readonly offR = new Uint16Array(SCAN_ROWS);
  private swapTemp: BigUint64Array | undefined;
  /** The buffer that holds every row at the start of a tree. */
  current: 0 | 1 = 0;
  /** Rows in use: all rows, or this tree's subsample (positions [0, size) of the current buffer). */
  size: number;
  /** Uint32 words per row (layout.nWords). */
  readonly nWords: number;
  readonly nRows: number;

  /**
   * Rows of labels y, every margin at baseScore (probability the logistic of it); bins come from binRows.
   * shared: the buffers in SharedArrayBuffers, for the helper thread.
   */
  constructor(
    y: Uint8Array,
    baseScore: number,
    readonly layout: RowLayout,
    shared: boolean,
  ) {
    const n = y.length;
    const { nWords, n64, probSlot, qWord } = layout;
    this.nWords = nWords;
    this.nRows = n;
    this.size = n;
    this.moveRows = new Function(...MOVE_PARAMS, moveRowsSource(n64)) as MoveRows;
    this.partitionRows = new Function(...PARTITION_PARAMS, partitionSource(n64)) as PartitionRows;
    this.swapRows = new Function(...SWAP_PARAMS, swapSource(n64)) as SwapRows;
    const make = (): RowBuffer => {
      const bins = allocate(Uint32Array, n * nWords, shared);
      return {
        bins,
        bytes: new Uint8Array(bins.buffer, 0, n * nWords * 4),
        words: new BigUint64Array(bins.buffer, 0, n * n64),
        floats: new Float64Array(bins.buffer, 0, n * n64),
      };
    };
    this.buffers = [make(), make()];
    const first = this.buffers[0];
    const p = 1 / (1 + Math.exp(-baseScore));
    for (let i = 0; i < n; i++) {
      first.floats[i * n64 + probSlot] = p;
      first.bins[i * nWords + qWord] = y[i]! << 31;
    }
  }

  /** Bin X's rows into the first buffer: every feature, or (numericDone) the categorical ones only. */
  binRows(X: Matrix, featureBins: FeatureBins, numericDone: boolean): void {
    const bytes = this.buffers[0].bytes;
    const stride = 4 * this.nWords;
    for (let j = 0; j < featureBins.nFeatures; j++) {
      if (!numericDone || featureBins.isCategorical[j] === 1) featureBins.binInto(X, bytes, stride, j, j + 1);
    }
  }

  /** Start a tree with all rows, or with the positions k where sampled[k] = 1 moved to the front. */
  reset(sampled: Uint8Array | undefined): void {
    if (sampled === undefined) {
      this.size = this.nRows;
      return;
    }
    // Sampled rows to the front of the other buffer, in row order (the rest after them, reversed).
    const other = this.current === 0 ? 1 : 0;
    this.size = this.moveRows(this.buffers[this.current].words, this.buffers[other].words, 0, this.nRows, sampled, 0, 1, IDENTITY, 0, 0, this.nRows);
    this.current = other;
  }

  /**
   * Partition positions [begin, end) of a buffer in place, rows whose bin of `feature` has goesLeft[bin] = 1
   * first, on this thread (row-partition.ts: block by block, then the fix-up swaps); returns the first
   * position of the right child.
   */
  split(buffer: 0 | 1, begin: number, end: number, feature: number, goesLeft: Uint8Array): number {
    const { words, bytes } = this.buffers[buffer];
    const bounds = partitionBlocks(begin, end);
    const mids: number[] = [];
    for (let b = 0; b + 1 < bounds.length; b++) {
      mids.push(this.partitionRows(words, bytes, bounds[b]!, bounds[b + 1]!, feature, 4 * this.nWords, goesLeft, 0, this.offL, this.offR));
    }
    if (mids.length === 1) return mids[0]!;
    const swaps: number[] = [];
    const mid = planSwaps(bounds, mids, SWAP_ROWS, swaps);
    this.swapTemp ??= new BigUint64Array(SWAP_ROWS * this.layout.n64);
    for (let s = 0; s < swaps.length; s += 3) this.swapRows(words, swaps[s]!, swaps[s + 1]!, swaps[s + 2]!, this.swapTemp);
    return mid;
  }
}

/** map for flags that are already 0/1. */
const IDENTITY = Uint8Array.from({ length: 256 }, (_, v) => (v === 1 ? 1 : 0));
