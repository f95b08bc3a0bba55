// Flywheel's gbt against XGBoost 1.7 `hist` (test/reference/gbt.json, written by scripts/reference/gbt.py)
// at 300 trees, depth 6, learning rate 0.1: the native matrix is built through Flywheel's own pipeline
// (the dataset read and typed as workflow/dataset.ts does — rebuilt here from data/, since models/ may not
// import workflow/ — the split file, 'native' encoding fitted on train), and the test ROC-AUC must be
// within 0.005 of XGBoost's and the test log loss at most 0.01 above it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataset, TELCO, TELCO_SPLIT } from '../../../test/fixtures.js';
import { applySchema, inferSchema } from '../../data/infer.js';
import { readTable } from '../../data/read.js';
import { snapshotHashOf } from '../../data/snapshot.js';
import { makeSplit, rowsOf, TEST, TRAIN } from '../../data/split.js';
import { binaryTarget } from '../../data/target.js';
import { logLoss, rocAuc } from '../../evaluation/metrics.js';
import { fitPipeline, trainFrame } from '../../features/index.js';
import { parseParams } from '../params.js';
import { gbtKind } from './gbt.js';

interface ReferenceCase {
  name: string;
  n_train: number;
  n_test: number;
  test_roc_auc: number;
  test_log_loss: number;
}

const REFERENCE = JSON.parse(readFileSync(new URL('../../../test/reference/gbt.json', import.meta.url), 'utf8')) as { xgboost_version: string; cases: ReferenceCase[] };

const SOURCES: Record<string, { path: string; split: string; target: string; positive: string }> = {
  credit_data: { path: dataset('credit_data.csv'), split: dataset('credit_data.split.csv'), target: 'Status', positive: 'bad' },
  breast_cancer: { path: dataset('breast_cancer.csv'), split: dataset('breast_cancer.split.csv'), target: 'target', positive: '1' },
  telco_churn: { path: TELCO, split: TELCO_SPLIT, target: 'churn', positive: 'Yes' },
};

async function scoreOnTest(name: string): Promise<{ auc: number; loss: number; nTrain: number; nTest: number }> {
  const source = SOURCES[name]!;
  const table = await readTable(source.path);
  const schema = inferSchema(table.frame, table.columns, { target: source.target });
  const data = { frame: applySchema(table.frame, schema), schema };
  const y = binaryTarget(table.frame, source.target, { label: source.positive, source: 'config' }).y;
  const split = await makeSplit(snapshotHashOf(table), data.frame.nRows, { method: 'file', file: source.split, valid: 0, test: 0, seed: 0 }, { y });
  const train = trainFrame(data.frame, split);
  const trainRows = rowsOf(split.assignment, TRAIN);
  const testRows = rowsOf(split.assignment, TEST);
  const yTrain = Uint8Array.from(trainRows, (i) => y[i]!);
  const yTest = Uint8Array.from(testRows, (i) => y[i]!);
  const { pipeline, trainMatrix } = fitPipeline(train, yTrain, { schema: data.schema.columns, encoding: 'native', seed: 0 });
  const params = parseParams('gbt', gbtKind.params, { n_estimators: 300, max_depth: 6, learning_rate: 0.1 });
  const model = gbtKind.fit(trainMatrix, yTrain, params, { seed: 0, categorical: pipeline.categoricalFeatures });
  const p = model.predictProba(pipeline.transform(data.frame.take(testRows)));
  return { auc: rocAuc(p, yTest), loss: logLoss(p, yTest), nTrain: trainRows.length, nTest: testRows.length };
}

describe(`the gbt against XGBoost ${REFERENCE.xgboost_version} hist`, () => {
  for (const c of REFERENCE.cases) {
    it(`${c.name}: test ROC-AUC within 0.005 of XGBoost's and log loss at most 0.01 above`, async () => {
      const ours = await scoreOnTest(c.name);
      expect([ours.nTrain, ours.nTest]).toEqual([c.n_train, c.n_test]);
      console.log(`${c.name}: roc_auc ${ours.auc.toFixed(4)} (xgboost ${c.test_roc_auc.toFixed(4)}), log_loss ${ours.loss.toFixed(4)} (xgboost ${c.test_log_loss.toFixed(4)})`);
      expect(Math.abs(ours.auc - c.test_roc_auc)).toBeLessThanOrEqual(0.005);
      expect(ours.loss).toBeLessThanOrEqual(c.test_log_loss + 0.01);
    });
  }
});
