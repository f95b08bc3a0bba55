// The mlp kind's hyperparameters, declared once (scikit-learn's MLPClassifier names, defaults and ranges);
// validation, `--help` and docs all come from this table.

import { defineParams, type ParamsOf } from '../params.js';

export const mlpParams = defineParams({
  hidden_layer_sizes: {
    type: 'integer_list',
    default: [64],
    min: 1,
    max: 1024,
    minLength: 1,
    maxLength: 2,
    doc: 'units in each hidden (ReLU) layer: one or two layers, such as 64 or 64,32',
  },
  alpha: {
    type: 'number',
    default: 1e-4,
    min: 0,
    doc: 'L2 penalty on the weights (not the biases), added to each batch loss as alpha/(2·batch rows)·‖W‖² as scikit-learn does',
  },
  learning_rate_init: { type: 'number', default: 1e-3, min: 0, minExclusive: true, doc: 'Adam step size' },
  batch_size: {
    type: 'integer',
    default: 200,
    min: 1,
    doc: "rows per mini-batch, capped at the number of training rows (the default matches scikit-learn's 'auto')",
  },
  max_iter: { type: 'integer', default: 200, min: 1, doc: 'maximum number of epochs (passes over the training rows)' },
  early_stopping: {
    type: 'boolean',
    default: true,
    doc: "stop when the validation log loss stops improving and keep the best epoch's weights; when false, stop when the training loss stops improving",
  },
  n_iter_no_change: {
    type: 'integer',
    default: 10,
    min: 1,
    doc: 'stop once more than this many consecutive epochs fail to improve the monitored loss by tol',
  },
  tol: { type: 'number', default: 1e-4, min: 0, doc: 'the smallest decrease of the monitored loss that counts as an improvement' },
  validation_fraction: {
    type: 'number',
    default: 0.1,
    min: 0,
    max: 1,
    minExclusive: true,
    maxExclusive: true,
    doc: 'share of the training rows held out (stratified, seeded) for early stopping when no validation rows are given',
  },
  beta_1: { type: 'number', default: 0.9, min: 0, max: 1, maxExclusive: true, doc: "decay of Adam's first-moment (mean gradient) estimate" },
  beta_2: { type: 'number', default: 0.999, min: 0, max: 1, maxExclusive: true, doc: "decay of Adam's second-moment (squared gradient) estimate" },
  epsilon: { type: 'number', default: 1e-8, min: 0, minExclusive: true, doc: "added to Adam's denominator for numerical stability" },
});

export type MlpParams = ParamsOf<typeof mlpParams>;
