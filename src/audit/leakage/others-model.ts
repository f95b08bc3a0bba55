// The yardstick target_leakage compares a suspicious feature with: quick models fitted on every OTHER
// feature (logistic regression on the default scaled pipeline, and a shallow tree; the better counts),
// trained on one part of the rows and scored on a held-out part. A legitimate strong feature is usually
// matched by the rest together; a leaked one is not.

import { Rng } from '../../core/rng.js';
import { rowsOf, stratifiedSplit, TEST, TRAIN, VALID } from '../../data/split.js';
import { rocAuc } from '../../evaluation/metrics.js';
import { fitPipeline, trainFrame } from '../../features/index.js';
import type { FeatureEncoding, Model } from '../../models/estimator.js';
import { logisticKind, logisticParams } from '../../models/logistic/logistic.js';
import { takeLabels, type Matrix } from '../../models/matrix.js';
import { parseParams } from '../../models/params.js';
import { treeKind, treeParams } from '../../models/tree/tree.js';
import { featureColumns, isModelInput } from './check-inputs.js';
import { sampleRows } from './sample-rows.js';
import type { LeakageInput } from './types.js';

/** Without a split's train/valid, this share of the rows (stratified, seeded) is held out. */
export const HOLDOUT_SHARE = 0.3;
/** A split's valid side is used only with at least this many rows of each class; else the seeded holdout. */
export const MIN_HOLDOUT_PER_CLASS = 10;
/** The quick models learn from at most this many rows and are scored on at most this many (seeded samples). */
export const QUICK_MODEL_MAX_ROWS = 50_000;
/** Depth of the quick tree. */
export const QUICK_TREE_DEPTH = 4;

export interface HoldoutParts {
  train: Uint32Array;
  holdout: Uint32Array;
  /** split_train_valid: the split's train and valid sides; seeded_holdout: a seeded stratified 70/30 of the non-test rows. */
  source: 'split_train_valid' | 'seeded_holdout';
}

/** Where the quick models learn and are scored. The split's test side is never used. */
export function holdoutParts(input: LeakageInput, y: Uint8Array): HoldoutParts {
  const parts = fullParts(input, y);
  const rng = new Rng(input.seed + 1);
  return { train: sampleRows(parts.train, QUICK_MODEL_MAX_ROWS, rng), holdout: sampleRows(parts.holdout, QUICK_MODEL_MAX_ROWS, rng), source: parts.source };
}

function fullParts(input: LeakageInput, y: Uint8Array): HoldoutParts {
  const n = y.length;
  if (input.split !== undefined) {
    const train = rowsOf(input.split.assignment, TRAIN);
    const valid = rowsOf(input.split.assignment, VALID);
    if (bothClasses(y, train, 1) && bothClasses(y, valid, MIN_HOLDOUT_PER_CLASS)) return { train, holdout: valid, source: 'split_train_valid' };
  }
  const candidates = input.split === undefined ? undefined : rowsOf(input.split.assignment, TRAIN);
  const assignment = stratifiedSplit(n, y, 0, HOLDOUT_SHARE, new Rng(input.seed), candidates);
  if (candidates === undefined) return { train: rowsOf(assignment, TRAIN), holdout: rowsOf(assignment, TEST), source: 'seeded_holdout' };
  // stratifiedSplit leaves non-candidate rows at 0 (TRAIN): keep only the candidates.
  const inCandidates = new Uint8Array(n);
  for (const r of candidates) inCandidates[r] = 1;
  const train = rowsOf(assignment, TRAIN).filter((r) => inCandidates[r] === 1);
  return { train, holdout: rowsOf(assignment, TEST), source: 'seeded_holdout' };
}

function bothClasses(y: Uint8Array, rows: Uint32Array, least: number): boolean {
  let positives = 0;
  for (const r of rows) positives += y[r]!;
  return positives >= least && rows.length - positives >= least;
}

export interface OthersModel {
  /** Held-out ROC-AUC of the better quick model; 0.5 when no other feature is left. */
  auc: number;
  /** Which quick model scored `auc` ('none' without other features). */
  model: 'logistic' | 'tree' | 'none';
  logisticAuc: number | null;
  treeAuc: number | null;
  /** Model-input columns the quick models read. */
  features: number;
}

/** Quick models on every model-input feature except `exclude`, fitted on parts.train, scored on parts.holdout. */
export function othersModel(input: LeakageInput, y: Uint8Array, parts: HoldoutParts, exclude: ReadonlySet<string>): OthersModel {
  const schema = input.schema.map((c) => (exclude.has(c.name) && c.role === 'feature' ? { ...c, role: 'ignore' as const } : c));
  const features = featureColumns({ ...input, schema }).filter(isModelInput).length;
  if (features === 0) return { auc: 0.5, model: 'none', logisticAuc: null, treeAuc: null, features };
  const assignment = new Uint8Array(y.length).fill(VALID);
  for (const r of parts.train) assignment[r] = TRAIN;
  const train = trainFrame(input.frame, { assignment });
  const holdout = input.frame.take(parts.holdout);
  const yTrain = takeLabels(y, parts.train);
  const yHoldout = takeLabels(y, parts.holdout);
  const score = (encoding: FeatureEncoding, fit: (X: Matrix) => Model): number => {
    const { pipeline, trainMatrix } = fitPipeline(train, yTrain, { schema, encoding, seed: input.seed });
    if (pipeline.featureNames.length === 0) return 0.5;
    const model = fit(trainMatrix);
    return rocAuc(model.predictProba(pipeline.transform(holdout)), yHoldout);
  };
  const logisticAuc = score('scaled', (X) => logisticKind.fit(X, yTrain, parseParams('logistic', logisticParams), { seed: input.seed }));
  const treeAuc = score('unscaled', (X) => treeKind.fit(X, yTrain, parseParams('tree', treeParams, { max_depth: QUICK_TREE_DEPTH, min_samples_leaf: 5 }), { seed: input.seed }));
  const better = treeAuc > logisticAuc ? 'tree' : 'logistic';
  return { auc: Math.max(logisticAuc, treeAuc), model: better, logisticAuc, treeAuc, features };
}
