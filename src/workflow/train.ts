// `train`: the baseline ladder. Each rung fits its own pipeline on the train rows only, fits its model
// (validation rows for early stopping), is scored on train and validation with bootstrap intervals,
// compared with the incumbent (the best rung so far that earned its place) by a paired bootstrap on
// the same validation rows, and recorded as a run with its model package. A rung is climbed to only
// when its gain is significant and at least the minimum improvement.

import { randomUUID } from 'node:crypto';
import { LADDER_KINDS, type LadderKind, type ProjectConfig } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import { sha256Hex } from '../core/hash.js';
import { metricsWithIntervals, pairedDifference, type MetricValue } from '../evaluation/bootstrap.js';
import { HIGHER_IS_BETTER, METRIC_NAMES, type MetricName } from '../evaluation/metrics.js';
import type { FeatureStepInput } from '../features/index.js';
import { rowsOf, TEST, TRAIN, VALID } from '../data/split.js';
import { takeLabels } from '../models/matrix.js';
import { parseParams } from '../models/params.js';
import { availableKinds, modelKind } from '../models/registry.js';
import type { Store } from '../store/types.js';
import { codeVersion } from '../tracking/code-version.js';
import { buildModelPackage, modelContentHash } from '../tracking/model-package.js';
import { actorName } from '../tracking/actor.js';
import { fitRung, scoreFrame, thresholdObjective, type CalibrationMethod } from './fit-rung.js';
import { leakageAudit } from './leakage.js';
import { snapshotProject, splitDataset } from './dataset.js';
import type { Project } from './project.js';
import { recordsOf } from './records.js';

export interface TrainOptions {
  /** Only these kinds (in ladder order). */
  models?: LadderKind[] | undefined;
  /** Fit the ladder up to this kind. */
  upTo?: LadderKind | undefined;
  /** Extra params per kind (from --param), over flywheel.yaml's ladder.params. */
  params?: Partial<Record<LadderKind, Record<string, unknown>>> | undefined;
  /** Also score the test split (counts as a look at the frozen test set). */
  evaluateTest?: boolean | undefined;
  /** Fit a calibrator on the validation scores (recorded in the package); default: flywheel.yaml's ladder.calibrate. */
  calibrate?: CalibrationMethod | undefined;
  /** Train despite blocking leakage findings; the reason is recorded on every run. */
  acceptRisk?: string | undefined;
  onEvent?: ((event: TrainEvent) => void) | undefined;
}

export type TrainEvent =
  | { type: 'prepared'; snapshot: string; split: string; rungs: LadderKind[] }
  | { type: 'rung-start'; kind: LadderKind; index: number; total: number }
  | { type: 'rung-progress'; kind: LadderKind; done: number; total: number }
  | { type: 'rung-end'; kind: LadderKind; run: RungResult };

export interface RungResult {
  run_id: string;
  model: LadderKind;
  params: Record<string, unknown>;
  metrics: Record<string, Record<string, MetricValue>>;
  /** Gain over the incumbent on the ladder metric (validation), with a paired bootstrap interval. */
  gain: { vs: LadderKind; value: number; ci?: [number, number] } | null;
  verdict: 'baseline' | 'climb' | 'stay';
  verdict_text: string;
  fit_seconds: number;
  latency_us_per_row: number;
  model_bytes: number;
  n_features: number;
  warnings: string[];
}

export interface LadderResult {
  project: string;
  snapshot: string;
  split: string;
  metric: MetricName;
  min_improvement: number;
  target: { name: string; positive: string; negative: string };
  rows: { train: number; valid: number; test: number };
  runs: RungResult[];
  verdict: { recommended: LadderKind; run_id: string; text: string };
  /** With --evaluate-test: how many times the test split has now been looked at (each rung's score is a look). */
  test_looks?: number;
}

/** The rungs to fit: explicit models, else the ladder up to `upTo` (or all available kinds). */
export function chooseRungs(config: ProjectConfig, options: TrainOptions): LadderKind[] {
  const available = availableKinds();
  const requested = options.models ?? config.ladder.models;
  if (requested !== undefined) {
    for (const kind of requested) modelKind(kind); // throws, listing the known kinds
    return LADDER_KINDS.filter((k) => requested.includes(k));
  }
  const upTo = options.upTo ?? config.ladder.up_to;
  const last = upTo === undefined ? LADDER_KINDS.length - 1 : LADDER_KINDS.indexOf(upTo);
  if (upTo !== undefined) modelKind(upTo);
  return LADDER_KINDS.filter((k, i) => i <= last && available.includes(k));
}

