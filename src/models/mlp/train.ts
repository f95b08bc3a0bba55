// The mlp training loop, as scikit-learn's MLPClassifier with solver 'adam': Glorot init, then epochs of
// shuffled mini-batches, each batch one Adam step on mean log loss + alpha/(2·batch rows)·‖W‖².
// Early stopping scores the validation rows after every epoch by mean log loss (scikit-learn scores
// accuracy, which on a few dozen rows moves in coarse steps and stops fits almost at random), keeps the
// best epoch's weights, and stops once more than n_iter_no_change epochs in a row fail to improve on the
// best by tol. Without early stopping the same rule watches the training loss, the last weights are
// kept, and validation rows, if given, go unused. onProgress hears (epoch, max_iter) after every epoch.

import { FlywheelError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import type { FitOptions } from '../estimator.js';
import type { Matrix } from '../matrix.js';
import { Adam } from './adam.js';
import type { MlpParams } from './mlp-params.js';
import { BatchWorkspace, NetworkLayout, forward, glorotInit, loadRows, lossAndGradient, outputLoss, rowMajorCopy } from './network.js';
import { stratifiedHoldout } from './validation-split.js';

/** What a fit learned and how it ended. */
export interface TrainedNetwork {
  layout: NetworkLayout;
  params: Float64Array;
  /** Epochs run. */
  nEpochs: number;
  /** The epoch whose weights were kept: the best on validation with early stopping, else the last. */
  bestEpoch: number;
  /** Mean validation log loss of the kept weights; null without early stopping. */
  bestValidationLoss: number | null;
}

/** Some rows of a row-major matrix with their labels: the training rows, or the rows scored for early stopping. */
interface RowSet {
  data: Float64Array;
  nCols: number;
  y: Uint8Array;
  rows: Int32Array;
}

export function trainNetwork(X: Matrix, y: Uint8Array, params: MlpParams, options: FitOptions): TrainedNetwork {
  const rng = new Rng(options.seed);
  const layout = new NetworkLayout(X.nCols, params.hidden_layer_sizes);
  const weights = glorotInit(layout, rng);

  // A row-major copy (as much memory again as X): shuffled batches read whole rows, and gathering them
  // from column-major X missed the cache on every value (loading took 3× longer on 100k × 20).
  const data = rowMajorCopy(X);
  const nCols = X.nCols;
  let train: RowSet = { data, nCols, y, rows: allRows(X.nRows) };
  let valid: RowSet | null = null;
  if (params.early_stopping) {
    if (options.valid !== undefined) {
      valid = { data: rowMajorCopy(options.valid.X), nCols, y: options.valid.y, rows: allRows(options.valid.X.nRows) };
    } else {
      const split = stratifiedHoldout(y, params.validation_fraction, rng);
      train = { data, nCols, y, rows: split.train };
      valid = { data, nCols, y, rows: split.valid };
    }
  }

  const nTrain = train.rows.length;
  const batchSize = Math.min(params.batch_size, nTrain);
  const ws = new BatchWorkspace(layout, batchSize);
  const grad = new Float64Array(layout.nParams);
  const best = new Float64Array(layout.nParams);
  const adam = new Adam(layout.nParams, { learningRate: params.learning_rate_init, beta1: params.beta_1, beta2: params.beta_2, epsilon: params.epsilon });
  const order = train.rows.slice();

  let bestLoss = Infinity;
  let bestEpoch = 0;
  let epochsWithoutImprovement = 0;
  let epoch = 0;
  while (epoch < params.max_iter) {
    epoch += 1;
    rng.shuffle(order);
    let summedLoss = 0;
    for (let start = 0; start < nTrain; start += batchSize) {
      const count = Math.min(batchSize, nTrain - start);
      loadRows(ws, train.data, nCols, train.y, order, start, count);
      summedLoss += lossAndGradient(layout, weights, ws, params.alpha, grad) * count;
      adam.step(weights, grad);
    }
    const trainingLoss = summedLoss / nTrain;
    if (!Number.isFinite(trainingLoss)) {
      throw new FlywheelError('data_invalid', `the mlp model's training loss became ${trainingLoss} at epoch ${epoch}`, {
        hint: 'standardise the features (the mlp kind expects scaled inputs) or lower learning_rate_init',
      });
    }
    const monitored = valid === null ? trainingLoss : meanLogLoss(layout, weights, valid, ws);
    epochsWithoutImprovement = monitored > bestLoss - params.tol ? epochsWithoutImprovement + 1 : 0;
    if (monitored < bestLoss) {
      bestLoss = monitored;
      bestEpoch = epoch;
      if (valid !== null) best.set(weights);
    }
    options.onProgress?.(epoch, params.max_iter);
    if (epochsWithoutImprovement > params.n_iter_no_change) break;
  }

  if (valid === null) return { layout, params: weights, nEpochs: epoch, bestEpoch: epoch, bestValidationLoss: null };
  return { layout, params: best, nEpochs: epoch, bestEpoch, bestValidationLoss: bestLoss };
}

/** Mean log loss (no penalty) of the network on a row set, scored in workspace-sized chunks. */
function meanLogLoss(layout: NetworkLayout, params: Float64Array, set: RowSet, ws: BatchWorkspace): number {
  const n = set.rows.length;
  let sum = 0;
  for (let start = 0; start < n; start += ws.capacity) {
    const count = Math.min(ws.capacity, n - start);
    loadRows(ws, set.data, set.nCols, set.y, set.rows, start, count);
    forward(layout, params, ws);
    sum += outputLoss(layout, ws) * count;
  }
  return sum / n;
}

function allRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
