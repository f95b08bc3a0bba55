// Benchmark: single-record predictions against `flywheel serve` on the demo project (Telco churn,
// champion logistic), prediction log on, from a load generator in another process on the same
// machine. Configurations: durability normal vs fsync (Fastify), and the same serving runtime behind
// a bare node:http handler. Each run: warm-up, then a fixed time of closed-loop load with C
// concurrent keep-alive connections; reported: requests/s, client-side p50 / p99 latency, and the
// prediction-log rows written, and the server process's CPU time per request; then the cost of one log commit alone (no HTTP) at each durability.
// Writes bench/out/serve-throughput.json.
// Usage: npx tsx bench/serve-throughput.ts [--project DIR] [--runs 3] [--seconds 10] [--concurrency 16]

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { main } from '../src/cli/main.js';
import { openStore } from '../src/store/open-store.js';
import { loadProject } from '../src/workflow/project.js';
import { OUT_DIR, REPO_DIR, machineInfo, median } from './harness.js';

interface Config {
  name: string;
  framework: 'fastify' | 'http';
  durability: 'normal' | 'fsync';
  /** serving.log_flush_ms (default: the config's default, 0). */
  flushMs?: number;
  /** 'commit': SQLite's checkpoints inside the commits, as without the server's background thread. */
  checkpoints?: 'background' | 'commit';
}

const CONFIGS: Config[] = [
  { name: 'fastify, durability normal', framework: 'fastify', durability: 'normal' },
  { name: 'fastify, durability fsync', framework: 'fastify', durability: 'fsync' },
  { name: 'node:http, durability normal', framework: 'http', durability: 'normal' },
  { name: 'fastify, durability normal, log_flush_ms 2', framework: 'fastify', durability: 'normal', flushMs: 2 },
  { name: 'fastify, durability fsync, log_flush_ms 2', framework: 'fastify', durability: 'fsync', flushMs: 2 },
  { name: 'fastify, durability normal, checkpoints in commits', framework: 'fastify', durability: 'normal', checkpoints: 'commit' },
];

function parseArgs(argv: readonly string[]) {
  const out = { project: path.join(OUT_DIR, 'serve-demo'), runs: 3, seconds: 10, concurrency: 16, warmupSeconds: 2 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--project') out.project = path.resolve(value);
    else if (flag === '--runs') out.runs = Number(value);
    else if (flag === '--seconds') out.seconds = Number(value);
    else if (flag === '--concurrency') out.concurrency = Number(value);
    else throw new Error(`unknown argument ${flag}; usage: tsx bench/serve-throughput.ts [--project DIR] [--runs N] [--seconds S] [--concurrency C]`);
  }
  return out;
}

/** The demo project (made once with `flywheel demo`): a champion and the Telco CSV. */
async function ensureDemo(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'flywheel.yaml'))) return;
  mkdirSync(path.dirname(dir), { recursive: true });
  console.error(`creating the demo project in ${dir}…`);
  const code = await main(['node', 'flywheel', 'demo', '--dir', dir]);
  if (code !== 0) throw new Error(`flywheel demo exited with ${code}`);
}

/** Request bodies from the demo data's rows (target dropped), numbers as numbers, each with a unit id. */
function requestBodies(dir: string, count: number): string[] {
  const project = loadProject(dir);
  const [header, ...lines] = readFileSync(project.dataPath, 'utf8').trim().split('\n');
  const columns = header!.split(',');
  return lines.slice(0, count).map((line, i) => {
    const values = line.split(',');
    const record: Record<string, unknown> = {};
    columns.forEach((c, j) => {
      if (c === project.config.target) return;
      const v = values[j] ?? '';
      record[c] = v === '' ? null : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    });
    return JSON.stringify({ record, unit_id: `customer-${i}` });
  });
}

interface Child {
  child: ChildProcess;
  url: string;
  /** The server process's CPU time so far, in µs (asked for with SIGUSR2). */
  cpuUs(): Promise<number>;
}

