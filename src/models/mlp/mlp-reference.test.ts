// Flywheel's mlp against scikit-learn's MLPClassifier (test/reference/mlp.json, written by
// scripts/reference/mlp.py): the same rows, median imputation and standardisation rebuilt here, fitted
// at the same settings, compared by mean test ROC-AUC over seeds. The two sides draw different random
// numbers, so each compares means: the reference over 50 seeds, this side over enough seeds to keep the
// standard error of its mean near 0.003 (single-seed spread: ≤ 0.003 on breast_cancer, ≤ 0.006 on
// pima without early stopping, ≤ 0.014 with it).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../evaluation/metrics.js';
import { referenceDesign, type ReferenceDesign as Design } from '../../../test/reference-design.js';
import { parseParams } from '../params.js';
import { mlpKind } from './mlp.js';

type Mode = 'no_early_stopping' | 'early_stopping_log_loss' | 'early_stopping_accuracy';

interface ReferenceCase {
  name: string;
  dataset: 'breast_cancer' | 'pima_diabetes';
  mode: Mode;
  /** equal: |ours − reference| ≤ tolerance; not_worse: ours ≥ reference − tolerance. */
  compare: 'equal' | 'not_worse';
  hidden_layer_sizes: number[];
  n_train: number;
  n_test: number;
  roc_auc: number;
}

const REFERENCE = JSON.parse(readFileSync(new URL('../../../test/reference/mlp.json', import.meta.url), 'utf8')) as {
  sklearn_version: string;
  settings: { alpha: number; max_iter: number };
  cases: ReferenceCase[];
};

/** The bar: test ROC-AUC within 0.01 of scikit-learn's at equal settings. */
const AUC_TOLERANCE = 0.01;

/** Seeds this side averages over, per dataset and whether early stopping is on. */
const SEEDS: Record<ReferenceCase['dataset'], { fixed: number; early: number }> = {
  breast_cancer: { fixed: 5, early: 5 },
  pima_diabetes: { fixed: 10, early: 25 },
};

const DATASETS = {
  breast_cancer: { file: 'breast_cancer.csv', target: 'target', positive: '1' },
  pima_diabetes: { file: 'pima_diabetes.csv', target: 'diabetes', positive: 'pos' },
} as const;

/** Mean test ROC-AUC of our fits over seeds 0 … nSeeds−1. */
function meanAuc(design: Design, hidden: number[], earlyStopping: boolean, nSeeds: number): number {
  const params = parseParams('mlp', mlpKind.params, { ...REFERENCE.settings, hidden_layer_sizes: hidden, early_stopping: earlyStopping });
  let sum = 0;
  for (let seed = 0; seed < nSeeds; seed++) sum += rocAuc(mlpKind.fit(design.train, design.yTrain, params, { seed }).predictProba(design.test), design.yTest);
  return sum / nSeeds;
}

describe(`the mlp model against scikit-learn ${REFERENCE.sklearn_version}'s MLPClassifier`, () => {
  const designs = new Map<ReferenceCase['dataset'], Promise<Design>>();
  const design = (name: ReferenceCase['dataset']) => designs.get(name) ?? designs.set(name, referenceDesign({ name, ...DATASETS[name] })).get(name)!;
  // Both early-stopping cases compare against our one early-stopping rule: fit it once per architecture.
  const ours = new Map<string, number>();
  const ourAuc = async (ref: ReferenceCase): Promise<number> => {
    const earlyStopping = ref.mode !== 'no_early_stopping';
    const key = `${ref.dataset} ${ref.hidden_layer_sizes.join(',')} ${earlyStopping}`;
    if (!ours.has(key)) {
      const seeds = SEEDS[ref.dataset][earlyStopping ? 'early' : 'fixed'];
      ours.set(key, meanAuc(await design(ref.dataset), ref.hidden_layer_sizes, earlyStopping, seeds));
    }
    return ours.get(key)!;
  };

  for (const ref of REFERENCE.cases) {
    const what =
      ref.compare === 'equal'
        ? `is within ${AUC_TOLERANCE} of scikit-learn's mean test ROC-AUC`
        : `does no worse than scikit-learn's early stopping on validation accuracy (less ${AUC_TOLERANCE})`;
    it(`${ref.name}: ${what}`, async () => {
      const { train, test } = await design(ref.dataset);
      expect([train.nRows, test.nRows]).toEqual([ref.n_train, ref.n_test]);
      const auc = await ourAuc(ref);
      const detail = `ours ${auc.toFixed(4)}, scikit-learn ${ref.roc_auc.toFixed(4)}`;
      if (ref.compare === 'equal') expect(Math.abs(auc - ref.roc_auc), detail).toBeLessThanOrEqual(AUC_TOLERANCE);
      else expect(auc, detail).toBeGreaterThanOrEqual(ref.roc_auc - AUC_TOLERANCE);
    });
  }
});
