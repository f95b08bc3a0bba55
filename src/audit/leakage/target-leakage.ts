// target_leakage: a feature that is too good to be true. Per model-input feature, its single-feature
// ROC-AUC and purity; the strong ones are then compared with quick models on all the other features
// (others-model.ts). Only a feature that beats the rest together by a clear margin is flagged: a strong
// single predictor is not enough (breast_cancer's `worst perimeter` reaches 0.975, and the others do better).

import { isCoded } from '../../core/frame.js';
import { rocAuc } from '../../evaluation/metrics.js';
import { stratifiedFolds } from '../../features/folds.js';
import { featureColumns, isModelInput, percent, rounded, targetOf } from './check-inputs.js';
import { holdoutParts, othersModel, type HoldoutParts, type OthersModel } from './others-model.js';
import { levelRateAuc, numericAuc, orientedNumericAuc, outOfFoldLevelScores, purity, type NumericOrientation } from './single-feature.js';
import type { Finding, LeakageCheck, LeakageInput, Severity } from './types.js';

/** Single-feature AUC at or above which a feature is near-certain to leak (blocking if it also beats the others). */
export const BLOCKING_AUC = 0.99;
/** …or purity at or above this share of rows. */
export const BLOCKING_PURITY = 0.9;
/** Single-feature AUC at or above which a feature is suspicious (warning if it also beats the others). */
export const WARNING_AUC = 0.9;
/** How much the feature's held-out AUC must exceed the others-model's to be flagged. */
export const MIN_MARGIN = 0.05;
/** Folds for the out-of-fold level rates of categorical features. */
export const LEVEL_RATE_FOLDS = 5;
/** With fewer rows of either class, single-feature AUCs this high arise by chance: the check says so instead. */
export const MIN_ROWS_PER_CLASS = 10;

interface FeatureStats {
  name: string;
  coded: boolean;
  auc: number;
  purity: number;
  orientation?: NumericOrientation;
}

export const targetLeakage: LeakageCheck = {
  name: 'target_leakage',
  description: 'a feature that alone predicts the target near-perfectly, or far better than quick models on all the other features together',
  needs: ['target'],
  run(input: LeakageInput): Finding[] {
    const target = targetOf(input);
    const y = target.y;
    const fewest = Math.min(target.positiveCount, target.negativeCount);
    if (fewest < MIN_ROWS_PER_CLASS) {
      return [
        {
          check: 'target_leakage',
          severity: 'info',
          columns: [],
          message: `the target has only ${fewest} rows of its rarer class, too few to tell a leaked feature from a lucky one`,
          hint: 'audit again with more labelled rows',
          evidence: { status: 'insufficient_data', positives: target.positiveCount, negatives: target.negativeCount, min_rows_per_class: MIN_ROWS_PER_CLASS },
        },
      ];
    }
    let folds: Uint8Array | undefined;
    const foldsOf = () => (folds ??= stratifiedFolds(y, LEVEL_RATE_FOLDS, input.seed));
    const stats = featureColumns(input)
      .filter(isModelInput)
      .map((c) => featureStats(input, c.name, y, foldsOf));
    const nearCertain = (s: FeatureStats) => s.auc >= BLOCKING_AUC || s.purity >= BLOCKING_PURITY;
    const candidates = stats.filter((s) => nearCertain(s) || s.auc >= WARNING_AUC);
    if (candidates.length === 0) return [];
    const parts = holdoutParts(input, y);
    // Near-certain features are left out of every others-model: two copies of the target must not vouch for each other.
    const certain = candidates.filter(nearCertain).map((s) => s.name);
    const findings: Finding[] = [];
    for (const s of candidates) {
      const exclude = new Set([s.name, ...certain]);
      const others = othersModel(input, y, parts, exclude);
      const holdoutAuc = singleHoldoutAuc(input, s, y, parts);
      const margin = holdoutAuc - others.auc;
      const beats = !Number.isFinite(margin) || margin >= MIN_MARGIN;
      // A strong feature the others match is legitimate signal (no finding); a near-certain one the
      // others match is reported for information, since even then it deserves a look.
      if (!beats && !nearCertain(s)) continue;
      // Without a comparison (too few held-out rows of a class) a feature is at most a warning.
      const severity = !beats ? 'info' : nearCertain(s) && Number.isFinite(margin) ? 'blocking' : 'warning';
      findings.push(finding(s, severity, holdoutAuc, others, parts, [...exclude].filter((n) => n !== s.name)));
    }
    return findings;
  },
};

