// The tree kind's hyperparameters, declared once (scikit-learn DecisionTreeClassifier names): validation,
// `--help` and docs all come from this table.

import { defineParams, type ParamsOf } from '../params.js';

export const treeParams = defineParams({
  criterion: {
    type: 'enum',
    default: 'gini',
    values: ['gini', 'entropy'],
    doc: 'impurity a split must reduce: Gini impurity or entropy (information gain), as scikit-learn',
  },
  max_depth: {
    type: 'integer',
    default: 6,
    min: 1,
    doc: 'maximum depth (the root is depth 0); scikit-learn defaults to no limit, Flywheel to 6 so that the rules stay readable',
  },
  min_samples_split: { type: 'integer', default: 2, min: 2, doc: 'a node with fewer training rows than this becomes a leaf' },
  min_samples_leaf: { type: 'integer', default: 1, min: 1, doc: 'a split is only considered when each child keeps at least this many training rows' },
  min_impurity_decrease: {
    type: 'number',
    default: 0,
    min: 0,
    doc: "split a node only if it lowers the weighted impurity by at least this much (N_t/N · (impurity − N_t_R/N_t · right − N_t_L/N_t · left), scikit-learn's formula)",
  },
  class_weight: {
    type: 'enum',
    default: 'none',
    values: ['none', 'balanced'],
    doc: 'balanced weighs each row of class c by n / (2 · n_c) in impurities and leaf values, as scikit-learn',
  },
});

export type TreeParams = ParamsOf<typeof treeParams>;