function startChild(dir: string, config: Config): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_DIR, 'bench', 'serve-child.ts'), dir, JSON.stringify(config)], { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'inherit'] });
  const waiting: ((us: number) => void)[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines.filter((l) => l.startsWith('{'))) {
        const message = JSON.parse(line) as { url?: string; cpu_us?: number };
        if (message.url !== undefined) {
          resolve({
            child,
            url: message.url,
            cpuUs: () =>
              new Promise((done) => {
                waiting.push(done);
                child.kill('SIGUSR2');
              }),
          });
        }
        if (message.cpu_us !== undefined) waiting.shift()?.(message.cpu_us);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Closed loop: C workers, each sends its next request when the previous one is answered. */
async function drive(url: string, bodies: readonly string[], concurrency: number, seconds: number): Promise<{ latenciesMs: number[]; errors: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(`${url}/v1/predict`);
  const latenciesMs: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const one = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request({ agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  const worker = async () => {
    while (performance.now() < deadline) {
      const body = bodies[next++ % bodies.length]!;
      const t0 = performance.now();
      try {
        const status = await one(body);
        if (status === 200) latenciesMs.push(performance.now() - t0);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return { latenciesMs, errors, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function countLogged(dir: string): Promise<number> {
  const project = loadProject(dir);
  const store = await openStore(project.config.store, { projectRoot: project.root });
  try {
    return await store.predictions.countPredictions();
  } finally {
    await store.close();
  }
}

/**
 * The log's commit alone, without HTTP: `count` transactions of one prediction record each into a
 * fresh store under the project's artifacts folder (the same disk), per durability. Returns µs per commit.
 */
async function commitCost(dir: string, durability: 'normal' | 'fsync', count: number): Promise<number> {
  const folder = mkdtempSync(path.join(loadProject(dir).artifactsDir, 'commit-bench-'));
  const store = await openStore(`sqlite:${path.join(folder, 'log.db')}`, { projectRoot: folder });
  try {
    await store.predictions.setDurability(durability);
    const features = JSON.parse(requestBodies(dir, 1)[0]!).record as Record<string, unknown>;
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      await store.predictions.logPredictions([{ requestId: `c-${i}`, atMs: Date.now(), model: 'bench', modelVersion: 1, variant: 'champion', features, score: 0.5, decision: 1, propensity: 1, shadow: false }]);
    }
    return ((performance.now() - started) * 1000) / count;
  } finally {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const args = parseArgs(process.argv.slice(2));
const loadAtStart = os.loadavg();
await ensureDemo(args.project);
const bodies = requestBodies(args.project, 2000);
const results: Record<string, unknown>[] = [];
for (let run = 0; run < args.runs; run++) {
  for (const config of CONFIGS) {
    const before = await countLogged(args.project);
    const { child, url, cpuUs } = await startChild(args.project, config);
    await drive(url, bodies, args.concurrency, args.warmupSeconds);
    const cpuBefore = await cpuUs();
    const measured = await drive(url, bodies, args.concurrency, args.seconds);
    const serverCpuUs = (await cpuUs()) - cpuBefore;
    await stopChild(child);
    const logged = (await countLogged(args.project)) - before;
    const sorted = [...measured.latenciesMs].sort((a, b) => a - b);
    const row = {
      config: config.name,
      run: run + 1,
      requests: sorted.length,
      errors: measured.errors,
      req_per_s: sorted.length / measured.seconds,
      p50_ms: percentile(sorted, 0.5),
      p99_ms: percentile(sorted, 0.99),
      server_cpu_us_per_request: serverCpuUs / sorted.length,
      logged_rows: logged,
    };
    results.push(row);
    console.error(`${config.name} run ${run + 1}: ${row.req_per_s.toFixed(0)} req/s, p50 ${row.p50_ms.toFixed(2)} ms, p99 ${row.p99_ms.toFixed(2)} ms, server CPU ${row.server_cpu_us_per_request.toFixed(0)} µs/request, ${row.errors} errors, ${logged} rows logged`);
  }
}
const commits: Record<string, number[]> = { normal: [], fsync: [] };
for (let run = 0; run < args.runs; run++) {
  for (const durability of ['normal', 'fsync'] as const) commits[durability]!.push(await commitCost(args.project, durability, 2000));
}
const commitSummary = { normal_us: median(commits.normal!), fsync_us: median(commits.fsync!) };
console.error(`one-record commits: normal ${commitSummary.normal_us.toFixed(0)} µs, fsync ${commitSummary.fsync_us.toFixed(0)} µs (median of ${args.runs} × 2000)`);
const summary = CONFIGS.map((config) => {
  const rows = results.filter((r) => r.config === config.name);
  const pick = (key: string) => median(rows.map((r) => r[key] as number));
  return { config: config.name, req_per_s: pick('req_per_s'), p50_ms: pick('p50_ms'), p99_ms: pick('p99_ms'), server_cpu_us_per_request: pick('server_cpu_us_per_request'), runs: rows.length };
});
console.error(`load average (1, 5, 15 min): start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}, end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.table(summary.map((s) => ({ config: s.config, 'req/s': s.req_per_s.toFixed(0), 'p50 ms': s.p50_ms.toFixed(2), 'p99 ms': s.p99_ms.toFixed(2), 'server CPU µs/req': s.server_cpu_us_per_request.toFixed(0) })));
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(path.join(OUT_DIR, 'serve-throughput.json'), `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), load_average: { start: loadAtStart, end: os.loadavg() }, settings: { ...args, configs: CONFIGS }, summary, commits: { ...commitSummary, runs: commits }, results }, null, 2)}\n`);
process.exit(0);
