// Feature importance from the fitted trees: total split gain per feature ("gain", as LightGBM's
// importance_type='gain'; XGBoost's total_gain) or the number of splits on it ("split").

import type { GbtTree } from './gbt-tree.js';

export type ImportanceType = 'gain' | 'split';

export function featureImportance(trees: readonly GbtTree[], nFeatures: number, type: ImportanceType): Float64Array {
  const out = new Float64Array(nFeatures);
  for (const tree of trees) {
    const { feature, gain } = tree.arrays;
    for (let k = 0; k < feature.length; k++) {
      const f = feature[k]!;
      if (f >= 0) out[f] = out[f]! + (type === 'gain' ? gain[k]! : 1);
    }
  }
  return out;
}
