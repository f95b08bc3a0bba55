// The `logistic` model kind: L2-regularised logistic regression as scikit-learn's LogisticRegression
// (binary), minimising 0.5·||w||² + C·Σ s_i·logloss_i with the intercept unpenalised, by L-BFGS or
// Newton. Fitting state (objective, solver memory) stays here; LogisticModel holds only the weights.

import { FlywheelError } from '../../core/errors.js';
import { checkFitInputs, checkModelJson, type FitOptions, type Model, type ModelJson, type ModelKind } from '../estimator.js';
import { checkColumns, type Matrix } from '../matrix.js';
import { defineParams, parseParams, type ParamsOf } from '../params.js';
import { minimizeLbfgs } from './lbfgs.js';
import { minimizeNewton } from './newton.js';
import { LogisticObjective } from './objective.js';

export const logisticParams = defineParams({
  C: {
    type: 'number',
    default: 1,
    min: 0,
    minExclusive: true,
    doc: 'inverse regularisation strength: minimises 0.5·||w||² + C·Σ log-loss (intercept not penalised); smaller is stronger',
  },
  max_iter: {
    type: 'integer',
    default: 100,
    min: 1,
    doc: 'most solver iterations; a fit that stops here is kept and marked converged: false in the model JSON',
  },
  tol: {
    type: 'number',
    default: 1e-8,
    min: 0,
    minExclusive: true,
    doc: 'stop when every |gradient| component of the per-row objective (weighted mean log-loss + ||w||²/(2·C·Σweights)) is at most tol, or lbfgs can no longer lower it in float64; tighter than sklearn\'s 1e-4 so coefficients land within ~1e-5 of the optimum',
  },
  solver: {
    type: 'enum',
    values: ['lbfgs', 'newton'],
    default: 'lbfgs',
    doc: 'lbfgs: limited-memory quasi-Newton, O(n·p) per iteration; newton: Newton–Cholesky, O(n·p²) per iteration, few iterations, for up to a few hundred features',
  },
  class_weight: {
    type: 'enum',
    values: ['none', 'balanced'],
    default: 'none',
    doc: 'balanced: weight rows of class c by n / (2·n_c), as sklearn',
  },
  fit_intercept: { type: 'boolean', default: true, doc: 'fit an unpenalised intercept; false fixes it at 0' },
});
export type LogisticParams = ParamsOf<typeof logisticParams>;

const KIND = 'logistic';
const FORMAT_VERSION = 1;

export class LogisticModel implements Model {
  readonly kind = KIND;
  readonly featureNames: readonly string[];
  readonly params: Readonly<LogisticParams>;
  /** One weight per feature, in featureNames order. */
  readonly coef: readonly number[];
  readonly intercept: number;
  /** Solver iterations the fit took. */
  readonly nIter: number;
  /** False when the fit stopped at max_iter (or in a failed line search) before meeting tol. */
  readonly converged: boolean;
  private readonly weights: Float64Array;

  constructor(fields: { featureNames: readonly string[]; params: LogisticParams; coef: readonly number[]; intercept: number; nIter: number; converged: boolean }) {
    if (fields.coef.length !== fields.featureNames.length) throw new Error(`logistic: ${fields.coef.length} coefficients for ${fields.featureNames.length} features`);
    this.featureNames = Object.freeze([...fields.featureNames]);
    this.params = Object.freeze({ ...fields.params });
    this.coef = Object.freeze([...fields.coef]);
    this.intercept = fields.intercept;
    this.nIter = fields.nIter;
    this.converged = fields.converged;
    this.weights = Float64Array.from(fields.coef);
  }

