// Paths of the datasets tests read, and a scratch-folder helper.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATASETS = fileURLToPath(new URL('./fixtures/datasets/', import.meta.url));
export const TELCO = fileURLToPath(new URL('../examples/telco_churn.csv', import.meta.url));
export const TELCO_SPLIT = fileURLToPath(new URL('../examples/telco_churn.split.csv', import.meta.url));

export function dataset(file: string): string {
  return join(DATASETS, file);
}

/** The binary-target datasets and the target their README names. */
export const BINARY_DATASETS = [
  { file: 'telco_churn.csv', path: TELCO, target: 'churn', positive: 'Yes', rows: 7043, columns: 20 },
  { file: 'credit_data.csv', path: dataset('credit_data.csv'), target: 'Status', positive: 'bad', rows: 4454, columns: 14 },
  { file: 'mlc_churn.csv', path: dataset('mlc_churn.csv'), target: 'churn', positive: 'yes', rows: 5000, columns: 20 },
  { file: 'attrition.csv', path: dataset('attrition.csv'), target: 'Attrition', positive: 'Yes', rows: 1470, columns: 31 },
  { file: 'breast_cancer.csv', path: dataset('breast_cancer.csv'), target: 'target', positive: '0', rows: 569, columns: 31 },
  { file: 'pima_diabetes.csv', path: dataset('pima_diabetes.csv'), target: 'diabetes', positive: 'pos', rows: 768, columns: 9 },
  { file: 'hmda.csv', path: dataset('hmda.csv'), target: 'deny', positive: 'yes', rows: 2380, columns: 14 },
] as const;

export function scratchDir(prefix = 'flywheel-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
