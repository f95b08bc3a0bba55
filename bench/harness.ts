// What every benchmark script shares: where things live, running a child process with a timeout,
// medians, warming the page cache, and the machine description recorded with every result.

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.dirname(BENCH_DIR);
export const OUT_DIR = path.join(BENCH_DIR, 'out');
/** Debian's interpreter has pandas, scikit-learn and XGBoost; the first python3 on PATH may not. */
export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

export interface ProcessOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command from the repository root to completion; stderr is echoed when `echo` is set. */
export function runProcess(command: string, args: readonly string[], opts: { echo: boolean; timeoutS: number }): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (opts.echo) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${opts.timeoutS} s)`;
      child.kill('SIGKILL');
    }, opts.timeoutS * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Read the file once so every tool starts from a warm page cache rather than the first paying for disk. */
export function warmPageCache(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    createReadStream(file, { highWaterMark: 1 << 22 })
      .on('data', () => undefined)
      .on('end', resolve)
      .on('error', reject);
  });
}

export function machineInfo(): { cpu_model: string; cpu_count: number; total_memory_gb: number; node_version: string; os: string } {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model ?? 'unknown',
    cpu_count: cpus.length,
    total_memory_gb: os.totalmem() / 2 ** 30,
    node_version: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

export interface BenchArgs {
  rows: number;
  runs: number;
  csvPath: string;
  timeoutS: number;
}

/**
 * The common flags: --rows N (default 1,000,000), --runs N (default 3), --csv FILE (default
 * bench/out/<prefix>-1m.csv, or <prefix>-N.csv for other sizes), --timeout-s S.
 */
export function parseBenchArgs(argv: readonly string[], defaults: { script: string; filePrefix: string; timeoutS: number }): BenchArgs {
  let rows = 1_000_000;
  let runs = 3;
  let csvPath: string | undefined;
  let timeoutS = defaults.timeoutS;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const positive = (): number => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < 1) throw new Error(`${flag} expects a positive integer, got ${value ?? 'nothing'}`);
      i++;
      return n;
    };
    if (flag === '--rows') rows = positive();
    else if (flag === '--runs') runs = positive();
    else if (flag === '--timeout-s') timeoutS = positive();
    else if (flag === '--csv' && value !== undefined) {
      csvPath = path.resolve(value);
      i++;
    } else {
      throw new Error(`unknown argument ${flag}; usage: tsx bench/${defaults.script} [--rows N] [--runs N] [--csv FILE] [--timeout-s S]`);
    }
  }
  const name = rows === 1_000_000 ? `${defaults.filePrefix}-1m.csv` : `${defaults.filePrefix}-${rows}.csv`;
  return { rows, runs, csvPath: csvPath ?? path.join(OUT_DIR, name), timeoutS };
}
