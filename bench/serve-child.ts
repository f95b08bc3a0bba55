// The server side of bench/serve-throughput.ts, in its own process so the load generator does not
// share its event loop: `flywheel serve` as the CLI starts it (Fastify), or the same serving runtime
// behind a bare node:http handler, with the durability and group-commit settings given as JSON.
// Prints {"url": …} once listening, {"cpu_us": …} on SIGUSR2; SIGTERM shuts it down as the CLI does.
// Usage: npx tsx bench/serve-child.ts PROJECT_DIR '{"framework":"fastify","durability":"normal"}'

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { closeOnSignal, createServer, startServer } from '../src/server/start-server.js';
import { statusAndBody } from '../src/server/http-errors.js';
import { parsePredictBody, recordIds, requestIdOf } from '../src/serving/predict-request.js';
import { openStore } from '../src/store/open-store.js';
import { loadProject } from '../src/workflow/project.js';

interface ChildOptions {
  framework: 'fastify' | 'http';
  durability: 'normal' | 'fsync';
  flushMs?: number;
  /** 'commit': leave SQLite's checkpoints inside the commits (no background maintenance), for comparison. */
  checkpoints?: 'background' | 'commit';
}

// SIGUSR2 prints the CPU time this process has used so far, so the load generator can charge the
// server's CPU to the requests of a measured window (a figure other load on the machine disturbs less
// than requests per second).
process.on('SIGUSR2', () => {
  const usage = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpu_us: usage.user + usage.system })}\n`);
});

const [dir, json] = process.argv.slice(2);
if (dir === undefined || json === undefined) throw new Error('usage: serve-child.ts PROJECT_DIR OPTIONS_JSON');
const options = JSON.parse(json) as ChildOptions;
const project = loadProject(dir);
project.config.serving.durability = options.durability;
if (options.flushMs !== undefined) project.config.serving.log_flush_ms = options.flushMs;

if (options.framework === 'fastify') {
  const store = await openStore(project.config.store, { projectRoot: project.root });
  // Hides the prototype method: the runtime then leaves checkpoints to the commits.
  if (options.checkpoints === 'commit') (store.predictions as { startBackgroundMaintenance?: unknown }).startBackgroundMaintenance = undefined;
  const server = await startServer({ project, host: '127.0.0.1', port: 0, env: {}, store });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  await closeOnSignal(server);
  await store.close();
  process.exit(0);
} else {
  const store = await openStore(project.config.store, { projectRoot: project.root });
  const { runtime } = createServer(project, store, { env: {} });
  await runtime.start();
  // The same work as the Fastify route: parse, score, commit, answer; no metrics, no hooks.
  const server = http.createServer((req, res) => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const requestId = requestIdOf(req.headers['x-request-id']);
          const parsed = parsePredictBody(JSON.parse(Buffer.concat(chunks).toString('utf8')), runtime.options.maxRecords);
          const { outcome } = await runtime.predict(parsed, recordIds(requestId, parsed.records.length, parsed.single), Date.now(), startedAt);
          const predictions = outcome.results.map((r) => (r.ok ? { score: r.score, decision: r.decision, label: r.label, model_version: r.modelVersion, variant: r.variant, request_id: r.requestId } : { request_id: r.requestId, error: r.problems }));
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId }).end(JSON.stringify({ predictions }));
        } catch (error) {
          const { status, body } = statusAndBody(error);
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
        }
      })();
    });
  });
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
  });
  process.once('SIGTERM', () => {
    server.close(() => {
      void runtime.close().then(() => store.close()).then(() => process.exit(0));
    });
    server.closeAllConnections();
  });
}
