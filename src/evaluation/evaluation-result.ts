// The JSON contract of `flywheel evaluate --json` (DESIGN.md's metric shape) and the input of the
// HTML evaluation report. Plain data: every number is a JSON number, `null` where a value could not be
// computed (one class in a slice, no threshold meeting a constraint).

import type { MetricValue } from './bootstrap.js';

/** Counts at one decision threshold (a row is predicted positive when score ≥ threshold). */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** What a threshold means on one split: the counts and the rates they give. */
export interface ThresholdConsequences {
  rows: number;
  confusion: ConfusionCounts;
  accuracy: number;
  balanced_accuracy: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Rows flagged positive, as a share of all rows. */
  flagged_share: number;
  /** Total and per-row cost from the problem card's costs; null when the card has no costs. */
  cost: { total: number; per_row: number } | null;
}

export type ThresholdObjective =
  | { kind: 'min_expected_cost'; false_positive: number; false_negative: number }
  | { kind: 'recall_at_precision'; precision: number }
  | { kind: 'precision_at_recall'; recall: number }
  | { kind: 'max_f1' };

export interface ThresholdChoice {
  value: number;
  objective: ThresholdObjective;
  /** How the threshold was chosen, in one sentence. */
  reasoning: string;
  /** Whether the objective's constraint could be met on validation (always true for cost and F1). */
  feasible: boolean;
  valid: ThresholdConsequences;
  test?: ThresholdConsequences;
}

export interface ReliabilityBin {
  /** Mean predicted probability of the bin's rows. */
  mean_score: number;
  /** Observed share of positives among the bin's rows. */
  fraction_positive: number;
  count: number;
  /** The bin's score range. */
  lower: number;
  upper: number;
}

export interface CalibrationSummary {
  split: 'valid' | 'test';
  bins: ReliabilityBin[];
  /** Expected calibration error: Σ count/n · |fraction_positive − mean_score| over the bins. */
  ece: number;
  /** Murphy's decomposition over the same bins: brier ≈ reliability − resolution + uncertainty. */
  brier: { value: number; reliability: number; resolution: number; uncertainty: number };
  /** The calibration fitted on validation and applied to the scores, when one was asked for. */
  calibrator?: { method: 'platt' | 'isotonic'; ece_before: number; ece_after: number };
}

export interface SliceResult {
  feature: string;
  /** The level (`Month-to-month`), the bin (`[12, 24)`), `(missing)`, or `(other: 3 small levels)`. */
  slice: string;
  size: number;
  positives: number;
  roc_auc: MetricValue | null;
  /** The slice's metric is significantly below the metric on the rest of the rows. */
  worse: boolean;
}

export interface SliceRegression {
  feature: string;
  slice: string;
  size: number;
  roc_auc: MetricValue;
  /** The other model's ROC-AUC on the same rows. */
  other_roc_auc: number;
}

export interface SegmentResult {
  features: [string, string];
  slice: string;
  size: number;
  positives: number;
  roc_auc: MetricValue;
  /** Overall value minus the segment's: how far below overall it is. */
  shortfall: number;
  worse: boolean;
}

export interface DelongResult {
  auc_a: number;
  auc_b: number;
  /** auc_b − auc_a. */
  difference: number;
  se: number;
  z: number;
  p_value: number;
  ci: [number, number];
}

export interface EvaluationResult {
  run_id: string;
  model: string;
  project: string;
  snapshot: string;
  split: string;
  target: { name: string; positive: string; negative: string };
  /** `{ valid: { roc_auc: { value, ci }, … }, test: { … } }`. */
  metrics: Record<string, Record<string, MetricValue>>;
  /** The problem card's ML metric key (e.g. `recall_at_precision@0.9`) and its values per split. */
  ml_metric: { name: string; valid: MetricValue | null; test: MetricValue | null } | null;
  threshold: ThresholdChoice;
  calibration: CalibrationSummary;
  slices: SliceResult[];
  segments: SegmentResult[];
  /** Comparison with the baseline rung and the current champion on the same test rows. */
  comparisons: {
    against: string;
    run_id: string;
    roc_auc: DelongResult | null;
    /** Paired bootstrap differences (this run − the other), for the other headline metrics. */
    differences: Record<string, MetricValue>;
    /**
     * Slices where this run's ROC-AUC is below the other's by more than the tolerance, with this run's
     * interval entirely below the other's value: the regressions a promotion must not bring.
     */
    slice_regressions: SliceRegression[];
  }[];
  /** How many times this test split has been looked at, this evaluation included. */
  test_looks: number;
  /** Curves for the report: ROC and PR on the evaluated split, down-sampled to ≤ 200 points. */
  curves: { split: 'valid' | 'test'; roc: { fpr: number; tpr: number }[]; pr: { recall: number; precision: number }[] };
  warnings: string[];
}
