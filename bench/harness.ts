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
