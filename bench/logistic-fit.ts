// Benchmark: fit the logistic model (lbfgs, C=1, default tol/max_iter) on the 1M × 28 classification
// CSV and scikit-learn's LogisticRegression(lbfgs, C=1.0) on the same file in the same run; report
// median fit seconds (fit only, after one load per tool), iterations, the sklearn/Flywheel time ratio
// and the largest coefficient difference. Writes bench/out/logistic-fit.json.
// Usage: npx tsx bench/logistic-fit.ts [--csv FILE] [--rows N] [--runs 3] [--timeout-s S]

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { logisticKind, type LogisticModel } from '../src/models/logistic/logistic.js';
import type { Matrix } from '../src/models/matrix.js';
import { parseParams } from '../src/models/params.js';
import { BENCH_DIR, OUT_DIR, PYTHON, REPO_DIR, machineInfo, median, runProcess, parseBenchArgs } from './harness.js';
import { ensureClassificationCsv, loadClassificationDesign } from './classification-data.js';

const run = (command: string, args: readonly string[], timeoutS: number) => runProcess(command, args, { echo: true, timeoutS });

/** The goal stated in BENCHMARKS.md: Flywheel's fit at most twice sklearn's. */
const GOAL_MAX_SLOWDOWN = 2;

interface LogisticFitOptions {
  readonly rows: number;
  readonly runs: number;
  readonly csvPath: string;
  readonly timeoutS: number;
}

interface SklearnJson {
  readonly version: string;
  readonly numpy_version: string;
  readonly python_version: string;
  readonly blas_threads: { api: string; threads: number }[] | null;
  readonly median_s: number;
  readonly runs_s: number[];
  readonly n_iter: number;
  readonly converged: boolean;
  readonly rows: number;
  readonly feature_names: string[];
  readonly coef: number[];
  readonly intercept: number;
  readonly exact: { coef: number[]; intercept: number } | null;
}

interface FlywheelSummary {
  readonly median_s: number;
  readonly runs_s: number[];
  readonly n_iter: number;
  readonly converged: boolean;
  readonly rows: number;
  readonly columns: number;
  readonly coef: number[];
  readonly intercept: number;
}

function runFlywheel(X: Matrix, y: Uint8Array, runs: number): FlywheelSummary {
  const params = parseParams('logistic', logisticKind.params, { solver: 'lbfgs', C: 1 });
  const times: number[] = [];
  let model: LogisticModel | undefined;
  for (let i = 0; i < runs; i++) {
    const startedMs = performance.now();
    model = logisticKind.fit(X, y, params, { seed: 0 });
    times.push((performance.now() - startedMs) / 1000);
    console.error(`flywheel run ${i + 1}/${runs}: ${times[i]!.toFixed(2)} s, ${model.nIter} iterations`);
  }
  return {
    median_s: median(times),
    runs_s: times,
    n_iter: model!.nIter,
    converged: model!.converged,
    rows: X.nRows,
    columns: X.nCols,
    coef: [...model!.coef],
    intercept: model!.intercept,
  };
}

/** max |a − b| over coefficients and intercept. */
function maxCoefDiff(a: { coef: readonly number[]; intercept: number }, b: { coef: readonly number[]; intercept: number }): number {
  if (a.coef.length !== b.coef.length) throw new Error(`coefficient counts differ: ${a.coef.length} vs ${b.coef.length}`);
  return a.coef.reduce((m, v, j) => Math.max(m, Math.abs(v - b.coef[j]!)), Math.abs(a.intercept - b.intercept));
}

function parseArgs(argv: readonly string[]): LogisticFitOptions {
  return parseBenchArgs(argv, { script: 'logistic-fit.ts', filePrefix: 'classification', timeoutS: 1800 });
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  await ensureClassificationCsv(options);
  const { X, y } = await loadClassificationDesign(options.csvPath);
  const flywheel = runFlywheel(X, y, options.runs);

  const out = await run(PYTHON, [path.join(BENCH_DIR, 'logistic-fit.py'), options.csvPath, '--runs', String(options.runs)], options.timeoutS);
  if (out.code !== 0) {
    console.error(`sklearn side failed (exit ${out.code})`);
    return 1;
  }
  const sklearn = JSON.parse(out.stdout.trimEnd().split('\n').pop()!) as SklearnJson;
  if (sklearn.feature_names.join() !== X.columns.join() || sklearn.rows !== X.nRows) throw new Error('the two tools read different data');

  const ratio = sklearn.median_s / flywheel.median_s;
  const diffs = {
    flywheel_vs_sklearn: maxCoefDiff(flywheel, sklearn),
    flywheel_vs_optimum: sklearn.exact === null ? null : maxCoefDiff(flywheel, sklearn.exact),
    sklearn_vs_optimum: sklearn.exact === null ? null : maxCoefDiff(sklearn, sklearn.exact),
  };
  const { coef: _sc, exact: _ex, feature_names: _fn, ...sklearnSummary } = sklearn;
  const report = {
    benchmark: 'logistic-fit',
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: { path: path.relative(REPO_DIR, options.csvPath), rows: X.nRows, columns: X.nCols, bytes: statSync(options.csvPath).size },
    runs: options.runs,
    flywheel: { ...flywheel, params: parseParams('logistic', logisticKind.params, { solver: 'lbfgs', C: 1 }) },
    sklearn: { ...sklearnSummary, coef: sklearn.coef, intercept: sklearn.intercept },
    ratio_sklearn_over_flywheel: ratio,
    max_coef_diff: diffs,
    goals: { within_2x_of_sklearn: ratio >= 1 / GOAL_MAX_SLOWDOWN },
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, 'logistic-fit.json');
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

  const fmt = (v: number | null): string => (v === null ? 'n/a' : v.toExponential(1));
  console.log();
  console.log(`tool             median s  iterations  converged`);
  console.log(`flywheel         ${flywheel.median_s.toFixed(2).padStart(8)}  ${String(flywheel.n_iter).padStart(10)}  ${flywheel.converged}`);
  console.log(`sklearn ${sklearn.version.padEnd(8)} ${sklearn.median_s.toFixed(2).padStart(8)}  ${String(sklearn.n_iter).padStart(10)}  ${sklearn.converged}`);
  console.log(`ratio sklearn/flywheel: ${ratio.toFixed(2)} (${ratio >= 1 ? 'Flywheel faster' : 'sklearn faster'}; goal ≥ ${1 / GOAL_MAX_SLOWDOWN})`);
  console.log(`max |coef diff|: flywheel vs sklearn ${fmt(diffs.flywheel_vs_sklearn)}; vs the exact optimum: flywheel ${fmt(diffs.flywheel_vs_optimum)}, sklearn ${fmt(diffs.sklearn_vs_optimum)}`);
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return 0;
}

process.exitCode = await main();
