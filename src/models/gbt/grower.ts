// Grows one tree from the gradients (as LightGBM's serial_tree_learner): find the best split of a leaf,
// split the leaf with the largest gain (leaf-wise, max_leaves > 0) or every splittable leaf level by level
// (depth-wise), stop when no split gains. Only the smaller child's histogram is built; the larger one's is
// the parent's minus it, and leaves at max_depth get no histogram at all.

import type { FeatureBins } from './binning.js';
import { GbtTree } from './gbt-tree.js';
import { histogramSize, subtractHistogram } from './histogram.js';
import type { HistogramBuilder } from './histogram-builder.js';
import type { RowPartition } from './row-partition.js';
import { findBestSplit, SplitScratch, type SplitConstraints } from './split-finder.js';
import { SplitInfo } from './split-info.js';

export interface GrowerOptions extends SplitConstraints {
  maxDepth: number;
  /** 0: depth-wise; > 0: leaf-wise up to this many leaves. */
  maxLeaves: number;
  learningRate: number;
}

/** A grown tree and where its leaves' training rows sit in the row partition. */
export interface GrownTree {
  tree: GbtTree;
  leafBegin: number[];
  leafEnd: number[];
  leafValue: number[];
}

interface Leaf {
  node: number;
  begin: number;
  end: number;
  depth: number;
  G: number;
  H: number;
  hist: Float64Array | undefined;
  split: SplitInfo;
}

/** Node fields while growing; frozen into a GbtTree at the end. */
class NodeList {
  feature: number[] = [];
  threshold: number[] = [];
  defaultLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  gain: number[] = [];
  cover: number[] = [];
  catStart: number[] = [];
  catLength: number[] = [];
  catListedLeft: number[] = [];
  catCodes: number[] = [];

  add(cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(0);
    this.gain.push(0);
    this.cover.push(cover);
    this.catStart.push(-1);
    this.catLength.push(0);
    this.catListedLeft.push(0);
    return this.feature.length - 1;
  }

  freeze(): GbtTree {
    return new GbtTree({
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      defaultLeft: Uint8Array.from(this.defaultLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      gain: Float64Array.from(this.gain),
      cover: Float64Array.from(this.cover),
      catStart: Int32Array.from(this.catStart),
      catLength: Int32Array.from(this.catLength),
      catListedLeft: Uint8Array.from(this.catListedLeft),
      catCodes: Float64Array.from(this.catCodes),
    });
  }
}

export class TreeGrower {
  private readonly pool: Float64Array[] = [];
  private readonly scratch = new SplitScratch();
  private readonly goesLeft = new Uint8Array(256);
  private readonly nFeatures: number;

  constructor(
    private readonly featureBins: FeatureBins,
    /** Builds histograms from the row-major training bins (every feature of a row together). */
    private readonly histograms: HistogramBuilder,
    /** The same bins per feature, for partitioning (one feature read front to back). */
    private readonly columnBins: readonly Uint8Array[],
    private readonly options: GrowerOptions,
  ) {
    this.nFeatures = featureBins.nFeatures;
  }

  /** Grow a tree over the partition's rows with the given features (sorted indexes); grad and hess are the arrays the histogram builder reads. */
  grow(partition: RowPartition, grad: Float64Array, hess: Float64Array, features: Int32Array): GrownTree {
    const o = this.options;
    const nodes = new NodeList();
    let G = 0;
    let H = 0;
    const rows = partition.rows;
    for (let k = 0; k < partition.size; k++) {
      G += grad[rows[k]!]!;
      H += hess[rows[k]!]!;
    }
    const root = this.newLeaf(nodes, 0, partition.size, 0, G, H);
    if (this.splittable(root)) {
      root.hist = this.build(root, features);
      this.search(root, features);
    }
    const open: Leaf[] = [root];
    const done: Leaf[] = [];
    let nLeaves = 1;
    const leafWise = o.maxLeaves > 0;
    while (open.length > 0) {
      let pick = 0;
      if (leafWise) for (let k = 1; k < open.length; k++) if (open[k]!.split.gain > open[pick]!.split.gain) pick = k;
      const leaf = open.splice(pick, 1)[0]!;
      if (leaf.split.feature < 0 || (leafWise && nLeaves >= o.maxLeaves)) {
        this.release(leaf);
        done.push(leaf);
        continue;
      }
      const [left, right] = this.split(nodes, partition, leaf);
      nLeaves++;
      const small = left.end - left.begin <= right.end - right.begin ? left : right;
      const large = small === left ? right : left;
      if (this.splittable(left) || this.splittable(right)) {
        small.hist = this.build(small, features);
        if (this.splittable(large)) {
          subtractHistogram(leaf.hist!, small.hist);
          large.hist = leaf.hist;
          leaf.hist = undefined;
        }
      }
      this.release(leaf);
      for (const child of [left, right]) {
        if (child.hist !== undefined && this.splittable(child)) this.search(child, features);
        if (child.split.feature < 0) {
          this.release(child);
          done.push(child);
        } else {
          open.push(child);
        }
      }
    }
    done.sort((a, b) => a.begin - b.begin);
    const grown: GrownTree = { tree: nodes.freeze(), leafBegin: [], leafEnd: [], leafValue: [] };
    const frozen = grown.tree.arrays;
    for (const leaf of done) {
      grown.leafBegin.push(leaf.begin);
      grown.leafEnd.push(leaf.end);
      grown.leafValue.push(frozen.value[leaf.node]!);
    }
    return grown;
  }

