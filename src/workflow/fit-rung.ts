// One model fitted the way every tracked run is fitted: the feature pipeline on the train rows only,
// the model on its output (validation rows for early stopping), an optional calibrator fitted on the
// validation scores, and the decision threshold chosen on validation for the problem card's objective.
// `train` fits each rung with it and `reproduce` refits a recorded run with it, so both agree by
// construction.

import type { LadderKind, ProjectConfig } from '../core/config.js';
import type { Frame } from '../core/frame.js';
import { applyCalibrator, fitIsotonic, fitPlatt, type CalibratorJson } from '../evaluation/calibrators.js';
import { chooseThreshold } from '../evaluation/threshold.js';
import type { ThresholdObjective } from '../evaluation/evaluation-result.js';
import { fitPipeline, trainFrame, type FeatureStepInput, type FittedPipeline } from '../features/index.js';
import { rowsOf, TRAIN, VALID } from '../data/split.js';
import type { Model } from '../models/estimator.js';
import { takeLabels } from '../models/matrix.js';
import { modelKind } from '../models/registry.js';
import { parseParams } from '../models/params.js';
import { mlMetricKey, type MlMetric } from '../core/problem-spec.js';

export const CALIBRATION_METHODS = ['platt', 'isotonic'] as const;
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

export interface RungInputs {
  kind: LadderKind;
  params: Record<string, unknown>;
  /** The feature steps (flywheel.yaml's `features:`, plus the card's rule for the rules rung). */
  steps: FeatureStepInput[] | undefined;
  frame: Frame;
  y: Uint8Array;
  assignment: Uint8Array;
  seed: number;
  objective: ThresholdObjective;
  calibration?: CalibrationMethod | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  schema: Parameters<typeof fitPipeline>[2]['schema'];
}

export interface FittedRung {
  pipeline: FittedPipeline;
  model: Model;
  calibrator: CalibratorJson | undefined;
  /** Scores of the validation rows (calibrated when a calibrator was fitted). */
  validScores: Float64Array;
  /** Scores of the train rows (calibrated likewise). */
  trainScores: Float64Array;
  yTrain: Uint8Array;
  yValid: Uint8Array;
  threshold: { value: number; method: string; reasoning: string; feasible: boolean };
  fitSeconds: number;
}

/** Score rows through a fitted pipeline, model and optional calibrator. */
export function scoreFrame(fitted: { pipeline: FittedPipeline; model: Model; calibrator?: CalibratorJson | undefined }, frame: Frame): Float64Array {
  const raw = fitted.model.predictProba(fitted.pipeline.transform(frame));
  return fitted.calibrator === undefined ? raw : applyCalibrator(fitted.calibrator, raw);
}

export function fitRung(inputs: RungInputs): FittedRung {
  const kind = modelKind(inputs.kind);
  const trainRows = rowsOf(inputs.assignment, TRAIN);
  const validRows = rowsOf(inputs.assignment, VALID);
  const train = trainFrame(inputs.frame, { assignment: inputs.assignment });
  const yTrain = takeLabels(inputs.y, trainRows);
  const validFrame = inputs.frame.take(validRows);
  const yValid = takeLabels(inputs.y, validRows);
  const started = performance.now();
  const { pipeline, trainMatrix } = fitPipeline(train, yTrain, { schema: inputs.schema, steps: inputs.steps, encoding: kind.encoding, seed: inputs.seed });
  const validMatrix = pipeline.transform(validFrame);
  const model = kind.fit(trainMatrix, yTrain, parseParams(inputs.kind, kind.params, inputs.params), {
    seed: inputs.seed,
    valid: { X: validMatrix, y: yValid },
    categorical: pipeline.categoricalFeatures,
    ...(inputs.onProgress === undefined ? {} : { onProgress: inputs.onProgress }),
  });
  let validScores = model.predictProba(validMatrix);
  let trainScores = model.predictProba(trainMatrix);
  let calibrator: CalibratorJson | undefined;
  if (inputs.calibration !== undefined) {
    calibrator = inputs.calibration === 'platt' ? fitPlatt(validScores, yValid) : fitIsotonic(validScores, yValid);
    validScores = applyCalibrator(calibrator, validScores);
    trainScores = applyCalibrator(calibrator, trainScores);
  }
  const fitSeconds = (performance.now() - started) / 1000;
  const chosen = chooseThreshold(validScores, yValid, inputs.objective);
  return {
    pipeline,
    model,
    calibrator,
    validScores,
    trainScores,
    yTrain,
    yValid,
    threshold: { value: chosen.value, method: thresholdMethod(inputs.objective), reasoning: chosen.reasoning, feasible: chosen.feasible },
    fitSeconds,
  };
}

/** How a threshold objective is named in packages and reports. */
export function thresholdMethod(objective: ThresholdObjective): string {
  switch (objective.kind) {
    case 'min_expected_cost':
      return 'min_expected_cost_on_valid';
    case 'recall_at_precision':
      return `max_recall_at_precision_${objective.precision}_on_valid`;
    case 'precision_at_recall':
      return `max_precision_at_recall_${objective.recall}_on_valid`;
    case 'max_f1':
      return 'max_f1_on_valid';
  }
}

/**
 * The threshold objective the problem card implies: its recall-at-precision (or precision-at-recall)
 * constraint when the ML metric is one, else the minimum expected cost when it states both costs,
 * else the best F1 on validation.
 */
export function thresholdObjective(config: ProjectConfig): ThresholdObjective {
  const card = config.problem;
  const metric: MlMetric | undefined = card?.ml_metric;
  if (metric?.name === 'recall_at_precision' && metric.param !== undefined) return { kind: 'recall_at_precision', precision: metric.param };
  if (metric?.name === 'precision_at_recall' && metric.param !== undefined) return { kind: 'precision_at_recall', recall: metric.param };
  const fp = card?.costs?.false_positive;
  const fn = card?.costs?.false_negative;
  if (fp !== undefined && fn !== undefined && fp + fn > 0) return { kind: 'min_expected_cost', false_positive: fp, false_negative: fn };
  return { kind: 'max_f1' };
}

/** The card's ML metric as a key of JSON output, or undefined without one. */
export function cardMetricKey(config: ProjectConfig): string | undefined {
  const metric = config.problem?.ml_metric;
  return metric === undefined ? undefined : mlMetricKey(metric);
}
