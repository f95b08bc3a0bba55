// Benchmark driver: the audit stage's data profile (`profileDataset`, end to end from the file, reading
// included) on a 1M × 30 CSV, on that CSV's Parquet snapshot, and on a 10k × 1,500 gzipped CSV; each run in
// a fresh process. pandas' read_csv + describe(include='all') + corr() on the same CSVs, timed in the same
// run, is a side-by-side reference (it computes less: no AUC, histograms or duplicates).
// Usage: npx tsx bench/profile.ts [--runs 3] [--only 1m|wide] [--no-pandas]; writes bench/out/profile.json.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR, OUT_DIR, PYTHON, REPO_DIR, median, runProcess, warmPageCache } from './harness.js';


interface BenchCase {
  readonly name: string;
  readonly goalS: number;
  /** The file profiled, and the CSV it comes from (generated when missing). */
  readonly input: string;
  readonly csv: string;
  readonly generator: readonly string[];
  readonly target: { readonly name: string; readonly positive: string };
  /** The Parquet case profiles the CSV's snapshot, written once before the runs. */
  readonly snapshot: boolean;
  readonly pandas: boolean;
}

const ONE_MILLION_CSV = path.join(OUT_DIR, 'load-1m.csv');
const WIDE_CSV = path.join(OUT_DIR, 'wide-10k.csv.gz');
const CASES: readonly BenchCase[] = [
  {
    name: '1m-csv',
    goalS: 5,
    input: ONE_MILLION_CSV,
    csv: ONE_MILLION_CSV,
    generator: ['generate-csv.py', ONE_MILLION_CSV, '--rows', '1000000'],
    target: { name: 'label', positive: 'yes' },
    snapshot: false,
    pandas: true,
  },
  {
    name: '1m-parquet-snapshot',
    goalS: 5,
    input: path.join(OUT_DIR, 'profile-1m.parquet'),
    csv: ONE_MILLION_CSV,
    generator: ['generate-csv.py', ONE_MILLION_CSV, '--rows', '1000000'],
    target: { name: 'label', positive: 'yes' },
    snapshot: true,
    pandas: false,
  },
  {
    name: 'wide-10k-csv-gz',
    goalS: 30,
    input: WIDE_CSV,
    csv: WIDE_CSV,
    generator: ['generate-wide.py', WIDE_CSV, '--rows', '10000'],
    target: { name: 'label', positive: 'yes' },
    snapshot: false,
    pandas: true,
  },
];

/** One timed profile, printed as one JSON line by the child process. */
interface OnceResult {
  readonly seconds: number;
  readonly peak_rss_mb: number;
  readonly rows: number;
  readonly columns: number;
  readonly correlation_columns: number;
  readonly correlation_pairs: number;
  readonly limited_to: string | null;
  readonly timings_ms: Record<string, number>;
}

interface PandasResult {
  readonly seconds: number;
  readonly read_seconds: number;
  readonly describe_corr_seconds: number;
  readonly peak_rss_mb: number;
  readonly version: string;
}


const PANDAS_ONCE = `
import json, resource, sys, time
import pandas as pd
started = time.perf_counter()
frame = pd.read_csv(sys.argv[1])
read = time.perf_counter()
frame.describe(include='all')
frame.corr(numeric_only=True)
done = time.perf_counter()
print(json.dumps({'seconds': done - started, 'read_seconds': read - started, 'describe_corr_seconds': done - read,
                  'peak_rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'version': pd.__version__}))
`;

const run = (command: string, args: readonly string[], timeoutS: number) => runProcess(command, args, { echo: false, timeoutS });

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1) ?? '';
}

function schemaPath(benchCase: BenchCase): string {
  return path.join(OUT_DIR, `profile-${path.basename(benchCase.csv).replace(/\W+/g, '-')}.schema.json`);
}

/** Generate the CSV when missing; infer its schema (and write the snapshot) once, untimed, in a child process. */
async function prepare(benchCase: BenchCase): Promise<void> {
  if (!existsSync(benchCase.csv)) {
    console.error(`generating ${path.relative(REPO_DIR, benchCase.csv)}…`);
    const [script, ...args] = benchCase.generator;
    const out = await run(PYTHON, [path.join(BENCH_DIR, script!), ...args], 3600);
    if (out.code !== 0) throw new Error(`${script} exited with ${out.code}: ${out.stderr}`);
  }
  if (existsSync(schemaPath(benchCase)) && (!benchCase.snapshot || existsSync(benchCase.input))) return;
  console.error(`inferring the schema of ${path.relative(REPO_DIR, benchCase.csv)}${benchCase.snapshot ? ' and writing its snapshot' : ''}…`);
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--prepare', benchCase.csv, schemaPath(benchCase), benchCase.target.name];
  if (benchCase.snapshot) args.push(benchCase.input);
  const out = await run(process.execPath, args, 1800);
  if (out.code !== 0) throw new Error(`preparing ${benchCase.name} failed: ${out.stderr}`);
}

async function runFlywheel(benchCase: BenchCase, runs: number): Promise<OnceResult[]> {
  const results: OnceResult[] = [];
  for (let i = 0; i < runs; i++) {
    const out = await run(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--once', benchCase.input, schemaPath(benchCase), benchCase.target.name, benchCase.target.positive],
      600,
    );
    if (out.code !== 0) throw new Error(`flywheel run of ${benchCase.name} failed (exit ${out.code}): ${out.stderr}`);
    const result = JSON.parse(lastLine(out.stdout)) as OnceResult;
    results.push(result);
    console.error(`${benchCase.name} flywheel run ${i + 1}/${runs}: ${result.seconds.toFixed(2)} s, ${result.peak_rss_mb.toFixed(0)} MB`);
  }
  return results;
}

