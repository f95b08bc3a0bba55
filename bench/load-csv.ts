// Benchmark driver: load an N-row × 30-column CSV into a Flywheel Frame and with pandas.read_csv, each
// run in a fresh process, and report median seconds, peak RSS and the pandas/Flywheel time ratio.
// Usage: npx tsx bench/load-csv.ts [--rows N] [--runs 3]; writes bench/out/load-csv.json.

import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadOnceResult } from './load-csv-once.js';
import { BENCH_DIR, OUT_DIR, PYTHON, REPO_DIR, machineInfo, median, runProcess, warmPageCache, parseBenchArgs } from './harness.js';

const run = runProcess;

/** The goals stated in BENCHMARKS.md. */
const GOAL_PEAK_RSS_MB = 1024;

interface LoadCsvOptions {
  readonly rows: number;
  readonly runs: number;
  readonly csvPath: string;
  readonly timeoutS: number;
}

interface ToolSummary {
  readonly median_s: number;
  readonly runs_s: readonly number[];
  readonly peak_rss_mb: number;
  readonly runs_peak_rss_mb: readonly number[];
  readonly rows: number;
  readonly columns: number;
}

type ToolResult = ({ readonly status: 'ok' } & ToolSummary) | { readonly status: 'failed'; readonly error: string };

interface PandasJson extends ToolSummary {
  readonly tool: 'pandas';
  readonly version: string;
  readonly numpy_version: string;
  readonly python_version: string;
}


function lastLines(text: string, n: number): string {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

async function ensureCsv(options: LoadCsvOptions): Promise<void> {
  if (existsSync(options.csvPath)) return;
  console.error(`generating ${options.csvPath} (${options.rows} rows)…`);
  mkdirSync(path.dirname(options.csvPath), { recursive: true });
  const script = path.join(BENCH_DIR, 'generate-csv.py');
  const out = await run(PYTHON, [script, options.csvPath, '--rows', String(options.rows)], { echo: true, timeoutS: 1800 });
  if (out.code !== 0) throw new Error(`generate-csv.py exited with ${out.code}`);
}

async function runFlywheel(options: LoadCsvOptions): Promise<ToolResult> {
  const script = path.join(BENCH_DIR, 'load-csv-once.ts');
  const runs: LoadOnceResult[] = [];
  for (let i = 0; i < options.runs; i++) {
    // `node --import tsx` rather than `npx tsx`: one process, whose maxRSS is the loader's alone.
    const out = await run(process.execPath, ['--import', 'tsx', script, options.csvPath], {
      echo: false,
      timeoutS: options.timeoutS,
    });
    if (out.code !== 0) {
      // A failure is not retried: the other runs would fail the same way.
      return { status: 'failed', error: `exit ${out.code}: ${lastLines(out.stderr, 12)}` };
    }
    const result = JSON.parse(lastLines(out.stdout, 1)) as LoadOnceResult;
    runs.push(result);
    console.error(`flywheel run ${i + 1}/${options.runs}: ${result.seconds.toFixed(2)} s, ${result.peak_rss_mb.toFixed(0)} MB`);
  }
  const first = runs[0]!;
  return {
    status: 'ok',
    median_s: median(runs.map((r) => r.seconds)),
    runs_s: runs.map((r) => r.seconds),
    peak_rss_mb: median(runs.map((r) => r.peak_rss_mb)),
    runs_peak_rss_mb: runs.map((r) => r.peak_rss_mb),
    rows: first.rows,
    columns: first.columns,
  };
}

async function runPandas(options: LoadCsvOptions): Promise<{ result: ToolResult; json?: PandasJson }> {
  const script = path.join(BENCH_DIR, 'pandas-read.py');
  const out = await run(PYTHON, [script, options.csvPath, '--runs', String(options.runs)], {
    echo: true,
    timeoutS: options.timeoutS * options.runs,
  });
  if (out.code !== 0) return { result: { status: 'failed', error: `exit ${out.code}: ${lastLines(out.stderr, 12)}` } };
  const json = JSON.parse(lastLines(out.stdout, 1)) as PandasJson;
  const { tool: _tool, version: _version, numpy_version: _np, python_version: _py, ...summary } = json;
  return { result: { status: 'ok', ...summary }, json };
}

function row(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function printTable(flywheel: ToolResult, pandas: ToolResult, pandasVersion: string | undefined): void {
  const widths = [16, 10, 14, 16];
  const line = (name: string, r: ToolResult): string =>
    r.status === 'ok'
      ? row([name, r.median_s.toFixed(2), r.peak_rss_mb.toFixed(0), `${r.rows} × ${r.columns}`], widths)
      : row([name, 'failed', '-', '-'], widths);
  console.log(row(['tool', 'median s', 'peak RSS MB', 'shape'], widths));
  console.log(line('flywheel', flywheel));
  console.log(line(`pandas ${pandasVersion ?? ''}`.trim(), pandas));
}

function parseArgs(argv: readonly string[]): LoadCsvOptions {
  return parseBenchArgs(argv, { script: 'load-csv.ts', filePrefix: 'load', timeoutS: 900 });
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  await ensureCsv(options);
  await warmPageCache(options.csvPath);

  const flywheel = await runFlywheel(options);
  if (flywheel.status === 'failed') console.error(`flywheel side failed:\n${flywheel.error}`);
  const pandas = await runPandas(options);
  if (pandas.result.status === 'failed') console.error(`pandas side failed:\n${pandas.result.error}`);

  const ratio =
    flywheel.status === 'ok' && pandas.result.status === 'ok' ? pandas.result.median_s / flywheel.median_s : null;
  if (flywheel.status === 'ok' && pandas.result.status === 'ok' && flywheel.rows !== pandas.result.rows) {
    console.error(`warning: Flywheel read ${flywheel.rows} rows, pandas ${pandas.result.rows}`);
  }

  const report = {
    benchmark: 'load-csv',
    date: new Date().toISOString(),
    machine: machineInfo(),
    data: {
      path: path.relative(REPO_DIR, options.csvPath),
      rows: options.rows,
      bytes: statSync(options.csvPath).size,
    },
    runs: options.runs,
    flywheel,
    pandas: {
      ...pandas.result,
      version: pandas.json?.version,
      numpy_version: pandas.json?.numpy_version,
      python_version: pandas.json?.python_version,
    },
    ratio_pandas_over_flywheel: ratio,
    goals: {
      faster_than_pandas: ratio === null ? null : ratio > 1,
      peak_rss_under_1_gb: flywheel.status === 'ok' ? flywheel.peak_rss_mb < GOAL_PEAK_RSS_MB : null,
    },
  };
  mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, 'load-csv.json');
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

  console.log();
  printTable(flywheel, pandas.result, pandas.json?.version);
  console.log(
    ratio === null
      ? 'ratio pandas/flywheel: n/a'
      : `ratio pandas/flywheel: ${ratio.toFixed(2)} (${ratio > 1 ? 'Flywheel faster' : 'pandas faster'})`,
  );
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return flywheel.status === 'ok' && pandas.result.status === 'ok' ? 0 : 1;
}

process.exitCode = await main();
