import { describe, expect, it } from 'vitest';
import { describeEstimatorContract, syntheticProblem } from '../estimator-contract.js';
import { makeMatrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { mlpKind, type MlpModelJson } from './mlp.js';

describeEstimatorContract(mlpKind, { params: { max_iter: 30 } });

function params(raw: Record<string, unknown> = {}) {
  return parseParams('mlp', mlpKind.params, raw);
}

function logLoss(p: Float64Array, y: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum -= y[i] === 1 ? Math.log(p[i]!) : Math.log(1 - p[i]!);
  return sum / y.length;
}

describe('mlp parameters', () => {
  it('refuses three hidden layers, giving the allowed range', () => {
    expect(() => params({ hidden_layer_sizes: [64, 32, 16] })).toThrow(
      'parameter hidden_layer_sizes of the mlp model must be a list of 1 to 2 integers ≥ 1 and ≤ 1024, such as 64,32 (found [64,32,16])',
    );
  });

  it('refuses a layer of zero units, also when written on the command line', () => {
    expect(() => params({ hidden_layer_sizes: [0] })).toThrow('must be a list of 1 to 2 integers ≥ 1 and ≤ 1024, such as 64,32 (found [0])');
    expect(() => params({ hidden_layer_sizes: '64,0' })).toThrow('(found "64,0")');
    expect(params({ hidden_layer_sizes: '32,16' }).hidden_layer_sizes).toEqual([32, 16]);
  });

  it('refuses a validation_fraction outside (0, 1) and a learning rate of 0', () => {
    expect(() => params({ validation_fraction: 1 })).toThrow('parameter validation_fraction of the mlp model must be a number > 0 and < 1 (found 1)');
    expect(() => params({ learning_rate_init: 0 })).toThrow('parameter learning_rate_init of the mlp model must be a number > 0 (found 0)');
  });

  it("defaults to scikit-learn's MLPClassifier settings", () => {
    expect(params()).toEqual({
      hidden_layer_sizes: [64],
      alpha: 1e-4,
      learning_rate_init: 1e-3,
      batch_size: 200,
      max_iter: 200,
      early_stopping: true,
      n_iter_no_change: 10,
      tol: 1e-4,
      validation_fraction: 0.1,
      beta_1: 0.9,
      beta_2: 0.999,
      epsilon: 1e-8,
    });
  });
});

describe('mlp early stopping', () => {
  // Few rows, seven noise features and a wide network: the validation loss falls, then rises as it overfits.
  const train = syntheticProblem(200, 21, 10);
  const valid = syntheticProblem(200, 22, 10);
  const noisy = params({ hidden_layer_sizes: [128], learning_rate_init: 0.003, tol: 0, max_iter: 200 });

  it('stops well before max_iter on a noisy problem, n_iter_no_change + 1 epochs after its best', () => {
    const progress: [number, number][] = [];
    const model = mlpKind.fit(train.X, train.y, noisy, { seed: 1, valid, onProgress: (done, total) => progress.push([done, total]) });
    expect(model.nEpochs).toBeLessThan(100);
    expect(model.bestEpoch).toBeGreaterThan(10);
    expect(model.bestEpoch).toBe(model.nEpochs - 11);
    expect(progress).toEqual(Array.from({ length: model.nEpochs }, (_, k) => [k + 1, 200]));
  });

  it("keeps the best epoch's weights, whose validation loss it reports", () => {
    const model = mlpKind.fit(train.X, train.y, noisy, { seed: 1, valid });
    expect(model.bestValidationLoss).toBeCloseTo(logLoss(model.predictProba(valid.X), valid.y), 12);
    // The same fit cut off at the best epoch ends with the same weights.
    const cut = mlpKind.fit(train.X, train.y, { ...noisy, max_iter: model.bestEpoch }, { seed: 1, valid });
    expect(cut.toJSON().layers).toEqual(model.toJSON().layers);
    expect(cut.bestValidationLoss).toBe(model.bestValidationLoss);
  });

  it('holds out validation_fraction of the training rows only when no validation rows are given', () => {
    const a = mlpKind.fit(train.X, train.y, { ...noisy, validation_fraction: 0.1 }, { seed: 2 });
    const b = mlpKind.fit(train.X, train.y, { ...noisy, validation_fraction: 0.3 }, { seed: 2 });
    expect(a.nEpochs).toBeLessThan(200);
    expect(b.toJSON().layers).not.toEqual(a.toJSON().layers);
    const c = mlpKind.fit(train.X, train.y, { ...noisy, validation_fraction: 0.1 }, { seed: 2, valid });
    const d = mlpKind.fit(train.X, train.y, { ...noisy, validation_fraction: 0.3 }, { seed: 2, valid });
    expect(d.toJSON().layers).toEqual(c.toJSON().layers);
  });

  it('without early stopping, watches the training loss and keeps the last weights', () => {
    const model = mlpKind.fit(train.X, train.y, { ...noisy, early_stopping: false, max_iter: 15 }, { seed: 1, valid });
    expect(model.nEpochs).toBe(15);
    expect(model.bestEpoch).toBe(15);
    expect(model.bestValidationLoss).toBeNull();
  });
});

describe('the mlp model', () => {
  const { X, y } = syntheticProblem(200, 5);

  it('writes format version 1 with each layer as [n_outputs, n_inputs] row-major weights and biases', () => {
    const json = mlpKind.fit(X, y, params({ hidden_layer_sizes: [8, 4], max_iter: 5 }), { seed: 1 }).toJSON();
    expect(json.format_version).toBe(1);
    expect(json.kind).toBe('mlp');
    expect(json.layers.map((l) => [l.shape, l.activation, l.weights.length, l.biases.length])).toEqual([
      [[8, 5], 'relu', 40, 8],
      [[4, 8], 'relu', 32, 4],
      [[1, 4], 'logistic', 4, 1],
    ]);
    expect(json.n_epochs).toBe(5);
    expect(typeof json.best_validation_loss).toBe('number');
  });

  it('refuses JSON whose layers do not match its feature count', () => {
    const json = mlpKind.fit(X, y, params({ hidden_layer_sizes: [8], max_iter: 2 }), { seed: 1 }).toJSON();
    const broken: MlpModelJson = { ...json, layers: [{ ...json.layers[0]!, weights: [1, 2, 3] }, json.layers[1]!] };
    expect(() => mlpKind.fromJSON(broken)).toThrow('the mlp model JSON has 3 layer 0 weights, expected 40');
    expect(() => mlpKind.fromJSON({ ...json, feature_names: ['a'] })).toThrow('the mlp model JSON layer 0 has shape [8,5], expected [8, 1]');
  });

  it('refuses missing values, naming the column and row', () => {
    const holed = makeMatrix(X.nRows, X.columns, X.data.slice());
    holed.data[2 * X.nRows + 7] = NaN;
    expect(() => mlpKind.fit(holed, y, params({ max_iter: 1 }), { seed: 1 })).toThrow('the mlp model needs finite inputs; the training matrix has NaN in column x2 at row 7');
    const model = mlpKind.fit(X, y, params({ max_iter: 1 }), { seed: 1 });
    expect(() => model.predictProba(holed)).toThrow('the scoring matrix has NaN in column x2 at row 7');
  });

  it('scores zero rows as an empty array, and a single row like a batch does', () => {
    const model = mlpKind.fit(X, y, params({ max_iter: 3 }), { seed: 1 });
    expect(model.predictProba(makeMatrix(0, X.columns))).toHaveLength(0);
    const all = model.predictProba(X);
    const row = makeMatrix(1, X.columns, Float64Array.from(X.columns, (_, j) => X.data[j * X.nRows + 42]!));
    expect(model.predictProba(row)[0]).toBe(all[42]);
  });
});
