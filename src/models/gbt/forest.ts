// Every tree of a model in one set of flat arrays, for scoring. Nodes are renumbered so that a node's two
// children are adjacent: the step is child = left[node] + goesRight, with no branch to mispredict (a
// missing value goes right where nanRight = 1). Leaves point to themselves with threshold +Infinity, so
// a walk of the tree's depth needs no leaf test. Batches are scored a block of rows at a time across all
// trees (the block's feature values stay in cache); one row is scored without allocating.

import type { GbtTree } from './gbt-tree.js';

/** Rows scored together: their values of every feature stay in cache while all trees walk them. */
const BLOCK_ROWS = 512;

export class Forest {
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  /** The left child; the right one is left + 1. */
  private readonly left: Int32Array;
  /** 1: missing values go right. */
  private readonly nanRight: Uint8Array;
  private readonly value: Float64Array;
  private readonly roots: Int32Array;
  /** Levels to walk per tree: its depth. */
  private readonly depth: Int32Array;
  /** Trees with categorical splits take the mixed walk (a lookup per categorical node). */
  private readonly hasCategorical: Uint8Array;
  /** Categorical nodes: where their lookup starts in catGoesRight; −1 at numeric nodes and leaves. */
  private readonly catOffset: Int32Array;
  /** Categorical nodes: codes 0 … catSize − 1 have an entry in the lookup. */
  private readonly catSize: Int32Array;
  /** Categorical nodes: 1 when a code outside the lookup (unlisted, unseen) goes right. */
  private readonly catOtherRight: Uint8Array;
  /** Per categorical node, per code: 1 when the code goes right. */
  private readonly catGoesRight: Uint8Array;

  constructor(private readonly trees: readonly GbtTree[]) {
    let total = 0;
    for (const t of trees) total += t.nodeCount;
    this.feature = new Int32Array(total);
    this.threshold = new Float64Array(total);
    this.left = new Int32Array(total);
    this.nanRight = new Uint8Array(total);
    this.value = new Float64Array(total);
    this.roots = new Int32Array(trees.length);
    this.depth = new Int32Array(trees.length);
    this.hasCategorical = new Uint8Array(trees.length);
    this.catOffset = new Int32Array(total).fill(-1);
    this.catSize = new Int32Array(total);
    this.catOtherRight = new Uint8Array(total);
    const lookups: number[] = [];
    let at = 0;
    trees.forEach((tree, t) => {
      const a = tree.arrays;
      this.roots[t] = at;
      // Breadth-first renumbering: old node → new index; children get consecutive indexes.
      const order = [0];
      const index = new Int32Array(tree.nodeCount);
      const depthOf = new Int32Array(tree.nodeCount);
      index[0] = at;
      let next = at + 1;
      for (let q = 0; q < order.length; q++) {
        const k = order[q]!;
        const n = index[k]!;
        if (a.catStart[k]! >= 0) this.hasCategorical[t] = 1;
        if (a.left[k]! < 0) {
          this.feature[n] = 0;
          this.threshold[n] = Infinity;
          this.left[n] = n;
          this.value[n] = a.value[k]!;
          continue;
        }
        const l = a.left[k]!;
        const r = a.right[k]!;
        index[l] = next;
        index[r] = next + 1;
        next += 2;
        order.push(l, r);
        depthOf[l] = depthOf[r] = depthOf[k]! + 1;
        this.depth[t] = Math.max(this.depth[t]!, depthOf[k]! + 1);
        this.feature[n] = a.feature[k]!;
        this.threshold[n] = a.threshold[k]!;
        this.left[n] = index[l]!;
        this.nanRight[n] = a.defaultLeft[k] === 1 ? 0 : 1;
        if (a.catStart[k]! >= 0) {
          // Listed codes go left when catListedLeft = 1, right otherwise; every other code the opposite way.
          const listedRight = a.catListedLeft[k] === 1 ? 0 : 1;
          let size = 0;
          for (let c = a.catStart[k]!; c < a.catStart[k]! + a.catLength[k]!; c++) {
            const code = a.catCodes[c]!;
            if (Number.isInteger(code) && code >= 0 && code < 65536) size = Math.max(size, code + 1);
          }
          this.catOffset[n] = lookups.length;
          this.catSize[n] = size;
          this.catOtherRight[n] = 1 - listedRight;
          for (let c = 0; c < size; c++) lookups.push(1 - listedRight);
          for (let c = a.catStart[k]!; c < a.catStart[k]! + a.catLength[k]!; c++) {
            const code = a.catCodes[c]!;
            if (Number.isInteger(code) && code >= 0 && code < size) lookups[this.catOffset[n]! + code] = listedRight;
          }
        }
      }
      at += tree.nodeCount;
    });
    this.catGoesRight = Uint8Array.from(lookups);
  }