export async function trainProject(project: Project, store: Store, options: TrainOptions = {}): Promise<LadderResult> {
  const config = project.config;
  const rungs = chooseRungs(config, options);
  // Params are checked before any work, so a typo fails in a second, not after the first rung.
  const paramsByKind = new Map(
    rungs.map((k) => [k, parseParams(k, modelKind(k).params, { ...LADDER_DEFAULT_PARAMS[k], ...cardParams(k, config), ...(config.ladder.params[k] ?? {}), ...(options.params?.[k] ?? {}) })]),
  );
  for (const k of Object.keys(options.params ?? {})) {
    if (!rungs.includes(k as LadderKind)) {
      throw new FlywheelError('usage', `--param for ${k}, but ${k} is not among the rungs to fit (${rungs.join(', ')})`, { hint: 'add it with --model or --up-to' });
    }
  }
  const snap = await snapshotProject(project, store);
  const dataset = snap.dataset;
  if (dataset.target === undefined) throw new FlywheelError('config_invalid', 'flywheel.yaml names no target', { hint: 'set target: to the label column' });
  const { split } = await splitDataset(project, store, dataset);
  const leakage = await leakageAudit(project, store, dataset, split);
  const blocking = leakage.findings.filter((f) => f.severity === 'blocking');
  if (blocking.length > 0 && (options.acceptRisk === undefined || options.acceptRisk.trim() === '')) {
    throw new FlywheelError(
      'check_failed',
      [`the leakage audit has ${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'}; training would measure the leak, not the model:`, ...blocking.map((f) => `  ${f.check}: ${f.message}`)].join('\n'),
      { hint: 'fix the data (see `flywheel audit`), or train anyway with --accept-risk "<why this is acceptable>" (recorded on the runs)' },
    );
  }
  const acceptedRisk = blocking.length > 0 ? { reason: options.acceptRisk!.trim(), findings: blocking.map((f) => ({ check: f.check, columns: f.columns, message: f.message })) } : undefined;
  options.onEvent?.({ type: 'prepared', snapshot: dataset.snapshotHash, split: split.hash, rungs });

  const { metric, minImprovement } = ladderCriteria(config);
  const seed = config.seed;
  const y = dataset.target.y;
  const trainRows = rowsOf(split.assignment, TRAIN);
  const validRows = rowsOf(split.assignment, VALID);
  const testRows = rowsOf(split.assignment, TEST);
  if (validRows.length === 0) throw new FlywheelError('config_invalid', 'the split has no validation rows; the ladder selects on them', { hint: 'set split.valid above 0' });
  const validFrame = dataset.frame.take(validRows);
  const testFrame = options.evaluateTest === true ? dataset.frame.take(testRows) : undefined;
  const yTest = takeLabels(y, testRows);
  const sampleRecords = recordsOf(validFrame, Uint32Array.from({ length: Math.min(200, validRows.length) }, (_, i) => i));
  const code = codeVersion(project.root);
  // Pipeline-leakage provenance: every fitted step saw exactly these rows (the train side of this split).
  const fittedRows = { side: 'train', split: split.hash, rows: trainRows.length, rows_sha256: sha256Hex(new Uint8Array(trainRows.buffer, trainRows.byteOffset, trainRows.byteLength)) };
  const bootstrap = { seed, replicates: config.ladder.bootstrap };
  const objective = thresholdObjective(config);
  const calibration = options.calibrate ?? config.ladder.calibrate;
  const actor = actorName();

  const results: RungResult[] = [];
  let testLooks: number | undefined;
  let incumbent: { kind: LadderKind; scores: Float64Array; run: RungResult } | undefined;
  for (const [index, kindName] of rungs.entries()) {
    options.onEvent?.({ type: 'rung-start', kind: kindName, index, total: rungs.length });
    const params = paramsByKind.get(kindName)!;
    const steps = stepsFor(kindName, config);
    const runId = randomUUID();
    const createdAtMs = Date.now();
    await store.runs.createRun({
      id: runId,
      kind: kindName,
      status: 'running',
      createdAtMs,
      snapshotHash: dataset.snapshotHash,
      splitHash: split.hash,
      seed,
      params,
      metrics: {},
      tags: { ladder: 'true', ...(options.evaluateTest === true ? { test_look: 'true' } : {}), ...(acceptedRisk === undefined ? {} : { accepted_risk: acceptedRisk.reason }) },
      code,
      info: { feature_steps: steps ?? null, threshold_objective: objective, bootstrap, ...(calibration === undefined ? {} : { calibration }), ...(acceptedRisk === undefined ? {} : { accepted_risk: acceptedRisk }) },
    });
    try {
      const fitted = fitRung({
        kind: kindName,
        params,
        steps,
        frame: dataset.frame,
        y,
        assignment: split.assignment,
        seed,
        objective,
        calibration,
        schema: dataset.schema.columns,
        onProgress: (done, total) => options.onEvent?.({ type: 'rung-progress', kind: kindName, done, total }),
      });
      const { pipeline, validScores, yValid } = fitted;
      const metrics: RungResult['metrics'] = {
        train: metricsWithIntervals(METRIC_NAMES, fitted.trainScores, fitted.yTrain, bootstrap),
        valid: metricsWithIntervals(METRIC_NAMES, validScores, yValid, bootstrap),
      };
      if (testFrame !== undefined) {
        metrics.test = metricsWithIntervals(METRIC_NAMES, scoreFrame(fitted, testFrame), yTest, bootstrap);
        testLooks = await store.runs.recordTestLook({ splitHash: split.hash, runId, purpose: 'train --evaluate-test', actor, atMs: Date.now() });
      }

      const latency = singleRowLatencyUs(sampleRecords, (records) => fitted.model.predictProba(pipeline.transform(records)));
      const pkg = buildModelPackage({
        runId,
        createdAtMs,
        target: { name: dataset.target.name, positive: dataset.target.positive, negative: dataset.target.negative },
        threshold: { value: fitted.threshold.value, method: fitted.threshold.method },
        training: { snapshot: dataset.snapshotHash, split: split.hash, seed, train_rows: trainRows.length },
        pipeline,
        model: fitted.model,
        calibrator: fitted.calibrator,
      });
      const modelBytes = Buffer.byteLength(JSON.stringify(pkg));

      const { gain, verdict, text } = judge(kindName, metric, validScores, yValid, incumbent, minImprovement, bootstrap);
      const result: RungResult = {
        run_id: runId,
        model: kindName,
        params,
        metrics,
        gain,
        verdict,
        verdict_text: text,
        fit_seconds: fitted.fitSeconds,
        latency_us_per_row: latency,
        model_bytes: modelBytes,
        n_features: pipeline.featureNames.length,
        warnings: [...pipeline.warnings],
      };
      await store.runs.putArtifact(runId, { name: 'model_package', sha256: pkg.sha256, content: pkg, createdAtMs: Date.now() });
      await store.runs.finishRun(runId, {
        status: 'finished',
        finishedAtMs: Date.now(),
        metrics,
        info: {
          fit_seconds: fitted.fitSeconds,
          latency_us_per_row: latency,
          model_bytes: modelBytes,
          n_features: pipeline.featureNames.length,
          package_sha256: pkg.sha256,
          model_sha256: modelContentHash(pkg),
          threshold: fitted.threshold,
          pipeline_provenance: { fitted_rows: fittedRows, steps: pipeline.provenance },
          gain,
          verdict,
          warnings: pipeline.warnings,
        },
      });
      results.push(result);
      if (verdict !== 'stay') incumbent = { kind: kindName, scores: validScores, run: result };
      options.onEvent?.({ type: 'rung-end', kind: kindName, run: result });
    } catch (error) {
      await store.runs.finishRun(runId, { status: 'failed', finishedAtMs: Date.now(), info: { error: error instanceof Error ? error.message : String(error) } }).catch(() => undefined);
      throw error;
    }
  }
  const best = incumbent!;
  return {
    project: project.root,
    snapshot: dataset.snapshotHash,
    split: split.hash,
    metric,
    min_improvement: minImprovement,
    target: { name: dataset.target.name, positive: dataset.target.positive, negative: dataset.target.negative },
    rows: { train: trainRows.length, valid: validRows.length, test: testRows.length },
    runs: results,
    ...(testLooks === undefined ? {} : { test_looks: testLooks }),
    verdict: {
      recommended: best.kind,
      run_id: best.run.run_id,
      text:
        best.kind === results[results.length - 1]!.model
          ? `${best.kind}: every rung fitted so far paid for itself; try the next rung if one exists`
          : `${best.kind}: the rungs above it did not beat it by a significant ${minImprovement} ${metric}`,
    },
  };
}

