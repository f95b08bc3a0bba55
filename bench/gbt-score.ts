// Benchmark: scoring with a fitted gbt model (100 trees, depth 6, learning rate 0.1, fitted on the first
// --fit-rows rows of the classification CSV): batch predictProba over all rows of the file (median of
// --runs), and one row at a time through predictProbaRow (mean microseconds per row over every row,
// and the heap growth over those calls). Writes bench/out/gbt-score-<rows>.json.
// Usage: npx tsx bench/gbt-score.ts [--rows N] [--csv FILE] [--runs 5] [--fit-rows 100000]

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gbtKind } from '../src/models/gbt/gbt.js';
import { makeMatrix } from '../src/models/matrix.js';
import { parseParams } from '../src/models/params.js';
import { ensureClassificationCsv, loadClassificationDesign } from './classification-data.js';
import { OUT_DIR, REPO_DIR, machineInfo, median, parseBenchArgs } from './harness.js';

const N_ESTIMATORS = 100;

function takeFitRows(argv: string[]): { fitRows: number; rest: string[] } {
  const at = argv.indexOf('--fit-rows');
  if (at < 0) return { fitRows: 100_000, rest: argv };
  const fitRows = Number(argv[at + 1]);
  if (!Number.isInteger(fitRows) || fitRows < 2) throw new Error(`--fit-rows expects an integer ≥ 2, got ${argv[at + 1]}`);
  return { fitRows, rest: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

async function main(): Promise<number> {
  const { fitRows, rest } = takeFitRows(process.argv.slice(2));
  const options = parseBenchArgs(rest, { script: 'gbt-score.ts', filePrefix: 'classification', timeoutS: 3600 });
  await ensureClassificationCsv(options);
  const { X, y } = await loadClassificationDesign(options.csvPath);
  const m = Math.min(fitRows, X.nRows);
  const fitX = makeMatrix(m, X.columns);
  for (let j = 0; j < X.nCols; j++) fitX.data.set(X.data.subarray(j * X.nRows, j * X.nRows + m), j * m);
  const params = parseParams('gbt', gbtKind.params, { n_estimators: N_ESTIMATORS, max_depth: 6, learning_rate: 0.1 });
  const model = gbtKind.fit(fitX, y.subarray(0, m), params, { seed: 0 });

  const batch: number[] = [];
  let checksum = 0;
  for (let r = 0; r < options.runs; r++) {
    const started = performance.now();
    const p = model.predictProba(X);
    batch.push((performance.now() - started) / 1000);
    checksum = p[0]! + p[p.length - 1]!;
    console.error(`batch run ${r + 1}/${options.runs}: ${batch[r]!.toFixed(3)} s`);
  }

  // One row at a time: the row buffer is filled in place, so the only allocation would be the model's.
  const row = new Float64Array(X.nCols);
  const single: number[] = [];
  let heapGrowthBytes = 0;
  let agree = true;
  const reference = model.predictProba(X);
  for (let r = 0; r < options.runs; r++) {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    for (let i = 0; i < X.nRows; i++) {
      for (let j = 0; j < X.nCols; j++) row[j] = X.data[j * X.nRows + i]!;
      const p = model.predictProbaRow(row);
      if (p !== reference[i]) agree = false;
    }
    single.push(((performance.now() - started) * 1000) / X.nRows);
    heapGrowthBytes = process.memoryUsage().heapUsed - heapBefore;
    console.error(`single-row run ${r + 1}/${options.runs}: ${single[r]!.toFixed(2)} µs/row`);
  }
  if (!agree) throw new Error('predictProbaRow disagrees with predictProba');

  const report = {
    benchmark: 'gbt-score',
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: { path: path.relative(REPO_DIR, options.csvPath), rows: X.nRows, columns: X.nCols, fit_rows: m },
    model: { n_estimators: model.trees.length, max_depth: 6, nodes: model.trees.reduce((s, t) => s + t.nodeCount, 0) },
    runs: options.runs,
    batch_median_s: median(batch),
    batch_runs_s: batch,
    single_row_median_us: median(single),
    single_row_runs_us: single,
    single_row_heap_growth_bytes: heapGrowthBytes,
    checksum,
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, `gbt-score-${X.nRows}.json`);
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`batch predictProba, ${X.nRows} rows × ${model.trees.length} trees: ${report.batch_median_s.toFixed(3)} s (median of ${options.runs})`);
  console.log(`predictProbaRow: ${report.single_row_median_us.toFixed(2)} µs per row (median of ${options.runs}); heap growth over the last ${X.nRows} calls: ${heapGrowthBytes} bytes`);
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return 0;
}

process.exitCode = await main();
