// Benchmark: fit the gbt model (100 trees, depth 6, learning rate 0.1, 255 bins) on the classification
// CSV and XGBoost 1.7 `hist` (same settings, nthread 1 and 2) on the same file in the same run; report
// median fit seconds (fit only, after loading the data) of Flywheel with n_jobs 1 and 2, the
// XGBoost/Flywheel time ratios at equal thread counts, the peak RSS of this process, and the ROC-AUCs.
// The tools take turns, round by round (Flywheel n_jobs=1, XGBoost nthread=1 and 2, Flywheel n_jobs=2),
// so that a shared machine's load drifting during the run weighs on both alike; each round's ratios
// are reported too. AUCs:
// on held-out rows when --train-rows N is given (both tools fit on the first N rows of the file and score
// the rest), else on the training rows. Writes bench/out/gbt-fit-<rows>.json.
// Usage: npx tsx bench/gbt-fit.ts [--rows N] [--csv FILE] [--train-rows N] [--runs 3] [--timeout-s S]
// (the recorded 1M run: --rows 1250000 --train-rows 1000000)
// Every Flywheel fit runs in a fresh child `node` process with only tsx's ESM loader, fitting the built
// package (dist/) when there is one, as `flywheel train` runs: under the `tsx` command (whose CommonJS
// hooks are loaded too) the same fit took ~23% longer, its generated kernels included; and in one
// process, a one-thread fit after a two-thread fit ran 1.4× slower than in a fresh process (cause not
// found; the CLI fits once per process).

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { logLoss, rocAuc } from '../src/evaluation/metrics.js';
import { gbtKind as sourceGbtKind } from '../src/models/gbt/gbt.js';
import { makeMatrix, type Matrix } from '../src/models/matrix.js';
import { parseParams } from '../src/models/params.js';
import { BENCH_DIR, OUT_DIR, PYTHON, REPO_DIR, machineInfo, median, runProcess, parseBenchArgs } from './harness.js';
import { ensureClassificationCsv, loadClassificationDesign } from './classification-data.js';

const run = (command: string, args: readonly string[], timeoutS: number) => runProcess(command, args, { echo: true, timeoutS });

const N_ESTIMATORS = 100;
const FIT_CHILD = '--fit-child';
const BUILT_GBT = path.join(REPO_DIR, 'dist', 'models', 'gbt', 'gbt.js');
/** The gbt kind of the built package when there is one, else of the sources. */
const gbtKind = existsSync(BUILT_GBT) ? ((await import(BUILT_GBT)) as { gbtKind: typeof sourceGbtKind }).gbtKind : sourceGbtKind;

interface GbtFitOptions {
  readonly rows: number;
  readonly runs: number;
  readonly csvPath: string;
  readonly timeoutS: number;
}

interface Timing {
  readonly median_s: number;
  readonly runs_s: number[];
  readonly train_roc_auc: number;
  readonly test_roc_auc?: number;
  readonly test_log_loss?: number;
}

interface XgboostJson {
  readonly version: string;
  readonly python_version: string;
  readonly rows: number;
  readonly feature_names: string[];
  readonly threads: Record<'1' | '2', Timing>;
}

interface FitResult {
  seconds: number;
  trainAuc: number;
  testAuc?: number;
  testLoss?: number;
  rows: number;
  columns: string[];
  maxRssMb: number;
  code: 'dist' | 'src';
}

