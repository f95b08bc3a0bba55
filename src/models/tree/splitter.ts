// The best split of one node, as scikit-learn's BestSplitter with every feature considered: for each
// feature, scan the node's rows in value order; a candidate lies between two consecutive values a < b
// that sklearn deems distinct (b > a + 1e-7, summed in single precision) and sends x <= a/2 + b/2 left.
// Each child must keep min_samples_leaf rows. The best candidate maximises sklearn's proxy
// −(w_R·impurity_R) − (w_L·impurity_L); the first one found wins an exact tie, so within a feature the
// lowest threshold wins and between features the FeatureOrder decides.

import { entropy, gini, impurityFunction, impurityImprovement, type CriterionName } from './criterion.js';
import type { FeatureOrder } from './feature-order.js';
import type { RowPartition } from './row-partition.js';

/** Values closer than this are one value (sklearn/tree/_splitter.pyx: a float32, added in float32). */
export const FEATURE_THRESHOLD = Math.fround(1e-7);

/** A node being split: its range in the row partition and its weighted class counts. */
export interface NodeStats {
  start: number;
  end: number;
  /** Weighted count of class 0 and of class 1. */
  class0: number;
  class1: number;
  /** Total weight, summed on its own (as sklearn's weighted_n_node_samples). */
  weighted: number;
  impurity: number;
}

export interface SplitInfo {
  feature: number;
  /** Rows [start, pos) of the feature's range go left, [pos, end) right. */
  pos: number;
  threshold: number;
  weightedLeft: number;
  weightedRight: number;
  impurityLeft: number;
  impurityRight: number;
  /** Weighted impurity decrease (N_t/N · …), compared with min_impurity_decrease. */
  improvement: number;
}

export interface SplitterOptions {
  criterion: CriterionName;
  minSamplesLeaf: number;
  /** Total weight of all training rows (N in N_t/N). */
  weightedTotal: number;
  featureOrder: FeatureOrder;
}

export class Splitter {
  private readonly search = (feature: number): boolean => this.searchFeature(feature);
  // The node being searched and the best candidate so far (fields, so that a search allocates nothing).
  private node: NodeStats = { start: 0, end: 0, class0: 0, class1: 0, weighted: 0, impurity: 0 };
  private bestProxy = -Infinity;
  private bestFeature = -1;
  private bestPos = -1;
  private bestThreshold = 0;
  private bestLeft0 = 0;
  private bestLeft1 = 0;
  private bestWeightedLeft = 0;

  constructor(
    private readonly partition: RowPartition,
    private readonly y: Uint8Array,
    private readonly weights: Float64Array,
    private readonly options: SplitterOptions,
  ) {}

  /**
   * The best split of `node` (undefined when no candidate keeps min_samples_leaf rows on both sides),
   * and the feature-order state for its children.
   */
  findBestSplit(node: NodeStats, orderState: number): { split: SplitInfo | undefined; orderState: number } {
    this.node = node;
    this.bestProxy = -Infinity;
    this.bestFeature = -1;
    const childState = this.options.featureOrder.visit(orderState, this.search);
    if (this.bestFeature < 0) return { split: undefined, orderState: childState };

    const impurity = impurityFunction(this.options.criterion);
    const { class0, class1, weighted } = node;
    const weightedLeft = this.bestWeightedLeft;
    const weightedRight = weighted - weightedLeft;
    const impurityLeft = impurity(this.bestLeft0, this.bestLeft1, weightedLeft);
    const impurityRight = impurity(class0 - this.bestLeft0, class1 - this.bestLeft1, weightedRight);
    const split: SplitInfo = {
      feature: this.bestFeature,
      pos: this.bestPos,
      threshold: this.bestThreshold,
      weightedLeft,
      weightedRight,
      impurityLeft,
      impurityRight,
      improvement: impurityImprovement(weighted, this.options.weightedTotal, node.impurity, weightedLeft, impurityLeft, weightedRight, impurityRight),
    };
    return { split, orderState: childState };
  }

  /** Scans every candidate threshold of feature f; false when f is constant over the node. */
  private searchFeature(f: number): boolean {
    const { rows, values, nRows } = this.partition;
    const { y, weights } = this;
    const { minSamplesLeaf } = this.options;
    // gini and entropy are called by name below: one call site per criterion stays monomorphic (and
    // inlined) even when one process fits trees of both criteria.
    const isGini = this.options.criterion === 'gini';
    const { start, end, class0, class1, weighted } = this.node;
    const base = f * nRows;
    if (values[base + end - 1]! <= Math.fround(values[base + start]! + FEATURE_THRESHOLD)) return false;
    let left0 = 0.0;
    let left1 = 0.0;
    let weightedLeft = 0.0;
    for (let k = base + start; k < base + end - 1; k++) {
      const row = rows[k]!;
      const w = weights[row]!;
      if (y[row] === 1) left1 += w;
      else left0 += w;
      weightedLeft += w;
      const value = values[k]!;
      const next = values[k + 1]!;
      if (next <= Math.fround(value + FEATURE_THRESHOLD)) continue;
      const pos = k + 1 - base;
      if (pos - start < minSamplesLeaf || end - pos < minSamplesLeaf) continue;
      const weightedRight = weighted - weightedLeft;
      const right0 = class0 - left0;
      const right1 = class1 - left1;
      const proxy = isGini
        ? -weightedRight * gini(right0, right1, weightedRight) - weightedLeft * gini(left0, left1, weightedLeft)
        : -weightedRight * entropy(right0, right1, weightedRight) - weightedLeft * entropy(left0, left1, weightedLeft);
      if (proxy > this.bestProxy) {
        this.bestProxy = proxy;
        this.bestFeature = f;
        this.bestPos = pos;
        // The sum of halves cannot overflow; sklearn falls back to the lower value if it rounds up to b.
        const threshold = value / 2.0 + next / 2.0;
        this.bestThreshold = threshold === next || !Number.isFinite(threshold) ? value : threshold;
        this.bestLeft0 = left0;
        this.bestLeft1 = left1;
        this.bestWeightedLeft = weightedLeft;
      }
    }
    return true;
  }
}
