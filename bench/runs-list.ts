// Benchmark: the run store at 50,000 finished runs. Writes them into a fresh SQLite store in batches
// (timed), then times listings through `RunStore.listRuns`, rows turned into RunRecords included:
// the newest 50, kind + tag + date window, a metric range sorted by that metric, and every run.
// Goal: listing and filtering 50,000 runs in under 1 s.
// Usage: npx tsx bench/runs-list.ts [--count 50000] [--repeats 7] [--batch 1000]; results go to bench/out/runs-list.json.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { listRunsQuery } from '../src/store/sqlite-run-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { ListRunsOptions, RunRecord } from '../src/store/types.js';
import { OUT_DIR, PYTHON, machineInfo, median } from './harness.js';
import { DAY_MS, YEAR_START_MS, seededRandom, syntheticDatasets, syntheticRun } from './runs-data.js';

const GOAL_MS = 1000;

function parseArgs(argv: readonly string[]): { count: number; repeats: number; batch: number } {
  const args = { count: 50_000, repeats: 7, batch: 1000 };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    const value = Number(argv[i + 1]);
    const key = flag.replace(/^--/, '') as keyof typeof args;
    if (!(key in args) || !Number.isInteger(value) || value < 1) {
      throw new Error(`bad argument ${flag} ${argv[i + 1] ?? ''}; usage: tsx bench/runs-list.ts [--count N] [--repeats N (≥ 5)] [--batch N]`);
    }
    args[key] = value;
  }
  if (args.repeats < 5) throw new Error('--repeats must be at least 5: medians of fewer runs say little');
  return args;
}

interface QueryResult {
  name: string;
  options: ListRunsOptions;
  runs_returned: number;
  /** Through `listRuns`: SQL, tag aggregation and JSON parsing into RunRecords. */
  median_ms: number;
  min_ms: number;
  max_ms: number;
  /** CPU time of this process for the same calls: on a shared machine, closer to what an idle one would take. */
  cpu_median_ms: number;
  /** The same SQL on a second connection, rows not turned into records: how much is the database. */
  sql_only_median_ms: number;
  meets_goal: boolean;
}

function timeMs(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The listings must return what they say, or their timings mean nothing. */
function checkResult(name: string, options: ListRunsOptions, runs: RunRecord[], count: number): void {
  const fail = (why: string) => {
    throw new Error(`${name}: ${why}`);
  };
  const metricOf = (run: RunRecord, split: string, metric: string) =>
    ((run.metrics[split] as Record<string, { value: number }> | undefined)?.[metric])?.value;
  if (options.limit !== undefined && runs.length > options.limit) fail(`returned ${runs.length} runs, limit ${options.limit}`);
  if (options.limit === undefined && options.kind === undefined && options.metric === undefined && runs.length !== count) {
    fail(`returned ${runs.length} of ${count} runs`);
  }
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    if (options.kind !== undefined && run.kind !== options.kind) fail(`run ${run.id} has kind ${run.kind}`);
    for (const [key, value] of Object.entries(options.tags ?? {})) if (run.tags[key] !== value) fail(`run ${run.id} lacks tag ${key}=${value}`);
    if (options.createdSinceMs !== undefined && run.createdAtMs < options.createdSinceMs) fail(`run ${run.id} is too old`);
    if (options.createdUntilMs !== undefined && run.createdAtMs >= options.createdUntilMs) fail(`run ${run.id} is too new`);
    if (options.metric !== undefined) {
      const value = metricOf(run, options.metric.split, options.metric.name);
      if (value === undefined || value < (options.metric.min ?? -Infinity) || value > (options.metric.max ?? Infinity)) fail(`run ${run.id} has ${String(value)}`);
    }
    if (i > 0) {
      const before = runs[i - 1]!;
      const sort = options.sort;
      if (sort?.by === 'metric') {
        const a = metricOf(before, sort.split, sort.name)!;
        const b = metricOf(run, sort.split, sort.name)!;
        if (sort.ascending === true ? a > b : a < b) fail(`not sorted by ${sort.split}/${sort.name} at ${i}`);
      } else if (before.createdAtMs < run.createdAtMs) fail(`not newest first at ${i}`);
    }
  }
}

