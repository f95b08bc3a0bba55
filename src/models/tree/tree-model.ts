// The fitted tree: immutable flat arrays (feature, threshold, left, right, value, …) in scikit-learn's
// depth-first node numbering. Prediction walks them without allocating. Features are compared in single
// precision, as scikit-learn casts X to float32: thresholds are midpoints of float32 values, and
// fround(x) <= threshold sends a row left — the same decisions as DecisionTreeClassifier.predict_proba.

import { FlywheelError } from '../../core/errors.js';
import { checkModelJson, type Model, type ModelJson } from '../estimator.js';
import { checkColumns, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { featureImportances } from './feature-importances.js';
import { LEAF, UNDEFINED, type TreeArrays } from './tree-builder.js';
import { treeParams, type TreeParams } from './tree-params.js';

export const TREE_FORMAT_VERSION = 1;

export interface TreeModelJson extends ModelJson {
  format_version: 1;
  kind: 'tree';
  params: TreeParams;
  node_count: number;
  /** Per node, depth first (left child first): tested feature (−2 at leaves). */
  feature: number[];
  /** x <= threshold goes left (−2 at leaves). */
  threshold: number[];
  /** Child node indexes (−1 at leaves). */
  left: number[];
  right: number[];
  /** Weighted fraction of positives among the node's training rows (the leaf's probability). */
  value: number[];
  n_node_samples: number[];
  weighted_n_node_samples: number[];
  impurity: number[];
  /** Normalised total impurity decrease per feature (scikit-learn's feature_importances_); derived. */
  feature_importances: number[];
}

export class TreeModel implements Model {
  readonly kind = 'tree';
  readonly featureNames: readonly string[];
  readonly params: Readonly<TreeParams>;
  readonly nodeCount: number;
  /** Depth of the deepest leaf (0 for a single leaf). */
  readonly depth: number;
  readonly featureImportances: Float64Array;
  // Typed arrays cannot be frozen: nothing writes to them after construction.
  private readonly tree: Readonly<TreeArrays>;

  constructor(featureNames: readonly string[], params: TreeParams, tree: TreeArrays) {
    this.featureNames = Object.freeze([...featureNames]);
    this.params = Object.freeze({ ...params });
    this.tree = Object.freeze({ ...tree });
    this.nodeCount = tree.feature.length;
    this.depth = depthOf(tree);
    this.featureImportances = featureImportances(tree, featureNames.length);
  }

  /** The node arrays (read only: do not write to them). */
  get arrays(): Readonly<TreeArrays> {
    return this.tree;
  }

  predictProba(X: Matrix): Float64Array {
    checkColumns(this.kind, this.featureNames, X);
    const { feature, threshold, left, right, value } = this.tree;
    const { data, nRows } = X;
    const out = new Float64Array(nRows);
    for (let i = 0; i < nRows; i++) {
      let node = 0;
      while (left[node] !== LEAF) {
        const f = feature[node]!;
        const x = Math.fround(data[f * nRows + i]!);
        if (Number.isNaN(x)) this.missingValue(f, i);
        node = x <= threshold[node]! ? left[node]! : right[node]!;
      }
      out[i] = value[node]!;
    }
    return out;
  }

  private missingValue(feature: number, row: number): never {
    throw new FlywheelError('data_invalid', `the tree model got a missing value (NaN) in feature "${this.featureNames[feature]}" at row ${row}`, {
      hint: "impute missing values before predicting: transform the data with the model's own fitted pipeline, which imputes them",
      details: { feature: this.featureNames[feature], row },
    });
  }

  toJSON(): TreeModelJson {
    const t = this.tree;
    return {
      format_version: TREE_FORMAT_VERSION,
      kind: 'tree',
      feature_names: [...this.featureNames],
      params: { ...this.params },
      node_count: this.nodeCount,
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold),
      left: Array.from(t.left),
      right: Array.from(t.right),
      value: Array.from(t.value),
      n_node_samples: Array.from(t.nNodeSamples),
      weighted_n_node_samples: Array.from(t.weightedNNodeSamples),
      impurity: Array.from(t.impurity),
      feature_importances: Array.from(this.featureImportances),
    };
  }

  /** Reads a model written by toJSON, checking every array so that a damaged file cannot loop or misroute. */
  static fromJSON(json: ModelJson): TreeModel {
    const j = checkModelJson(json, 'tree', [TREE_FORMAT_VERSION]);
    const featureNames = j.feature_names.map((name, k) => (typeof name === 'string' ? name : damaged(`feature_names[${k}] is not a string`)));
    const params = parseParams('tree', treeParams, (j.params ?? {}) as Record<string, unknown>);
    const n = j.node_count;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) damaged(`node_count ${JSON.stringify(n)} is not a positive integer`);
    const read = (key: string): number[] => {
      const a = j[key];
      if (!Array.isArray(a) || a.length !== n || !a.every((v) => typeof v === 'number' && Number.isFinite(v))) damaged(`${key} is not a list of ${n} numbers`);
      return a as number[];
    };
    const tree: TreeArrays = {
      feature: Int32Array.from(read('feature')),
      threshold: Float64Array.from(read('threshold')),
      left: Int32Array.from(read('left')),
      right: Int32Array.from(read('right')),
      value: Float64Array.from(read('value')),
      nNodeSamples: Int32Array.from(read('n_node_samples')),
      weightedNNodeSamples: Float64Array.from(read('weighted_n_node_samples')),
      impurity: Float64Array.from(read('impurity')),
    };
    for (let node = 0; node < n; node++) {
      const l = tree.left[node]!;
      const r = tree.right[node]!;
      const f = tree.feature[node]!;
      const leaf = l === LEAF && r === LEAF && f === UNDEFINED;
      // Children after their parent (depth-first numbering) also rules out cycles.
      const internal = l > node && r > node && l < n && r < n && f >= 0 && f < featureNames.length;
      if (!leaf && !internal) damaged(`node ${node} has left ${l}, right ${r}, feature ${f}`);
      const v = tree.value[node]!;
      if (!(v >= 0 && v <= 1)) damaged(`node ${node} has value ${v} outside [0, 1]`);
    }
    return new TreeModel(featureNames, params, tree);
  }
}

function damaged(what: string): never {
  throw new FlywheelError('data_invalid', `tree model JSON is damaged: ${what}`, { hint: 'the file is damaged; refit the model' });
}

function depthOf(tree: TreeArrays): number {
  const depth = new Int32Array(tree.feature.length);
  let max = 0;
  for (let node = 0; node < depth.length; node++) {
    const l = tree.left[node]!;
    if (l === LEAF) {
      max = Math.max(max, depth[node]!);
      continue;
    }
    depth[l] = depth[node]! + 1;
    depth[tree.right[node]!] = depth[node]! + 1;
  }
  return max;
}
