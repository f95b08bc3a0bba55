// The `mlp` model kind: a multilayer perceptron classifier (one or two ReLU hidden layers, a logistic
// output, Adam, early stopping) comparable to scikit-learn's MLPClassifier. `mlpKind.fit` trains
// (train.ts); the immutable MlpModel holds only the learned weights and scores rows (network.ts).

import { FlywheelError } from '../../core/errors.js';
import { checkFitInputs, checkModelJson, type FitOptions, type Model, type ModelJson, type ModelKind } from '../estimator.js';
import { checkColumns, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { mlpParams, type MlpParams } from './mlp-params.js';
import { BatchWorkspace, NetworkLayout, forward, loadRange, sigmoid } from './network.js';
import { trainNetwork } from './train.js';

const KIND = 'mlp';
const FORMAT_VERSION = 1;
/** Rows scored per forward pass when predicting: bounds the workspace, whatever the matrix size. */
const PREDICT_CHUNK_ROWS = 256;

/**
 * One weight layer in the model JSON. `shape` is [n_outputs, n_inputs] and `weights` is row-major in it:
 * weights[o · n_inputs + i] connects input i to unit o, so output = activation(W · input + biases)
 * (PyTorch's Linear.weight layout; scikit-learn's coefs_ is its transpose).
 */
export interface MlpLayerJson {
  shape: [number, number];
  activation: 'relu' | 'logistic';
  weights: number[];
  biases: number[];
}

export interface MlpModelJson extends ModelJson {
  kind: 'mlp';
  params: MlpParams;
  layers: MlpLayerJson[];
  /** Epochs run. */
  n_epochs: number;
  /** The epoch whose weights were kept (the last one without early stopping). */
  best_epoch: number;
  /** Mean log loss of the kept weights on the early-stopping rows; null without early stopping. */
  best_validation_loss: number | null;
}

export interface MlpModelInit {
  featureNames: readonly string[];
  params: MlpParams;
  layout: NetworkLayout;
  /** Flat parameter vector in `layout`'s order; the model takes ownership. */
  weights: Float64Array;
  nEpochs: number;
  bestEpoch: number;
  bestValidationLoss: number | null;
}

export class MlpModel implements Model {
  readonly kind = KIND;
  readonly featureNames: readonly string[];
  readonly params: Readonly<MlpParams>;
  readonly nEpochs: number;
  readonly bestEpoch: number;
  readonly bestValidationLoss: number | null;
  private readonly layout: NetworkLayout;
  private readonly weights: Float64Array;

  constructor(init: MlpModelInit) {
    if (init.weights.length !== init.layout.nParams) throw new Error(`mlp: ${init.weights.length} parameters for a layout of ${init.layout.nParams}`);
    this.featureNames = Object.freeze([...init.featureNames]);
    this.params = Object.freeze({ ...init.params, hidden_layer_sizes: [...init.params.hidden_layer_sizes] });
    this.layout = init.layout;
    this.weights = init.weights;
    this.nEpochs = init.nEpochs;
    this.bestEpoch = init.bestEpoch;
    this.bestValidationLoss = init.bestValidationLoss;
  }

  predictProba(X: Matrix): Float64Array {
    checkColumns(KIND, this.featureNames, X);
    checkFinite(X, 'scoring');
    const out = new Float64Array(X.nRows);
    const ws = new BatchWorkspace(this.layout, Math.max(1, Math.min(PREDICT_CHUNK_ROWS, X.nRows)));
    const logits = ws.activations[this.layout.nLayers]!;
    for (let start = 0; start < X.nRows; start += ws.capacity) {
      const count = Math.min(ws.capacity, X.nRows - start);
      loadRange(ws, X, start, count);
      forward(this.layout, this.weights, ws);
      for (let r = 0; r < count; r++) out[start + r] = sigmoid(logits[r]!);
    }
    return out;
  }

  toJSON(): MlpModelJson {
    const { sizes, weightOffsets, biasOffsets, nLayers } = this.layout;
    const layers: MlpLayerJson[] = [];
    for (let l = 0; l < nLayers; l++) {
      const fanOut = sizes[l + 1]!;
      layers.push({
        shape: [fanOut, sizes[l]!],
        activation: l + 1 < nLayers ? 'relu' : 'logistic',
        weights: Array.from(this.weights.subarray(weightOffsets[l]!, biasOffsets[l]!)),
        biases: Array.from(this.weights.subarray(biasOffsets[l]!, biasOffsets[l]! + fanOut)),
      });
    }
    return {
      format_version: FORMAT_VERSION,
      kind: KIND,
      feature_names: [...this.featureNames],
      params: { ...this.params, hidden_layer_sizes: [...this.params.hidden_layer_sizes] },
      layers,
      n_epochs: this.nEpochs,
      best_epoch: this.bestEpoch,
      best_validation_loss: this.bestValidationLoss,
    };
  }
}

export const mlpKind: ModelKind<typeof mlpParams, MlpModel> = {
  kind: KIND,
  summary: 'multilayer perceptron: one or two ReLU hidden layers, Adam, early stopping on validation log loss',
  params: mlpParams,
  encoding: 'scaled',

  fit(X: Matrix, y: Uint8Array, params: MlpParams, options: FitOptions): MlpModel {
    checkFitInputs(KIND, X, y);
    checkFinite(X, 'training');
    if (options.valid !== undefined && params.early_stopping) {
      const { X: validX, y: validY } = options.valid;
      checkColumns(KIND, X.columns, validX);
      if (validX.nRows !== validY.length) throw new Error(`${KIND}: validation X has ${validX.nRows} rows but y has ${validY.length}`);
      if (validY.some((v) => v > 1)) throw new Error(`${KIND}: validation labels must be 0 or 1`);
      if (validX.nRows === 0) {
        throw new FlywheelError('data_invalid', 'the validation rows given to the mlp model for early stopping are empty', {
          hint: 'check the split: valid is empty (or set early_stopping: false)',
        });
      }
      checkFinite(validX, 'validation');
    }
    const trained = trainNetwork(X, y, params, options);
    return new MlpModel({
      featureNames: X.columns,
      params,
      layout: trained.layout,
      weights: trained.params,
      nEpochs: trained.nEpochs,
      bestEpoch: trained.bestEpoch,
      bestValidationLoss: trained.bestValidationLoss,
    });
  },

  fromJSON(json: ModelJson): MlpModel {
    const j = checkModelJson(json, KIND, [FORMAT_VERSION]) as Partial<MlpModelJson> & ModelJson;
    if (j.params === null || typeof j.params !== 'object') damaged('has no params');
    const params = parseParams(KIND, mlpParams, j.params);
    const featureNames = j.feature_names.map(String);
    const layout = new NetworkLayout(featureNames.length, params.hidden_layer_sizes);
    if (!Array.isArray(j.layers) || j.layers.length !== layout.nLayers) damaged(`has ${Array.isArray(j.layers) ? j.layers.length : 'no'} layers, expected ${layout.nLayers}`);
    const weights = new Float64Array(layout.nParams);
    j.layers.forEach((layer: Partial<MlpLayerJson>, l) => {
      const fanIn = layout.sizes[l]!;
      const fanOut = layout.sizes[l + 1]!;
      if (!Array.isArray(layer.shape) || layer.shape[0] !== fanOut || layer.shape[1] !== fanIn) {
        damaged(`layer ${l} has shape ${JSON.stringify(layer.shape)}, expected [${fanOut}, ${fanIn}]`);
      }
      weights.set(finiteNumbers(layer.weights, fanIn * fanOut, `layer ${l} weights`), layout.weightOffsets[l]!);
      weights.set(finiteNumbers(layer.biases, fanOut, `layer ${l} biases`), layout.biasOffsets[l]!);
    });
    const bestValidationLoss = j.best_validation_loss ?? null;
    if (bestValidationLoss !== null && typeof bestValidationLoss !== 'number') damaged('has no valid best_validation_loss');
    return new MlpModel({
      featureNames,
      params,
      layout,
      weights,
      nEpochs: epochCount(j.n_epochs, 'n_epochs'),
      bestEpoch: epochCount(j.best_epoch, 'best_epoch'),
      bestValidationLoss,
    });
  },
};

function damaged(detail: string): never {
  throw new FlywheelError('data_invalid', `the mlp model JSON ${detail}`, { hint: 'the file is damaged; refit the model' });
}

function epochCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) damaged(`has no valid ${name}`);
  return value;
}

function finiteNumbers(values: unknown, expected: number, what: string): number[] {
  if (!Array.isArray(values) || values.length !== expected) damaged(`has ${Array.isArray(values) ? values.length : 'no'} ${what}, expected ${expected}`);
  if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) damaged(`has a value in ${what} that is not a finite number`);
  return values as number[];
}

/** Missing or infinite inputs would turn every weight into NaN: refuse them, naming the first one. */
function checkFinite(X: Matrix, what: 'training' | 'validation' | 'scoring'): void {
  const data = X.data;
  for (let k = 0; k < data.length; k++) {
    if (Number.isFinite(data[k]!)) continue;
    const column = X.columns[Math.floor(k / X.nRows)];
    throw new FlywheelError('data_invalid', `the mlp model needs finite inputs; the ${what} matrix has ${data[k]} in column ${column} at row ${k % X.nRows}`, {
      hint: 'impute missing values in the feature pipeline (the mlp kind reads scaled, imputed features)',
    });
  }
}
