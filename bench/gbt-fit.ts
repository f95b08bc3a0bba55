// Benchmark: fit the gbt model (100 trees, depth 6, learning rate 0.1, 255 bins) on the classification
// CSV and XGBoost 1.7 `hist` (same settings, nthread 1 and 2) on the same file in the same run; report
// median fit seconds (fit only, after one load per tool) of Flywheel with n_jobs 1 and 2, the
// XGBoost/Flywheel time ratios at equal thread counts, the peak RSS of this process, and the ROC-AUCs:
// on held-out rows when --train-rows N is given (both tools fit on the first N rows of the file and score
// the rest), else on the training rows. Writes bench/out/gbt-fit-<rows>.json.
// Usage: npx tsx bench/gbt-fit.ts [--rows N] [--csv FILE] [--train-rows N] [--runs 3] [--timeout-s S]
// (the recorded 1M run: --rows 1250000 --train-rows 1000000)

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { logLoss, rocAuc } from '../src/evaluation/metrics.js';
import { gbtKind } from '../src/models/gbt/gbt.js';
import { makeMatrix, type Matrix } from '../src/models/matrix.js';
import { parseParams } from '../src/models/params.js';
import { BENCH_DIR, OUT_DIR, PYTHON, REPO_DIR, machineInfo, median, runProcess, parseBenchArgs } from './harness.js';
import { ensureClassificationCsv, loadClassificationDesign } from './classification-data.js';

const run = (command: string, args: readonly string[], timeoutS: number) => runProcess(command, args, { echo: true, timeoutS });

const N_ESTIMATORS = 100;

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

function fitFlywheel(X: Matrix, y: Uint8Array, test: { X: Matrix; y: Uint8Array } | undefined, nJobs: number, runs: number): Timing {
  const params = parseParams('gbt', gbtKind.params, { n_estimators: N_ESTIMATORS, max_depth: 6, learning_rate: 0.1, n_jobs: nJobs });
  const times: number[] = [];
  let auc = NaN;
  let testAuc: number | undefined;
  let testLoss: number | undefined;
  for (let i = 0; i < runs; i++) {
    const startedMs = performance.now();
    const model = gbtKind.fit(X, y, params, { seed: 0 });
    times.push((performance.now() - startedMs) / 1000);
    auc = rocAuc(model.predictProba(X), y);
    if (test !== undefined) {
      const p = model.predictProba(test.X);
      testAuc = rocAuc(p, test.y);
      testLoss = logLoss(p, test.y);
    }
    console.error(`flywheel n_jobs=${nJobs} run ${i + 1}/${runs}: ${times[i]!.toFixed(2)} s`);
  }
  return { median_s: median(times), runs_s: times, train_roc_auc: auc, ...(testAuc === undefined ? {} : { test_roc_auc: testAuc, test_log_loss: testLoss }) };
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
  const options = parseArgs(process.argv.slice(2));
  await ensureClassificationCsv(options);
  const all = await loadClassificationDesign(options.csvPath);
  const split = options.trainRows !== undefined && options.trainRows < all.X.nRows;
  const { X, y } = split ? rowsOf(all.X, all.y, 0, options.trainRows!) : all;
  const test = split ? rowsOf(all.X, all.y, options.trainRows!, all.X.nRows) : undefined;
  const loadAverageBefore = os.loadavg();
  const flywheel = { '1': fitFlywheel(X, y, test, 1, options.runs), '2': fitFlywheel(X, y, test, 2, options.runs) };
  const peakRssMb = process.resourceUsage().maxRSS / 1024;

  const xgbArgs = [path.join(BENCH_DIR, 'gbt-fit.py'), options.csvPath, '--runs', String(options.runs), '--n-estimators', String(N_ESTIMATORS)];
  if (split) xgbArgs.push('--train-rows', String(options.trainRows));
  const out = await run(PYTHON, xgbArgs, options.timeoutS);
  if (out.code !== 0) {
    console.error(`xgboost side failed (exit ${out.code})`);
    return 1;
  }
  const xgb = JSON.parse(out.stdout.trimEnd().split('\n').pop()!) as XgboostJson;
  if (xgb.feature_names.join() !== X.columns.join() || xgb.rows !== X.nRows) throw new Error('the two tools read different data');
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
    data: { path: path.relative(REPO_DIR, options.csvPath), rows: X.nRows, test_rows: test?.X.nRows ?? 0, columns: X.nCols },
    flywheel_peak_rss_mb: peakRssMb,
    runs: options.runs,
    params: { n_estimators: N_ESTIMATORS, max_depth: 6, learning_rate: 0.1, max_bin: 255 },
    flywheel,
    xgboost: xgb,
    ratio_xgboost_1_thread_over_flywheel: ratio1,
    ratio_xgboost_2_threads_over_flywheel: ratio2,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, `gbt-fit-${X.nRows}.json`);
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
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return 0;
}

process.exitCode = await main();
