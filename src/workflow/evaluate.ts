// `evaluate RUN`: the honest offline evaluation of one tracked run on its frozen test split. Scores the
// run's snapshot through its own model package (the serving code path), then reports metrics with
// bootstrap intervals, the card's threshold chosen on validation with its test consequences,
// calibration, slices and weak two-feature segments, and comparisons with the rules baseline and the
// current champion on the same test rows. Every evaluation is a counted look at the test split.

import { FlywheelError } from '../core/errors.js';
import type { ProjectConfig } from '../core/config.js';
import { rowsOf, TEST, VALID } from '../data/split.js';
import { bootstrapMetric, metricsWithIntervals, pairedDifference, stratifiedReplicates, type MetricValue } from '../evaluation/bootstrap.js';
import { calibrationSummary } from '../evaluation/calibration.js';
import { curves } from '../evaluation/curves.js';
import { delongTest } from '../evaluation/delong.js';
import type { EvaluationResult, SliceRegression, SliceResult, ThresholdChoice } from '../evaluation/evaluation-result.js';
import { descendingOrder, METRIC_NAMES } from '../evaluation/metrics.js';
import { weakSegments } from '../evaluation/segments.js';
import { sliceAnalysis, type SliceAnalysisOptions } from '../evaluation/slices.js';
import { chooseThreshold } from '../evaluation/threshold.js';
import { cardMetric, thresholdConsequences, accuracyAt, balancedAccuracyAt, precisionAt, recallAt, f1At, liftAtK } from '../evaluation/threshold-metrics.js';
import { takeLabels } from '../models/matrix.js';
import { registeredModelName } from '../registry/model-name.js';
import type { RunRecord, Store } from '../store/types.js';
import { actorName } from '../tracking/actor.js';
import type { LoadedPackage } from '../tracking/model-package.js';
import { mlMetricKey, type MlMetric } from '../core/problem-spec.js';
import { scoreFrame, thresholdMethod, thresholdObjective } from './fit-rung.js';
import type { Project } from './project.js';
import { loadRunData, runPackage, type RunData } from './run-data.js';

export interface EvaluateOptions {
  /** Bootstrap replicates (default: flywheel.yaml's ladder.bootstrap). */
  replicates?: number | undefined;
  /** Slices smaller than this are grouped (default 30 rows). */
  minSliceSize?: number | undefined;
  /** Compare with the rules baseline and the champion (default true). */
  compare?: boolean | undefined;
  /** What the look is for, as recorded with it (default "evaluate"). */
  purpose?: string | undefined;
  onStep?: ((step: string) => void) | undefined;
}

/** The other model's slice values are read as points only, so its slices need no real bootstrap. */
const POINT_ONLY_REPLICATES = 10;

/** precision@k and lift@k are reported for the top tenth of rows by score. */
const TOP_SHARE = 0.1;

/** Metrics at the threshold, each with a bootstrap interval, in the report's headline table. */
const THRESHOLD_METRICS = {
  accuracy: accuracyAt,
  balanced_accuracy: balancedAccuracyAt,
  precision: precisionAt,
  recall: recallAt,
  f1: f1At,
} as const;

interface Side {
  frame: ReturnType<RunData['dataset']['frame']['take']>;
  scores: Float64Array;
  y: Uint8Array;
}

function side(data: RunData, which: number): Side {
  const rows = rowsOf(data.split.assignment, which);
  const frame = data.dataset.frame.take(rows);
  return { frame, scores: scoreFrame(data.pkg, frame), y: takeLabels(data.dataset.target!.y, rows) };
}

/** Headline metrics of one split: the ladder's, those at the threshold and the card's, all with intervals. */
function splitMetrics(s: Side, threshold: number, config: ProjectConfig, seed: number, replicates: number): Record<string, MetricValue> {
  const options = { seed, replicates };
  const out: Record<string, MetricValue> = { ...metricsWithIntervals(METRIC_NAMES, s.scores, s.y, options) };
  const weights = stratifiedReplicates(s.y, replicates, seed);
  for (const [name, fn] of Object.entries(THRESHOLD_METRICS)) out[name] = bootstrapMetric((w) => fn(s.scores, s.y, threshold, w) ?? NaN, s.y, options, weights);
  const order = descendingOrder(s.scores);
  const costs = cardCosts(config);
  // Ranking metrics at the top tenth of rows, the cost at the threshold when the card states costs, and the card's own metric.
  const ranked: MlMetric[] = [{ name: 'precision_at_k', param: TOP_SHARE }];
  if (costs !== undefined) ranked.push({ name: 'expected_cost' });
  const card = config.problem?.ml_metric;
  if (card !== undefined) ranked.push(card);
  for (const metric of ranked) {
    const key = mlMetricKey(metric);
    if (out[key] === undefined) out[key] = bootstrapMetric((w) => cardMetric(metric, s.scores, s.y, { threshold, costs, w, order }), s.y, options, weights);
  }
  out[`lift_at_k@${TOP_SHARE}`] = bootstrapMetric((w) => liftAtK(s.scores, s.y, TOP_SHARE, w, order), s.y, options, weights);
  return out;
}

