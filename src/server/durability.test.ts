// The prediction log's promise, end to end with real sockets and a real server process: an answered
// prediction is in the log even when the server is killed with SIGKILL right after, and SIGTERM lets
// the requests in flight finish and commits them before the process exits.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/types.js';
import { registerTestVersion, setTestAlias, testPackage, testRecord } from '../serving/test-models.js';
import { startServer } from './start-server.js';
import { TEST_MODEL, testProject } from './test-server.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** The project's store (flywheel.yaml's default store path). */
function projectStore(dir: string): Store {
  mkdirSync(path.join(dir, '.flywheel'), { recursive: true });
  return openSqliteStore(path.join(dir, '.flywheel', 'flywheel.db'));
}

/** A project folder whose store has a champion. */
async function projectWithChampion(serving: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'flywheel-durability-'));
  writeFileSync(path.join(dir, 'flywheel.yaml'), `version: 1\ndata: data.csv\ntarget: churned\nserving:\n${serving.replace(/^/gm, '  ')}\n`);
  const store = projectStore(dir);
  const v1 = await registerTestVersion(store.registry, TEST_MODEL, testPackage());
  await setTestAlias(store.registry, TEST_MODEL, 'champion', v1);
  await store.close();
  return dir;
}

/** `flywheel serve --port 0 --json` in a child process; resolves with its URL once it listens. */
function serveInChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const code = `import { main } from ${JSON.stringify(path.join(REPO, 'src/cli/main.ts'))}; process.exitCode = await main(['node', 'flywheel', 'serve', '--project', ${JSON.stringify(dir)}, '--port', '0', '--json']);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line !== undefined) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.on('exit', (status) => reject(new Error(`server exited with ${status} before listening: ${err}`)));
  });
}

/** Sends `total` single-record predictions, `concurrency` at a time; returns the ids answered 200. */
async function load(url: string, total: number, concurrency: number, onAnswered?: (count: number) => void): Promise<string[]> {
  const answered: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const id = `load-${next++}`;
      try {
        const response = await fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: JSON.stringify({ record: testRecord({ tenure: next % 30 }), unit_id: `u-${next}` }) });
        if (response.status === 200) {
          const body = (await response.json()) as { predictions: { request_id: string }[] };
          answered.push(body.predictions[0]!.request_id);
          onAnswered?.(answered.length);
        }
      } catch {
        // The connection died with the server: not an acknowledged prediction.
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answered;
}

function exited(child: ChildProcess): Promise<number | null> {
  // A process killed by a signal has no exit code, only a signalCode.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('the prediction log survives the server', () => {
  it('holds every acknowledged request id after the server is killed with SIGKILL mid-load', async () => {
    const dir = await projectWithChampion('durability: normal\nlog_flush_ms: 5');
    const { child, url } = await serveInChild(dir);
    let killed = false;
    const answered = await load(url, 3000, 16, (count) => {
      if (count === 300 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    await exited(child);
    expect(killed).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(300);
    expect(answered.length).toBeLessThan(3000);
    const store = projectStore(dir);
    try {
      const found = await store.predictions.findLogged({ requestIds: answered });
      expect(found.requestIds.length).toBe(answered.length);
    } finally {
      await store.close();
    }
  });

  it('finishes the requests in flight on SIGTERM, commits them and exits 0', async () => {
    const dir = await projectWithChampion('log_flush_ms: 400');
    const { child, url } = await serveInChild(dir);
    const ids = Array.from({ length: 10 }, (_, i) => `term-${i}`);
    const requests = ids.map((id) =>
      fetch(`${url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: JSON.stringify({ record: testRecord() }) }).then((r) => r.status),
    );
    // The commit waits up to 400 ms; the signal lands while every request waits for it.
    await new Promise((resolve) => setTimeout(resolve, 150));
    child.kill('SIGTERM');
    expect(await Promise.all(requests)).toEqual(ids.map(() => 200));
    expect(await exited(child)).toBe(0);
    const store = projectStore(dir);
    try {
      expect((await store.predictions.findLogged({ requestIds: ids })).requestIds.sort()).toEqual([...ids].sort());
    } finally {
      await store.close();
    }
  });
});

describe('graceful shutdown in process', () => {
  it('close() waits for requests waiting on a commit, commits them, then refuses new ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flywheel-close-'));
    const project = testProject('log_flush_ms: 500', dir);
    const store = projectStore(dir);
    const v1 = await registerTestVersion(store.registry, TEST_MODEL, testPackage());
    await setTestAlias(store.registry, TEST_MODEL, 'champion', v1);
    const server = await startServer({ project, store, port: 0, host: '127.0.0.1', env: {} });
    const send = () => fetch(`${server.url}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ record: testRecord() }) });
    const pending = Array.from({ length: 8 }, send);
    await expect.poll(() => server.runtime.writer.depth, { timeout: 5000, interval: 5 }).toBe(8);
    const closing = server.close();
    const statuses = await Promise.all(pending.map((p) => p.then((r) => r.status)));
    await closing;
    expect(statuses).toEqual(Array(8).fill(200));
    expect(await store.predictions.countPredictions({ model: TEST_MODEL })).toBe(8);
    await expect(send()).rejects.toThrow();
    await store.close();
  });
});
