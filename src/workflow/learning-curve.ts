// `learning-curve`: does more data help? Fits one rung on growing, seeded, stratified fractions of the
// train rows and scores each on the same validation rows with bootstrap intervals; a power law
// m(n) = a − b·n^(−c) fitted to the points gives a rough forecast of what doubling the data would add.

import { type LadderKind } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { rowsOf, TEST, TRAIN, VALID } from '../data/split.js';
import { metricsWithIntervals, pairedDifference, type MetricValue } from '../evaluation/bootstrap.js';
import { HIGHER_IS_BETTER, type MetricName } from '../evaluation/metrics.js';
import { fitPipeline, trainFrame } from '../features/index.js';
import { takeLabels } from '../models/matrix.js';
import { parseParams } from '../models/params.js';
import { modelKind } from '../models/registry.js';
import type { Store } from '../store/types.js';
import { snapshotProject, splitDataset } from './dataset.js';
import { ladderCriteria } from './train.js';
import type { Project } from './project.js';

export const DEFAULT_FRACTIONS = [0.1, 0.2, 0.3, 0.5, 0.7, 1] as const;

export interface LearningCurveOptions {
  kind?: LadderKind | undefined;
  fractions?: readonly number[] | undefined;
  params?: Record<string, unknown> | undefined;
  onPoint?: ((fraction: number, rows: number) => void) | undefined;
}

export interface LearningCurvePoint {
  fraction: number;
  train_rows: number;
  metric: MetricValue;
}

export interface LearningCurveResult {
  model: LadderKind;
  metric: MetricName;
  valid_rows: number;
  points: LearningCurvePoint[];
  /** Change from the half-size point to the full one, with a paired interval: 0 inside it means flat. */
  last_doubling: MetricValue & { from_rows: number; to_rows: number };
  flattened: boolean;
  /** The power-law forecast of the change from doubling the train rows (a rough guide, not a promise). */
  forecast_gain_from_doubling: number | null;
  text: string;
}

export async function learningCurve(project: Project, store: Store, options: LearningCurveOptions = {}): Promise<LearningCurveResult> {
  const config = project.config;
  const kindName: LadderKind = options.kind ?? (await bestLadderKind(store)) ?? 'logistic';
  const kind = modelKind(kindName);
  const params = parseParams(kindName, kind.params, { ...(config.ladder.params[kindName] ?? {}), ...(options.params ?? {}) });
  const fractions = [...(options.fractions ?? DEFAULT_FRACTIONS)].sort((a, b) => a - b);
  if (fractions.some((f) => !(f > 0 && f <= 1))) throw new FlywheelError('usage', `fractions must lie in (0, 1], found ${fractions.join(', ')}`);
  if (!fractions.includes(1)) fractions.push(1);
  if (!fractions.includes(0.5)) fractions.push(0.5);
  fractions.sort((a, b) => a - b);

  const snap = await snapshotProject(project, store);
  const dataset = snap.dataset;
  if (dataset.target === undefined) throw new FlywheelError('config_invalid', 'flywheel.yaml names no target', { hint: 'set target: to the label column' });
  const { split } = await splitDataset(project, store, dataset);
  const y = dataset.target.y;
  const trainRows = rowsOf(split.assignment, TRAIN);
  const validRows = rowsOf(split.assignment, VALID);
  const validFrame = dataset.frame.take(validRows);
  const yValid = takeLabels(y, validRows);
  const yTrain = takeLabels(y, trainRows);
  const { metric } = ladderCriteria(config);
  const bootstrap = { seed: config.seed, replicates: config.ladder.bootstrap };

  // Nested subsamples: each smaller fraction's rows are a subset of the larger one's (one seeded order per class).
  const rng = new Rng(config.seed);
  const rank = new Float64Array(trainRows.length);
  for (let i = 0; i < rank.length; i++) rank[i] = rng.next();

  const points: LearningCurvePoint[] = [];
  const scoresAt = new Map<number, Float64Array>();
  for (const fraction of fractions) {
    const chosen = nestedStratifiedSubset(yTrain, rank, fraction);
    options.onPoint?.(fraction, chosen.length);
    const assignment = new Uint8Array(dataset.frame.nRows).fill(TEST);
    for (const k of chosen) assignment[trainRows[k]!] = TRAIN;
    const train = trainFrame(dataset.frame, { assignment });
    const ySub = takeLabels(yTrain, chosen);
    const { pipeline, trainMatrix } = fitPipeline(train, ySub, { schema: dataset.schema.columns, steps: config.features, encoding: kind.encoding, seed: config.seed });
    const validMatrix = pipeline.transform(validFrame);
    const model = kind.fit(trainMatrix, ySub, params, { seed: config.seed, valid: { X: validMatrix, y: yValid }, categorical: pipeline.categoricalFeatures });
    const scores = model.predictProba(validMatrix);
    scoresAt.set(fraction, scores);
    points.push({ fraction, train_rows: chosen.length, metric: metricsWithIntervals([metric], scores, yValid, bootstrap)[metric]! });
  }
  const half = points.find((p) => p.fraction === 0.5)!;
  const full = points.find((p) => p.fraction === 1)!;
  const sign = HIGHER_IS_BETTER[metric] ? 1 : -1;
  const diff = pairedDifference(metric, scoresAt.get(0.5)!, scoresAt.get(1)!, yValid, bootstrap);
  const lastDoubling = { ...diff, from_rows: half.train_rows, to_rows: full.train_rows };
  const flattened = diff.ci !== undefined && diff.ci[0] <= 0 && diff.ci[1] >= 0;
  const forecast = forecastDoubling(points.map((p) => [p.train_rows, p.metric.value]));
  const gainText = (v: number) => `${sign * v >= 0 ? '+' : ''}${v.toFixed(4)}`;
  const text = flattened
    ? `flat: going from ${half.train_rows} to ${full.train_rows} train rows changed ${metric} by ${gainText(diff.value)} (interval includes 0); more rows of the same kind are unlikely to help much — look at features or labels`
    : `still rising: doubling from ${half.train_rows} to ${full.train_rows} rows changed ${metric} by ${gainText(diff.value)}; more data is likely to help${forecast === null ? '' : ` (forecast for the next doubling: ${gainText(forecast)})`}`;
  return {
    model: kindName,
    metric,
    valid_rows: validRows.length,
    points,
    last_doubling: lastDoubling,
    flattened,
    forecast_gain_from_doubling: forecast,
    text,
  };
}

