// The gbt kind's hyperparameters, declared once with XGBoost's names: validation, `--help` and docs all
// come from this table.

import { defineParams, type ParamsOf } from '../params.js';

export const gbtParams = defineParams({
  n_estimators: { type: 'integer', default: 300, min: 1, doc: 'number of boosting rounds (trees); fewer when early stopping ends the fit' },
  max_depth: { type: 'integer', default: 6, min: 1, max: 24, doc: 'maximum depth of a tree (the root is depth 0); also bounds leaf-wise growth' },
  max_leaves: { type: 'integer', default: 0, min: 0, doc: 'when > 0, grow leaf-wise (best gain first, as LightGBM) up to this many leaves; 0 grows depth-wise' },
  learning_rate: { type: 'number', default: 0.1, min: 0, minExclusive: true, max: 1, doc: 'shrinkage applied to every leaf value (XGBoost eta)' },
  max_bin: { type: 'integer', default: 255, min: 2, max: 255, doc: 'most histogram bins per feature (quantiles fitted on the training rows); missing values get a bin of their own besides' },
  min_child_weight: { type: 'number', default: 1, min: 0, doc: 'a split is only made when each child keeps at least this hessian sum' },
  min_split_gain: {
    type: 'number',
    default: 0,
    min: 0,
    doc: "gain a split must exceed (XGBoost's gamma; here subtracted from ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)])",
  },
  reg_lambda: { type: 'number', default: 1, min: 0, doc: 'L2 penalty λ on leaf values' },
  subsample: { type: 'number', default: 1, min: 0, minExclusive: true, max: 1, doc: 'fraction of training rows drawn (seeded) for each tree' },
  colsample_bytree: { type: 'number', default: 1, min: 0, minExclusive: true, max: 1, doc: 'fraction of features drawn (seeded) for each tree' },
  early_stopping_rounds: {
    type: 'integer',
    default: 0,
    min: 0,
    doc: 'stop when the validation log loss has not improved for this many rounds and keep the best round (0 = off; needs validation rows)',
  },
  scale_pos_weight: { type: 'number', default: 1, min: 0, minExclusive: true, doc: 'weight of every positive row in gradients and hessians (e.g. negatives / positives)' },
  max_cat_levels: {
    type: 'integer',
    default: 64,
    min: 1,
    max: 254,
    doc: 'most frequent codes of a categorical feature that get a bin each; rarer and unseen codes share one "other" bin',
  },
  n_jobs: {
    type: 'integer',
    default: 1,
    min: 1,
    max: 2,
    doc: 'threads: 2 adds a helper thread that shares bin bounds and binning, the root pass, histograms, row partitions and leaf passes of passes over 20,000 rows or more (a whole tree level at a time); the model is the same as with 1',
  },
});

export type GbtParams = ParamsOf<typeof gbtParams>;