/**
 * Ladder defaults that differ from a kind's own: boosting stops early on the validation rows, as the
 * MLP does, so that 300 trees do not overfit a small dataset (set early_stopping_rounds: 0 to turn it off).
 */
export const LADDER_DEFAULT_PARAMS: Partial<Record<LadderKind, Record<string, unknown>>> = { gbt: { early_stopping_rounds: 20 } };

/** The column the rules rung reads when the problem card states a rules baseline. */
export const BASELINE_RULE_FEATURE = 'baseline_rule';

/** The ladder's metric and minimum improvement: flywheel.yaml's ladder section, else the problem card's, else defaults. */
export function ladderCriteria(config: ProjectConfig): { metric: MetricName; minImprovement: number } {
  const cardMetric = config.problem?.ml_metric?.name;
  const fromCard = cardMetric !== undefined && (METRIC_NAMES as readonly string[]).includes(cardMetric) ? (cardMetric as MetricName) : undefined;
  return { metric: config.ladder.metric ?? fromCard ?? 'roc_auc', minImprovement: config.ladder.min_improvement ?? config.problem?.min_improvement ?? 0.005 };
}

/** Feature steps of a rung: flywheel.yaml's, plus the card's baseline rule as a 0/1 column for the rules rung. */
export function stepsFor(kind: LadderKind, config: ProjectConfig): FeatureStepInput[] | undefined {
  const baseline = config.problem?.baseline;
  if (kind !== 'rules' || baseline?.kind !== 'rules') return config.features;
  return [...(config.features ?? []), { step: 'expression', name: BASELINE_RULE_FEATURE, expression: baseline.expression }];
}

