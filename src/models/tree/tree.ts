// The `tree` model kind: a CART decision tree classifier that grows scikit-learn's DecisionTreeClassifier
// tree (BestSplitter over all features, depth first, X compared in float32) node for node, except that
// (1) an exact tie in impurity decrease between features goes to the lowest feature index, where sklearn
// draws a random feature order, and (2) a node with no weight in one class is always a leaf, where sklearn
// may split it when class weights leave rounding noise in its impurity (no prediction changes). It reads
// an imputed, one-hot encoded matrix ('unscaled') and uses no randomness: the seed changes nothing.

import { FlywheelError } from '../../core/errors.js';
import { checkFitInputs, type FitOptions, type ModelKind } from '../estimator.js';
import type { Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import type { FeatureOrder } from './feature-order.js';
import { RowPartition } from './row-partition.js';
import { buildTree } from './tree-builder.js';
import { TreeModel } from './tree-model.js';
import { treeParams, type TreeParams } from './tree-params.js';

export { TreeModel } from './tree-model.js';
export { treeParams, type TreeParams } from './tree-params.js';

export const treeKind: ModelKind<typeof treeParams, TreeModel> = {
  kind: 'tree',
  summary: 'CART decision tree (as scikit-learn DecisionTreeClassifier): readable if/else rules',
  params: treeParams,
  encoding: 'unscaled',
  fit: fitTree,
  fromJSON: (json) => TreeModel.fromJSON(json),
};

export interface TreeFitOptions extends FitOptions {
  /** Who wins exact ties between features (default: the lowest index); tests pass sklearn's order. */
  featureOrder?: FeatureOrder;
}

export function fitTree(X: Matrix, y: Uint8Array, rawParams: TreeParams, options: TreeFitOptions): TreeModel {
  const params = parseParams('tree', treeParams, rawParams);
  checkFitInputs('tree', X, y);
  if (options.categorical !== undefined && options.categorical.length > 0) {
    throw new Error("tree: categorical codes need 'native' encoding; the tree kind reads one-hot encoded ('unscaled') matrices");
  }
  const partition = new RowPartition(toSinglePrecision(X), X.nRows, X.nCols);
  const tree = buildTree(partition, y, sampleWeights(y, params.class_weight), {
    criterion: params.criterion,
    maxDepth: params.max_depth,
    minSamplesSplit: params.min_samples_split,
    minSamplesLeaf: params.min_samples_leaf,
    minImpurityDecrease: params.min_impurity_decrease,
    featureOrder: options.featureOrder,
  });
  options.onProgress?.(1, 1);
  return new TreeModel(X.columns, params, tree);
}

/** Row weights: 1, or n / (2 · n_c) for a row of class c with class_weight 'balanced' (sklearn's formula). */
export function sampleWeights(y: Uint8Array, classWeight: TreeParams['class_weight']): Float64Array {
  const weights = new Float64Array(y.length).fill(1);
  if (classWeight === 'none') return weights;
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i]!;
  const weightOf = [y.length / (2 * (y.length - positives)), y.length / (2 * positives)] as const;
  for (let i = 0; i < y.length; i++) weights[i] = weightOf[y[i]!]!;
  return weights;
}

/**
 * X in single precision, column-major (as scikit-learn casts X to float32). Refuses NaN — the pipeline
 * imputes before a tree — and values that are infinite or beyond float32's range.
 */
function toSinglePrecision(X: Matrix): Float32Array {
  const out = new Float32Array(X.data.length);
  for (let j = 0; j < X.nCols; j++) {
    const base = j * X.nRows;
    for (let i = 0; i < X.nRows; i++) {
      const x = X.data[base + i]!;
      const x32 = Math.fround(x);
      if (!Number.isFinite(x32)) badValue(X, j, i, x);
      out[base + i] = x32;
    }
  }
  return out;
}

function badValue(X: Matrix, column: number, row: number, x: number): never {
  const name = X.columns[column];
  const base = column * X.nRows;
  if (Number.isNaN(x)) {
    let count = 0;
    for (let i = 0; i < X.nRows; i++) if (Number.isNaN(X.data[base + i]!)) count++;
    throw new FlywheelError('data_invalid', `the tree model cannot fit on missing values: feature "${name}" has ${count} NaN value${count === 1 ? '' : 's'} (first at row ${row})`, {
      hint: 'impute missing values first (an impute step in the features pipeline); the tree kind reads an imputed, one-hot encoded matrix',
      details: { feature: name, row, count },
    });
  }
  throw new FlywheelError('data_invalid', `the tree model cannot fit on feature "${name}": value ${x} at row ${row} is infinite or beyond single precision (±3.4e38)`, {
    hint: 'clip or log-transform the feature; the tree compares features in single precision, as scikit-learn does',
    details: { feature: name, row },
  });
}