function featureStats(input: LeakageInput, name: string, y: Uint8Array, folds: () => Uint8Array): FeatureStats {
  const column = input.frame.column(name);
  const share = purity(column, y).share;
  if (isCoded(column)) {
    const scores = outOfFoldLevelScores(column.codes, column.levels.length, y, folds(), LEVEL_RATE_FOLDS);
    const raw = rocAuc(scores, y);
    return { name, coded: true, auc: Math.max(raw, 1 - raw), purity: share };
  }
  const oriented = numericAuc(column.values, y);
  return { name, coded: false, auc: oriented.auc, purity: share, orientation: { missingAs: oriented.missingAs, higherIsPositive: oriented.higherIsPositive } };
}

/** The feature's AUC on the held-out rows: orientation or level rates learned on the training part only. */
function singleHoldoutAuc(input: LeakageInput, s: FeatureStats, y: Uint8Array, parts: HoldoutParts): number {
  const column = input.frame.column(s.name);
  if (isCoded(column)) return levelRateAuc(column.codes, column.levels.length, y, parts.train, parts.holdout);
  const trained = numericAuc(column.values, y, parts.train);
  return orientedNumericAuc(column.values, y, parts.holdout, trained);
}

function finding(s: FeatureStats, severity: Severity, holdoutAuc: number, others: OthersModel, parts: HoldoutParts, alsoExcluded: string[]): Finding {
  const comparable = Number.isFinite(holdoutAuc - others.auc);
  const strength = s.auc >= BLOCKING_AUC || s.purity < BLOCKING_PURITY ? `separates the classes with ROC-AUC ${s.auc.toFixed(3)} on its own` : `puts ${percent(s.purity)} of rows in values that hold one class only`;
  const versus = !comparable
    ? 'but the held-out rows hold too few of each class to compare it with the other features'
    : others.model === 'none'
      ? 'and there are no other features to compare it with'
      : `while quick models on the ${others.features} other features reach ${others.auc.toFixed(3)} on held-out rows (it reaches ${holdoutAuc.toFixed(3)} there)`;
  const message = {
    blocking: `"${s.name}" ${strength}, ${versus}: it almost certainly encodes the outcome`,
    warning: `"${s.name}" ${strength}, ${versus}: too good to be true unless its value is known at prediction time`,
    info: `"${s.name}" ${strength}, ${versus}: the other features carry the same signal, so it is not flagged as a leak`,
  }[severity];
  const hint = {
    blocking: `drop "${s.name}" (role: ignore in flywheel.yaml) unless you can show its value exists before the outcome; check how it was computed`,
    warning: `check that "${s.name}" is known at prediction time and is not recorded or updated after the outcome; if not, set role: ignore`,
    info: `nothing to do if "${s.name}" is known at prediction time; a near-perfect predictor still deserves a look at how it is recorded`,
  }[severity];
  const evidence: Record<string, unknown> = {
    single_auc: rounded(s.auc),
    single_auc_holdout: rounded(holdoutAuc),
    purity: rounded(s.purity),
    others_auc: comparable ? rounded(others.auc) : null,
    others_model: others.model,
    others_logistic_auc: others.logisticAuc === null ? null : rounded(others.logisticAuc),
    others_tree_auc: others.treeAuc === null ? null : rounded(others.treeAuc),
    others_features: others.features,
    others_excluded: alsoExcluded,
    margin: comparable ? rounded(holdoutAuc - others.auc) : null,
    holdout: parts.source,
    holdout_rows: parts.holdout.length,
    scored_by: s.coded ? 'out_of_fold_level_rate' : 'value',
  };
  if (!comparable) evidence.status = 'insufficient_data';
  if (s.orientation !== undefined) {
    evidence.direction = s.orientation.higherIsPositive ? 'higher_is_positive' : 'lower_is_positive';
    evidence.missing_as = s.orientation.missingAs;
  }
  return { check: 'target_leakage', severity, columns: [s.name], message, hint, evidence };
}
