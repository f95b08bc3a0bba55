// `compare RUN RUN…`: tracked runs side by side — params and metrics, with the values that differ
// marked — and a statistical comparison of each run against the first on the same rows: DeLong's test
// for ROC-AUC and paired bootstrap intervals for the other metrics. On validation rows by default;
// `test` reads the frozen test split and counts as a look. Runs fitted on different splits have
// different rows, so their statistical comparison is refused with the reason.

import { FlywheelError } from '../core/errors.js';
import { rowsOf, TEST, VALID } from '../data/split.js';
import { pairedDifference, type MetricValue } from '../evaluation/bootstrap.js';
import { delongTest } from '../evaluation/delong.js';
import type { DelongResult } from '../evaluation/evaluation-result.js';
import { METRIC_NAMES } from '../evaluation/metrics.js';
import { takeLabels } from '../models/matrix.js';
import type { RunRecord, Store } from '../store/types.js';
import { actorName } from '../tracking/actor.js';
import { canonicalJson } from '../core/hash.js';
import { scoreFrame } from './fit-rung.js';
import type { Project } from './project.js';
import { requireRun, runDataset, runPackage } from './run-data.js';

export interface CompareRow {
  name: string;
  values: (unknown | null)[];
  differs: boolean;
}

export interface PairComparison {
  run_id: string;
  /** DeLong's test of ROC-AUC (this run − the first). */
  roc_auc: DelongResult | null;
  /** Paired bootstrap differences (this run − the first). */
  differences: Record<string, MetricValue>;
}

export interface CompareResult {
  runs: { run_id: string; model: string; split: string; created_at: string }[];
  params: CompareRow[];
  metrics: CompareRow[];
  statistics: { split: 'valid' | 'test'; rows: number; reference: string; pairs: PairComparison[] } | null;
  /** Why no statistical comparison was made, when none was. */
  statistics_refused?: string;
  test_looks?: number;
}

function rowsFor(names: string[], valueOf: (run: RunRecord, name: string) => unknown, runs: RunRecord[]): CompareRow[] {
  return names.map((name) => {
    const values = runs.map((run) => valueOf(run, name) ?? null);
    const differs = new Set(values.map((v) => canonicalJson(v))).size > 1;
    return { name, values, differs };
  });
}

function metricOf(run: RunRecord, key: string): number | undefined {
  const [split, name] = key.split('.') as [string, string];
  const value = (run.metrics[split] as Record<string, { value?: number }> | undefined)?.[name]?.value;
  return value;
}

export async function compareRuns(project: Project, store: Store, ids: readonly string[], options: { test?: boolean; seed?: number; replicates?: number } = {}): Promise<CompareResult> {
  if (ids.length < 2) throw new FlywheelError('usage', 'compare needs at least two runs', { hint: 'write e.g. `flywheel compare 1a2b3c 4d5e6f`' });
  const runs: RunRecord[] = [];
  for (const id of ids) runs.push(await requireRun(store, id));
  if (new Set(runs.map((r) => r.id)).size !== runs.length) throw new FlywheelError('usage', 'the same run is named twice', { hint: 'name each run once' });
  const paramNames = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  const metricNames = [...new Set(runs.flatMap((r) => Object.entries(r.metrics).flatMap(([split, m]) => Object.keys(m as object).map((n) => `${split}.${n}`))))].sort();
  const result: CompareResult = {
    runs: runs.map((r) => ({ run_id: r.id, model: r.kind, split: r.splitHash, created_at: new Date(r.createdAtMs).toISOString() })),
    params: rowsFor(paramNames, (run, name) => run.params[name], runs),
    metrics: rowsFor(metricNames, metricOf, runs),
    statistics: null,
  };
  const splits = new Set(runs.map((r) => r.splitHash));
  if (splits.size > 1) {
    result.statistics_refused =
      `the runs were fitted on ${splits.size} different splits (${[...splits].map((s) => s.slice(0, 8)).join(', ')}): their validation and test rows differ, ` +
      'so a paired comparison would compare different data; refit them on one split (flywheel train) to compare them statistically';
    return result;
  }
  if (runs.some((r) => r.status !== 'finished')) {
    result.statistics_refused = 'a run is not finished, so it has no model to score';
    return result;
  }
  const packages = [];
  for (const run of runs) packages.push(await runPackage(store, run));
  const { dataset, split } = await runDataset(project, store, runs[0]!, packages[0]!.json.target);
  const which = options.test === true ? TEST : VALID;
  const rows = rowsOf(split.assignment, which);
  const frame = dataset.frame.take(rows);
  const y = takeLabels(dataset.target!.y, rows);
  const scores = packages.map((pkg) => scoreFrame(pkg, frame));
  const bootstrap = { seed: options.seed ?? project.config.seed, replicates: options.replicates ?? project.config.ladder.bootstrap };
  const pairs: PairComparison[] = [];
  for (let i = 1; i < runs.length; i++) {
    const differences: Record<string, MetricValue> = {};
    for (const metric of METRIC_NAMES) if (metric !== 'roc_auc') differences[metric] = pairedDifference(metric, scores[0]!, scores[i]!, y, bootstrap);
    let roc: DelongResult | null = null;
    try {
      roc = delongTest(scores[0]!, scores[i]!, y);
    } catch (error) {
      if (!(error instanceof FlywheelError)) throw error;
    }
    pairs.push({ run_id: runs[i]!.id, roc_auc: roc, differences });
  }
  result.statistics = { split: options.test === true ? 'test' : 'valid', rows: rows.length, reference: runs[0]!.id, pairs };
  if (options.test === true) {
    result.test_looks = await store.runs.recordTestLook({ splitHash: split.hash, runId: runs[0]!.id, purpose: 'compare --test', actor: actorName(), atMs: Date.now() });
  }
  return result;
}