  /** margin[i] += Σ over trees of the leaf value of row i of column-major data with nRows rows. */
  addMargins(data: Float64Array, nRows: number, margin: Float64Array): void {
    // Where each node's feature column starts in data.
    const offset = new Int32Array(this.feature.length);
    for (let k = 0; k < offset.length; k++) offset[k] = this.feature[k]! * nRows;
    const nFeatures = nRows === 0 ? 0 : data.length / nRows;
    for (let start = 0; start < nRows; start += BLOCK_ROWS) {
      const stop = Math.min(nRows, start + BLOCK_ROWS);
      let finite = true;
      for (let f = 0; f < nFeatures && finite; f++) for (let i = f * nRows + start, end = f * nRows + stop; i < end; i++) if (data[i] !== data[i]) finite = false;
      for (let t = 0; t < this.trees.length; t++) {
        if (this.hasCategorical[t] === 1) {
          this.walkMixed(this.roots[t]!, this.depth[t]!, data, nRows, start, stop, margin);
        } else if (finite) {
          this.walkFinite(this.roots[t]!, this.depth[t]!, data, offset, start, stop, margin);
        } else {
          this.walkBlock(this.roots[t]!, this.depth[t]!, data, nRows, start, stop, margin);
        }
      }
    }
  }

  /** base + the leaf values of every tree (added in tree order, as addMargins does) for one row given as its feature values. */
  rowMargin(row: ArrayLike<number>, base: number): number {
    let sum = base;
    const { feature, threshold, left, nanRight, value, roots, depth, hasCategorical } = this;
    const nTrees = this.trees.length;
    let t = 0;
    // Four numeric trees of equal depth walk side by side: four independent chains of loads in flight.
    for (; t + 4 <= nTrees; t += 4) {
      const d = depth[t]!;
      if (hasCategorical[t]! + hasCategorical[t + 1]! + hasCategorical[t + 2]! + hasCategorical[t + 3]! > 0 || depth[t + 1] !== d || depth[t + 2] !== d || depth[t + 3] !== d) {
        for (let u = t; u < t + 4; u++) sum += this.treeValue(u, row);
        continue;
      }
      let a = roots[t]!;
      let b = roots[t + 1]!;
      let c = roots[t + 2]!;
      let e = roots[t + 3]!;
      for (let level = d; level > 0; level--) {
        const xa = row[feature[a]!]!;
        const xb = row[feature[b]!]!;
        const xc = row[feature[c]!]!;
        const xe = row[feature[e]!]!;
        a = left[a]! + (Number(xa > threshold[a]!) | (Number(xa !== xa) & nanRight[a]!));
        b = left[b]! + (Number(xb > threshold[b]!) | (Number(xb !== xb) & nanRight[b]!));
        c = left[c]! + (Number(xc > threshold[c]!) | (Number(xc !== xc) & nanRight[c]!));
        e = left[e]! + (Number(xe > threshold[e]!) | (Number(xe !== xe) & nanRight[e]!));
      }
      sum += value[a]!;
      sum += value[b]!;
      sum += value[c]!;
      sum += value[e]!;
    }
    for (; t < nTrees; t++) sum += this.treeValue(t, row);
    return sum;
  }

  /** One step of the mixed walk: the child of `node` that value x goes to, for a numeric or a categorical node. */
  private step(node: number, x: number): number {
    const offset = this.catOffset[node]!;
    if (offset < 0) return this.left[node]! + (Number(x > this.threshold[node]!) | (Number(x !== x) & this.nanRight[node]!));
    if (x !== x) return this.left[node]! + this.nanRight[node]!;
    const code = x | 0;
    const right = code === x && code >= 0 && code < this.catSize[node]! ? this.catGoesRight[offset + code]! : this.catOtherRight[node]!;
    return this.left[node]! + right;
  }

