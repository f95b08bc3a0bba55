// Benchmark: batch scoring with `predictFile` end to end (count, stream, pipeline transform, 100-tree
// gbt scoring, chunked Parquet write) on the churn-like file of bench/generate-csv.py (label, 20
// floats, 3 integers, 5 categoricals, 1 date). A gbt (100 trees, depth 6) is trained on the first
// 100,000 rows in a scratch project and registered as champion; then each case is run in a child
// process (median of --runs, with that process's peak RSS): the 1M-row CSV, the same rows as
// Parquet, and 3M rows as Parquet (memory should not grow with the rows). Two component timings say
// where the time goes: streaming the columns only, and pipeline + model on 100k-row chunks in memory.
// Writes bench/out/predict-batch.json.
// Usage: npx tsx bench/predict-batch.ts [--rows N] [--runs 3] [--csv FILE] [--timeout-s S]

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { withConnection, quoteLiteral } from '../src/data/duckdb.js';
import { readTable } from '../src/data/read.js';
import { openTableStream } from '../src/data/stream.js';
import { registeredModelName } from '../src/registry/model-name.js';
import { versionForRun } from '../src/registry/aliases.js';
import { openStore } from '../src/store/open-store.js';
import { scoreFrame } from '../src/workflow/fit-rung.js';
import { initProject } from '../src/workflow/init.js';
import { predictFile, resolveModelVersion } from '../src/workflow/predict.js';
import { loadProject } from '../src/workflow/project.js';
import { requireRun, runPackage } from '../src/workflow/run-data.js';
import { trainProject } from '../src/workflow/train.js';
import { BENCH_DIR, OUT_DIR, PYTHON, REPO_DIR, machineInfo, median, parseBenchArgs, runProcess, warmPageCache } from './harness.js';

const TRAIN_ROWS = 100_000;
const N_ESTIMATORS = 100;
const CHUNK_ROWS = 100_000;

interface ChildResult {
  seconds: number;
  rows: number;
  threads: number;
  max_rss_mb: number;
}

/**
 * In a child process: one predictFile run, reporting its time, its scoring threads and the process's
 * peak RSS. It runs the built package (dist/, as `flywheel predict` does) when there is one, since
 * the second scoring thread only runs from there; else the sources, on one thread.
 */
async function child(projectDir: string, input: string, output: string): Promise<void> {
  const built = path.join(REPO_DIR, 'dist', 'workflow', 'predict.js');
  const run = existsSync(built) ? ((await import(built)) as { predictFile: typeof predictFile }).predictFile : predictFile;
  const project = loadProject(projectDir);
  const store = await openStore(project.config.store, { projectRoot: project.root });
  try {
    const startedMs = performance.now();
    const result = await run(project, store, { modelVersion: 'champion', input, output, chunkRows: CHUNK_ROWS });
    const seconds = (performance.now() - startedMs) / 1000;
    const report: ChildResult = { seconds, rows: result.rows, threads: result.threads, max_rss_mb: process.resourceUsage().maxRSS / 1024 };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await store.close();
  }
}