  private newLeaf(nodes: NodeList, begin: number, end: number, depth: number, G: number, H: number): Leaf {
    const node = nodes.add(H);
    // −0 would survive in memory but not in JSON; + 0 makes it +0.
    nodes.value[node] = (-G / (H + this.options.lambda)) * this.options.learningRate + 0;
    return { node, begin, end, depth, G, H, hist: undefined, split: new SplitInfo() };
  }

  private splittable(leaf: Leaf): boolean {
    return leaf.depth < this.options.maxDepth && leaf.end - leaf.begin >= 2 && leaf.H >= 2 * this.options.minChildWeight;
  }

  private build(leaf: Leaf, features: Int32Array): Float64Array {
    const hist = this.pool.pop() ?? new Float64Array(histogramSize(this.nFeatures));
    this.histograms.build(hist, leaf.begin, leaf.end, features);
    return hist;
  }

  private release(leaf: Leaf): void {
    if (leaf.hist !== undefined) this.pool.push(leaf.hist);
    leaf.hist = undefined;
  }

  private search(leaf: Leaf, features: Int32Array): void {
    const fb = this.featureBins;
    findBestSplit(leaf.hist!, features, fb.nBins, fb.isCategorical, leaf.G, leaf.H, this.options, this.scratch, leaf.split);
  }

  /** Turn a leaf into a split node; its rows are reordered left child first. */
  private split(nodes: NodeList, partition: RowPartition, leaf: Leaf): [Leaf, Leaf] {
    const s = leaf.split;
    s.fillGoesLeft(this.goesLeft);
    const mid = partition.split(leaf.begin, leaf.end, this.columnBins[s.feature]!, this.goesLeft);
    const left = this.newLeaf(nodes, leaf.begin, mid, leaf.depth + 1, s.gradLeft, s.hessLeft);
    const right = this.newLeaf(nodes, mid, leaf.end, leaf.depth + 1, s.gradRight, s.hessRight);
    const n = leaf.node;
    nodes.feature[n] = s.feature;
    nodes.defaultLeft[n] = s.defaultLeft ? 1 : 0;
    nodes.left[n] = left.node;
    nodes.right[n] = right.node;
    nodes.value[n] = 0;
    nodes.gain[n] = s.gain;
    if (s.categorical) this.setCategorical(nodes, n, s);
    else nodes.threshold[n] = this.featureBins.uppers[s.feature]![s.thresholdBin - 1]!;
    return [left, right];
  }

  /**
   * List the codes on the side the "other" bin does not take, so that rare and unseen codes follow the
   * "other" bin: codes of the left bins when "other" goes right, else codes of the right bins.
   */
  private setCategorical(nodes: NodeList, n: number, s: SplitInfo): void {
    const fb = this.featureBins;
    const codes = fb.codes[s.feature]!;
    const otherBin = fb.nBins[s.feature]! - 1;
    const goesLeft = this.goesLeft;
    const otherLeft = goesLeft[otherBin] === 1;
    const listed: number[] = [];
    for (let b = 1; b < otherBin; b++) if ((goesLeft[b] === 1) !== otherLeft) listed.push(codes[b - 1]!);
    listed.sort((a, b) => a - b);
    nodes.catStart[n] = nodes.catCodes.length;
    nodes.catLength[n] = listed.length;
    nodes.catListedLeft[n] = otherLeft ? 0 : 1;
    nodes.catCodes.push(...listed);
  }
}