  /**
   * A tree with categorical splits over rows [start, stop): the flat walk with a lookup at categorical
   * nodes; four rows walk side by side (independent chains of loads in flight), numeric steps inline.
   */
  private walkMixed(root: number, depth: number, data: Float64Array, nRows: number, start: number, stop: number, margin: Float64Array): void {
    const { feature, threshold, left, nanRight, value, catOffset } = this;
    let i = start;
    for (; i + 4 <= stop; i += 4) {
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      for (let d = depth; d > 0; d--) {
        const x0 = data[feature[n0]! * nRows + i]!;
        const x1 = data[feature[n1]! * nRows + i + 1]!;
        const x2 = data[feature[n2]! * nRows + i + 2]!;
        const x3 = data[feature[n3]! * nRows + i + 3]!;
        n0 = catOffset[n0]! < 0 ? left[n0]! + (Number(x0 > threshold[n0]!) | (Number(x0 !== x0) & nanRight[n0]!)) : this.step(n0, x0);
        n1 = catOffset[n1]! < 0 ? left[n1]! + (Number(x1 > threshold[n1]!) | (Number(x1 !== x1) & nanRight[n1]!)) : this.step(n1, x1);
        n2 = catOffset[n2]! < 0 ? left[n2]! + (Number(x2 > threshold[n2]!) | (Number(x2 !== x2) & nanRight[n2]!)) : this.step(n2, x2);
        n3 = catOffset[n3]! < 0 ? left[n3]! + (Number(x3 > threshold[n3]!) | (Number(x3 !== x3) & nanRight[n3]!)) : this.step(n3, x3);
      }
      margin[i] = margin[i]! + value[n0]!;
      margin[i + 1] = margin[i + 1]! + value[n1]!;
      margin[i + 2] = margin[i + 2]! + value[n2]!;
      margin[i + 3] = margin[i + 3]! + value[n3]!;
    }
    for (; i < stop; i++) {
      let node = root;
      for (let d = depth; d > 0; d--) node = this.step(node, data[feature[node]! * nRows + i]!);
      margin[i] = margin[i]! + value[node]!;
    }
  }

  /** The leaf value tree t gives one row. */
  private treeValue(t: number, row: ArrayLike<number>): number {
    if (this.hasCategorical[t] === 1) {
      let node = this.roots[t]!;
      for (let d = this.depth[t]!; d > 0; d--) node = this.step(node, row[this.feature[node]!]!);
      return this.value[node]!;
    }
    const { feature, threshold, left, nanRight, value } = this;
    let node = this.roots[t]!;
    for (let d = this.depth[t]!; d > 0; d--) {
      const x = row[feature[node]!]!;
      node = left[node]! + (Number(x > threshold[node]!) | (Number(x !== x) & nanRight[node]!));
    }
    return value[node]!;
  }

  /** walkBlock for a block without missing values: one load and compare less per step. offset[node] = feature[node] · nRows. */
  private walkFinite(root: number, depth: number, data: Float64Array, offset: Int32Array, start: number, stop: number, margin: Float64Array): void {
    const { threshold, left, value } = this;
    let i = start;
    for (; i + 8 <= stop; i += 8) {
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      let n4 = root;
      let n5 = root;
      let n6 = root;
      let n7 = root;
      for (let d = depth; d > 0; d--) {
        n0 = left[n0]! + Number(data[offset[n0]! + i + 0]! > threshold[n0]!);
        n1 = left[n1]! + Number(data[offset[n1]! + i + 1]! > threshold[n1]!);
        n2 = left[n2]! + Number(data[offset[n2]! + i + 2]! > threshold[n2]!);
        n3 = left[n3]! + Number(data[offset[n3]! + i + 3]! > threshold[n3]!);
        n4 = left[n4]! + Number(data[offset[n4]! + i + 4]! > threshold[n4]!);
        n5 = left[n5]! + Number(data[offset[n5]! + i + 5]! > threshold[n5]!);
        n6 = left[n6]! + Number(data[offset[n6]! + i + 6]! > threshold[n6]!);
        n7 = left[n7]! + Number(data[offset[n7]! + i + 7]! > threshold[n7]!);
      }
      margin[i + 0] = margin[i + 0]! + value[n0]!;
      margin[i + 1] = margin[i + 1]! + value[n1]!;
      margin[i + 2] = margin[i + 2]! + value[n2]!;
      margin[i + 3] = margin[i + 3]! + value[n3]!;
      margin[i + 4] = margin[i + 4]! + value[n4]!;
      margin[i + 5] = margin[i + 5]! + value[n5]!;
      margin[i + 6] = margin[i + 6]! + value[n6]!;
      margin[i + 7] = margin[i + 7]! + value[n7]!;
    }
    for (; i < stop; i++) {
      let node = root;
      for (let d = depth; d > 0; d--) node = left[node]! + Number(data[offset[node]! + i]! > threshold[node]!);
      margin[i] = margin[i]! + value[node]!;
    }
  }

