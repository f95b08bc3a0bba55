// The network's arithmetic: a fully connected ReLU network with one logistic output unit — its layout,
// Glorot initialisation, and the forward pass, binary log loss and backward pass over a mini-batch.
// All weights and biases live in one flat Float64Array (per layer: weights row-major
// [fan_out × fan_in], each unit's incoming weights contiguous, then biases) so the optimiser updates
// them in one loop. Batches live in a workspace allocated once and reused; every product is a
// `dotRows` of contiguous rows, so each operand is kept in the orientation its product reads.

import type { Rng } from '../../core/rng.js';
import type { Matrix } from '../matrix.js';
import { dotRows, transpose } from './kernels.js';

/** Units per layer and where each layer's weights and biases sit in the flat parameter vector. */
export class NetworkLayout {
  /** Units per layer: the inputs, the hidden layers, then the single output unit. */
  readonly sizes: readonly number[];
  /** Offset of layer l's weights (row-major [sizes[l+1] × sizes[l]]) in the parameter vector. */
  readonly weightOffsets: readonly number[];
  /** Offset of layer l's biases (sizes[l+1] of them), right after its weights. */
  readonly biasOffsets: readonly number[];
  readonly nParams: number;

  constructor(nInputs: number, hiddenSizes: readonly number[]) {
    this.sizes = [nInputs, ...hiddenSizes, 1];
    const weightOffsets: number[] = [];
    const biasOffsets: number[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      weightOffsets.push(offset);
      offset += this.sizes[l]! * this.sizes[l + 1]!;
      biasOffsets.push(offset);
      offset += this.sizes[l + 1]!;
    }
    this.weightOffsets = weightOffsets;
    this.biasOffsets = biasOffsets;
    this.nParams = offset;
  }

  /** Number of weight layers (hidden layers + the output layer). */
  get nLayers(): number {
    return this.sizes.length - 1;
  }
}

/**
 * Glorot-uniform initial parameters as scikit-learn draws them for ReLU networks: every layer's weights
 * and biases uniform in ±sqrt(6 / (fan_in + fan_out)), the output layer included, layer by layer,
 * weights before biases. (scikit-learn narrows the bound to sqrt(2 / …) only when the hidden
 * activation is logistic.)
 */
export function glorotInit(layout: NetworkLayout, rng: Rng): Float64Array {
  const params = new Float64Array(layout.nParams);
  for (let l = 0; l < layout.nLayers; l++) {
    const fanIn = layout.sizes[l]!;
    const fanOut = layout.sizes[l + 1]!;
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    const end = layout.biasOffsets[l]! + fanOut;
    for (let k = layout.weightOffsets[l]!; k < end; k++) params[k] = -bound + 2 * bound * rng.next();
  }
  return params;
}

/**
 * Buffers for one batch of up to `capacity` rows, reused across batches and never reallocated.
 * "By row" arrays are row-major [rows × units]; "by unit" arrays hold [units × rows] with the loaded
 * row count as stride. Each product reads its operands as contiguous rows, so a layer's values are
 * kept in the orientation(s) the products that use them read.
 */
export class BatchWorkspace {
  readonly capacity: number;
  /**
   * activations[l] by row: the inputs ([0], the first layer's product reads them), hidden layers that
   * feed another hidden layer, and the output logits (last).
   */
  readonly activations: readonly Float64Array[];
  /** activationsByUnit[l] for every layer below the output: inputs (training only) and hidden outputs. */
  readonly activationsByUnit: readonly Float64Array[];
  /** deltas[l]: d(row loss)/d(pre-activation of layer l) by row, for the output and for l ≥ 2. */
  readonly deltas: readonly Float64Array[];
  /** deltasByUnit[l] (l ≥ 1): the same by unit; for the single output unit, the same array as deltas. */
  readonly deltasByUnit: readonly Float64Array[];
  /** weightsByInput[l] (1 ≤ l, below the output): layer l's weights as [fan_in × fan_out], to pass deltas down. */
  readonly weightsByInput: readonly Float64Array[];
  /** The loaded rows' labels (0/1). */
  readonly targets: Float64Array;
  /** Rows currently loaded. */
  nRows = 0;

  constructor(layout: NetworkLayout, capacity: number) {
    const { sizes, nLayers } = layout;
    const buffer = (units: number, needed: boolean) => new Float64Array(needed ? capacity * units : 0);
    this.capacity = capacity;
    this.activations = sizes.map((units, l) => buffer(units, l === 0 || l === nLayers || l + 1 < nLayers));
    this.activationsByUnit = sizes.map((units, l) => buffer(units, l < nLayers));
    this.deltas = sizes.map((units, l) => buffer(units, l === nLayers || l >= 2));
    this.deltasByUnit = sizes.map((units, l) => (l === nLayers ? this.deltas[l]! : buffer(units, l >= 1)));
    this.weightsByInput = sizes.map((units, l) => new Float64Array(l >= 1 && l + 1 < nLayers ? units * sizes[l + 1]! : 0));
    this.targets = new Float64Array(capacity);
  }
}

