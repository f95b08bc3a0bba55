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
  /** Trees with categorical splits take the general walk. */
  private readonly hasCategorical: Uint8Array;

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
      }
      at += tree.nodeCount;
    });
  }

  /** margin[i] += Σ over trees of the leaf value of row i of column-major data with nRows rows. */
  addMargins(data: Float64Array, nRows: number, margin: Float64Array): void {
    for (let start = 0; start < nRows; start += BLOCK_ROWS) {
      const stop = Math.min(nRows, start + BLOCK_ROWS);
      for (let t = 0; t < this.trees.length; t++) {
        if (this.hasCategorical[t] === 1) {
          const tree = this.trees[t]!;
          for (let i = start; i < stop; i++) margin[i] = margin[i]! + tree.leafValue(data, nRows, i);
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

  /** The leaf value tree t gives one row. */
  private treeValue(t: number, row: ArrayLike<number>): number {
    if (this.hasCategorical[t] === 1) return this.trees[t]!.rowLeafValue(row);
    const { feature, threshold, left, nanRight, value } = this;
    let node = this.roots[t]!;
    for (let d = this.depth[t]!; d > 0; d--) {
      const x = row[feature[node]!]!;
      node = left[node]! + (Number(x > threshold[node]!) | (Number(x !== x) & nanRight[node]!));
    }
    return value[node]!;
  }

  /** Numeric-only tree rooted at `root`, `depth` levels, over rows [start, stop): four rows walk side by side (four independent chains of loads in flight). */
  private walkBlock(root: number, depth: number, data: Float64Array, nRows: number, start: number, stop: number, margin: Float64Array): void {
    const { feature, threshold, left, nanRight, value } = this;
    let i = start;
    for (; i + 4 <= stop; i += 4) {
      let a = root;
      let b = root;
      let c = root;
      let e = root;
      for (let d = depth; d > 0; d--) {
        const xa = data[feature[a]! * nRows + i]!;
        const xb = data[feature[b]! * nRows + i + 1]!;
        const xc = data[feature[c]! * nRows + i + 2]!;
        const xe = data[feature[e]! * nRows + i + 3]!;
        a = left[a]! + (Number(xa > threshold[a]!) | (Number(xa !== xa) & nanRight[a]!));
        b = left[b]! + (Number(xb > threshold[b]!) | (Number(xb !== xb) & nanRight[b]!));
        c = left[c]! + (Number(xc > threshold[c]!) | (Number(xc !== xc) & nanRight[c]!));
        e = left[e]! + (Number(xe > threshold[e]!) | (Number(xe !== xe) & nanRight[e]!));
      }
      margin[i] = margin[i]! + value[a]!;
      margin[i + 1] = margin[i + 1]! + value[b]!;
      margin[i + 2] = margin[i + 2]! + value[c]!;
      margin[i + 3] = margin[i + 3]! + value[e]!;
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