/** The card's costs when both are stated. */
function cardCosts(config: ProjectConfig): { false_positive: number; false_negative: number } | undefined {
  const costs = config.problem?.costs;
  return costs?.false_positive !== undefined && costs.false_negative !== undefined ? { false_positive: costs.false_positive, false_negative: costs.false_negative } : undefined;
}

/** The rules rung fitted on the same split (the card's baseline), most recent first. */
async function baselineRun(store: Store, run: RunRecord): Promise<RunRecord | undefined> {
  const candidates = await store.runs.listRuns({ kind: 'rules', status: 'finished', limit: 200 });
  return candidates.find((r) => r.splitHash === run.splitHash && r.id !== run.id);
}

/** Slices where this run is below the other by more than `tolerance`, its whole interval under the other's value. */
function sliceRegressions(mine: readonly SliceResult[], theirs: readonly SliceResult[], tolerance: number): SliceRegression[] {
  const other = new Map(theirs.map((s) => [`${s.feature}\u0000${s.slice}`, s]));
  const out: SliceRegression[] = [];
  for (const s of mine) {
    const o = other.get(`${s.feature}\u0000${s.slice}`)?.roc_auc;
    if (s.roc_auc === null || s.roc_auc.ci === undefined || o === null || o === undefined) continue;
    if (o.value - s.roc_auc.value > tolerance && s.roc_auc.ci[1] < o.value) out.push({ feature: s.feature, slice: s.slice, size: s.size, roc_auc: s.roc_auc, other_roc_auc: o.value });
  }
  return out.sort((a, b) => b.other_roc_auc - b.roc_auc.value - (a.other_roc_auc - a.roc_auc.value));
}

async function comparisons(
  project: Project,
  store: Store,
  data: RunData,
  test: Side,
  slices: readonly SliceResult[],
  sliceOptions: SliceAnalysisOptions,
  seed: number,
  replicates: number,
  warnings: string[],
): Promise<EvaluationResult['comparisons']> {
  const maxSliceDrop = project.config.registry.gate.max_slice_drop;
  const others: { against: string; run: RunRecord; pkg?: LoadedPackage }[] = [];
  const baseline = await baselineRun(store, data.run);
  if (baseline !== undefined) others.push({ against: 'baseline', run: baseline });
  const name = registeredModelName(project.config);
  const championVersion = await store.registry.getAlias(name, 'champion');
  if (championVersion !== undefined) {
    const version = await store.registry.getVersion(name, championVersion);
    const runId = version?.runId;
    const championRun = runId === undefined ? undefined : await store.runs.getRun(runId);
    if (championRun !== undefined && championRun.id !== data.run.id) {
      if (championRun.splitHash !== data.run.splitHash) {
        warnings.push(
          `the champion (version ${championVersion}, run ${championRun.id.slice(0, 8)}) was fitted on split ${championRun.splitHash.slice(0, 8)}, this run on ${data.run.splitHash.slice(0, 8)}: ` +
            'their test rows differ, so no statistical comparison is made; refit the champion on this split (flywheel train --model KIND) to compare',
        );
      } else others.push({ against: 'champion', run: championRun });
    }
  }
  const out: EvaluationResult['comparisons'] = [];
  for (const other of others) {
    const pkg = await runPackage(store, other.run);
    const otherScores = scoreFrame(pkg, test.frame);
    const differences: Record<string, MetricValue> = {};
    for (const metric of ['average_precision', 'log_loss', 'brier'] as const) differences[metric] = pairedDifference(metric, otherScores, test.scores, test.y, { seed, replicates });
    let roc: EvaluationResult['comparisons'][number]['roc_auc'] = null;
    try {
      roc = delongTest(otherScores, test.scores, test.y);
      differences.roc_auc = { value: roc.difference, ci: roc.ci };
    } catch (error) {
      if (!(error instanceof FlywheelError)) throw error;
      warnings.push(`DeLong's test against the ${other.against}: ${error.message}`);
    }
    out.push({ against: other.against, run_id: other.run.id, roc_auc: roc, differences, slice_regressions: sliceRegressions(slices, sliceAnalysis(test.frame, otherScores, test.y, { ...sliceOptions, replicates: POINT_ONLY_REPLICATES }), maxSliceDrop) });
  }
  return out;
}