/** X's values row-major [rows × columns]: training reads rows in shuffled order, each one contiguous. */
export function rowMajorCopy(X: Matrix): Float64Array {
  const out = new Float64Array(X.nRows * X.nCols);
  transpose(X.data, 0, X.nCols, X.nRows, out, 0);
  return out;
}

/**
 * Load rows rows[start … start+count) of a row-major matrix (`rowMajorCopy`) and their labels into the
 * workspace, by row and by unit.
 */
export function loadRows(ws: BatchWorkspace, data: Float64Array, nCols: number, y: Uint8Array, rows: Int32Array, start: number, count: number): void {
  if (count > ws.capacity) throw new Error(`batch of ${count} rows exceeds the workspace capacity ${ws.capacity}`);
  const byRow = ws.activations[0]!;
  const byUnit = ws.activationsByUnit[0]!;
  for (let r = 0; r < count; r++) {
    const row = rows[start + r]!;
    const source = row * nCols;
    const target = r * nCols;
    for (let i = 0; i < nCols; i++) {
      const v = data[source + i]!;
      byRow[target + i] = v;
      byUnit[i * count + r] = v;
    }
    ws.targets[r] = y[row]!;
  }
  ws.nRows = count;
}

/** Load X's contiguous rows [start … start+count) by row, without labels (for prediction). */
export function loadRange(ws: BatchWorkspace, X: Matrix, start: number, count: number): void {
  if (count > ws.capacity) throw new Error(`batch of ${count} rows exceeds the workspace capacity ${ws.capacity}`);
  const byRow = ws.activations[0]!;
  const nCols = X.nCols;
  const data = X.data;
  for (let i = 0; i < nCols; i++) {
    const column = i * X.nRows + start;
    for (let r = 0; r < count; r++) byRow[r * nCols + i] = data[column + r]!;
  }
  ws.nRows = count;
}

/** Forward pass over the loaded rows: fills the hidden activations (by unit) and the output logits. */
export function forward(layout: NetworkLayout, params: Float64Array, ws: BatchWorkspace): void {
  const n = ws.nRows;
  const output = layout.nLayers - 1;
  for (let l = 0; l < output; l++) {
    const fanIn = layout.sizes[l]!;
    const fanOut = layout.sizes[l + 1]!;
    const b = layout.biasOffsets[l]!;
    const hidden = ws.activationsByUnit[l + 1]!;
    dotRows(params, layout.weightOffsets[l]!, fanOut, ws.activations[l]!, 0, n, fanIn, hidden, 0);
    for (let j = 0; j < fanOut; j++) {
      const bias = params[b + j]!;
      // ReLU as (z + |z|) / 2, exact and branch-free: about half the units are zero, in no pattern a
      // branch predictor can learn, and the mispredictions cost more than all the arithmetic.
      for (let k = j * n, end = k + n; k < end; k++) {
        const z = hidden[k]! + bias;
        hidden[k] = (z + Math.abs(z)) * 0.5;
      }
    }
    if (l + 1 < output) transpose(hidden, 0, fanOut, n, ws.activations[l + 1]!, 0);
  }
  // The single output unit: logit = bias + Σ_i w_i · hidden_i, added four hidden units per pass.
  const fanIn = layout.sizes[output]!;
  const w = layout.weightOffsets[output]!;
  const input = ws.activationsByUnit[output]!;
  const logits = ws.activations[output + 1]!;
  logits.fill(params[layout.biasOffsets[output]!]!, 0, n);
  let i = 0;
  for (; i + 4 <= fanIn; i += 4) {
    const w0 = params[w + i]!;
    const w1 = params[w + i + 1]!;
    const w2 = params[w + i + 2]!;
    const w3 = params[w + i + 3]!;
    const k0 = i * n;
    const k1 = k0 + n;
    const k2 = k1 + n;
    const k3 = k2 + n;
    for (let r = 0; r < n; r++) logits[r] = logits[r]! + w0 * input[k0 + r]! + w1 * input[k1 + r]! + w2 * input[k2 + r]! + w3 * input[k3 + r]!;
  }
  for (; i < fanIn; i++) {
    const wi = params[w + i]!;
    const k = i * n;
    for (let r = 0; r < n; r++) logits[r] = logits[r]! + wi * input[k + r]!;
  }
}

