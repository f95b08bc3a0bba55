// The model package: what the registry stores and the server loads — the fitted pipeline and model as
// JSON data (never code), an optional calibrator, the target and its positive class, the decision threshold, the run it came
// from, and the SHA-256 of its canonical JSON, so a package is verifiable byte for byte.

import { FlywheelError } from '../core/errors.js';
import { canonicalJson, sha256Hex } from '../core/hash.js';
import { pipelineFromJSON, type FittedPipeline } from '../features/index.js';
import type { Model, ModelJson } from '../models/estimator.js';
import { modelFromJSON } from '../models/registry.js';
import { applyCalibrator, calibratorFromJSON, type CalibratorJson } from '../evaluation/calibrators.js';
import { flywheelVersion } from './code-version.js';

export const PACKAGE_FORMAT_VERSION = 1;

export interface ModelPackageJson {
  format_version: number;
  flywheel_version: string;
  kind: string;
  run_id: string;
  created_at: string;
  target: { name: string; positive: string; negative: string };
  /** The decision threshold on the score, and how it was chosen. */
  threshold: { value: number; method: string };
  training: { snapshot: string; split: string; seed: number; train_rows: number };
  pipeline: unknown;
  model: ModelJson;
  /** A calibrator fitted on the validation scores and applied after the model, when one was asked for. */
  calibration?: CalibratorJson;
  /** SHA-256 of the canonical JSON of every other field. */
  sha256: string;
}

export interface PackageInput {
  runId: string;
  createdAtMs: number;
  target: { name: string; positive: string; negative: string };
  threshold: { value: number; method: string };
  training: { snapshot: string; split: string; seed: number; train_rows: number };
  pipeline: FittedPipeline;
  model: Model;
  calibrator?: CalibratorJson | undefined;
}

export function buildModelPackage(input: PackageInput): ModelPackageJson {
  const body = {
    format_version: PACKAGE_FORMAT_VERSION,
    flywheel_version: flywheelVersion(),
    kind: input.model.kind,
    run_id: input.runId,
    created_at: new Date(input.createdAtMs).toISOString(),
    target: input.target,
    threshold: input.threshold,
    training: input.training,
    pipeline: input.pipeline.toJSON(),
    model: input.model.toJSON(),
    ...(input.calibrator === undefined ? {} : { calibration: input.calibrator }),
  };
  return { ...body, sha256: sha256Hex(canonicalJson(body)) };
}

export interface LoadedPackage {
  json: ModelPackageJson;
  pipeline: FittedPipeline;
  model: Model;
  calibrator: CalibratorJson | undefined;
}

/**
 * SHA-256 of what the package computes — kind, pipeline, model, calibration and threshold — without
 * the run id and creation time, so a refit of the same run from the same inputs has the same hash.
 */
export function modelContentHash(pkg: ModelPackageJson): string {
  return sha256Hex(canonicalJson({ kind: pkg.kind, target: pkg.target, threshold: pkg.threshold, pipeline: pkg.pipeline, model: pkg.model, calibration: pkg.calibration ?? null }));
}

/** Check a package's format and hash, then rebuild its pipeline and model. */
export function loadModelPackage(json: unknown): LoadedPackage {
  const p = json as Partial<ModelPackageJson> | null;
  if (p === null || typeof p !== 'object' || p.format_version === undefined) {
    throw new FlywheelError('data_invalid', 'this is not a Flywheel model package', { hint: 'load a package written by `flywheel train` or the registry' });
  }
  if (p.format_version !== PACKAGE_FORMAT_VERSION) {
    throw new FlywheelError('data_invalid', `model package format version ${String(p.format_version)} is not supported (this Flywheel reads ${PACKAGE_FORMAT_VERSION})`, {
      hint: 'upgrade Flywheel, or refit the model',
    });
  }
  const { sha256, ...body } = p as ModelPackageJson;
  const actual = sha256Hex(canonicalJson(body));
  if (actual !== sha256) {
    throw new FlywheelError('data_invalid', `model package of run ${String(p.run_id)} fails its SHA-256 check (stored ${String(sha256).slice(0, 12)}…, computed ${actual.slice(0, 12)}…)`, {
      hint: 'the package was changed after it was written; refit or restore it',
    });
  }
  return {
    json: p as ModelPackageJson,
    pipeline: pipelineFromJSON(p.pipeline),
    model: modelFromJSON(p.model as ModelJson),
    calibrator: p.calibration === undefined ? undefined : calibratorFromJSON(p.calibration),
  };
}

/** Scores for raw records (the serving path): pipeline, then model. */
export function scoreRecords(loaded: LoadedPackage, records: readonly Record<string, unknown>[]): Float64Array {
  const raw = loaded.model.predictProba(loaded.pipeline.transform(records));
  return loaded.calibrator === undefined ? raw : applyCalibrator(loaded.calibrator, raw);
}