  /** σ(x·w + b) per row; only the output array is allocated. */
  predictProba(X: Matrix): Float64Array {
    checkColumns(this.kind, this.featureNames, X);
    const n = X.nRows;
    const data = X.data;
    const out = new Float64Array(n).fill(this.intercept);
    for (let j = 0; j < this.weights.length; j++) {
      const w = this.weights[j]!;
      if (w === 0) continue;
      const base = j * n;
      for (let i = 0; i < n; i++) out[i]! += w * data[base + i]!;
    }
    // e = exp(−|z|) ≤ 1 never overflows; σ(z) = 1/(1+e) for z ≥ 0 and e/(1+e) below.
    for (let i = 0; i < n; i++) {
      const z = out[i]!;
      const e = Math.exp(-Math.abs(z));
      out[i] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
    return out;
  }

  toJSON(): ModelJson {
    return {
      format_version: FORMAT_VERSION,
      kind: this.kind,
      feature_names: [...this.featureNames],
      params: { ...this.params },
      coef: [...this.coef],
      intercept: this.intercept,
      n_iter: this.nIter,
      converged: this.converged,
    };
  }
}

export const logisticKind: ModelKind<typeof logisticParams, LogisticModel> = {
  kind: KIND,
  summary: 'L2-regularised logistic regression (as scikit-learn LogisticRegression)',
  params: logisticParams,
  encoding: 'scaled',
  fit(X: Matrix, y: Uint8Array, params: LogisticParams, options: FitOptions): LogisticModel {
    checkFitInputs(KIND, X, y);
    checkFinite(X);
    let positives = 0;
    for (let i = 0; i < y.length; i++) positives += y[i]!;
    const n = y.length;
    const classWeights: [number, number] = params.class_weight === 'balanced' ? [n / (2 * (n - positives)), n / (2 * positives)] : [1, 1];
    const objective = new LogisticObjective(X, y, { C: params.C, fitIntercept: params.fit_intercept, classWeights });
    const start = new Float64Array(objective.nParams);
    const onIteration = options.onProgress === undefined ? undefined : (iteration: number) => options.onProgress!(iteration, params.max_iter);
    const result =
      params.solver === 'newton'
        ? minimizeNewton(objective, start, { maxIter: params.max_iter, gtol: params.tol, onIteration })
        : minimizeLbfgs((theta, gradient) => objective.valueAndGradient(theta, gradient), start, { maxIter: params.max_iter, gtol: params.tol, onIteration });
    return new LogisticModel({
      featureNames: X.columns,
      params,
      coef: Array.from(result.x.subarray(0, X.nCols)),
      intercept: params.fit_intercept ? result.x[X.nCols]! : 0,
      nIter: result.iterations,
      converged: result.converged,
    });
  },
  fromJSON(json: ModelJson): LogisticModel {
    const j = checkModelJson(json, KIND, [FORMAT_VERSION]);
    const damaged = (what: string): never => {
      throw new FlywheelError('data_invalid', `logistic model JSON: ${what}`, { hint: 'the file is damaged; refit the model' });
    };
    const coef = j.coef;
    if (!Array.isArray(coef) || coef.length !== j.feature_names.length || !coef.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      damaged(`coef must hold ${j.feature_names.length} finite numbers, one per feature`);
    }
    if (typeof j.intercept !== 'number' || !Number.isFinite(j.intercept)) damaged('intercept must be a finite number');
    if (typeof j.n_iter !== 'number' || !Number.isInteger(j.n_iter) || j.n_iter < 0) damaged('n_iter must be a non-negative integer');
    if (typeof j.converged !== 'boolean') damaged('converged must be true or false');
    return new LogisticModel({
      featureNames: j.feature_names,
      params: parseParams(KIND, logisticParams, j.params),
      coef: coef as number[],
      intercept: j.intercept as number,
      nIter: j.n_iter as number,
      converged: j.converged as boolean,
    });
  },
};

/** The 'scaled' encoding imputes every missing value; a NaN or ±∞ here would poison every coefficient. */
function checkFinite(X: Matrix): void {
  const { data, nRows } = X;
  for (let k = 0; k < data.length; k++) {
    if (Number.isFinite(data[k]!)) continue;
    const column = X.columns[Math.floor(k / nRows)]!;
    throw new FlywheelError('data_invalid', `the logistic model needs finite feature values; column "${column}" holds ${data[k]} at row ${k % nRows}`, {
      hint: 'impute missing values (and clip infinite ones) in the feature pipeline before fitting',
    });
  }
}