/** The rows (indexes into the train rows) of a stratified fraction; a smaller fraction is a subset of a larger one. */
function nestedStratifiedSubset(y: Uint8Array, rank: Float64Array, fraction: number): number[] {
  const chosen: number[] = [];
  for (const label of [0, 1]) {
    const members = [...y.keys()].filter((i) => y[i] === label).sort((a, b) => rank[a]! - rank[b]!);
    chosen.push(...members.slice(0, Math.max(1, Math.round(members.length * fraction))));
  }
  return chosen.sort((a, b) => a - b);
}

/** Fit m(n) = a − b·n^(−c) (grid over c, least squares for a and b) and predict m(2N) − m(N). */
export function forecastDoubling(points: readonly (readonly [number, number])[]): number | null {
  if (points.length < 3) return null;
  const n = points[points.length - 1]![0];
  let best: { sse: number; a: number; b: number; c: number } | undefined;
  for (let c = 0.05; c <= 2.0001; c += 0.05) {
    const xs = points.map(([rows]) => rows ** -c);
    const ys = points.map(([, m]) => m);
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const my = ys.reduce((s, v) => s + v, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i]! - mx) * (ys[i]! - my);
      sxx += (xs[i]! - mx) ** 2;
    }
    if (sxx === 0) continue;
    const slope = sxy / sxx; // = −b
    const a = my - slope * mx;
    const sse = xs.reduce((s, x, i) => s + (a + slope * x - ys[i]!) ** 2, 0);
    if (best === undefined || sse < best.sse) best = { sse, a, b: -slope, c };
  }
  if (best === undefined) return null;
  const m = (rows: number) => best.a - best.b * rows ** -best.c;
  return m(2 * n) - m(n);
}

/** The kind the latest ladder recommended, read from the stored runs. */
async function bestLadderKind(store: Store): Promise<LadderKind | undefined> {
  const runs = await store.runs.listRuns({ status: 'finished', limit: 50 });
  const climbed = runs.filter((r) => r.tags.ladder === 'true' && (r.info?.verdict === 'climb' || r.info?.verdict === 'baseline'));
  return climbed[0]?.kind as LadderKind | undefined;
}

