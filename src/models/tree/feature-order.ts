// The order in which a node's features are searched. The splitter keeps the first best candidate, so
// the order decides exact ties in impurity decrease between features — and nothing else. Flywheel
// searches features in column order (lowest index wins a tie); sklearn-feature-order.ts reproduces
// scikit-learn's random order, to compare trees on data with ties.

export interface FeatureOrder {
  /**
   * Searches one node: calls `search(f)` for each feature to try, in order; `search` returns false when
   * f is constant over the node's rows. `state` is what `visit` returned at the node's parent (0 at the
   * root); the node's children receive this call's return value.
   */
  visit(state: number, search: (feature: number) => boolean): number;
}

/** Every feature in column order: an exact tie goes to the lowest feature index. */
export function columnOrder(nFeatures: number): FeatureOrder {
  return {
    visit(state, search) {
      for (let f = 0; f < nFeatures; f++) search(f);
      return state;
    },
  };
}
