// Feature importances as scikit-learn's `feature_importances_`: each split adds its weighted impurity
// decrease (w_node·impurity − w_left·impurity_left − w_right·impurity_right) to its feature; totals are
// divided by the root's weight and normalised to sum to 1 (all zeros for a single-leaf tree).

import { LEAF, type TreeArrays } from './tree-builder.js';

export function featureImportances(tree: TreeArrays, nFeatures: number): Float64Array {
  const { feature, left, right, weightedNNodeSamples: w, impurity } = tree;
  const importances = new Float64Array(nFeatures);
  for (let node = 0; node < feature.length; node++) {
    const l = left[node]!;
    if (l === LEAF) continue;
    const r = right[node]!;
    importances[feature[node]!]! += w[node]! * impurity[node]! - w[l]! * impurity[l]! - w[r]! * impurity[r]!;
  }
  const root = w[0]!;
  let total = 0.0;
  for (let f = 0; f < nFeatures; f++) {
    importances[f]! /= root;
    total += importances[f]!;
  }
  if (total > 0.0) for (let f = 0; f < nFeatures; f++) importances[f]! /= total;
  return importances;
}
