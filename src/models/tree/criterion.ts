// Impurity of a node's weighted class counts, and the improvement of a split, with scikit-learn's exact
// arithmetic (sklearn/tree/_criterion.pyx, Gini and Entropy): the same operations in the same order give
// the same floating-point values, so near-equal candidate splits are ranked as scikit-learn ranks them.

export type CriterionName = 'gini' | 'entropy';

/** Impurity of a node holding weight c0 of class 0 and c1 of class 1, whose total weight is w. */
export type ImpurityFunction = (c0: number, c1: number, w: number) => number;

/** Gini: 1 − Σ p_c². */
export function gini(c0: number, c1: number, w: number): number {
  return 1.0 - (c0 * c0 + c1 * c1) / (w * w);
}

/** Entropy in bits: −Σ p_c log2 p_c (scikit-learn divides the natural log by ln 2). */
export function entropy(c0: number, c1: number, w: number): number {
  let e = 0.0;
  if (c0 > 0.0) {
    const p = c0 / w;
    e -= p * (Math.log(p) / Math.LN2);
  }
  if (c1 > 0.0) {
    const p = c1 / w;
    e -= p * (Math.log(p) / Math.LN2);
  }
  return e;
}

export function impurityFunction(name: CriterionName): ImpurityFunction {
  return name === 'gini' ? gini : entropy;
}

/**
 * The weighted impurity decrease of a split (what min_impurity_decrease and feature importances use):
 * N_t/N · (impurity − N_t_R/N_t · right_impurity − N_t_L/N_t · left_impurity), weights in place of counts.
 */
export function impurityImprovement(
  weightedNode: number,
  weightedTotal: number,
  impurity: number,
  weightedLeft: number,
  impurityLeft: number,
  weightedRight: number,
  impurityRight: number,
): number {
  return (weightedNode / weightedTotal) * (impurity - (weightedRight / weightedNode) * impurityRight - (weightedLeft / weightedNode) * impurityLeft);
}
