import { describe, expect, it } from 'vitest';
import { describeEstimatorContract, syntheticProblem } from '../estimator-contract.js';
import { makeMatrix, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { FeatureBins } from './binning.js';
import { gbtKind, GbtModel } from './gbt.js';
import { PARALLEL_MIN_ROWS } from './helper-thread.js';

describeEstimatorContract(gbtKind, { params: { n_estimators: 20 } });

function matrix(columns: number[][]): Matrix {
  const X = makeMatrix(columns[0]!.length, columns.map((_, j) => `x${j}`));
  columns.forEach((c, j) => X.data.set(c, j * X.nRows));
  return X;
}

const params = (raw: Record<string, unknown>) => parseParams('gbt', gbtKind.params, raw);

describe('the gbt model', () => {
  it('takes exactly the hand-computed Newton step from the log-odds of the prior in a one-split tree', () => {
    const X = matrix([[1, 2, 3, 4, 5, 6]]);
    const y = Uint8Array.from([0, 0, 0, 0, 1, 1]);
    const lr = 0.3;
    const model = gbtKind.fit(X, y, params({ n_estimators: 1, max_depth: 1, learning_rate: lr, min_child_weight: 0.4 }), { seed: 0 });
    const base = Math.log(2 / 4);
    expect(model.baseScore).toBe(base);
    const p = 1 / (1 + Math.exp(-base));
    const g = Array.from(y, (v) => p - v);
    const h = p * (1 - p);
    // Best split x ≤ 4.5: the four negatives left. Each leaf sums its own rows in row order; the root's
    // sums are its children's.
    const GL = g[0]! + g[1]! + g[2]! + g[3]!;
    const HL = h + h + h + h;
    const GR = g[4]! + g[5]!;
    const HR = h + h;
    const [G, H] = [GL + GR, HL + HR];
    const t = model.trees[0]!.arrays;
    expect([...t.feature]).toEqual([0, -1, -1]);
    expect(t.threshold[0]).toBe(4.5);
    expect(t.value[1]).toBe((-GL / (HL + 1)) * lr);
    expect(t.value[2]).toBe((-GR / (HR + 1)) * lr);
    expect(t.gain[0]).toBe(0.5 * ((GL * GL) / (HL + 1) + (GR * GR) / (HR + 1) - (G * G) / (H + 1)));
    const margin = model.predictMargin(X);
    expect(margin[0]).toBe(base + (-GL / (HL + 1)) * lr);
    expect(margin[5]).toBe(base + (-GR / (HR + 1)) * lr);
  });

  it('gives byte-identical JSON for the same seed with row and feature subsampling, and another model for another seed', () => {
    const { X, y } = syntheticProblem(500, 3, 8);
    const p = params({ n_estimators: 15, subsample: 0.7, colsample_bytree: 0.5 });
    const a = JSON.stringify(gbtKind.fit(X, y, p, { seed: 9 }).toJSON());
    expect(JSON.stringify(gbtKind.fit(X, y, p, { seed: 9 }).toJSON())).toBe(a);
    expect(JSON.stringify(gbtKind.fit(X, y, p, { seed: 10 }).toJSON())).not.toBe(a);
  });

  it('sends missing values in the direction learned from the training rows', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, NaN, NaN, NaN];
    for (const [missingLabel, expectedLeft] of [
      [1, 0],
      [0, 1],
    ] as const) {
      const y = Uint8Array.from(x, (v) => (Number.isNaN(v) ? missingLabel : v > 5 ? 1 : 0));
      const model = gbtKind.fit(matrix([x]), y, params({ n_estimators: 1, max_depth: 1, min_child_weight: 0 }), { seed: 0 });
      const t = model.trees[0]!.arrays;
      expect(t.threshold[0]).toBe(5.5);
      expect(t.defaultLeft[0]).toBe(expectedLeft);
      const p = model.predictProba(matrix([[NaN, missingLabel === 1 ? 10 : 1]]));
      expect(p[0]).toBe(p[1]);
    }
  });

  it('splits integer-coded categoricals and scores unseen codes and missing values without failing', () => {
    const codes = Array.from({ length: 300 }, (_, i) => i % 6);
    // Codes 1, 3 and 4 are positive: no threshold on the code separates them.
    const y = Uint8Array.from(codes, (c) => (c === 1 || c === 3 || c === 4 ? 1 : 0));
    const model = gbtKind.fit(matrix([codes]), y, params({ n_estimators: 5, max_depth: 1 }), { seed: 0, categorical: [0] });
    const p = model.predictProba(matrix([[0, 1, 2, 3, 4, 5, 99, NaN, -1]]));
    expect([p[1], p[3], p[4]].every((v) => v! > 0.6)).toBe(true);
    expect([p[0], p[2], p[5]].every((v) => v! < 0.4)).toBe(true);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    expect(model.dumpText()).toMatch(/x0 (not )?in \{/);
    expect(GbtModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON()))).predictProba(matrix([[99, NaN, 3]]))).toEqual(model.predictProba(matrix([[99, NaN, 3]])));
  });

  it('sends codes beyond max_cat_levels and unseen codes to one "other" bin', () => {
    const X = matrix([[5, 5, 5, 7, 7, 9, NaN]]);
    const bins = FeatureBins.fit(X, [0], { maxBin: 255, maxCatLevels: 1, seed: 0 });
    expect([...bins.binRowMajor(X)]).toEqual([1, 1, 1, 2, 2, 2, 0]);
    expect(bins.binOf(0, 123)).toBe(2);
  });

  it('places at most max_bin quantile bins fitted on the training rows, plus the missing bin', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const bins = FeatureBins.fit(matrix([values]), [], { maxBin: 10, maxCatLevels: 64, seed: 0 });
    expect(bins.nBins[0]).toBe(11);
    expect(Array.from(bins.uppers[0]!)).toEqual([99.5, 199.5, 299.5, 399.5, 499.5, 599.5, 699.5, 799.5, 899.5, Infinity]);
  });

  it('stops early on the validation log loss and keeps the best round', () => {
    const train = syntheticProblem(300, 5);
    const valid = syntheticProblem(300, 6);
    const progress: number[] = [];
    const model = gbtKind.fit(train.X, train.y, params({ n_estimators: 400, early_stopping_rounds: 10, learning_rate: 0.3 }), {
      seed: 0,
      valid,
      onProgress: (done, total) => {
        expect(total).toBe(400);
        progress.push(done);
      },
    });
    expect(model.bestIteration).not.toBeNull();
    expect(model.trees).toHaveLength(model.bestIteration! + 1);
    expect(progress).toHaveLength(model.bestIteration! + 11);
    expect(progress[0]).toBe(1);
  });

  it('grows leaf-wise up to max_leaves leaves', () => {
    const { X, y } = syntheticProblem(400, 2);
    const model = gbtKind.fit(X, y, params({ n_estimators: 5, max_leaves: 5, max_depth: 10 }), { seed: 0 });
    for (const tree of model.trees) expect([...tree.arrays.left].filter((l) => l < 0)).toHaveLength(5);
  });

  it('reports gain and split-count importance, the informative features first', () => {
    const { X, y } = syntheticProblem(1000, 4);
    const model = gbtKind.fit(X, y, params({ n_estimators: 30, max_depth: 3 }), { seed: 0 });
    const gain = model.featureImportance('gain');
    const splits = model.featureImportance('split');
    expect(gain[0]).toBeGreaterThan(gain[3]!);
    expect(gain[0]).toBeGreaterThan(gain[4]!);
    expect(splits.reduce((a, b) => a + b)).toBe(model.trees.reduce((n, t) => n + [...t.arrays.feature].filter((f) => f >= 0).length, 0));
  });

  it('dumps its trees as indented text', () => {
    const X = matrix([[1, 2, 3, 4, 5, 6]]);
    const model = gbtKind.fit(X, Uint8Array.from([0, 0, 0, 0, 1, 1]), params({ n_estimators: 1, max_depth: 1, min_child_weight: 0.4 }), { seed: 0 });
    expect(model.dumpText()).toMatch(/^booster\[0\]:\n0:\[x0<=4\.5\] yes=1,no=2,missing=1,gain=[\d.]+,cover=[\d.]+\n\t1:leaf=-[\d.]+,cover=[\d.]+\n\t2:leaf=[\d.]+,cover=[\d.]+\n$/);
  });

  it('fits the same model with n_jobs = 2 (a helper thread takes half of each big pass) as with n_jobs = 1, byte for byte', () => {
    const { X, y } = syntheticProblem(2 * PARALLEL_MIN_ROWS + 5000, 8, 6);
    const p1 = params({ n_estimators: 4, max_depth: 4 });
    const p2 = params({ n_estimators: 4, max_depth: 4, n_jobs: 2 });
    const one = JSON.stringify(gbtKind.fit(X, y, p1, { seed: 1 }).toJSON());
    const two = JSON.stringify(gbtKind.fit(X, y, p2, { seed: 1 }).toJSON());
    expect(two.replace('"n_jobs":2', '"n_jobs":1')).toBe(one);
    const sub = params({ n_estimators: 3, max_depth: 3, subsample: 0.6, colsample_bytree: 0.5 });
    const subTwo = params({ n_estimators: 3, max_depth: 3, subsample: 0.6, colsample_bytree: 0.5, n_jobs: 2 });
    expect(JSON.stringify(gbtKind.fit(X, y, subTwo, { seed: 2 }).toJSON()).replace('"n_jobs":2', '"n_jobs":1')).toBe(JSON.stringify(gbtKind.fit(X, y, sub, { seed: 2 }).toJSON()));
  });

  it('fits the same model with n_jobs = 2 with categoricals, missing values, deep levels and leaf-wise growth', () => {
    const { X: numeric, y } = syntheticProblem(2 * PARALLEL_MIN_ROWS + 5000, 6, 11);
    const n = numeric.nRows;
    const X = makeMatrix(n, [...numeric.columns, 'code']);
    X.data.set(numeric.data);
    for (let i = 0; i < n; i++) {
      // Missing values in a numeric feature, and a categorical feature tied to the label, missing too.
      if (i % 13 === 0) X.data[i] = NaN;
      X.data[6 * n + i] = i % 17 === 0 ? NaN : (y[i]! * 3 + (i % 7)) % 10;
    }
    for (const extra of [{ max_depth: 6 }, { max_depth: 10, max_leaves: 24 }]) {
      const one = JSON.stringify(gbtKind.fit(X, y, params({ n_estimators: 3, ...extra }), { seed: 4, categorical: [6] }).toJSON());
      const two = JSON.stringify(gbtKind.fit(X, y, params({ n_estimators: 3, n_jobs: 2, ...extra }), { seed: 4, categorical: [6] }).toJSON());
      expect(two.replace('"n_jobs":2', '"n_jobs":1')).toBe(one);
      expect(one).toContain('"cat_codes"');
    }
  });

  it('scores one row without a matrix exactly as the batch does, missing values and categoricals included', () => {
    const codes = Array.from({ length: 400 }, (_, i) => i % 5);
    const x = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? NaN : (i * 37) % 101));
    const y = Uint8Array.from(codes, (c, i) => ((c === 1 || c === 3) !== x[i]! > 50 ? 1 : 0));
    const model = gbtKind.fit(matrix([codes, x]), y, params({ n_estimators: 20, max_depth: 3 }), { seed: 0, categorical: [0] });
    const rows = [
      [0, 10],
      [1, NaN],
      [3, 80],
      [99, 55],
      [NaN, NaN],
    ];
    const batch = model.predictProba(matrix([rows.map((r) => r[0]!), rows.map((r) => r[1]!)]));
    rows.forEach((r, i) => expect(model.predictProbaRow(r)).toBe(batch[i]));
    expect(() => model.predictProbaRow([1])).toThrow('the gbt model scores rows of 2 features, found 1');
  });

  it('scores trees with categorical splits through the flat forest exactly as the trees themselves walk', () => {
    const n = 3000;
    const codes = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? NaN : (i * 7) % 9));
    const other = Array.from({ length: n }, (_, i) => (i * 13) % 6);
    const x = Array.from({ length: n }, (_, i) => (i % 17 === 0 ? NaN : ((i * 37) % 101) / 7));
    const y = Uint8Array.from(codes, (c, i) => ((c === 1 || c === 3 || c === 8) !== (x[i]! > 6 || other[i] === 2) ? 1 : 0));
    const model = gbtKind.fit(matrix([codes, other, x]), y, params({ n_estimators: 25, max_depth: 4 }), { seed: 0, categorical: [0, 1] }) as unknown as {
      trees: readonly { leafValue(data: Float64Array, nRows: number, i: number): number }[];
      baseScore: number;
      predictProba(X: ReturnType<typeof matrix>): Float64Array;
    };
    // Unseen codes (9, 42), a code past every lookup (70000), a fractional code and missing values.
    const probe = [
      [0, 0, 1],
      [9, 5, NaN],
      [42, 7, 3],
      [70000, 2, 9],
      [2.5, 1, 4],
      [NaN, NaN, NaN],
      ...Array.from({ length: 600 }, (_, i) => [codes[i]!, other[i]!, x[i]!]),
    ];
    const X = matrix([probe.map((r) => r[0]!), probe.map((r) => r[1]!), probe.map((r) => r[2]!)]);
    const scores = model.predictProba(X);
    probe.forEach((_, i) => {
      let margin = model.baseScore;
      for (const tree of model.trees) margin += tree.leafValue(X.data, X.nRows, i);
      expect(scores[i]).toBeCloseTo(1 / (1 + Math.exp(-margin)), 14);
    });
  });

  it('rejects max_bin outside 2..255 and names the parameter', () => {
    expect(() => params({ max_bin: 256 })).toThrow('parameter max_bin of the gbt model must be an integer ≥ 2 and ≤ 255 (found 256)');
  });

  it('refuses a damaged tree in JSON', () => {
    const json = gbtKind.fit(matrix([[1, 2, 3, 4]]), Uint8Array.from([0, 1, 0, 1]), params({ n_estimators: 1, min_child_weight: 0 }), { seed: 0 }).toJSON();
    const trees = json.trees as { left: number[] }[];
    expect(() => gbtKind.fromJSON({ ...json, trees: [{ ...trees[0], left: [0, -1, -1] }] })).toThrow(/gbt model JSON is damaged/);
  });
});
