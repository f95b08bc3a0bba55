// Which training rows belong to which node, for every feature at once: each feature keeps its own copy of
// the row indexes (with their values), sorted by value inside every node's range. A node is the same range
// [start, end) in every feature; splitting it partitions each feature's range stably into left rows then
// right rows, so children stay sorted and no node ever sorts again (SLIQ-style presorting). This is grower
// state: it is never saved with the model.

import { RadixArgsort } from './radix-argsort.js';

export class RowPartition {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Feature f's rows are rows[f·nRows … (f+1)·nRows), sorted by value within each node's range. */
  readonly rows: Uint32Array;
  /** The single-precision value of feature f at rows[k], at the same position k. */
  readonly values: Float32Array;
  private readonly goesLeft: Uint8Array;
  private readonly spareRows: Uint32Array;
  private readonly spareValues: Float32Array;

  /** Presorts every feature. `columns32` holds the features column-major in single precision. */
  constructor(columns32: Float32Array, nRows: number, nFeatures: number) {
    this.nRows = nRows;
    this.nFeatures = nFeatures;
    this.rows = new Uint32Array(nRows * nFeatures);
    this.values = new Float32Array(nRows * nFeatures);
    this.goesLeft = new Uint8Array(nRows);
    this.spareRows = new Uint32Array(nRows);
    this.spareValues = new Float32Array(nRows);
    const sorter = new RadixArgsort(nRows);
    for (let f = 0; f < nFeatures; f++) {
      const base = f * nRows;
      const column = columns32.subarray(base, base + nRows);
      const order = this.rows.subarray(base, base + nRows);
      sorter.sort(column, order);
      for (let k = 0; k < nRows; k++) this.values[base + k] = column[order[k]!]!;
    }
  }

  /**
   * Splits the node [start, end) at `pos` of feature `feature` (whose range is already ordered: its first
   * pos − start rows go left): every other feature's range is reordered, stably, into the same left rows
   * followed by the same right rows.
   */
  split(start: number, end: number, feature: number, pos: number): void {
    const { rows, values, goesLeft, spareRows, spareValues, nRows } = this;
    const splitBase = feature * nRows;
    for (let k = start; k < pos; k++) goesLeft[rows[splitBase + k]!] = 1;
    for (let f = 0; f < this.nFeatures; f++) {
      if (f === feature) continue;
      const base = f * nRows;
      let left = base + start;
      let right = 0;
      for (let k = base + start; k < base + end; k++) {
        const row = rows[k]!;
        if (goesLeft[row] === 1) {
          rows[left] = row;
          values[left] = values[k]!;
          left++;
        } else {
          spareRows[right] = row;
          spareValues[right] = values[k]!;
          right++;
        }
      }
      rows.set(spareRows.subarray(0, right), left);
      values.set(spareValues.subarray(0, right), left);
    }
    for (let k = start; k < pos; k++) goesLeft[rows[splitBase + k]!] = 0;
  }
}
