// The estimator contract every model kind implements. A kind is configuration (its param table and a
// fit function); `fit` returns a new immutable Model, so there is no unfitted model to predict with.
// Models serialise to JSON data (never code) with a format version that `fromJSON` checks.

import { FlywheelError } from '../core/errors.js';
import type { Matrix } from './matrix.js';
import type { ParamTable, ParamsOf } from './params.js';

/** How a kind wants its features: the pipeline builds the matrix accordingly (features/). */
export type FeatureEncoding =
  /** numeric, imputed, standardised; categoricals one-hot (linear models, MLP) */
  | 'scaled'
  /** numeric, imputed (with missing indicators), not scaled; categoricals one-hot (CART) */
  | 'unscaled'
  /** numeric with NaN kept; categoricals as integer codes (NaN = missing) — trees with native handling */
  | 'native';

export interface FitOptions {
  /** Seeds every random choice of the fit: same seed, same data → byte-identical model JSON. */
  seed: number;
  /** Validation rows for early stopping (never used to fit parameters directly). */
  valid?: { X: Matrix; y: Uint8Array };
  /** Called now and then with work done / total (iterations, epochs, trees) for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /** Indexes (into X's columns) of categorical features encoded as integer codes ('native' encoding). */
  categorical?: readonly number[];
}

export interface ModelJson {
  format_version: number;
  kind: string;
  feature_names: string[];
  params: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Model {
  readonly kind: string;
  readonly featureNames: readonly string[];
  /** P(positive class) per row. Throws a FlywheelError when X's columns differ from the fitted ones. */
  predictProba(X: Matrix): Float64Array;
  toJSON(): ModelJson;
}

export interface ModelKind<T extends ParamTable = ParamTable, M extends Model = Model> {
  readonly kind: string;
  /** One line for `--help` and the ladder table. */
  readonly summary: string;
  readonly params: T;
  readonly encoding: FeatureEncoding;
  /** Fit on X (rows × features) and 0/1 labels y. Must not mutate X or y. */
  fit(X: Matrix, y: Uint8Array, params: ParamsOf<T>, options: FitOptions): M;
  fromJSON(json: ModelJson): M;
}

/** Throws unless `json` is a model of `kind` in a format version this code reads. */
export function checkModelJson(json: unknown, kind: string, supportedVersions: readonly number[]): ModelJson {
  const j = json as Partial<ModelJson> | null;
  if (j === null || typeof j !== 'object' || j.kind !== kind) {
    throw new FlywheelError('data_invalid', `expected a ${kind} model, found ${j === null || typeof j !== 'object' ? typeof j : `kind ${JSON.stringify(j.kind)}`}`, {
      hint: 'load a model package written by Flywheel for this model kind',
    });
  }
  if (typeof j.format_version !== 'number' || !supportedVersions.includes(j.format_version)) {
    throw new FlywheelError('data_invalid', `${kind} model format version ${String(j.format_version)} is not supported (this Flywheel reads ${supportedVersions.join(', ')})`, {
      hint: 'upgrade Flywheel to read models written by a newer version, or refit the model',
    });
  }
  if (!Array.isArray(j.feature_names)) throw new FlywheelError('data_invalid', `${kind} model JSON has no feature_names`, { hint: 'the file is damaged; refit the model' });
  return j as ModelJson;
}

/** Validates fit inputs shared by every kind: sizes, labels 0/1, both classes present. */
export function checkFitInputs(kind: string, X: Matrix, y: Uint8Array): void {
  if (X.nRows !== y.length) throw new Error(`${kind}: X has ${X.nRows} rows but y has ${y.length}`);
  if (X.nRows === 0) throw new FlywheelError('data_invalid', `cannot fit the ${kind} model on zero rows`, { hint: 'check the split: train is empty' });
  let positives = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) throw new Error(`${kind}: labels must be 0 or 1, found ${v} at row ${i}`);
    positives += v;
  }
  if (positives === 0 || positives === y.length) {
    throw new FlywheelError('data_invalid', `the training rows hold one class only; the ${kind} model needs both`, {
      hint: 'use more data or a stratified split',
    });
  }
}
