// One fitted tree in a flat array layout (node k's fields at index k of each array; leaves have
// left = −1). Numeric nodes send x ≤ threshold left; categorical nodes list codes: a listed code goes
// left when listedLeft = 1 and right otherwise, every unlisted code (rare in training, or unseen) the
// other way. Missing values take the node's default direction. Scoring walks it without allocating.

export interface GbtTreeArrays {
  /** Split feature; −1 at leaves. */
  feature: Int32Array;
  /** Numeric splits: x ≤ threshold goes left (0 at leaves and categorical nodes). */
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Leaf values (learning rate applied); 0 at internal nodes. */
  value: Float64Array;
  /** Gain of each split (0 at leaves). */
  gain: Float64Array;
  /** Hessian sum of the training rows that reached each node. */
  cover: Float64Array;
  /** Categorical nodes: their codes are catCodes[catStart … catStart + catLength); −1 elsewhere. */
  catStart: Int32Array;
  catLength: Int32Array;
  catListedLeft: Uint8Array;
  catCodes: Float64Array;
}

export class GbtTree {
  constructor(readonly arrays: GbtTreeArrays) {}

  get nodeCount(): number {
    return this.arrays.feature.length;
  }

  /** The leaf value reached by row i of a column-major matrix (data, nRows). */
  leafValue(data: Float64Array, nRows: number, i: number): number {
    const { feature, threshold, defaultLeft, left, right, value, catStart } = this.arrays;
    let node = 0;
    while (left[node]! >= 0) {
      const x = data[feature[node]! * nRows + i]!;
      let goLeft: boolean;
      if (x !== x) goLeft = defaultLeft[node] === 1;
      else if (catStart[node]! < 0) goLeft = x <= threshold[node]!;
      else goLeft = this.listed(node, x) === (this.arrays.catListedLeft[node] === 1);
      node = goLeft ? left[node]! : right[node]!;
    }
    return value[node]!;
  }

  private listed(node: number, x: number): boolean {
    const { catStart, catLength, catCodes } = this.arrays;
    let lo = catStart[node]!;
    let hi = lo + catLength[node]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const code = catCodes[mid]!;
      if (code === x) return true;
      if (code < x) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}