/** Params the problem card implies: the rules rung scores the card's baseline rule. */
function cardParams(kind: LadderKind, config: ProjectConfig): Record<string, unknown> {
  return kind === 'rules' && config.problem?.baseline?.kind === 'rules' ? { feature: BASELINE_RULE_FEATURE, min_samples_leaf: 1 } : {};
}

function judge(
  kind: LadderKind,
  metric: MetricName,
  scores: Float64Array,
  y: Uint8Array,
  incumbent: { kind: LadderKind; scores: Float64Array } | undefined,
  minImprovement: number,
  bootstrap: { seed: number; replicates: number },
): { gain: RungResult['gain']; verdict: RungResult['verdict']; text: string } {
  if (incumbent === undefined) return { gain: null, verdict: 'baseline', text: 'baseline: every rung above must beat it' };
  const diff = pairedDifference(metric, incumbent.scores, scores, y, bootstrap);
  // For metrics where lower is better, a gain is a decrease: flip signs so a gain is always positive.
  const sign = HIGHER_IS_BETTER[metric] ? 1 : -1;
  const value = sign * diff.value;
  const ci = diff.ci === undefined ? undefined : ((sign === 1 ? diff.ci : [-diff.ci[1], -diff.ci[0]]) as [number, number]);
  const gain = { vs: incumbent.kind, value, ...(ci === undefined ? {} : { ci }) };
  const significant = ci !== undefined && ci[0] > 0;
  if (significant && value >= minImprovement) {
    return { gain, verdict: 'climb', text: `climb: +${value.toFixed(4)} ${metric} over ${incumbent.kind}, significant and above the minimum ${minImprovement}` };
  }
  if (ci !== undefined && ci[1] < 0) {
    return { gain, verdict: 'stay', text: `stay with ${incumbent.kind}: ${kind} is significantly worse (${value.toFixed(4)} ${metric}, interval below 0)` };
  }
  const why = !significant ? 'not significant (the interval includes 0)' : `below the minimum improvement ${minImprovement}`;
  return { gain, verdict: 'stay', text: `stay with ${incumbent.kind}: the gain of ${value >= 0 ? '+' : ''}${value.toFixed(4)} is ${why}; ${kind} does not pay for its complexity` };
}

/** Median microseconds to score one record end to end (pipeline + model), as the server would. */
function singleRowLatencyUs(records: readonly Record<string, unknown>[], score: (records: readonly Record<string, unknown>[]) => Float64Array): number {
  const times: number[] = [];
  for (const record of records) score([record]); // warm-up: JIT and caches
  for (const record of records) {
    const t = performance.now();
    score([record]);
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  return times.length === 0 ? 0 : times[Math.floor(times.length / 2)]!;
}
