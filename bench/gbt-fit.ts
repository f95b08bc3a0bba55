// Benchmark: fit the gbt model (100 trees, depth 6, learning rate 0.1, 255 bins) on the classification
// CSV and XGBoost 1.7 `hist` (same settings, nthread 1 and 2) on the same file in the same run; report
// median fit seconds (fit only, after one load per tool) of Flywheel with n_jobs 1 and 2, the
// XGBoost/Flywheel time ratios at equal thread counts and the training ROC-AUCs. Writes
// bench/out/gbt-fit-<rows>.json.
// Usage: npx tsx bench/gbt-fit.ts [--rows N] [--csv FILE] [--runs 3] [--timeout-s S]

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { rocAuc } from '../src/evaluation/metrics.js';
import { gbtKind } from '../src/models/gbt/gbt.js';
import type { Matrix } from '../src/models/matrix.js';
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
}

interface XgboostJson {
  readonly version: string;
  readonly python_version: string;
  readonly rows: number;
  readonly feature_names: string[];
  readonly threads: Record<'1' | '2', Timing>;
}

function fitFlywheel(X: Matrix, y: Uint8Array, nJobs: number, runs: number): Timing {
  const params = parseParams('gbt', gbtKind.params, { n_estimators: N_ESTIMATORS, max_depth: 6, learning_rate: 0.1, n_jobs: nJobs });
  const times: number[] = [];
  let auc = NaN;
  for (let i = 0; i < runs; i++) {
    const startedMs = performance.now();
    const model = gbtKind.fit(X, y, params, { seed: 0 });
    times.push((performance.now() - startedMs) / 1000);
    auc = rocAuc(model.predictProba(X), y);
    console.error(`flywheel n_jobs=${nJobs} run ${i + 1}/${runs}: ${times[i]!.toFixed(2)} s`);
  }
  return { median_s: median(times), runs_s: times, train_roc_auc: auc };
}

function parseArgs(argv: readonly string[]): GbtFitOptions {
  return parseBenchArgs(argv, { script: 'gbt-fit.ts', filePrefix: 'classification', timeoutS: 3600 });
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  await ensureClassificationCsv(options);
  const { X, y } = await loadClassificationDesign(options.csvPath);
  const loadAverageBefore = os.loadavg();
  const flywheel = { '1': fitFlywheel(X, y, 1, options.runs), '2': fitFlywheel(X, y, 2, options.runs) };

  const out = await run(PYTHON, [path.join(BENCH_DIR, 'gbt-fit.py'), options.csvPath, '--runs', String(options.runs), '--n-estimators', String(N_ESTIMATORS)], options.timeoutS);
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
    data: { path: path.relative(REPO_DIR, options.csvPath), rows: X.nRows, columns: X.nCols },
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
  console.log(`tool                      median s  train roc_auc`);
  for (const t of ['1', '2'] as const) {
    console.log(`flywheel gbt n_jobs=${t}      ${flywheel[t].median_s.toFixed(2).padStart(8)}  ${flywheel[t].train_roc_auc.toFixed(4)}`);
    console.log(`xgboost ${xgb.version} nthread=${t}    ${xgb.threads[t].median_s.toFixed(2).padStart(8)}  ${xgb.threads[t].train_roc_auc.toFixed(4)}`);
  }
  console.log(`ratio xgboost/flywheel: ${ratio1.toFixed(2)} (1 thread), ${ratio2.toFixed(2)} (2 threads); > 1 means Flywheel is faster`);
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return 0;
}

process.exitCode = await main();
