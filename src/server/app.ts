// The HTTP shell of the model server (Fastify): routes parse, call the serving runtime, and shape
// answers and errors; they hold no logic of their own. Built without listening, so tests drive it
// through `inject()`; start-server.ts adds the socket, signals and the store.

import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { performance } from 'node:perf_hooks';
import { parseFeedbackBody } from '../serving/feedback-request.js';
import { SERVING_ALIASES } from '../serving/live-set.js';
import { parseMlflowBody, parsePredictBody, recordIds, requestIdOf, type ParsedPredictRequest } from '../serving/predict-request.js';
import type { RecordResult } from '../serving/predict.js';
import { checkRecord } from '../serving/record-validation.js';
import { invalidRequest, kindOf, type RequestProblem } from '../serving/request-helpers.js';
import type { ServingRuntime } from '../serving/serving-runtime.js';
import { checkAdmin, type AdminAuth } from './admin-auth.js';
import { errorBody, handleError, sendError } from './http-errors.js';
import type { ServerMetrics } from './metrics.js';

/** What the admin routes do; the composition root supplies them (workflow's promote and rollback). */
export interface AdminActions {
  promote(input: { run: string; to: string; traffic?: number; force?: string; reason?: string; actor?: string }): Promise<unknown>;
  rollback(input: { alias?: string; toVersion?: number; reason?: string; actor?: string }): Promise<unknown>;
}

export interface AppOptions {
  runtime: ServingRuntime;
  metrics: ServerMetrics;
  maxBodyBytes: number;
  admin: AdminActions;
  adminAuth: AdminAuth;
  /** Fastify's logger (pino) options; false for none (tests). */
  logger?: boolean | { level: string };
}

declare module 'fastify' {
  interface FastifyRequest {
    startedAt: number;
  }
}

const PREDICT_ROUTE = '/v1/predict';
const INVOCATIONS_ROUTE = '/invocations';

/** Who an admin change is recorded as: the name the caller gives (`actor`), marked as coming through the admin API. */
function adminActor(given: string | undefined): string {
  return given === undefined || given.trim() === '' ? 'admin-api' : `${given.trim()} (admin-api)`;
}

