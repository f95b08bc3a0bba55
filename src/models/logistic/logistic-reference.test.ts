// Flywheel's logistic model against scikit-learn's optimum (test/reference/logistic.json, written by
// scripts/reference/logistic.py): the same rows, median imputation and standardisation rebuilt here in
// plain TypeScript, fitted with both solvers at default tolerance.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceDesign } from '../../../test/reference-design.js';
import { makeMatrix } from '../matrix.js';
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

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe(`the logistic model against scikit-learn ${REFERENCE.sklearn_version}`, () => {
  for (const ref of REFERENCE.datasets) {
    describe(ref.name, () => {
      const design = referenceDesign({ name: ref.name as 'breast_cancer' | 'pima_diabetes', file: ref.file, target: ref.target, positive: ref.positive });

      it('rebuilds the reference design matrix', async () => {
        const { features, train, test } = await design;
        expect(features).toEqual(ref.features);
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
