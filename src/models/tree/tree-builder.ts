// Grows a tree depth first with an explicit stack, as scikit-learn's DepthFirstTreeBuilder: a node is a
// leaf when it is at max_depth, has fewer than min_samples_split (or 2 · min_samples_leaf) rows, is pure
// (impurity <= machine epsilon, or no weight in one class), has no valid split, or its best split improves less than
// min_impurity_decrease. Nodes are numbered in the order they are popped — depth first, left child first —
// which is sklearn's numbering, so the arrays compare one to one with its `tree_`.

import { impurityFunction, type CriterionName } from './criterion.js';
import { columnOrder, type FeatureOrder } from './feature-order.js';
import type { RowPartition } from './row-partition.js';
import { Splitter, type NodeStats } from './splitter.js';

/** sklearn's EPSILON (np.finfo(np.double).eps): the tolerance of the purity and improvement checks. */
const EPSILON = 2.220446049250313e-16;

/** Marks a leaf in left/right (sklearn's TREE_LEAF). */
export const LEAF = -1;
/** Feature and threshold of a leaf (sklearn's TREE_UNDEFINED). */
export const UNDEFINED = -2;

/** The fitted tree, one entry per node in depth-first order (node 0 is the root). */
export interface TreeArrays {
  /** Feature index tested at the node; UNDEFINED at leaves. */
  feature: Int32Array;
  /** Rows with x <= threshold go left; UNDEFINED at leaves. */
  threshold: Float64Array;
  /** Child node indexes, LEAF at leaves; always greater than the node's own index. */
  left: Int32Array;
  right: Int32Array;
  /** Weighted fraction of positives among the node's training rows: the leaf's prediction. */
  value: Float64Array;
  nNodeSamples: Int32Array;
  weightedNNodeSamples: Float64Array;
  impurity: Float64Array;
}

export interface BuildOptions {
  criterion: CriterionName;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  /** Decides exact ties between features (default: the lowest feature index wins). */
  featureOrder?: FeatureOrder;
}

interface StackEntry {
  start: number;
  end: number;
  depth: number;
  parent: number;
  isLeft: boolean;
  impurity: number;
  /** A feature whose range [start, end) already holds exactly this node's rows. */
  orderedFeature: number;
  /** The FeatureOrder's state handed down by the parent. */
  orderState: number;
}

export function buildTree(partition: RowPartition, y: Uint8Array, weights: Float64Array, options: BuildOptions): TreeArrays {
  const impurity = impurityFunction(options.criterion);
  const { rows, nRows } = partition;
  let weightedTotal = 0.0;
  for (let i = 0; i < nRows; i++) weightedTotal += weights[i]!;
  const splitter = new Splitter(partition, y, weights, {
    criterion: options.criterion,
    minSamplesLeaf: options.minSamplesLeaf,
    weightedTotal,
    featureOrder: options.featureOrder ?? columnOrder(partition.nFeatures),
  });

  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const nNodeSamples: number[] = [];
  const weightedNNodeSamples: number[] = [];
  const impurities: number[] = [];

  /** Could a node with these rows, impurity and depth be split at all? (the checks before the search) */
  const mightSplit = (n: number, nodeImpurity: number, depth: number): boolean =>
    depth < options.maxDepth && n >= options.minSamplesSplit && n >= 2 * options.minSamplesLeaf && nodeImpurity > EPSILON;

  const stack: StackEntry[] = [{ start: 0, end: nRows, depth: 0, parent: -1, isLeft: false, impurity: NaN, orderedFeature: 0, orderState: 0 }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { start, end, depth } = entry;
    // Class counts summed afresh over the node's rows, as sklearn's node_reset does (the root in row
    // order, which also serves a matrix without columns).
    let class0 = 0.0;
    let class1 = 0.0;
    let weighted = 0.0;
    const isRoot = entry.parent < 0;
    const base = entry.orderedFeature * nRows;
    for (let k = base + start; k < base + end; k++) {
      const row = isRoot ? k - base : rows[k]!;
      const w = weights[row]!;
      if (y[row] === 1) class1 += w;
      else class0 += w;
      weighted += w;
    }
    // Only the root computes its impurity; children take the one their parent's split computed.
    const nodeImpurity = isRoot ? impurity(class0, class1, weighted) : entry.impurity;
    const node: NodeStats = { start, end, class0, class1, weighted, impurity: nodeImpurity };
    // A node without weight in one class is pure whatever rounding left in its impurity (with fractional
    // class weights, sums in different orders need not cancel exactly).
    const pure = class0 === 0 || class1 === 0;
    const { split, orderState } = !pure && mightSplit(end - start, nodeImpurity, depth) ? splitter.findBestSplit(node, entry.orderState) : { split: undefined, orderState: 0 };
    const isLeaf = split === undefined || split.improvement + EPSILON < options.minImpurityDecrease;

    const id = feature.length;
    if (entry.parent >= 0) (entry.isLeft ? left : right)[entry.parent] = id;
    feature.push(isLeaf ? UNDEFINED : split.feature);
    threshold.push(isLeaf ? UNDEFINED : split.threshold);
    left.push(LEAF);
    right.push(LEAF);
    value.push(class1 / (class0 + class1));
    nNodeSamples.push(end - start);
    weightedNNodeSamples.push(weighted);
    impurities.push(nodeImpurity);
    if (isLeaf) continue;

    // The split feature's range is already in left-then-right order; the others need reordering only if
    // a child will search for a split.
    const childrenSplit = mightSplit(split.pos - start, split.impurityLeft, depth + 1) || mightSplit(end - split.pos, split.impurityRight, depth + 1);
    if (childrenSplit) partition.split(start, end, split.feature, split.pos);
    const child = { depth: depth + 1, parent: id, orderedFeature: split.feature, orderState };
    stack.push({ ...child, start: split.pos, end, isLeft: false, impurity: split.impurityRight });
    stack.push({ ...child, start, end: split.pos, isLeft: true, impurity: split.impurityLeft });
  }

  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    nNodeSamples: Int32Array.from(nNodeSamples),
    weightedNNodeSamples: Float64Array.from(weightedNNodeSamples),
    impurity: Float64Array.from(impurities),
  };
}
