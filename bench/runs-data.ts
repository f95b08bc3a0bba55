// Synthetic tracked runs for the run-listing benchmark: a few model kinds with their usual params,
// a few tag values, creation times spread over a year, and valid/test metrics shaped like the ones
// `flywheel train` records. A seeded generator, so every invocation stores the same runs.

import { createHash } from 'node:crypto';
import type { RunRecord, SnapshotRecord, SplitRecord } from '../src/store/types.js';

export const KINDS = ['logistic', 'gbt', 'mlp', 'tree'] as const;
export const STAGES = ['ladder', 'tune', 'retrain'] as const;
export const OWNERS = ['ana', 'bo', 'chen', 'dee', 'eli'] as const;
/** 2026-01-01T00:00:00Z: runs are created over the 365 days that follow. */
export const YEAR_START_MS = Date.UTC(2026, 0, 1);
export const DAY_MS = 86_400_000;

/** mulberry32: small, fast, and good enough to spread synthetic values. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `datasets` snapshots, each with one stratified split of 10,000 rows. */
export function syntheticDatasets(datasets: number): { snapshot: SnapshotRecord; split: SplitRecord }[] {
  const rows = 10_000;
  return Array.from({ length: datasets }, (_, d) => {
    const snapshot: SnapshotRecord = {
      hash: sha256(`bench snapshot ${d}`),
      path: `snapshots/churn-${d}.parquet`,
      source: `data/churn-${d}.csv`,
      format: 'csv',
      rows,
      columns: [
        { name: 'tenure', type: 'numeric' },
        { name: 'plan', type: 'categorical' },
        { name: 'churned', type: 'categorical' },
      ],
      bytes: 1_200_000,
      createdAtMs: YEAR_START_MS - DAY_MS,
    };
    const assignment = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) assignment[i] = i % 10 < 6 ? 0 : i % 10 < 8 ? 1 : 2;
    const split: SplitRecord = {
      hash: sha256(`bench split ${d}`),
      snapshotHash: snapshot.hash,
      method: 'stratified',
      params: { valid: 0.2, test: 0.2 },
      seed: 42,
      counts: { train: 6000, valid: 2000, test: 2000 },
      assignment,
      createdAtMs: YEAR_START_MS - DAY_MS + 1000,
    };
    return { snapshot, split };
  });
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function paramsFor(kind: (typeof KINDS)[number], random: () => number): Record<string, unknown> {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  switch (kind) {
    case 'logistic':
      return { C: pick([0.01, 0.1, 1, 10]), max_iter: 200, penalty: 'l2', class_weight: pick(['balanced', null]) };
    case 'gbt':
      return { learning_rate: pick([0.03, 0.05, 0.1]), max_depth: pick([3, 4, 6]), n_estimators: pick([200, 400, 800]), max_bins: 255, min_child_weight: 1, subsample: pick([0.8, 1]) };
    case 'mlp':
      return { hidden_layers: pick([[32], [64, 32], [128, 64]]), learning_rate: pick([0.001, 0.003]), epochs: 40, batch_size: 256, dropout: pick([0, 0.1, 0.2]) };
    case 'tree':
      return { max_depth: pick([4, 6, 8, 12]), min_samples_leaf: pick([1, 5, 20]), criterion: 'gini' };
  }
}

/** Typical ROC-AUC of each kind on the synthetic task, so metric filters select a realistic share. */
const KIND_AUC: Record<(typeof KINDS)[number], number> = { logistic: 0.82, gbt: 0.85, mlp: 0.83, tree: 0.77 };

function splitMetrics(auc: number, random: () => number): Record<string, unknown> {
  const half = 0.01 + random() * 0.01;
  const logLoss = round(0.62 - 0.4 * (auc - 0.5) + random() * 0.03, 4);
  return {
    roc_auc: { value: round(auc, 4), ci: [round(auc - half, 4), round(auc + half, 4)] },
    pr_auc: { value: round(auc - 0.2 + random() * 0.04, 4) },
    log_loss: { value: logLoss },
    brier: { value: round(logLoss / 3.2, 4) },
    accuracy: { value: round(0.7 + (auc - 0.75) * 0.6 + random() * 0.02, 4) },
  };
}

/** Run `index` of a benchmark store: finished, with params, valid/test metrics, tags and info. */
export function syntheticRun(index: number, datasets: readonly { snapshot: SnapshotRecord; split: SplitRecord }[], random: () => number): RunRecord {
  const kind = KINDS[Math.floor(random() * KINDS.length)]!;
  const { snapshot, split } = datasets[Math.floor(random() * datasets.length)]!;
  const createdAtMs = YEAR_START_MS + Math.floor(random() * 365 * DAY_MS);
  const fitSeconds = round(0.2 + random() * (kind === 'gbt' || kind === 'mlp' ? 12 : 2), 3);
  const validAuc = Math.min(0.99, KIND_AUC[kind] + (random() - 0.5) * 0.08);
  const testAuc = validAuc - 0.005 + (random() - 0.5) * 0.02;
  return {
    id: `run-${index.toString(16).padStart(8, '0')}-${sha256(`run ${index}`).slice(0, 12)}`,
    name: `${kind} #${index}`,
    kind,
    status: 'finished',
    createdAtMs,
    finishedAtMs: createdAtMs + Math.round(fitSeconds * 1000),
    snapshotHash: snapshot.hash,
    splitHash: split.hash,
    seed: Math.floor(random() * 1000),
    params: paramsFor(kind, random),
    metrics: { valid: splitMetrics(validAuc, random), test: splitMetrics(testAuc, random) },
    tags: {
      stage: STAGES[Math.floor(random() * STAGES.length)]!,
      owner: OWNERS[Math.floor(random() * OWNERS.length)]!,
      ...(random() < 0.1 ? { candidate: 'yes' } : {}),
    },
    code: { gitCommit: sha256(`commit ${Math.floor(index / 500)}`).slice(0, 40), packageVersion: '0.1.0', nodeVersion: 'v20.20.2' },
    info: { fit_seconds: fitSeconds, model_bytes: Math.round(2_000 + random() * 400_000), predict_ms_per_1k: round(0.5 + random() * 4, 3) },
  };
}
