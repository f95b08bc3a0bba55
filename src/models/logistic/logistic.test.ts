import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { describeEstimatorContract, syntheticProblem } from '../estimator-contract.js';
import { makeMatrix, matrixFromColumns, takeLabels, takeMatrixRows, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { logisticKind, type LogisticModel } from './logistic.js';

describeEstimatorContract(logisticKind);

function fit(X: Matrix, y: Uint8Array, raw: Record<string, unknown> = {}): LogisticModel {
  return logisticKind.fit(X, y, parseParams('logistic', logisticKind.params, raw), { seed: 0 });
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('the logistic model', () => {
  const { X, y } = syntheticProblem(500, 21);

  it('rejects C <= 0 and names the parameter and its range', () => {
    for (const C of [0, -1, '0']) {
      expect(() => parseParams('logistic', logisticKind.params, { C })).toThrow(FlywheelError);
      expect(() => parseParams('logistic', logisticKind.params, { C })).toThrow(`parameter C of the logistic model must be a number > 0 (found ${JSON.stringify(C)})`);
    }
  });

  it('rejects max_iter < 1, tol <= 0 and an unknown solver or class_weight', () => {
    expect(() => parseParams('logistic', logisticKind.params, { max_iter: 0 })).toThrow('parameter max_iter of the logistic model must be an integer ≥ 1 (found 0)');
    expect(() => parseParams('logistic', logisticKind.params, { max_iter: 2.5 })).toThrow('must be an integer ≥ 1');
    expect(() => parseParams('logistic', logisticKind.params, { tol: 0 })).toThrow('parameter tol of the logistic model must be a number > 0 (found 0)');
    expect(() => parseParams('logistic', logisticKind.params, { solver: 'sag' })).toThrow('parameter solver of the logistic model must be one of "lbfgs", "newton" (found "sag")');
    expect(() => parseParams('logistic', logisticKind.params, { class_weight: 'auto' })).toThrow('must be one of "none", "balanced"');
  });

  it('declares sklearn-named params with sklearn defaults, and the scaled encoding', () => {
    expect(parseParams('logistic', logisticKind.params)).toEqual({ C: 1, max_iter: 100, tol: 1e-8, solver: 'lbfgs', class_weight: 'none', fit_intercept: true });
    expect(logisticKind.encoding).toBe('scaled');
  });

  it('reaches the same optimum with lbfgs and newton', () => {
    for (const raw of [{}, { C: 0.01 }, { class_weight: 'balanced' }, { fit_intercept: false }]) {
      const a = fit(X, y, { ...raw, solver: 'lbfgs' });
      const b = fit(X, y, { ...raw, solver: 'newton' });
      expect(a.converged && b.converged).toBe(true);
      expect(maxAbsDiff(a.coef, b.coef)).toBeLessThan(1e-6);
      expect(Math.abs(a.intercept - b.intercept)).toBeLessThan(1e-6);
    }
  });

  it('writes the model JSON with coef, intercept, n_iter and converged', () => {
    const model = fit(X, y);
    const json = model.toJSON();
    expect(Object.keys(json)).toEqual(['format_version', 'kind', 'feature_names', 'params', 'coef', 'intercept', 'n_iter', 'converged']);
    expect(json).toMatchObject({ format_version: 1, kind: 'logistic', feature_names: X.columns, converged: true });
    expect(json.coef).toEqual([...model.coef]);
    expect(json.n_iter).toBeGreaterThan(0);
    expect(Object.isFrozen(model.coef)).toBe(true);
  });

  it('keeps a fit that stops at max_iter, marked converged: false', () => {
    const model = fit(X, y, { max_iter: 2 });
    expect(model.nIter).toBe(2);
    expect(model.converged).toBe(false);
    expect(model.toJSON()).toMatchObject({ n_iter: 2, converged: false });
    expect(logisticKind.fromJSON(model.toJSON()).converged).toBe(false);
  });

  it('reports progress as iterations out of max_iter', () => {
    const calls: [number, number][] = [];
    logisticKind.fit(X, y, parseParams('logistic', logisticKind.params, { max_iter: 50 }), { seed: 0, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls[0]).toEqual([1, 50]);
  });

  it('stays finite under perfect separation, thanks to the L2 penalty', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i - 19.5);
    const labels = Uint8Array.from(x, (v) => (v > 0 ? 1 : 0));
    const separable = matrixFromColumns(['x'], [x]);
    for (const solver of ['lbfgs', 'newton']) {
      const model = fit(separable, labels, { C: 1e4, solver, max_iter: 1000 });
      expect(Number.isFinite(model.coef[0]!) && Number.isFinite(model.intercept)).toBe(true);
      expect(model.converged).toBe(true);
      const p = model.predictProba(separable);
      for (let i = 0; i < p.length; i++) expect(p[i]! > 0.5).toBe(labels[i] === 1);
    }
  });

  it('predicts exact 0 and 1, never NaN, for huge margins', () => {
    const model = logisticKind.fromJSON({ ...fit(X, y).toJSON(), coef: [1e3, 0, 0, 0, 0], intercept: 0 });
    const far = makeMatrix(4, X.columns, new Float64Array(20));
    far.data.set([1e6, -1e6, 1e300, -1e300]);
    expect([...model.predictProba(far)]).toEqual([1, 0, 1, 0]);
  });

  it('gives a constant column zero weight: the unpenalised intercept absorbs it', () => {
    for (const value of [0, 5]) {
      const columns = [...X.columns, 'constant'];
      const data = new Float64Array(X.nRows * columns.length);
      data.set(X.data);
      data.fill(value, X.data.length);
      for (const solver of ['lbfgs', 'newton']) {
        const withConstant = fit(makeMatrix(X.nRows, columns, data), y, { solver });
        const without = fit(X, y, { solver });
        // Its only curvature is the penalty's 1/(C·n), so a gradient tolerance of 1e-8 leaves up to ~5e-6.
        expect(Math.abs(withConstant.coef[X.nCols]!)).toBeLessThan(1e-5);
        expect(maxAbsDiff(withConstant.coef.slice(0, X.nCols), without.coef)).toBeLessThan(1e-6);
        expect(Math.abs(withConstant.intercept - without.intercept)).toBeLessThan(1e-6);
      }
    }
  });

  it('weights classes n / (2·n_c) with class_weight balanced', () => {
    // With exactly 3 negatives per positive the balanced weights are 2/3 and 2: the objective of
    // weights 1 and 3 (each positive row three times) at C·2/3.
    const positives = [...y.keys()].filter((i) => y[i] === 1);
    const negatives = [...y.keys()].filter((i) => y[i] === 0);
    const nPositive = Math.min(positives.length, Math.floor(negatives.length / 3));
    const rows = [...positives.slice(0, nPositive), ...negatives.slice(0, 3 * nPositive)];
    const tripled = rows.flatMap((i) => (y[i] === 1 ? [i, i, i] : [i]));
    for (const solver of ['lbfgs', 'newton']) {
      const balanced = fit(takeMatrixRows(X, rows), takeLabels(y, rows), { class_weight: 'balanced', solver });
      const replicated = fit(takeMatrixRows(X, tripled), takeLabels(y, tripled), { C: 2 / 3, solver });
      expect(maxAbsDiff(balanced.coef, replicated.coef)).toBeLessThan(1e-6);
      expect(Math.abs(balanced.intercept - replicated.intercept)).toBeLessThan(1e-6);
    }
  });

  it('fixes the intercept at 0 with fit_intercept false', () => {
    const model = fit(X, y, { fit_intercept: false });
    expect(model.intercept).toBe(0);
    expect(model.converged).toBe(true);
  });

  it('refuses missing or infinite feature values, naming the column and row', () => {
    const data = X.data.slice();
    data[2 * X.nRows + 7] = NaN;
    expect(() => fit(makeMatrix(X.nRows, X.columns, data), y)).toThrow('the logistic model needs finite feature values; column "x2" holds NaN at row 7');
  });

  it('refuses damaged JSON with a clear message', () => {
    const json = fit(X, y).toJSON();
    expect(() => logisticKind.fromJSON({ ...json, coef: [1, 2] })).toThrow('logistic model JSON: coef must hold 5 finite numbers, one per feature');
    expect(() => logisticKind.fromJSON({ ...json, intercept: 'x' })).toThrow('intercept must be a finite number');
    expect(() => logisticKind.fromJSON({ ...json, params: { ...json.params, C: -1 } })).toThrow('parameter C of the logistic model must be a number > 0');
  });
});