export function buildApp(options: AppOptions): FastifyInstance {
  const { runtime, metrics } = options;
  const app = Fastify({ bodyLimit: options.maxBodyBytes, logger: options.logger ?? false, return503OnClosing: true, forceCloseConnections: 'idle' });
  // JSON only: a text body would otherwise reach the routes as a string.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('startedAt', 0);
  app.addHook('onRequest', async (request) => {
    request.startedAt = performance.now();
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ route, method: request.method }, (performance.now() - request.startedAt) / 1000);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // While shutting down, each answer closes its connection, so keep-alive clients do not hold the server open.
    if (runtime.isClosing) reply.header('connection', 'close');
    if (reply.statusCode >= 400) {
      const code = (() => {
        try {
          return (JSON.parse(String(payload)) as { error?: { code?: string } }).error?.code ?? 'unknown';
        } catch {
          return 'unknown';
        }
      })();
      metrics.errors.inc({ route: request.routeOptions.url ?? 'unmatched', code });
    }
    return payload;
  });
  app.setErrorHandler((error, request, reply) => handleError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`, 'the routes are listed in docs/http-api.md')),
  );

  app.post(PREDICT_ROUTE, async (request, reply) => {
    const requestId = requestIdOf(request.headers['x-request-id']);
    reply.header('X-Request-Id', requestId);
    const parsed = parsePredictBody(request.body, runtime.options.maxRecords);
    const results = await score(request, parsed, requestId, PREDICT_ROUTE);
    if (parsed.single && !results[0]!.ok) {
      const failed = results[0]!;
      throw invalidRequest(`record 0: ${summary(failed.problems)}`, 'fix the fields listed in details; docs/http-api.md describes the record format', failed.problems.map((p) => ({ record: 0, ...p })));
    }
    return { predictions: results.map(renderResult) };
  });

  app.post(INVOCATIONS_ROUTE, async (request, reply) => {
    const requestId = requestIdOf(request.headers['x-request-id']);
    reply.header('X-Request-Id', requestId);
    const parsed = parseMlflowBody(request.body, runtime.options.maxRecords);
    // MLflow's protocol has no per-record errors: check every record first, and refuse the request if any fails.
    const set = runtime.liveSet();
    const variants = [set.champion, set.canary].flatMap((v) => (v === undefined ? [] : [v]));
    const problems = parsed.records.flatMap((record, i) => {
      const byText = new Map<string, RequestProblem>();
      for (const v of variants) {
        for (const p of checkRecord(record, v.loaded.inputColumns, runtime.policy)) byText.set(`${p.field}:${p.message}`, { record: i, ...p });
      }
      return [...byText.values()];
    });
    if (problems.length > 0) throw invalidRequest(`${new Set(problems.map((p) => p.record)).size} of ${parsed.records.length} records cannot be scored: record ${problems[0]!.record}: ${problems[0]!.field === undefined ? '' : `"${problems[0]!.field}" `}${problems[0]!.message}`, 'fix the fields listed in details', problems);
    const results = await score(request, parsed, requestId, INVOCATIONS_ROUTE);
    const failed = results.find((r) => !r.ok);
    if (failed !== undefined && !failed.ok) throw invalidRequest(`record ${failed.index}: ${failed.problems[0]!.message}`, 'fix the fields listed in details', failed.problems.map((p) => ({ record: failed.index, ...p })));
    return { predictions: results.map((r) => (r.ok ? r.score : null)) };
  });

  async function score(request: FastifyRequest, parsed: ParsedPredictRequest, requestId: string, route: string): Promise<RecordResult[]> {
    const ids = recordIds(requestId, parsed.records.length, parsed.single);
    const { outcome } = await runtime.predict(parsed, ids, Date.now(), request.startedAt);
    const seconds = (performance.now() - request.startedAt) / 1000;
    const seen = new Set<string>();
    for (const r of outcome.results) {
      if (!r.ok) {
        metrics.recordErrors.inc({ route });
        continue;
      }
      const labels = { route, variant: r.variant, model_version: String(r.modelVersion) };
      metrics.predictions.inc(labels);
      const key = `${r.variant}/${r.modelVersion}`;
      if (!seen.has(key)) {
        seen.add(key);
        metrics.predictSeconds.observe(labels, seconds);
      }
    }
    return outcome.results;
  }

  app.post('/v1/feedback', async (request) => {
    const classes = runtime.watcher.current?.champion?.loaded.target;
    const outcomes = parseFeedbackBody(request.body, { maxRecords: runtime.options.maxRecords, nowMs: Date.now(), classes });
    return runtime.feedback(outcomes);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const set = runtime.watcher.current;
    const checks = {
      champion_loaded: set?.champion !== undefined,
      store_reachable: await runtime.storeReachable(),
      accepting: !runtime.isClosing,
    };
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks, ...(runtime.watcher.lastError === undefined ? {} : { last_refresh_error: runtime.watcher.lastError }) });
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(text);
  });

  app.get('/v1/models', async () => modelsView(runtime));

  app.post('/v1/admin/promote', async (request, reply) => {
    if (!checkAdmin(options.adminAuth, request, reply)) return reply;
    const body = objectBody(request.body, ['run', 'to', 'traffic', 'force', 'reason', 'actor']);
    const run = requiredText(body, 'run');
    const to = requiredText(body, 'to');
    const traffic = optionalNumber(body, 'traffic');
    const force = optionalText(body, 'force');
    const reason = optionalText(body, 'reason');
    const actor = adminActor(optionalText(body, 'actor'));
    const result = await options.admin.promote({ run, to, actor, ...(traffic === undefined ? {} : { traffic }), ...(force === undefined ? {} : { force }), ...(reason === undefined ? {} : { reason }) });
    await runtime.refresh();
    const promoted = (result as { promoted?: boolean }).promoted !== false;
    return reply.code(promoted ? 200 : 422).send({ result, live: await modelsView(runtime) });
  });

  app.post('/v1/admin/rollback', async (request, reply) => {
    if (!checkAdmin(options.adminAuth, request, reply)) return reply;
    const body = objectBody(request.body ?? {}, ['alias', 'to_version', 'reason', 'actor']);
    const alias = optionalText(body, 'alias');
    const toVersion = optionalNumber(body, 'to_version');
    if (toVersion !== undefined && (!Number.isInteger(toVersion) || toVersion < 1)) throw invalidRequest('to_version must be a version number (1, 2, …)', '`flywheel models` lists the versions', [{ field: 'to_version', message: 'not a version number' }]);
    const reason = optionalText(body, 'reason');
    const actor = adminActor(optionalText(body, 'actor'));
    const event = await options.admin.rollback({ actor, ...(alias === undefined ? {} : { alias }), ...(toVersion === undefined ? {} : { toVersion }), ...(reason === undefined ? {} : { reason }) });
    await runtime.refresh();
    return { event, live: await modelsView(runtime) };
  });

  return app;
}

/** The first problem, and how many more there are (details lists them all). */
function summary(problems: readonly { field?: string; message: string }[]): string {
  const first = problems[0]!;
  const text = first.field === undefined ? first.message : `"${first.field}" ${first.message}`;
  return problems.length === 1 ? text : `${text} (and ${problems.length - 1} more problems: see details)`;
}

function renderResult(r: RecordResult): Record<string, unknown> {
  if (!r.ok) return { request_id: r.requestId, error: { code: 'data_invalid', message: summary(r.problems), details: r.problems } };
  return { score: r.score, decision: r.decision, label: r.label, model_version: r.modelVersion, variant: r.variant, request_id: r.requestId };
}

function objectBody(body: unknown, known: readonly string[]): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidRequest(`the request body must be a JSON object, found ${kindOf(body)}`, 'see docs/http-api.md', []);
  const record = body as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw invalidRequest(`unknown field "${unknown[0]}"; the fields are ${known.join(', ')}`, 'see docs/http-api.md', unknown.map((field) => ({ field, message: 'unknown field' })));
  return record;
}

function requiredText(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') throw invalidRequest(`"${field}" is required (text)`, 'see docs/http-api.md', [{ field, message: `expects text, found ${kindOf(value)}` }]);
  return value;
}

function optionalText(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`"${field}" must be text`, 'see docs/http-api.md', [{ field, message: `expects text, found ${kindOf(value)}` }]);
  return value;
}

function optionalNumber(body: Record<string, unknown>, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(`"${field}" must be a number`, 'see docs/http-api.md', [{ field, message: `expects a number, found ${kindOf(value)}` }]);
  return value;
}

/** What is live: versions, aliases, traffic shares, package hashes and load times. */
export async function modelsView(runtime: ServingRuntime): Promise<Record<string, unknown>> {
  const set = runtime.watcher.current;
  const live: Record<string, unknown> = {};
  for (const alias of SERVING_ALIASES) {
    const v = set?.[alias];
    if (v === undefined) continue;
    live[alias] = {
      version: v.loaded.version,
      kind: v.loaded.kind,
      run_id: v.loaded.runId,
      sha256: v.loaded.sha256,
      threshold: v.loaded.threshold,
      loaded_at: new Date(v.loaded.loadedAtMs).toISOString(),
      ...(alias === 'canary' ? { traffic_percent: v.trafficPercent ?? 0 } : {}),
    };
  }
  const canaryPercent = set?.canary === undefined ? 0 : (set.canary.trafficPercent ?? 0);
  let aliases: Record<string, number> | { error: string };
  try {
    aliases = await runtime.store.registry.aliases(runtime.model);
  } catch (error) {
    aliases = { error: error instanceof Error ? error.message : String(error) };
  }
  return {
    model: runtime.model,
    live,
    traffic: { champion_percent: set?.champion === undefined ? 0 : 100 - canaryPercent, canary_percent: canaryPercent, salt: set?.trafficSalt ?? null },
    aliases,
    live_set_built_at: set === undefined ? null : new Date(set.builtAtMs).toISOString(),
    ...(runtime.watcher.lastError === undefined ? {} : { last_refresh_error: runtime.watcher.lastError }),
  };
}
