// A hand-made evaluation result for tests and docs: a churn model evaluated on its frozen test split,
// with curves drawn from a smooth ROC model, a slightly over-confident calibration, slices (one of
// them worse, one with a single class, one feature named with markup), weak segments and comparisons
// with the baseline and the champion. The number of slices can be raised to test large reports.

import type { MetricValue } from '../evaluation/bootstrap.js';
import type {
  ConfusionCounts,
  EvaluationResult,
  ReliabilityBin,
  SegmentResult,
  SliceResult,
  ThresholdConsequences,
} from '../evaluation/evaluation-result.js';

export const HOSTILE_FEATURE = '<script>alert("x")</script>';

export interface EvaluationReportFixtureOptions {
  /** Number of slices (default 9); extra slices are synthetic bins of synthetic features. */
  slices?: number;
}

function metric(value: number, halfWidth: number): MetricValue {
  return { value, ci: [value - halfWidth, value + halfWidth] };
}

/** Rates of a confusion matrix, with a cost of 1 per false positive and 5 per false negative. */
function consequences(confusion: ConfusionCounts): ThresholdConsequences {
  const { tp, fp, tn, fn } = confusion;
  const rows = tp + fp + tn + fn;
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
  const total = fp * 1 + fn * 5;
  return {
    rows,
    confusion,
    accuracy: (tp + tn) / rows,
    balanced_accuracy: (tp / (tp + fn) + tn / (tn + fp)) / 2,
    precision,
    recall,
    f1,
    flagged_share: (tp + fp) / rows,
    cost: { total, per_row: total / rows },
  };
}

/**
 * A power-law ROC curve tpr = fpr^(1/k), whose area is k / (k + 1), and the PR curve it implies at
 * the given class counts: precision = tpr·P / (tpr·P + fpr·N).
 */
function curves(auc: number, positives: number, negatives: number, points: number): EvaluationResult['curves'] {
  const k = auc / (1 - auc);
  const roc: { fpr: number; tpr: number }[] = [];
  const pr: { recall: number; precision: number }[] = [];
  for (let i = 0; i < points; i++) {
    // Denser near the origin, where the curve bends.
    const fpr = (i / (points - 1)) ** 2;
    const tpr = fpr ** (1 / k);
    roc.push({ fpr, tpr });
    if (tpr > 0) pr.push({ recall: tpr, precision: (tpr * positives) / (tpr * positives + fpr * negatives) });
  }
  return { split: 'test', roc, pr: [{ recall: 0, precision: 1 }, ...pr] };
}

function reliabilityBins(): ReliabilityBin[] {
  const counts = [402, 231, 160, 118, 96, 88, 79, 70, 52, 33];
  return counts.map((count, i) => {
    const meanScore = (i + 0.5) / 10;
    // Over-confident at the top: observed positives fall short of the scores above 0.5.
    const fractionPositive = Math.max(0, Math.min(1, meanScore - (meanScore > 0.5 ? 0.08 * (meanScore - 0.5) * 2 : -0.01)));
    return { mean_score: meanScore, fraction_positive: fractionPositive, count, lower: i / 10, upper: (i + 1) / 10 };
  });
}

const BASE_SLICES: SliceResult[] = [
  { feature: 'Contract', slice: 'Month-to-month', size: 775, positives: 331, roc_auc: metric(0.742, 0.036), worse: true },
  { feature: 'Contract', slice: 'One year', size: 295, positives: 33, roc_auc: metric(0.801, 0.07), worse: false },
  { feature: 'Contract', slice: 'Two year', size: 339, positives: 10, roc_auc: metric(0.866, 0.09), worse: false },
  { feature: 'tenure', slice: '[0, 12)', size: 440, positives: 209, roc_auc: metric(0.781, 0.045), worse: false },
  { feature: 'tenure', slice: '[12, 48)', size: 503, positives: 118, roc_auc: metric(0.829, 0.04), worse: false },
  { feature: 'tenure', slice: '[48, 72]', size: 462, positives: 45, roc_auc: metric(0.861, 0.05), worse: false },
  { feature: 'tenure', slice: '(missing)', size: 4, positives: 0, roc_auc: null, worse: false },
  { feature: HOSTILE_FEATURE, slice: '<b>bold</b>', size: 700, positives: 190, roc_auc: metric(0.838, 0.032), worse: false },
  { feature: HOSTILE_FEATURE, slice: 'a & b', size: 709, positives: 184, roc_auc: metric(0.844, 0.031), worse: false },
];

