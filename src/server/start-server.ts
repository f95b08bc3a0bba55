// The model server's composition root: opens the project's store, builds the serving runtime (SQLite
// or PostgreSQL behind PredictionStore, Fastify in front), wires its events to metrics and log lines,
// listens, and shuts down in order on SIGINT/SIGTERM — stop accepting, finish the requests in
// flight, run queued shadow work, commit the log, close the store.

import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { durationMs } from '../core/config.js';
import { FlywheelError, isFlywheelError } from '../core/errors.js';
import { registeredModelName } from '../registry/model-name.js';
import { ServingRuntime } from '../serving/serving-runtime.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/types.js';
import type { Project } from '../workflow/project.js';
import { promoteRun, rollback } from '../workflow/registry.js';
import { buildApp, type AdminActions } from './app.js';
import { createMetrics, type ServerMetrics } from './metrics.js';

/** How long shutdown waits for requests in flight before cutting their connections. */
export const SHUTDOWN_GRACE_MS = 10_000;

export interface ServeOptions {
  project: Project;
  host?: string | undefined;
  port?: number | undefined;
  env?: NodeJS.ProcessEnv;
  /** Lines about the server's life (listening, swaps, refresh errors, shutdown); default: none. */
  log?: (line: string) => void;
  /** Fastify's request logger; default: errors only. */
  logger?: boolean | { level: string };
  /** An open store to serve from (tests); by default the project's store is opened and closed here. */
  store?: Store;
}

export interface RunningServer {
  app: FastifyInstance;
  runtime: ServingRuntime;
  metrics: ServerMetrics;
  url: string;
  /** Idempotent: stop accepting, finish in-flight requests, flush the log, close the store. */
  close(): Promise<void>;
}

/** The runtime, metrics and app for a project, not listening yet. */
export interface CreateServerOptions {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  logger?: boolean | { level: string };
  /** Draws for requests without a unit id (tests pass a seeded one). */
  random?: () => number;
  /** What the admin routes call (default: workflow's promote and rollback on this project and store). */
  admin?: AdminActions;
}

export function createServer(project: Project, store: Store, options: CreateServerOptions = {}): { app: FastifyInstance; runtime: ServingRuntime; metrics: ServerMetrics } {
  const config = project.config.serving;
  const log = options.log ?? (() => undefined);
  // The gauges read the runtime's queues when scraped, after it exists.
  const metrics = createMetrics({ logQueueDepth: () => runtime.writer.depth, shadowQueueDepth: () => runtime.shadow.depth }, { processMetrics: true });
  const runtime = new ServingRuntime({
    store,
    model: registeredModelName(project.config),
    unknownColumns: config.unknown_columns,
    absentColumns: config.absent_columns,
    maxRecords: config.max_records,
    pollIntervalMs: durationMs(config.poll_interval),
    trafficSalt: config.traffic_salt,
    durability: config.durability,
    log: { flushMs: config.log_flush_ms, batchRecords: config.log_batch_records, maxQueueRecords: config.log_queue_records },
    shadowQueue: config.shadow_queue,
    shadowMaxShare: config.shadow_max_share,
    ...(options.random === undefined ? {} : { random: options.random }),
    events: {
      onCommit: (records, ms) => {
        metrics.logCommits.inc();
        metrics.logRecords.inc(records);
        metrics.logCommitSeconds.observe(ms / 1000);
      },
      onLogFailure: (error, records) => {
        // A reused request id is the client's mistake (answered 409), not a failure of the log.
        if (isFlywheelError(error) && error.code === 'already_exists') return;
        metrics.logFailures.inc(records);
        log(`prediction log: ${records} records not committed: ${error instanceof Error ? error.message : String(error)}`);
      },
      onShadow: (outcome, error) => {
        metrics.shadow.inc({ outcome });
        if (outcome === 'failed') log(`shadow scoring failed: ${error instanceof Error ? error.message : String(error)}`);
      },
      onSwap: (next, previous) => {
        metrics.swaps.inc();
        metrics.liveModel.reset();
        const parts: string[] = [];
        for (const alias of ['champion', 'canary', 'shadow'] as const) {
          const v = next[alias];
          if (v === undefined) continue;
          metrics.liveModel.set({ alias, model_version: String(v.loaded.version) }, 1);
          parts.push(`${alias} v${v.loaded.version}${v.trafficPercent === undefined ? '' : ` (${v.trafficPercent}%)`}`);
        }
        log(`${previous === undefined ? 'serving' : 'live set changed:'} ${next.model}: ${parts.length === 0 ? 'no champion yet' : parts.join(', ')}`);
      },
      onRefreshError: (error) => {
        metrics.refreshErrors.inc();
        log(`registry refresh failed (still serving the previous set): ${error instanceof Error ? error.message : String(error)}`);
      },
    },
  });
  const admin: AdminActions = options.admin ?? {
    promote: (input) => promoteRun(project, store, input.run, { to: input.to, traffic: input.traffic, force: input.force, reason: input.reason, actor: input.actor }),
    rollback: (input) => rollback(project, store, { alias: input.alias, toVersion: input.toVersion, reason: input.reason, actor: input.actor }),
  };
  const envName = config.admin_token_env;
  const env = options.env ?? process.env;
  const app = buildApp({ runtime, metrics, maxBodyBytes: config.max_body_bytes, admin, adminAuth: { token: env[envName], envName }, logger: options.logger ?? { level: 'error' } });
  return { app, runtime, metrics };
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { project } = options;
  const config = project.config.serving;
  const host = options.host ?? config.host;
  const port = options.port ?? config.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new FlywheelError('usage', `port ${port} is not a TCP port (0–65535)`, { hint: 'write e.g. --port 8080' });
  const ownStore = options.store === undefined;
  const store = options.store ?? (await openStore(project.config.store, { projectRoot: project.root }));
  const log = options.log ?? (() => undefined);
  let server: { app: FastifyInstance; runtime: ServingRuntime; metrics: ServerMetrics };
  try {
    server = createServer(project, store, { ...(options.env === undefined ? {} : { env: options.env }), log, ...(options.logger === undefined ? {} : { logger: options.logger }) });
    await server.runtime.start();
    await server.app.listen({ host, port });
  } catch (error) {
    if (ownStore) await store.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new FlywheelError('usage', `cannot listen on ${host}:${port}: ${(error as Error).message}`, { hint: code === 'EADDRINUSE' ? 'another process uses that port: pick another with --port' : 'pick another --host or --port', cause: error });
    }
    throw error;
  }
  const address = server.app.server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      server.runtime.beginClose();
      // Requests in flight finish; a connection still open after the grace period is cut.
      const cut = setTimeout(() => server.app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      cut.unref();
      await server.app.close();
      clearTimeout(cut);
      await server.runtime.close();
      if (ownStore) await store.close();
    })();
    return closing;
  };
  if (server.runtime.watcher.current?.champion === undefined) log(`no champion for ${server.runtime.model} yet: /v1/predict answers 503 until one is promoted`);
  if (!config.admin_token_env || !(options.env ?? process.env)[config.admin_token_env]) log(`admin routes are off (set ${config.admin_token_env} to turn them on)`);
  log(`listening on ${url} (durability ${config.durability}, registry polled every ${config.poll_interval})`);
  return { ...server, url, close };
}

/** Resolves once the server has shut down after SIGINT or SIGTERM. */
export function closeOnSignal(server: RunningServer, log: (line: string) => void = () => undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      log(`${signal}: finishing requests in flight, committing the prediction log`);
      server.close().then(() => {
        log('stopped');
        resolve();
      }, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
