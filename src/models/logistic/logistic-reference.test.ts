// Flywheel's logistic model against scikit-learn's optimum (test/reference/logistic.json, written by
// scripts/reference/logistic.py): the same rows, median imputation and standardisation rebuilt here in
// plain TypeScript, fitted with both solvers at default tolerance.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCoded, isNumericStorage, type Frame } from '../../core/frame.js';
import { readTable } from '../../data/read.js';
import { dataset } from '../../../test/fixtures.js';
import { makeMatrix, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { logisticKind } from './logistic.js';

interface ReferenceCase {
  params: { C: number; class_weight: 'none' | 'balanced'; fit_intercept: boolean };
  coef: number[];
  intercept: number;
  test_proba: number[];
}

interface ReferenceDataset {
  name: string;
  file: string;
  target: string;
  positive: string;
  features: string[];
  n_train: number;
  n_test: number;
  cases: ReferenceCase[];
}

const REFERENCE = JSON.parse(readFileSync(new URL('../../../test/reference/logistic.json', import.meta.url), 'utf8')) as {
  sklearn_version: string;
  datasets: ReferenceDataset[];
};

const COEF_TOLERANCE = 1e-4;
const PROBA_TOLERANCE = 1e-6;

interface Design {
  train: Matrix;
  yTrain: Uint8Array;
  test: Matrix;
}

/** The rows of each side: breast_cancer from its split file, pima_diabetes the first 75% (floor) as train. */
async function splitRows(name: string, nRows: number): Promise<{ train: number[]; test: number[] }> {
  if (name !== 'breast_cancer') {
    const nTrain = Math.floor(0.75 * nRows);
    return { train: range(0, nTrain), test: range(nTrain, nRows) };
  }
  const { frame } = await readTable(dataset('breast_cancer.split.csv'));
  const row = numeric(frame, 'row');
  const split = frame.column('split');
  if (!isCoded(split)) throw new Error('split column is not text');
  const pairs = [...row].map((r, k) => ({ row: r, side: split.levels[split.codes[k]!] })).sort((a, b) => a.row - b.row);
  return { train: pairs.filter((p) => p.side === 'train').map((p) => p.row), test: pairs.filter((p) => p.side === 'test').map((p) => p.row) };
}

/** Train-median imputation, then (x − train mean) / train population std, a zero std counting as 1. */
async function buildDesign(ref: ReferenceDataset): Promise<Design> {
  const { frame } = await readTable(dataset(ref.file));
  const rows = await splitRows(ref.name, frame.nRows);
  const features = frame.names.filter((c) => c !== ref.target);
  expect(features).toEqual(ref.features);
  const target = frame.column(ref.target);
  const labelText = (i: number): string => (isCoded(target) ? target.levels[target.codes[i]!]! : String(target.values[i]));
  const yTrain = Uint8Array.from(rows.train, (i) => (labelText(i) === ref.positive ? 1 : 0));
  const train = makeMatrix(rows.train.length, features);
  const test = makeMatrix(rows.test.length, features);
  features.forEach((name, j) => {
    const values = numeric(frame, name);
    const trainValues = Float64Array.from(rows.train, (i) => values[i]!);
    const present = trainValues.filter((v) => !Number.isNaN(v)).sort();
    const mid = present.length >> 1;
    const median = present.length % 2 === 1 ? present[mid]! : (present[mid - 1]! + present[mid]!) / 2;
    const fill = (v: number): number => (Number.isNaN(v) ? median : v);
    let mean = 0;
    for (const v of trainValues) mean += fill(v);
    mean /= trainValues.length;
    let variance = 0;
    for (const v of trainValues) variance += (fill(v) - mean) ** 2;
    const std = Math.sqrt(variance / trainValues.length) || 1;
    rows.train.forEach((i, k) => (train.data[j * train.nRows + k] = (fill(values[i]!) - mean) / std));
    rows.test.forEach((i, k) => (test.data[j * test.nRows + k] = (fill(values[i]!) - mean) / std));
  });
  return { train, yTrain, test };
}

function numeric(frame: Frame, name: string): Float64Array {
  const column = frame.column(name);
  if (!isNumericStorage(column)) throw new Error(`${name} is not numeric`);
  return column.values;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe(`the logistic model against scikit-learn ${REFERENCE.sklearn_version}`, () => {
  for (const ref of REFERENCE.datasets) {
    describe(ref.name, () => {
      const design = buildDesign(ref);

      it('rebuilds the reference design matrix', async () => {
        const { train, test } = await design;
        expect([train.nRows, test.nRows]).toEqual([ref.n_train, ref.n_test]);
      });

      for (const solver of ['lbfgs', 'newton'] as const) {
        for (const c of ref.cases) {
          const label = `C=${c.params.C}, class_weight=${c.params.class_weight}, fit_intercept=${c.params.fit_intercept}`;
          it(`matches the optimum with ${solver} at ${label}`, async () => {
            const { train, yTrain, test } = await design;
            const params = parseParams('logistic', logisticKind.params, { ...c.params, solver });
            const model = logisticKind.fit(train, yTrain, params, { seed: 0 });
            expect(model.converged).toBe(true);
            expect(maxAbsDiff(model.coef, c.coef)).toBeLessThan(COEF_TOLERANCE);
            expect(Math.abs(model.intercept - c.intercept)).toBeLessThan(COEF_TOLERANCE);
            const firstTest = makeMatrix(c.test_proba.length, test.columns);
            for (let j = 0; j < test.nCols; j++) firstTest.data.set(test.data.subarray(j * test.nRows, j * test.nRows + firstTest.nRows), j * firstTest.nRows);
            expect(maxAbsDiff(model.predictProba(firstTest), c.test_proba)).toBeLessThan(PROBA_TOLERANCE);
          });
        }
      }
    });
  }
});
