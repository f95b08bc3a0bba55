import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { describeEstimatorContract, syntheticProblem } from '../estimator-contract.js';
import { makeMatrix, matrixFromColumns, type Matrix } from '../matrix.js';
import { describeParams, parseParams } from '../params.js';
import { LEAF } from './tree-builder.js';
import { TreeModel, treeKind, type TreeParams } from './tree.js';

describeEstimatorContract(treeKind);

const params = (raw: Record<string, unknown> = {}): TreeParams => parseParams('tree', treeKind.params, raw);

function matrix(columns: Record<string, number[]>): Matrix {
  return matrixFromColumns(Object.keys(columns), Object.values(columns).map((v) => Float64Array.from(v)));
}

function leaves(model: TreeModel): number[] {
  const { left } = model.arrays;
  return [...left.keys()].filter((node) => left[node] === LEAF);
}

function errorOf(f: () => unknown): FlywheelError {
  try {
    f();
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected a FlywheelError');
}

describe('tree params', () => {
  it("defaults to gini, depth 6 (sklearn's is unbounded), no class weights", () => {
    expect(params()).toEqual({ criterion: 'gini', max_depth: 6, min_samples_split: 2, min_samples_leaf: 1, min_impurity_decrease: 0, class_weight: 'none' });
    expect(describeParams(treeKind.params).find((p) => p.name === 'max_depth')?.doc).toMatch(/scikit-learn defaults to no limit/);
  });

  it('rejects out-of-range values and names the parameter and its range', () => {
    expect(() => params({ max_depth: 0 })).toThrow('parameter max_depth of the tree model must be an integer ≥ 1 (found 0)');
    expect(() => params({ max_depth: 2.5 })).toThrow('parameter max_depth of the tree model must be an integer ≥ 1 (found 2.5)');
    expect(() => params({ min_samples_split: 1 })).toThrow('parameter min_samples_split of the tree model must be an integer ≥ 2 (found 1)');
    expect(() => params({ min_samples_leaf: 0 })).toThrow('parameter min_samples_leaf of the tree model must be an integer ≥ 1 (found 0)');
    expect(() => params({ min_impurity_decrease: -0.1 })).toThrow('parameter min_impurity_decrease of the tree model must be a number ≥ 0 (found -0.1)');
    expect(() => params({ criterion: 'log_loss' })).toThrow('parameter criterion of the tree model must be one of "gini", "entropy" (found "log_loss")');
    expect(() => params({ class_weight: 'auto' })).toThrow('parameter class_weight of the tree model must be one of "none", "balanced" (found "auto")');
  });

  it('suggests the closest name for a misspelt parameter', () => {
    expect(errorOf(() => params({ max_dept: 3 })).hint).toMatch(/^did you mean "max_depth"\?/);
  });

  it('parses --param text values', () => {
    expect(params({ max_depth: '3', criterion: 'entropy', min_impurity_decrease: '0.01' })).toMatchObject({ max_depth: 3, criterion: 'entropy', min_impurity_decrease: 0.01 });
  });

  it('validates params passed straight to fit', () => {
    const { X, y } = syntheticProblem(50, 1);
    expect(() => treeKind.fit(X, y, { ...params(), max_depth: 0 }, { seed: 1 })).toThrow(/max_depth/);
  });
});

describe('growing a tree', () => {
  it('makes a pure node a leaf even when depth allows more', () => {
    // x ≤ 3 is all negative; the right side is mixed and keeps splitting.
    const X = matrix({ x: [1, 2, 3, 4, 5, 6, 7, 8], z: [0, 1, 0, 1, 0, 1, 1, 0] });
    const y = Uint8Array.from([0, 0, 0, 1, 0, 1, 1, 1]);
    const model = treeKind.fit(X, y, params({ max_depth: 5 }), { seed: 1 });
    const t = model.arrays;
    expect([t.feature[0], t.threshold[0]]).toEqual([0, 3.5]);
    expect(t.left[1]).toBe(LEAF);
    expect([t.value[1], t.nNodeSamples[1], t.impurity[1]]).toEqual([0, 3, 0]);
    for (const leaf of leaves(model)) expect(t.impurity[leaf]).toBe(0);
  });

  it('separates perfectly separable data with one split', () => {
    const X = matrix({ x: [0.5, 0.1, 0.9, 0.3, 0.7] });
    const model = treeKind.fit(X, Uint8Array.from([1, 0, 1, 0, 1]), params(), { seed: 1 });
    expect(model.nodeCount).toBe(3);
    expect(model.arrays.threshold[0]).toBe(Math.fround(0.3) / 2 + Math.fround(0.5) / 2);
    // The midpoint itself goes left (x <= threshold), compared in single precision.
    expect([...model.predictProba(matrix({ x: [0.3, 0.4, 0.41, 0.5] }))]).toEqual([0, 0, 1, 1]);
  });

  it('takes a split that gains nothing, as sklearn does, unless min_impurity_decrease asks for more', () => {
    // XOR: no single split lowers the impurity, but two levels separate the classes.
    const X = matrix({ a: [0, 0, 1, 1], b: [0, 1, 0, 1] });
    const y = Uint8Array.from([0, 1, 1, 0]);
    const model = treeKind.fit(X, y, params(), { seed: 1 });
    expect(model.nodeCount).toBe(7);
    expect([...model.predictProba(X)]).toEqual([0, 1, 1, 0]);
    expect(treeKind.fit(X, y, params({ min_impurity_decrease: 0.01 }), { seed: 1 }).nodeCount).toBe(1);
  });

  it('breaks an exact tie between features by the lowest feature index', () => {
    // b mirrors a, so every split of a has an equal split of b; sklearn would pick by its random order.
    const X = matrix({ a: [1, 2, 3, 4, 5, 6], b: [6, 5, 4, 3, 2, 1] });
    const model = treeKind.fit(X, Uint8Array.from([0, 0, 1, 0, 1, 1]), params(), { seed: 1 });
    const used = [...model.arrays.feature].filter((f) => f >= 0);
    expect(used.length).toBeGreaterThan(1);
    expect(new Set(used)).toEqual(new Set([0]));
  });

  it('ignores constant features, and a tree of constants is one leaf scoring the positive rate', () => {
    const X = matrix({ c: [2, 2, 2, 2], d: [-1, -1, -1, -1] });
    const model = treeKind.fit(X, Uint8Array.from([1, 0, 0, 0]), params(), { seed: 1 });
    expect(model.nodeCount).toBe(1);
    expect([...model.predictProba(X)]).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect([...model.featureImportances]).toEqual([0, 0]);
  });

  it('fits a matrix without columns as one leaf', () => {
    const model = treeKind.fit(makeMatrix(4, []), Uint8Array.from([1, 1, 0, 0]), params(), { seed: 1 });
    expect([model.nodeCount, model.arrays.value[0]]).toEqual([1, 0.5]);
    expect([...model.predictProba(makeMatrix(2, []))]).toEqual([0.5, 0.5]);
  });

  it('treats values within 1e-7 as one value (sklearn float32 FEATURE_THRESHOLD)', () => {
    const X = matrix({ x: [0.5, 0.5 + 5e-8, 0.6], w: [0, 1, 2] });
    const model = treeKind.fit(X, Uint8Array.from([0, 1, 1]), params({ max_depth: 1 }), { seed: 1 });
    // x cannot separate the first two rows, so w (column 1) gives the best split.
    expect(model.arrays.feature[0]).toBe(1);
  });

  it('keeps depth, min_samples_leaf and min_samples_split', () => {
    const { X, y } = syntheticProblem(600, 4);
    const deep = treeKind.fit(X, y, params({ max_depth: 3 }), { seed: 1 });
    expect(deep.depth).toBe(3);
    const leafy = treeKind.fit(X, y, params({ max_depth: 10, min_samples_leaf: 25 }), { seed: 1 });
    for (const leaf of leaves(leafy)) expect(leafy.arrays.nNodeSamples[leaf]).toBeGreaterThanOrEqual(25);
    const split = treeKind.fit(X, y, params({ max_depth: 10, min_samples_split: 80 }), { seed: 1 });
    const t = split.arrays;
    for (let node = 0; node < split.nodeCount; node++) if (t.left[node] !== LEAF) expect(t.nNodeSamples[node]).toBeGreaterThanOrEqual(80);
  });

  it('numbers nodes depth first, left child first (sklearn tree_ layout)', () => {
    const { X, y } = syntheticProblem(300, 2);
    const t = treeKind.fit(X, y, params({ max_depth: 4 }), { seed: 1 }).arrays;
    for (let node = 0; node < t.left.length; node++) {
      if (t.left[node] === LEAF) continue;
      expect(t.left[node]).toBe(node + 1);
      expect(t.right[node]).toBeGreaterThan(node + 1);
      expect(t.nNodeSamples[t.left[node]!]! + t.nNodeSamples[t.right[node]!]!).toBe(t.nNodeSamples[node]);
    }
  });

  it('ignores the seed: there is no randomness to seed', () => {
    const { X, y } = syntheticProblem(300, 2);
    expect(JSON.stringify(treeKind.fit(X, y, params(), { seed: 1 }).toJSON())).toBe(JSON.stringify(treeKind.fit(X, y, params(), { seed: 99 }).toJSON()));
  });

  it('reports feature importances that sum to 1 and are zero for unused features', () => {
    const { X, y } = syntheticProblem(500, 6);
    const model = treeKind.fit(X, y, params({ max_depth: 2 }), { seed: 1 });
    const used = new Set([...model.arrays.feature].filter((f) => f >= 0));
    expect([...model.featureImportances].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    model.featureImportances.forEach((v, f) => expect(v > 0).toBe(used.has(f)));
  });
});

describe('class weights', () => {
  // 2 positives among 8 rows: balanced weights are 8 / (2 · 2) = 2 per positive, 8 / (2 · 6) = 2/3 per negative.
  const X = matrix({ x: [1, 2, 3, 4, 5, 6, 7, 8] });
  const y = Uint8Array.from([0, 0, 0, 0, 1, 0, 1, 0]);

  it('balanced weighs each class to half the total, in node weights and leaf values', () => {
    const model = treeKind.fit(X, y, params({ class_weight: 'balanced', max_depth: 1 }), { seed: 1 });
    const t = model.arrays;
    expect(t.weightedNNodeSamples[0]).toBeCloseTo(8, 12);
    expect(t.value[0]).toBeCloseTo(0.5, 12);
    // Root split at 4.5: the right leaf holds 2 positives (weight 4) and 2 negatives (weight 4/3).
    expect(t.threshold[0]).toBe(4.5);
    expect(t.value[t.right[0]!]).toBeCloseTo(4 / (4 + 4 / 3), 12);
    expect(t.impurity[0]).toBeCloseTo(0.5, 12);
  });

  it('without weights the same leaf scores the plain positive fraction', () => {
    const t = treeKind.fit(X, y, params({ max_depth: 1 }), { seed: 1 }).arrays;
    expect(t.value[0]).toBe(0.25);
    expect(t.value[t.right[0]!]).toBe(0.5);
  });
});

describe('missing and non-finite values', () => {
  it('refuses NaN at fit, naming the feature and telling the user to impute', () => {
    const X = matrix({ a: [1, 2, 3, 4], b: [1, NaN, 3, NaN] });
    const error = errorOf(() => treeKind.fit(X, Uint8Array.from([0, 1, 0, 1]), params(), { seed: 1 }));
    expect(error.code).toBe('data_invalid');
    expect(error.message).toBe('the tree model cannot fit on missing values: feature "b" has 2 NaN values (first at row 1)');
    expect(error.hint).toMatch(/^impute missing values first/);
  });

  it('refuses NaN at predict in a feature the tree reads', () => {
    const X = matrix({ a: [1, 2, 3, 4], b: [4, 3, 2, 1] });
    const model = treeKind.fit(X, Uint8Array.from([0, 0, 1, 1]), params(), { seed: 1 });
    const withNaN = matrix({ a: [1, NaN], b: [4, 3] });
    const error = errorOf(() => model.predictProba(withNaN));
    expect(error.message).toBe('the tree model got a missing value (NaN) in feature "a" at row 1');
    expect(error.hint).toMatch(/^impute missing values before predicting/);
  });

  it('refuses infinite values and values beyond single precision at fit', () => {
    const y = Uint8Array.from([0, 1]);
    expect(() => treeKind.fit(matrix({ a: [1, Infinity] }), y, params(), { seed: 1 })).toThrow('the tree model cannot fit on feature "a": value Infinity at row 1 is infinite or beyond single precision (±3.4e38)');
    expect(() => treeKind.fit(matrix({ a: [1e39, 1] }), y, params(), { seed: 1 })).toThrow(/value 1e\+39 at row 0/);
  });
});

describe('tree model JSON', () => {
  const { X, y } = syntheticProblem(200, 9);
  const json = treeKind.fit(X, y, params({ max_depth: 3 }), { seed: 1 }).toJSON();

  it('holds the flat arrays, params and feature importances', () => {
    expect(json).toMatchObject({ format_version: 1, kind: 'tree', feature_names: X.columns, params: params({ max_depth: 3 }) });
    for (const key of ['feature', 'threshold', 'left', 'right', 'value', 'n_node_samples', 'weighted_n_node_samples', 'impurity']) {
      expect(json[key as keyof typeof json]).toHaveLength(json.node_count);
    }
    expect(json.feature_importances).toHaveLength(X.nCols);
  });

  it('refuses damaged arrays instead of looping or misrouting', () => {
    expect(() => TreeModel.fromJSON({ ...json, left: json.left.map((l, k) => (k === 0 ? 0 : l)) })).toThrow('tree model JSON is damaged: node 0 has left 0');
    expect(() => TreeModel.fromJSON({ ...json, feature: json.feature.map((f) => (f >= 0 ? 99 : f)) })).toThrow(/node 0 has left 1, right \d+, feature 99/);
    expect(() => TreeModel.fromJSON({ ...json, value: json.value.slice(1) })).toThrow(`tree model JSON is damaged: value is not a list of ${json.node_count} numbers`);
    expect(() => TreeModel.fromJSON({ ...json, params: { ...json.params, max_depth: -1 } })).toThrow(/max_depth/);
  });

  it('refuses a model that asks for categorical codes', () => {
    expect(() => treeKind.fit(X, y, params(), { seed: 1, categorical: [0] })).toThrow(/'native' encoding/);
  });

  it('predicts through a JSON round trip without the training matrix', () => {
    const model = TreeModel.fromJSON(JSON.parse(JSON.stringify(json)) as typeof json);
    const one = makeMatrix(1, X.columns, Float64Array.from(X.columns, (_, j) => X.data[j * X.nRows]!));
    expect(model.predictProba(one)[0]).toBe(treeKind.fit(X, y, params({ max_depth: 3 }), { seed: 1 }).predictProba(X)[0]);
  });
});