async function runChild(projectDir: string, input: string, output: string, timeoutS: number): Promise<ChildResult> {
  const tsx = path.join(REPO_DIR, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
  const out = await runProcess(process.execPath, ['--import', tsx, path.join(BENCH_DIR, 'predict-batch.ts'), '--child', projectDir, input, output], { echo: true, timeoutS });
  if (out.code !== 0) throw new Error(`predict child exited with ${out.code}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as ChildResult;
}

async function ensureData(csvPath: string, rows: number, timeoutS: number): Promise<void> {
  if (existsSync(csvPath)) return;
  console.error(`generating ${csvPath} (${rows} rows)…`);
  mkdirSync(path.dirname(csvPath), { recursive: true });
  const out = await runProcess(PYTHON, [path.join(BENCH_DIR, 'generate-csv.py'), csvPath, '--rows', String(rows)], { echo: true, timeoutS });
  if (out.code !== 0) throw new Error(`generate-csv.py exited with ${out.code}`);
}

async function copyAs(sql: string, target: string): Promise<void> {
  if (existsSync(target)) return;
  await withConnection(async (connection) => {
    await connection.run(`COPY (${sql}) TO ${quoteLiteral(target)} (FORMAT parquet, COMPRESSION zstd)`);
  });
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    await child(argv[1]!, argv[2]!, argv[3]!);
    return 0;
  }
  const options = parseBenchArgs(argv, { script: 'predict-batch.ts', filePrefix: 'load', timeoutS: 3600 });
  await ensureData(options.csvPath, options.rows, options.timeoutS);
  const work = path.join(OUT_DIR, 'predict-batch');
  mkdirSync(work, { recursive: true });
  const parquet = path.join(work, `rows-${options.rows}.parquet`);
  const parquet3x = path.join(work, `rows-${3 * options.rows}.parquet`);
  const reader = `read_csv(${quoteLiteral(options.csvPath)})`;
  await copyAs(`SELECT * FROM ${reader}`, parquet);
  await copyAs(`SELECT * FROM ${reader} UNION ALL SELECT * FROM ${reader} UNION ALL SELECT * FROM ${reader}`, parquet3x);

  // The model: a gbt fitted on the first TRAIN_ROWS rows in a scratch project, registered as champion.
  const projectDir = path.join(work, 'project');
  const trainCsv = path.join(work, `train-${TRAIN_ROWS}.csv`);
  if (!existsSync(path.join(projectDir, 'flywheel.yaml'))) {
    const lines = readFileSync(options.csvPath, 'utf8').split('\n', TRAIN_ROWS + 1);
    writeFileSync(trainCsv, `${lines.join('\n')}\n`);
    mkdirSync(projectDir, { recursive: true });
    await initProject({ dir: projectDir, data: trainCsv, target: 'label', positive: 'yes' });
    const project = loadProject(projectDir);
    const store = await openStore(project.config.store, { projectRoot: projectDir });
    try {
      console.error(`training gbt (${N_ESTIMATORS} trees) on ${TRAIN_ROWS} rows…`);
      const ladder = await trainProject(project, store, { models: ['gbt'], params: { gbt: { n_estimators: N_ESTIMATORS, max_depth: 6, early_stopping_rounds: 0 } }, acceptRisk: 'benchmark data' });
      const runId = ladder.runs[0]!.run_id;
      const pkg = await runPackage(store, await requireRun(store, runId));
      const name = registeredModelName(project.config);
      const { version } = await versionForRun(store.registry, name, runId, pkg.json, Date.now());
      await store.registry.setAlias({ name, alias: 'champion', version: version.version, actor: 'bench', reason: 'benchmark model', atMs: Date.now() });
    } finally {
      await store.close();
    }
  }
  const project = loadProject(projectDir);
  const store = await openStore(project.config.store, { projectRoot: projectDir });
  const { loaded } = await resolveModelVersion(project, store, 'champion');
  await store.close();
  const model = loaded.model.toJSON() as { params?: Record<string, unknown>; trees?: unknown[] };
  const trees = Array.isArray(model.trees) ? model.trees.length : null;
  console.error(`model: ${loaded.model.kind}, ${trees ?? '?'} trees, ${loaded.pipeline.inputColumns.length} input columns, ${loaded.pipeline.featureNames.length} features`);

  const loadAverageBefore = os.loadavg();
  const cases = [
    { name: 'csv-1m', input: options.csvPath, rows: options.rows },
    { name: 'parquet-1m', input: parquet, rows: options.rows },
    { name: 'parquet-3m', input: parquet3x, rows: 3 * options.rows },
  ];
  const results: Record<string, { median_s: number; runs_s: number[]; rows_per_s: number; max_rss_mb: number[] }> = {};
  for (const c of cases) {
    await warmPageCache(c.input);
    const runs: ChildResult[] = [];
    for (let i = 0; i < options.runs; i++) {
      const r = await runChild(projectDir, c.input, path.join(work, `scores-${c.name}.parquet`), options.timeoutS);
      if (r.rows !== c.rows) throw new Error(`${c.name}: scored ${r.rows} rows, expected ${c.rows}`);
      console.error(`${c.name} run ${i + 1}/${options.runs}: ${r.seconds.toFixed(2)} s on ${r.threads} thread(s), peak RSS ${r.max_rss_mb.toFixed(0)} MB`);
      runs.push(r);
    }
    const m = median(runs.map((r) => r.seconds));
    results[c.name] = { median_s: m, runs_s: runs.map((r) => r.seconds), rows_per_s: c.rows / m, max_rss_mb: runs.map((r) => r.max_rss_mb) };
  }

  // Components, in this process: streaming the input columns only, then pipeline + model on chunks.
  const inputs = loaded.pipeline.inputColumns.map((c) => c.name);
  const streamTimes: Record<string, number> = {};
  for (const [name, input] of [['csv-1m', options.csvPath], ['parquet-1m', parquet]] as const) {
    const startedMs = performance.now();
    const stream = await openTableStream(input, { columns: inputs, chunkRows: CHUNK_ROWS });
    for await (const chunk of stream.chunks()) void chunk;
    streamTimes[name] = (performance.now() - startedMs) / 1000;
  }
  const frame = (await readTable(parquet)).frame;
  const transformTimes: number[] = [];
  const scoreTimes: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    let transformMs = 0;
    let totalMs = 0;
    for (let offset = 0; offset < frame.nRows; offset += CHUNK_ROWS) {
      const rows = Uint32Array.from({ length: Math.min(CHUNK_ROWS, frame.nRows - offset) }, (_, i) => offset + i);
      const chunk = frame.take(rows);
      const t0 = performance.now();
      loaded.pipeline.transform(chunk);
      const t1 = performance.now();
      scoreFrame(loaded, chunk);
      transformMs += t1 - t0;
      totalMs += performance.now() - t1;
    }
    transformTimes.push(transformMs / 1000);
    scoreTimes.push(totalMs / 1000);
  }
  const report = {
    benchmark: 'predict-batch',
    date: new Date().toISOString(),
    machine: { ...machineInfo(), load_average_before: loadAverageBefore, load_average_after: os.loadavg() },
    data: { path: path.relative(REPO_DIR, options.csvPath), rows: options.rows, input_columns: inputs.length, features: loaded.pipeline.featureNames.length },
    model: { kind: loaded.model.kind, trees, train_rows: TRAIN_ROWS },
    chunk_rows: CHUNK_ROWS,
    runs: options.runs,
    predict_file: results,
    components_s: {
      stream_only: streamTimes,
      pipeline_transform_1m: median(transformTimes),
      transform_plus_model_1m: median(scoreTimes),
    },
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, 'predict-batch.json');
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log();
  console.log('case         median s   rows/s      peak RSS MB');
  for (const c of cases) {
    const r = results[c.name]!;
    console.log(`${c.name.padEnd(12)} ${r.median_s.toFixed(2).padStart(8)}   ${Math.round(r.rows_per_s).toLocaleString('en-US').padStart(9)}   ${r.max_rss_mb.map((m) => m.toFixed(0)).join(', ')}`);
  }
  console.log(`stream only: csv ${streamTimes['csv-1m']!.toFixed(2)} s, parquet ${streamTimes['parquet-1m']!.toFixed(2)} s`);
  console.log(`pipeline transform (1M rows, in memory): ${report.components_s.pipeline_transform_1m.toFixed(2)} s; transform + model: ${report.components_s.transform_plus_model_1m.toFixed(2)} s`);
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return 0;
}

process.exitCode = await main();