  /** Numeric-only tree rooted at `root`, `depth` levels, over rows [start, stop): eight rows walk side by side (eight independent chains of loads in flight). */
  private walkBlock(root: number, depth: number, data: Float64Array, nRows: number, start: number, stop: number, margin: Float64Array): void {
    const { feature, threshold, left, nanRight, value } = this;
    let i = start;
    for (; i + 8 <= stop; i += 8) {
      let n0 = root;
      let n1 = root;
      let n2 = root;
      let n3 = root;
      let n4 = root;
      let n5 = root;
      let n6 = root;
      let n7 = root;
      for (let d = depth; d > 0; d--) {
        const x0 = data[feature[n0]! * nRows + i + 0]!;
        const x1 = data[feature[n1]! * nRows + i + 1]!;
        const x2 = data[feature[n2]! * nRows + i + 2]!;
        const x3 = data[feature[n3]! * nRows + i + 3]!;
        const x4 = data[feature[n4]! * nRows + i + 4]!;
        const x5 = data[feature[n5]! * nRows + i + 5]!;
        const x6 = data[feature[n6]! * nRows + i + 6]!;
        const x7 = data[feature[n7]! * nRows + i + 7]!;
        n0 = left[n0]! + (Number(x0 > threshold[n0]!) | (Number(x0 !== x0) & nanRight[n0]!));
        n1 = left[n1]! + (Number(x1 > threshold[n1]!) | (Number(x1 !== x1) & nanRight[n1]!));
        n2 = left[n2]! + (Number(x2 > threshold[n2]!) | (Number(x2 !== x2) & nanRight[n2]!));
        n3 = left[n3]! + (Number(x3 > threshold[n3]!) | (Number(x3 !== x3) & nanRight[n3]!));
        n4 = left[n4]! + (Number(x4 > threshold[n4]!) | (Number(x4 !== x4) & nanRight[n4]!));
        n5 = left[n5]! + (Number(x5 > threshold[n5]!) | (Number(x5 !== x5) & nanRight[n5]!));
        n6 = left[n6]! + (Number(x6 > threshold[n6]!) | (Number(x6 !== x6) & nanRight[n6]!));
        n7 = left[n7]! + (Number(x7 > threshold[n7]!) | (Number(x7 !== x7) & nanRight[n7]!));
      }
      margin[i + 0] = margin[i + 0]! + value[n0]!;
      margin[i + 1] = margin[i + 1]! + value[n1]!;
      margin[i + 2] = margin[i + 2]! + value[n2]!;
      margin[i + 3] = margin[i + 3]! + value[n3]!;
      margin[i + 4] = margin[i + 4]! + value[n4]!;
      margin[i + 5] = margin[i + 5]! + value[n5]!;
      margin[i + 6] = margin[i + 6]! + value[n6]!;
      margin[i + 7] = margin[i + 7]! + value[n7]!;
    }
    for (; i < stop; i++) {
      let node = root;
      for (let d = depth; d > 0; d--) {
        const x = data[feature[node]! * nRows + i]!;
        node = left[node]! + (Number(x > threshold[node]!) | (Number(x !== x) & nanRight[node]!));
      }
      margin[i] = margin[i]! + value[node]!;
    }
  }
}
