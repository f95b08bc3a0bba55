// One timed Flywheel CSV load in a fresh Node process, spawned by bench/load-csv.ts so each run's peak
// RSS is its own. Prints one JSON line on stdout. Only readTable is timed; Node start-up, tsx and
// module loading (DuckDB bindings included) are not, as pandas' import is not on the other side.

import { performance } from 'node:perf_hooks';
import { readTable } from '../src/data/read.js';

export interface LoadOnceResult {
  readonly seconds: number;
  readonly peak_rss_mb: number;
  readonly rows: number;
  readonly columns: number;
  readonly format: string;
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) {
    console.error('usage: tsx bench/load-csv-once.ts FILE.csv');
    process.exit(2);
  }
  const startedMs = performance.now();
  const { frame, format } = await readTable(path, { format: 'csv' });
  const seconds = (performance.now() - startedMs) / 1000;
  // resourceUsage().maxRSS is in KiB.
  const result: LoadOnceResult = {
    seconds,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    rows: frame.nRows,
    columns: frame.columns.length,
    format,
  };
  // Exit once the line is flushed: a loader that leaves a DuckDB handle open must not hang the run.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}

await main();
