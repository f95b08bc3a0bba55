// The dense design matrix estimators read: column-major Float64Array (column j is data[j*nRows … (j+1)*nRows)),
// with the feature names the fitted pipeline produced. Column-major keeps each feature contiguous for
// per-feature loops (split finding, coordinate updates) and makes a column a zero-copy subarray.

import { FlywheelError } from '../core/errors.js';

export interface Matrix {
  readonly nRows: number;
  readonly nCols: number;
  /** Column-major values; NaN only where an estimator accepts missing values. */
  readonly data: Float64Array;
  readonly columns: readonly string[];
}

export function makeMatrix(nRows: number, columns: readonly string[], data?: Float64Array): Matrix {
  const size = nRows * columns.length;
  if (data !== undefined && data.length !== size) throw new Error(`matrix data has ${data.length} values, expected ${nRows} × ${columns.length}`);
  return { nRows, nCols: columns.length, data: data ?? new Float64Array(size), columns };
}

export function matrixFromColumns(columns: readonly string[], values: readonly Float64Array[]): Matrix {
  const nRows = values[0]?.length ?? 0;
  const data = new Float64Array(nRows * columns.length);
  values.forEach((v, j) => {
    if (v.length !== nRows) throw new Error(`column ${columns[j]} has ${v.length} rows, expected ${nRows}`);
    data.set(v, j * nRows);
  });
  return { nRows, nCols: columns.length, data, columns };
}

/** Column j as a view (no copy). */
export function columnOf(X: Matrix, j: number): Float64Array {
  return X.data.subarray(j * X.nRows, (j + 1) * X.nRows);
}

/** The value at row i, column j. */
export function at(X: Matrix, i: number, j: number): number {
  return X.data[j * X.nRows + i]!;
}

/** A new matrix with the given rows, in the given order. */
export function takeMatrixRows(X: Matrix, rows: ArrayLike<number>): Matrix {
  const n = rows.length;
  const data = new Float64Array(n * X.nCols);
  for (let j = 0; j < X.nCols; j++) {
    const source = j * X.nRows;
    const target = j * n;
    for (let k = 0; k < n; k++) data[target + k] = X.data[source + rows[k]!]!;
  }
  return { nRows: n, nCols: X.nCols, data, columns: X.columns };
}

/** Rows of a 0/1 label array. */
export function takeLabels(y: Uint8Array, rows: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({ length: rows.length }, (_, k) => y[rows[k]!]!);
}

/** Throws a clear error unless X has exactly the columns a model was fitted on, in the same order. */
export function checkColumns(kind: string, expected: readonly string[], X: Matrix): void {
  if (X.nCols === expected.length && X.columns.every((c, j) => c === expected[j])) return;
  const missing = expected.filter((c) => !X.columns.includes(c));
  const extra = X.columns.filter((c) => !expected.includes(c));
  const detail =
    missing.length > 0 || extra.length > 0
      ? [missing.length > 0 ? `missing ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` : '', extra.length > 0 ? `unexpected ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''}` : '']
          .filter(Boolean)
          .join('; ')
      : 'the same columns in another order';
  throw new FlywheelError('data_invalid', `the ${kind} model was fitted on ${expected.length} features and got ${X.nCols}: ${detail}`, {
    hint: "transform the data with the model's own fitted pipeline (its package holds both)",
  });
}