/** In a child process: load the data, fit once with n_jobs, print the FitResult as JSON. */
async function fitChild(nJobs: number, options: ReturnType<typeof parseArgs>): Promise<number> {
  const { X, y, test } = await loadData(options);
  const params = parseParams('gbt', gbtKind.params, { n_estimators: N_ESTIMATORS, max_depth: 6, learning_rate: 0.1, n_jobs: nJobs });
  const startedMs = performance.now();
  const model = gbtKind.fit(X, y, params, { seed: 0 });
  const seconds = (performance.now() - startedMs) / 1000;
  const result: FitResult = {
    seconds,
    trainAuc: rocAuc(model.predictProba(X), y),
    rows: X.nRows,
    columns: [...X.columns],
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    code: gbtKind === sourceGbtKind ? 'src' : 'dist',
  };
  if (test !== undefined) {
    const p = model.predictProba(test.X);
    result.testAuc = rocAuc(p, test.y);
    result.testLoss = logLoss(p, test.y);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

async function loadData(options: ReturnType<typeof parseArgs>): Promise<{ X: Matrix; y: Uint8Array; test: { X: Matrix; y: Uint8Array } | undefined }> {
  const all = await loadClassificationDesign(options.csvPath);
  const split = options.trainRows !== undefined && options.trainRows < all.X.nRows;
  const { X, y } = split ? rowsOf(all.X, all.y, 0, options.trainRows!) : all;
  return { X, y, test: split ? rowsOf(all.X, all.y, options.trainRows!, all.X.nRows) : undefined };
}

/** One Flywheel fit in a fresh child process. */
async function spawnFit(nJobs: number, argv: readonly string[], timeoutS: number): Promise<FitResult> {
  const tsx = path.join(REPO_DIR, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');
  const out = await runProcess(process.execPath, ['--import', tsx, path.join(BENCH_DIR, 'gbt-fit.ts'), ...argv, FIT_CHILD, String(nJobs)], { echo: true, timeoutS });
  if (out.code !== 0) throw new Error(`flywheel fit (n_jobs=${nJobs}) exited with ${out.code}`);
  return JSON.parse(out.stdout.trimEnd().split('\n').pop()!) as FitResult;
}

/** Rows [from, to) of X and y. */
function rowsOf(X: Matrix, y: Uint8Array, from: number, to: number): { X: Matrix; y: Uint8Array } {
  const out = makeMatrix(to - from, X.columns);
  for (let j = 0; j < X.nCols; j++) out.data.set(X.data.subarray(j * X.nRows + from, j * X.nRows + to), j * out.nRows);
  return { X: out, y: y.slice(from, to) };
}

function parseArgs(argv: readonly string[]): GbtFitOptions & { trainRows: number | undefined } {
  const at = argv.indexOf('--train-rows');
  let trainRows: number | undefined;
  let rest = argv;
  if (at >= 0) {
    trainRows = Number(argv[at + 1]);
    if (!Number.isInteger(trainRows) || trainRows < 2) throw new Error(`--train-rows expects an integer ≥ 2, got ${argv[at + 1]}`);
    rest = [...argv.slice(0, at), ...argv.slice(at + 2)];
  }
  return { ...parseBenchArgs(rest, { script: 'gbt-fit.ts', filePrefix: 'classification', timeoutS: 3600 }), trainRows };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const childAt = argv.indexOf(FIT_CHILD);
  if (childAt >= 0) return fitChild(Number(argv[childAt + 1]), parseArgs([...argv.slice(0, childAt), ...argv.slice(childAt + 2)]));
  const options = parseArgs(argv);
  await ensureClassificationCsv(options);
  const split = options.trainRows !== undefined;
  const loadAverageBefore = os.loadavg();
  const xgbArgs = [path.join(BENCH_DIR, 'gbt-fit.py'), options.csvPath, '--runs', '1', '--n-estimators', String(N_ESTIMATORS)];
  if (split) xgbArgs.push('--train-rows', String(options.trainRows));
  const ours = { '1': [] as FitResult[], '2': [] as FitResult[] };
  const theirs: XgboostJson[] = [];
  const rounds: { flywheel_1_s: number; xgboost_1_s: number; flywheel_2_s: number; xgboost_2_s: number; load_average: number[] }[] = [];
  for (let r = 0; r < options.runs; r++) {
    const one = await spawnFit(1, argv, options.timeoutS);
    ours['1'].push(one);
    console.error(`round ${r + 1}/${options.runs}: flywheel n_jobs=1 ${one.seconds.toFixed(2)} s`);
    const out = await run(PYTHON, xgbArgs, options.timeoutS);
    if (out.code !== 0) {
      console.error(`xgboost side failed (exit ${out.code})`);
      return 1;
    }
    const xgbRound = JSON.parse(out.stdout.trimEnd().split('\n').pop()!) as XgboostJson;
    if (xgbRound.feature_names.join() !== one.columns.join() || xgbRound.rows !== one.rows) throw new Error('the two tools read different data');
    theirs.push(xgbRound);
    const two = await spawnFit(2, argv, options.timeoutS);
    ours['2'].push(two);
    console.error(`round ${r + 1}/${options.runs}: flywheel n_jobs=2 ${two.seconds.toFixed(2)} s`);
    rounds.push({ flywheel_1_s: one.seconds, xgboost_1_s: xgbRound.threads['1'].median_s, flywheel_2_s: two.seconds, xgboost_2_s: xgbRound.threads['2'].median_s, load_average: os.loadavg() });
  }
  const peakRssMb = Math.max(...ours['1'].map((f) => f.maxRssMb), ...ours['2'].map((f) => f.maxRssMb));
  const timing = (fits: FitResult[]): Timing => {
    const last = fits[fits.length - 1]!;
    return {
      median_s: median(fits.map((f) => f.seconds)),
      runs_s: fits.map((f) => f.seconds),
      train_roc_auc: last.trainAuc,
      ...(last.testAuc === undefined ? {} : { test_roc_auc: last.testAuc, test_log_loss: last.testLoss }),
    };
  };
  const flywheel = { '1': timing(ours['1']), '2': timing(ours['2']) };
  const xgbTiming = (t: '1' | '2'): Timing => ({ ...theirs[theirs.length - 1]!.threads[t], median_s: median(theirs.map((x) => x.threads[t].median_s)), runs_s: theirs.map((x) => x.threads[t].median_s) });
  const xgb: XgboostJson = { ...theirs[theirs.length - 1]!, threads: { '1': xgbTiming('1'), '2': xgbTiming('2') } };
  const ratio1 = xgb.threads['1'].median_s / flywheel['1'].median_s;
  const ratio2 = xgb.threads['2'].median_s / flywheel['2'].median_s;
  const report = {
    benchmark: 'gbt-fit',
    date: new Date().toISOString(),
    machine: {
      ...machineInfo(),
      load_average_before: loadAverageBefore,
      load_average_after: os.loadavg(),
    },
    data: { path: path.relative(REPO_DIR, options.csvPath), rows: ours['1'][0]!.rows, test_rows: split ? options.rows - ours['1'][0]!.rows : 0, columns: ours['1'][0]!.columns.length },
    flywheel_peak_rss_mb: peakRssMb,
    flywheel_code: ours['1'][0]!.code,
    runs: options.runs,
    params: { n_estimators: N_ESTIMATORS, max_depth: 6, learning_rate: 0.1, max_bin: 255 },
    flywheel,
    xgboost: xgb,
    ratio_xgboost_1_thread_over_flywheel: ratio1,
    ratio_xgboost_2_threads_over_flywheel: ratio2,
    rounds,
    median_round_ratio_1_thread: median(rounds.map((r) => r.xgboost_1_s / r.flywheel_1_s)),
    median_round_ratio_2_threads: median(rounds.map((r) => r.xgboost_2_s / r.flywheel_2_s)),
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, `gbt-fit-${ours['1'][0]!.rows}.json`);
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log();
  const auc = (t: Timing): string => `${t.train_roc_auc.toFixed(4)}${t.test_roc_auc === undefined ? '' : `  test ${t.test_roc_auc.toFixed(4)}  test log loss ${t.test_log_loss!.toFixed(4)}`}`;
  console.log(`tool                      median s  train roc_auc`);
  for (const t of ['1', '2'] as const) {
    console.log(`flywheel gbt n_jobs=${t}      ${flywheel[t].median_s.toFixed(2).padStart(8)}  ${auc(flywheel[t])}`);
    console.log(`xgboost ${xgb.version} nthread=${t}    ${xgb.threads[t].median_s.toFixed(2).padStart(8)}  ${auc(xgb.threads[t])}`);
  }
  console.log(`flywheel peak RSS ${peakRssMb.toFixed(0)} MB`);
  console.log(`ratio xgboost/flywheel: ${ratio1.toFixed(2)} (1 thread), ${ratio2.toFixed(2)} (2 threads); > 1 means Flywheel is faster`);
  console.log(`per round: ${rounds.map((r) => `${(r.xgboost_1_s / r.flywheel_1_s).toFixed(2)}/${(r.xgboost_2_s / r.flywheel_2_s).toFixed(2)}`).join(', ')} (1/2 threads)`);
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return 0;
}

process.exitCode = await main();