async function runPandas(benchCase: BenchCase, runs: number): Promise<PandasResult[]> {
  const results: PandasResult[] = [];
  for (let i = 0; i < runs; i++) {
    const out = await run(PYTHON, ['-c', PANDAS_ONCE, benchCase.csv], 900);
    if (out.code !== 0) throw new Error(`pandas run of ${benchCase.name} failed (exit ${out.code}): ${out.stderr}`);
    const result = JSON.parse(lastLine(out.stdout)) as PandasResult;
    results.push(result);
    console.error(`${benchCase.name} pandas run ${i + 1}/${runs}: ${result.seconds.toFixed(2)} s (read ${result.read_seconds.toFixed(2)} s)`);
  }
  return results;
}

/** Child process: infer the schema (and write the snapshot) the timed runs use. */
async function prepareOnce(csv: string, schemaFile: string, target: string, snapshotFile: string | undefined): Promise<void> {
  const { readTable } = await import('../src/data/read.js');
  const { inferSchema } = await import('../src/data/infer.js');
  const table = await readTable(csv, snapshotFile === undefined ? {} : { parquetCopyTo: snapshotFile });
  writeFileSync(schemaFile, JSON.stringify(inferSchema(table.frame, table.columns, { target })));
}

/** Child process: one timed profileDataset; module loading and the schema file are not timed. */
async function profileOnce(input: string, schemaFile: string, target: string, positive: string): Promise<void> {
  const { profileDataset } = await import('../src/audit/profile.js');
  const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Parameters<typeof profileDataset>[0]['schema'];
  const startedMs = performance.now();
  const profile = await profileDataset({ path: input, schema, target: { name: target, positive } });
  const seconds = (performance.now() - startedMs) / 1000;
  const result: OnceResult = {
    seconds,
    // resourceUsage().maxRSS is in KiB.
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    rows: profile.rows,
    columns: profile.columns_count,
    correlation_columns: profile.correlations.columns,
    correlation_pairs: profile.correlations.pairs.length,
    limited_to: profile.correlations.limited_to ?? null,
    timings_ms: { ...profile.timings_ms },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--prepare') {
    await prepareOnce(argv[1]!, argv[2]!, argv[3]!, argv[4]);
    return 0;
  }
  if (argv[0] === '--once') {
    await profileOnce(argv[1]!, argv[2]!, argv[3]!, argv[4]!);
    return 0;
  }
  let runs = 3;
  let only: string | undefined;
  let pandas = true;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs' && Number.isInteger(Number(argv[i + 1])) && Number(argv[i + 1]) > 0) runs = Number(argv[++i]);
    else if (argv[i] === '--only' && (argv[i + 1] === '1m' || argv[i + 1] === 'wide')) only = argv[++i];
    else if (argv[i] === '--no-pandas') pandas = false;
    else throw new Error(`unknown argument ${argv[i]}; usage: tsx bench/profile.ts [--runs N] [--only 1m|wide] [--no-pandas]`);
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const cases = CASES.filter((c) => only === undefined || c.name.startsWith(only));
  const cpus = os.cpus();
  const report = {
    benchmark: 'profile',
    date: new Date().toISOString(),
    machine: {
      cpu_model: cpus[0]?.model ?? 'unknown',
      cpu_count: cpus.length,
      total_memory_gb: os.totalmem() / 2 ** 30,
      node_version: process.version,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      load_average_at_start: os.loadavg(),
    },
    runs,
    cases: [] as unknown[],
  };
  let allMet = true;
  for (const benchCase of cases) {
    await prepare(benchCase);
    await warmPageCache(benchCase.input);
    const flywheel = await runFlywheel(benchCase, runs);
    const reference = pandas && benchCase.pandas ? await runPandas(benchCase, runs) : [];
    const medianS = median(flywheel.map((r) => r.seconds));
    const met = medianS < benchCase.goalS;
    allMet &&= met;
    const last = flywheel.at(-1)!;
    report.cases.push({
      name: benchCase.name,
      input: path.relative(REPO_DIR, benchCase.input),
      bytes: statSync(benchCase.input).size,
      rows: last.rows,
      columns: last.columns,
      goal_s: benchCase.goalS,
      goal_met: met,
      flywheel: {
        median_s: medianS,
        runs_s: flywheel.map((r) => r.seconds),
        peak_rss_mb: median(flywheel.map((r) => r.peak_rss_mb)),
        correlation_columns: last.correlation_columns,
        correlation_pairs: last.correlation_pairs,
        limited_to: last.limited_to,
        timings_ms_last_run: last.timings_ms,
      },
      ...(reference.length === 0
        ? {}
        : {
            pandas: {
              version: reference[0]!.version,
              median_s: median(reference.map((r) => r.seconds)),
              median_read_s: median(reference.map((r) => r.read_seconds)),
              median_describe_corr_s: median(reference.map((r) => r.describe_corr_seconds)),
              runs_s: reference.map((r) => r.seconds),
              peak_rss_mb: median(reference.map((r) => r.peak_rss_mb)),
            },
          }),
    });
    console.log(
      `${benchCase.name.padEnd(22)} flywheel ${medianS.toFixed(2)} s (goal < ${benchCase.goalS} s: ${met ? 'met' : 'NOT met'})` +
        (reference.length === 0 ? '' : `; pandas read_csv + describe + corr ${median(reference.map((r) => r.seconds)).toFixed(2)} s`),
    );
  }
  Object.assign(report.machine, { load_average_at_end: os.loadavg() });
  const outFile = path.join(OUT_DIR, only === undefined ? 'profile.json' : `profile-${only}.json`);
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(REPO_DIR, outFile)}`);
  return allMet ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