function choose(config: ProjectConfig, valid: Side, test: Side): ThresholdChoice {
  const objective = thresholdObjective(config);
  const chosen = chooseThreshold(valid.scores, valid.y, objective);
  const costs = cardCosts(config);
  return {
    value: chosen.value,
    objective,
    reasoning: `${chosen.reasoning} (${thresholdMethod(objective)})`,
    feasible: chosen.feasible,
    valid: thresholdConsequences(valid.scores, valid.y, chosen.value, costs),
    test: thresholdConsequences(test.scores, test.y, chosen.value, costs),
  };
}

/** Columns that describe rows rather than predict: the target, time and entity columns, and ignored ones. */
function nonFeatureColumns(data: RunData): string[] {
  const out = [data.dataset.target!.name];
  if (data.dataset.time !== undefined) out.push(data.dataset.time);
  if (data.dataset.entity !== undefined) out.push(data.dataset.entity);
  for (const column of data.dataset.schema.columns) if (column.role === 'ignore') out.push(column.name);
  return out;
}

export async function evaluateRun(project: Project, store: Store, runId: string, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const step = options.onStep ?? (() => undefined);
  const data = await loadRunData(project, store, runId);
  const config = project.config;
  const seed = config.seed;
  const replicates = options.replicates ?? config.ladder.bootstrap;
  const warnings: string[] = [];
  if (data.split.counts.test === 0) throw new FlywheelError('config_invalid', `split ${data.split.hash.slice(0, 12)} has no test rows to evaluate on`, { hint: 'set split.test above 0 and retrain' });
  step('scoring the validation and test rows through the model package');
  const valid = side(data, VALID);
  const test = side(data, TEST);
  const threshold = choose(config, valid, test);
  if (!threshold.feasible) warnings.push(`the threshold objective cannot be met on validation: ${threshold.reasoning}`);
  step('metrics with bootstrap intervals');
  const metrics = { valid: splitMetrics(valid, threshold.value, config, seed, replicates), test: splitMetrics(test, threshold.value, config, seed, replicates) };
  const key = config.problem?.ml_metric === undefined ? undefined : mlMetricKey(config.problem.ml_metric);

  step('calibration');
  const calibration = calibrationSummary('test', test.scores, test.y);
  if (data.pkg.calibrator !== undefined) {
    const raw = data.pkg.model.predictProba(data.pkg.pipeline.transform(test.frame));
    calibration.calibrator = { method: data.pkg.calibrator.method, ece_before: calibrationSummary('test', raw, test.y).ece, ece_after: calibration.ece };
  }
  step('slices and weak segments');
  const exclude = nonFeatureColumns(data);
  const minSize = options.minSliceSize ?? 30;
  const sliceOptions = { exclude, minSize, seed, replicates };
  const slices = sliceAnalysis(test.frame, test.scores, test.y, sliceOptions);
  const segments = weakSegments(test.frame, test.scores, test.y, { exclude, minSize, seed, replicates });
  step('comparisons with the baseline and the champion');
  const compared = options.compare === false ? [] : await comparisons(project, store, data, test, slices, sliceOptions, seed, replicates, warnings);
  const looks = await store.runs.recordTestLook({ splitHash: data.split.hash, runId: data.run.id, purpose: options.purpose ?? 'evaluate', actor: actorName(), atMs: Date.now() });

  const target = data.pkg.json.target;
  return {
    run_id: data.run.id,
    model: data.run.kind,
    project: project.root,
    snapshot: data.run.snapshotHash,
    split: data.run.splitHash,
    target,
    metrics,
    ml_metric: key === undefined ? null : { name: key, valid: metrics.valid[key] ?? null, test: metrics.test[key] ?? null },
    threshold,
    calibration,
    slices,
    segments,
    comparisons: compared,
    test_looks: looks,
    curves: { split: 'test', ...curves(test.scores, test.y) },
    warnings,
  };
}
