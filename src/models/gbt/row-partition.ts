// Which training rows are in which node (as LightGBM's data_partition.hpp): one Uint32Array of row
// indices; every node owns a contiguous slice [begin, end), and a split reorders its slice in place so
// that the left child's rows come first. The split is stable, so rows stay in ascending order within a
// node and histogram building reads the bins front to back.

import { allocate } from './histogram-builder.js';

export class RowPartition {
  readonly rows: Uint32Array;
  private readonly scratch: Uint32Array;
  /** Rows in use: all rows, or this tree's subsample. */
  size = 0;

  /** shared: rows in a SharedArrayBuffer, for a histogram worker. */
  constructor(nRows: number, shared = false) {
    this.rows = allocate(Uint32Array, nRows, shared);
    this.scratch = new Uint32Array(nRows);
  }

  /** Start a tree with all rows, or those where sampled[i] = 1. */
  reset(sampled: Uint8Array | undefined): void {
    const n = this.rows.length;
    let m = 0;
    if (sampled === undefined) for (let i = 0; i < n; i++) this.rows[m++] = i;
    else for (let i = 0; i < n; i++) if (sampled[i] === 1) this.rows[m++] = i;
    this.size = m;
  }

  /**
   * Reorder rows[begin, end) so that rows whose bin has goesLeft[bin] = 1 come first; returns the first
   * index of the right child. `column` is the split feature's bins (column-major: ascending rows read
   * it front to back).
   */
  split(begin: number, end: number, column: Uint8Array, goesLeft: Uint8Array): number {
    const rows = this.rows;
    const scratch = this.scratch;
    let left = begin;
    let right = 0;
    for (let k = begin; k < end; k++) {
      const r = rows[k]!;
      if (goesLeft[column[r]!] === 1) rows[left++] = r;
      else scratch[right++] = r;
    }
    rows.set(scratch.subarray(0, right), left);
    return left;
  }
}