function mlflowReference(): { installed: boolean; note: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import mlflow; print(mlflow.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) return { installed: true, note: `mlflow ${probe.stdout.trim()} is installed but this script does not drive it yet` };
  return { installed: false, note: `mlflow is not importable by ${PYTHON}: no side-by-side figure` };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const loadAtStart = os.loadavg()[0]!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flywheel-runs-bench-'));
  const file = path.join(dir, 'runs.db');
  try {
    const store = openSqliteStore(file);
    const datasets = syntheticDatasets(3);
    for (const { snapshot, split } of datasets) {
      await store.datasets.putSnapshot(snapshot);
      await store.datasets.putSplit(split);
    }

    // Insertion: records are built outside the timed part; each batch is one createRuns transaction.
    const random = seededRandom(20261126);
    const records = Array.from({ length: args.count }, (_, i) => syntheticRun(i, datasets, random));
    const batchMs: number[] = [];
    const insertStart = process.hrtime.bigint();
    for (let start = 0; start < records.length; start += args.batch) {
      const batch = records.slice(start, start + args.batch);
      const t = process.hrtime.bigint();
      await store.runs.createRuns(batch);
      batchMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const insertMs = Number(process.hrtime.bigint() - insertStart) / 1e6;
    const metricRowCount = new Database(file, { readonly: true });
    const counts = {
      runs: metricRowCount.prepare('SELECT COUNT(*) FROM runs').pluck().get() as number,
      run_tags: metricRowCount.prepare('SELECT COUNT(*) FROM run_tags').pluck().get() as number,
      run_metrics: metricRowCount.prepare('SELECT COUNT(*) FROM run_metrics').pluck().get() as number,
    };
    metricRowCount.close();
    const avgRecordJsonBytes = Math.round(records.slice(0, 1000).reduce((sum, r) => sum + JSON.stringify(r).length, 0) / 1000);

    // Listings: the second quarter-year and a band of valid ROC-AUC around the best kinds' typical value.
    const q2Since = YEAR_START_MS + 90 * DAY_MS;
    const q2Until = YEAR_START_MS + 181 * DAY_MS;
    const queries: { name: string; options: ListRunsOptions }[] = [
      { name: 'newest 50', options: { limit: 50 } },
      { name: 'kind + tag + date window (91 days)', options: { kind: 'gbt', tags: { stage: 'tune' }, createdSinceMs: q2Since, createdUntilMs: q2Until } },
      { name: 'kind + two tags + window, newest 50', options: { kind: 'gbt', tags: { stage: 'tune', owner: 'ana' }, createdSinceMs: q2Since, createdUntilMs: q2Until, limit: 50 } },
      {
        name: 'valid roc_auc in [0.84, 0.86], sorted by it',
        options: { metric: { split: 'valid', name: 'roc_auc', min: 0.84, max: 0.86 }, sort: { by: 'metric', split: 'valid', name: 'roc_auc' } },
      },
      { name: 'top 50 by valid roc_auc', options: { sort: { by: 'metric', split: 'valid', name: 'roc_auc' }, limit: 50 } },
      { name: `all ${args.count} (limit ${args.count})`, options: { limit: args.count } },
      { name: `all ${args.count} sorted by valid roc_auc`, options: { sort: { by: 'metric', split: 'valid', name: 'roc_auc' }, limit: args.count } },
    ];
    const raw = new Database(file, { readonly: true });
    const results: QueryResult[] = [];
    for (const { name, options } of queries) {
      let runs = await store.runs.listRuns(options); // warm-up (and statement preparation)
      checkResult(name, options, runs, args.count);
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let r = 0; r < args.repeats; r++) {
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        runs = await store.runs.listRuns(options);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
        const used = process.cpuUsage(cpu);
        cpuTimes.push((used.user + used.system) / 1000);
      }
      const { sql, params } = listRunsQuery(options);
      const statement = raw.prepare(sql);
      statement.all(params);
      const sqlTimes = Array.from({ length: args.repeats }, () => timeMs(() => statement.all(params)));
      const medianMs = median(times);
      results.push({
        name,
        options,
        runs_returned: runs.length,
        median_ms: Number(medianMs.toFixed(1)),
        min_ms: Number(Math.min(...times).toFixed(1)),
        max_ms: Number(Math.max(...times).toFixed(1)),
        cpu_median_ms: Number(median(cpuTimes).toFixed(1)),
        sql_only_median_ms: Number(median(sqlTimes).toFixed(1)),
        meets_goal: medianMs < GOAL_MS,
      });
      process.stderr.write(
        `${name}: ${runs.length} runs, median ${medianMs.toFixed(1)} ms, CPU ${median(cpuTimes).toFixed(1)} ms (SQL only ${median(sqlTimes).toFixed(1)} ms)\n`,
      );
    }
    raw.close();
    await store.close();

    const fileBytes = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const result = {
      date: new Date().toISOString(),
      // One-minute load averages: on a 2-core machine, anything above 2 means the timings include waiting for a core.
      machine: { ...machineInfo(), load_average_start: Number(loadAtStart.toFixed(2)), load_average_end: Number(os.loadavg()[0]!.toFixed(2)) },
      runs: args.count,
      repeats: args.repeats,
      goal_ms: GOAL_MS,
      insert: {
        batch_size: args.batch,
        total_ms: Math.round(insertMs),
        runs_per_s: Math.round(args.count / (insertMs / 1000)),
        batch_median_ms: Number(median(batchMs).toFixed(1)),
        batch_max_ms: Number(Math.max(...batchMs).toFixed(1)),
      },
      rows: counts,
      avg_record_json_bytes: avgRecordJsonBytes,
      store_file_mb: Number((fileBytes / 2 ** 20).toFixed(1)),
      queries: results,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      mlflow: mlflowReference(),
    };
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(path.join(OUT_DIR, 'runs-list.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