/** The logistic function, computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** log(1 + e^z) without overflow: the log loss of a logit z for label 0 (and of -z for label 1). */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * After `forward`: the mean binary log loss of the loaded rows (no penalty), and the output deltas
 * p − y per row (the gradient of each row's log loss with respect to its logit).
 */
export function outputLoss(layout: NetworkLayout, ws: BatchWorkspace): number {
  const n = ws.nRows;
  const logits = ws.activations[layout.nLayers]!;
  const delta = ws.deltas[layout.nLayers]!;
  const y = ws.targets;
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const z = logits[r]!;
    const t = y[r]!;
    delta[r] = sigmoid(z) - t;
    loss += softplus(z) - t * z;
  }
  return loss / n;
}

/** Σ w² over every weight (biases excluded): the L2 penalty's norm. */
export function squaredWeightNorm(layout: NetworkLayout, params: Float64Array): number {
  let sum = 0;
  for (let l = 0; l < layout.nLayers; l++) {
    const end = layout.biasOffsets[l]!;
    for (let k = layout.weightOffsets[l]!; k < end; k++) sum += params[k]! * params[k]!;
  }
  return sum;
}

/**
 * After `outputLoss` (on rows loaded by `loadRows`): the gradient of the batch loss — mean log
 * loss + alpha/(2n)·‖W‖² over the n loaded rows, scikit-learn's objective — with respect to every
 * parameter, written into `grad` (same layout as params).
 */
export function backward(layout: NetworkLayout, params: Float64Array, ws: BatchWorkspace, alpha: number, grad: Float64Array): void {
  const n = ws.nRows;
  for (let l = layout.nLayers - 1; l >= 0; l--) {
    const fanIn = layout.sizes[l]!;
    const fanOut = layout.sizes[l + 1]!;
    const w = layout.weightOffsets[l]!;
    const b = layout.biasOffsets[l]!;
    const deltaByUnit = ws.deltasByUnit[l + 1]!;
    // dW[j][i] = Σ_rows delta[j] · input[i]: one dot product over the batch per weight.
    dotRows(deltaByUnit, 0, fanOut, ws.activationsByUnit[l]!, 0, fanIn, n, grad, w);
    for (let k = w; k < b; k++) grad[k] = (grad[k]! + alpha * params[k]!) / n;
    for (let j = 0; j < fanOut; j++) {
      let sum = 0;
      for (let r = j * n, end = r + n; r < end; r++) sum += deltaByUnit[r]!;
      grad[b + j] = sum / n;
    }
    if (l === 0) break;
    // Pass the deltas down through the weights and the ReLU (a unit that output 0 passes no gradient),
    // straight into the by-unit form the next weight gradient reads; by row only where a layer below needs it.
    const below = ws.deltasByUnit[l]!;
    const input = ws.activationsByUnit[l]!;
    if (fanOut === 1) {
      const delta = ws.deltas[l + 1]!;
      for (let i = 0; i < fanIn; i++) {
        const wi = params[w + i]!;
        for (let k = i * n, r = 0; r < n; k++, r++) below[k] = wi * delta[r]! * reluSlope(input[k]!);
      }
    } else {
      const weightsByInput = ws.weightsByInput[l]!;
      transpose(params, w, fanOut, fanIn, weightsByInput, 0);
      dotRows(weightsByInput, 0, fanIn, ws.deltas[l + 1]!, 0, n, fanOut, below, 0);
      for (let k = 0, end = n * fanIn; k < end; k++) below[k] = below[k]! * reluSlope(input[k]!);
    }
    if (l >= 2) transpose(below, 0, fanIn, n, ws.deltas[l]!, 0);
  }
}

/**
 * The ReLU's slope at a unit that output a ≥ 0: 1 when a > 0, else 0, without a branch (see `forward`):
 * a / (a + 1) lies in (0, 1) for every positive a, and is exactly 0 for a = 0.
 */
function reluSlope(a: number): number {
  return Math.ceil(a / (a + 1));
}

/** Forward pass, loss and gradient of the loaded batch: returns the penalised batch loss, fills `grad`. */
export function lossAndGradient(layout: NetworkLayout, params: Float64Array, ws: BatchWorkspace, alpha: number, grad: Float64Array): number {
  forward(layout, params, ws);
  const loss = outputLoss(layout, ws);
  backward(layout, params, ws, alpha, grad);
  return loss + (0.5 * alpha * squaredWeightNorm(layout, params)) / ws.nRows;
}

/** The penalised batch loss alone (for gradient checks). */
export function batchLoss(layout: NetworkLayout, params: Float64Array, ws: BatchWorkspace, alpha: number): number {
  forward(layout, params, ws);
  return outputLoss(layout, ws) + (0.5 * alpha * squaredWeightNorm(layout, params)) / ws.nRows;
}
