// `reproduce RUN`: refit a tracked run from what it recorded — the snapshot file (not the data file,
// which may have changed), the split's row assignment, the seed, the params, the feature steps, the
// calibration and the threshold objective — and say whether the model's content hash and the
// validation metrics come out identical. Nothing is written to the store.

import type { LadderKind } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import { metricsWithIntervals, type MetricValue } from '../evaluation/bootstrap.js';
import type { ThresholdObjective } from '../evaluation/evaluation-result.js';
import { METRIC_NAMES } from '../evaluation/metrics.js';
import type { FeatureStepInput } from '../features/index.js';
import { buildModelPackage, modelContentHash } from '../tracking/model-package.js';
import { fitRung, type CalibrationMethod } from './fit-rung.js';
import type { Project } from './project.js';
import { loadRunData } from './run-data.js';
import type { Store } from '../store/types.js';

export interface ReproduceResult {
  run_id: string;
  model: string;
  identical: boolean;
  model_hash: { recorded: string | null; reproduced: string; identical: boolean };
  /** Validation metrics, recorded and refitted, with whether each value is bit-for-bit the same. */
  metrics: { name: string; recorded: number | null; reproduced: number; identical: boolean }[];
  fit_seconds: number;
  warnings: string[];
}

export async function reproduceRun(project: Project, store: Store, runId: string): Promise<ReproduceResult> {
  const data = await loadRunData(project, store, runId);
  const { run, dataset, split, pkg } = data;
  const info = run.info ?? {};
  const warnings: string[] = [];
  if (!('feature_steps' in info)) {
    throw new FlywheelError('usage', `run ${run.id.slice(0, 8)} did not record its feature steps (it was fitted by an older Flywheel), so it cannot be refitted as it was`, {
      hint: 'retrain it with `flywheel train --model ' + run.kind + '` to get a reproducible run',
    });
  }
  const objective = (info.threshold_objective as ThresholdObjective | undefined) ?? { kind: 'max_f1' };
  const bootstrap = (info.bootstrap as { seed: number; replicates: number } | undefined) ?? { seed: run.seed, replicates: project.config.ladder.bootstrap };
  const fitted = fitRung({
    kind: run.kind as LadderKind,
    params: run.params,
    steps: (info.feature_steps as FeatureStepInput[] | null) ?? undefined,
    frame: dataset.frame,
    y: dataset.target!.y,
    assignment: split.assignment,
    seed: run.seed,
    objective,
    calibration: info.calibration as CalibrationMethod | undefined,
    schema: dataset.schema.columns,
  });
  const reproduced = buildModelPackage({
    runId: run.id,
    createdAtMs: run.createdAtMs,
    target: pkg.json.target,
    threshold: { value: fitted.threshold.value, method: fitted.threshold.method },
    training: pkg.json.training,
    pipeline: fitted.pipeline,
    model: fitted.model,
    calibrator: fitted.calibrator,
  });
  const recordedHash = typeof info.model_sha256 === 'string' ? info.model_sha256 : modelContentHash(pkg.json);
  const reproducedHash = modelContentHash(reproduced);
  const recordedValid = (run.metrics.valid ?? {}) as Record<string, MetricValue>;
  const now = metricsWithIntervals(METRIC_NAMES, fitted.validScores, fitted.yValid, bootstrap);
  const metrics = METRIC_NAMES.map((name) => {
    const recorded = recordedValid[name]?.value ?? null;
    const value = now[name]!.value;
    return { name, recorded, reproduced: value, identical: recorded !== null && Object.is(recorded, value) };
  });
  if (pkg.json.flywheel_version !== reproduced.flywheel_version) warnings.push(`fitted by Flywheel ${pkg.json.flywheel_version}, refitted by ${reproduced.flywheel_version}`);
  if (run.code.nodeVersion !== process.version) warnings.push(`fitted on Node ${run.code.nodeVersion}, refitted on ${process.version}: floating-point results may differ`);
  const hashIdentical = recordedHash === reproducedHash;
  return {
    run_id: run.id,
    model: run.kind,
    identical: hashIdentical && metrics.every((m) => m.identical),
    model_hash: { recorded: recordedHash, reproduced: reproducedHash, identical: hashIdentical },
    metrics,
    fit_seconds: fitted.fitSeconds,
    warnings,
  };
}