function syntheticSlices(count: number): SliceResult[] {
  return Array.from({ length: count }, (_, i) => {
    const value = 0.7 + ((i * 37) % 23) / 100;
    const positives = 20 + ((i * 13) % 60);
    return {
      feature: `feature_${Math.floor(i / 5)}`,
      slice: `[${(i % 5) * 20}, ${(i % 5) * 20 + 20})`,
      size: 200 + ((i * 53) % 300),
      positives,
      roc_auc: metric(value, 0.04 + (i % 3) / 100),
      worse: value < 0.74,
    };
  });
}

const SEGMENTS: SegmentResult[] = [
  { features: ['Contract', 'tenure'], slice: 'Month-to-month × [0, 12)', size: 352, positives: 181, roc_auc: metric(0.702, 0.05), shortfall: 0.138, worse: true },
  { features: ['Contract', 'PaymentMethod'], slice: 'Month-to-month × Electronic check', size: 410, positives: 196, roc_auc: metric(0.731, 0.048), shortfall: 0.109, worse: true },
  { features: ['tenure', HOSTILE_FEATURE], slice: '[0, 12) × <b>bold</b>', size: 221, positives: 102, roc_auc: metric(0.77, 0.06), shortfall: 0.07, worse: false },
];

/** A realistic result of `flywheel evaluate --json` for a gradient-boosted churn model. */
export function evaluationReportFixture(options: EvaluationReportFixtureOptions = {}): EvaluationResult {
  const sliceCount = options.slices ?? BASE_SLICES.length;
  const slices = sliceCount <= BASE_SLICES.length ? BASE_SLICES.slice(0, sliceCount) : [...BASE_SLICES, ...syntheticSlices(sliceCount - BASE_SLICES.length)];
  const valid = consequences({ tp: 281, fp: 226, tn: 809, fn: 93 });
  const test = consequences({ tp: 270, fp: 241, tn: 794, fn: 104 });
  const bins = reliabilityBins();
  return {
    run_id: 'run-20261127-101500-gbt',
    model: 'gbt',
    project: 'telco-churn',
    snapshot: '9f2c4e1a7b3d5f60812e4c9a0b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
    split: '4b1e7d0c93a25f68e1d2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a49382716',
    target: { name: 'Churn', positive: 'Yes', negative: 'No' },
    metrics: {
      valid: { roc_auc: metric(0.846, 0.021), average_precision: metric(0.652, 0.04), log_loss: metric(0.419, 0.02), brier: metric(0.137, 0.008) },
      test: { roc_auc: metric(0.84, 0.022), average_precision: metric(0.641, 0.041), log_loss: metric(0.426, 0.021), brier: metric(0.139, 0.008) },
    },
    ml_metric: { name: 'recall_at_precision@0.5', valid: metric(0.751, 0.045), test: metric(0.722, 0.047) },
    threshold: {
      value: 0.3125,
      objective: { kind: 'min_expected_cost', false_positive: 1, false_negative: 5 },
      reasoning: 'The threshold minimising expected cost on validation, with a false negative costing 5 times a false positive.',
      feasible: true,
      valid,
      test,
    },
    calibration: {
      split: 'test',
      bins,
      ece: 0.031,
      brier: { value: 0.139, reliability: 0.004, resolution: 0.06, uncertainty: 0.195 },
      calibrator: { method: 'isotonic', ece_before: 0.052, ece_after: 0.031 },
    },
    slices,
    segments: SEGMENTS,
    comparisons: [
      {
        against: 'baseline',
        run_id: 'run-20261127-101200-logistic',
        roc_auc: { auc_a: 0.811, auc_b: 0.84, difference: 0.029, se: 0.0081, z: 3.58, p_value: 0.00034, ci: [0.0131, 0.0449] },
        differences: { average_precision: metric(0.041, 0.018), log_loss: metric(-0.021, 0.009), brier: metric(-0.006, 0.004) },
        slice_regressions: [],
      },
      {
        against: 'champion',
        run_id: 'run-20261020-090000-gbt',
        roc_auc: { auc_a: 0.836, auc_b: 0.84, difference: 0.004, se: 0.0052, z: 0.77, p_value: 0.44, ci: [-0.0062, 0.0142] },
        differences: { average_precision: metric(0.006, 0.015), log_loss: metric(-0.002, 0.008), brier: { value: -0.001 } },
        slice_regressions: [{ feature: 'payment_method', slice: 'Mailed check', size: 310, roc_auc: { value: 0.71, ci: [0.65, 0.77] }, other_roc_auc: 0.79 }],
      },
    ],
    test_looks: 3,
    curves: curves(0.84, 374, 1035, 120),
    warnings: [
      'The test split has been viewed 3 times: choices made after the first look may have been fitted to it.',
      `Slice ${HOSTILE_FEATURE} = <b>bold</b> was named with markup.`,
      'Slice tenure = (missing) has one class only: its ROC-AUC is undefined.',
    ],
  };
}
