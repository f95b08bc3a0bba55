// The dashboard as a Fastify app over one project and its open store: the JSON API under /api, the
// server-rendered pages that present the same documents, the stylesheet and script, and the HTML
// reports the stages wrote. Read-only: only GET and HEAD are served. Expected failures are answered
// with their code's HTTP status (JSON under /api, an error page elsewhere); anything else is logged
// and answered with a plain 500.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ERROR_CODES, FlywheelError, isFlywheelError } from '../core/errors.js';
import type { Store } from '../store/types.js';
import type { Project } from '../workflow/project.js';
import { CLIENT_SCRIPT } from './assets/dashboard-js.js';
import { STYLESHEET } from './assets/dashboard-css.js';
import { REPORT_FILE } from './audit-summary.js';
import { compareIds, compareView, historyView, modelsView, projectOverview, runsListing, runView, type DashboardSource, type RunsQuery } from './dashboard-data.js';
import { comparePage } from './pages/compare-page.js';
import { errorPage } from './pages/error-page.js';
import { overviewPage } from './pages/overview-page.js';
import { registryPage } from './pages/registry-page.js';
import { runPage } from './pages/run-page.js';
import { runsPage } from './pages/runs-page.js';
import { modelHistoryJson, modelsJson } from '../workflow/registry-json.js';
import { RunChartCache } from './run-charts.js';

export interface DashboardOptions {
  project: Project;
  store: Store;
  /** Host names accepted in the Host header (DNS-rebinding guard); undefined accepts any. */
  allowedHosts?: readonly string[] | undefined;
  /** Close the store when the app closes (default false: the caller owns it). */
  closeStore?: boolean | undefined;
  /** Receives unexpected errors (default: written to stderr with the stack). */
  onError?: ((error: unknown, request: { method: string; url: string }) => void) | undefined;
}

/**
 * Pages load only what the app serves: its stylesheet and script, data: images (the favicon).
 * Inline styles are allowed for the SVG charts' attributes; no inline script is.
 */
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** The stages' reports are self-contained: inline styles and data: images, nothing else (their own policy). */
const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/** The Host header's name without the port (`[::1]:4000` → `[::1]`). */
function hostName(header: string | undefined): string {
  if (header === undefined) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.split(':')[0]!.toLowerCase();
}

function isApi(request: FastifyRequest): boolean {
  return request.url === '/api' || request.url.startsWith('/api/') || request.url.startsWith('/api?');
}

/** The status of a framework error that is the client's (a malformed URL, a bad header), if it is one. */
function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function defaultOnError(error: unknown, request: { method: string; url: string }): void {
  const err = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`dashboard: internal error on ${request.method} ${request.url}: ${err.message}\n${err.stack ?? ''}\n`);
}

export function buildDashboard(options: DashboardOptions): FastifyInstance {
  const source: DashboardSource = { project: options.project, store: options.store };
  const projectName = options.project.root.split(/[\\/]/).filter(Boolean).pop() ?? 'project';
  const charts = new RunChartCache();
  const onError = options.onError ?? defaultOnError;
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });

  const html = (reply: FastifyReply, body: string, status = 200) => reply.code(status).header('content-security-policy', PAGE_CSP).type('text/html; charset=utf-8').send(body);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    if (options.allowedHosts !== undefined && !options.allowedHosts.includes(hostName(request.headers.host))) {
      return reply.code(403).type('application/json').send({ error: { code: 'usage', message: `host "${request.headers.host ?? ''}" is not served here`, hint: `open the dashboard at ${options.allowedHosts[0] ?? '127.0.0.1'}` } });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply.code(405).header('allow', 'GET, HEAD').type('application/json').send({ error: { code: 'usage', message: `the dashboard is read-only: ${request.method} is not allowed`, hint: 'change the project with the flywheel CLI' } });
    }
    return undefined;
  });

  app.setErrorHandler(async (error, request, reply) => {
    let status: number;
    let body: { code: string; message: string; hint?: string };
    if (isFlywheelError(error) && error.code !== 'internal') {
      status = error.httpStatus;
      body = { code: error.code, message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) };
    } else if (!isFlywheelError(error) && clientErrorStatus(error) !== undefined) {
      status = clientErrorStatus(error)!;
      body = { code: 'usage', message: (error as Error).message };
    } else {
      onError(error, { method: request.method, url: request.url });
      status = ERROR_CODES.internal.http;
      body = { code: 'internal', message: 'internal error: the dashboard could not answer this request (details are in the terminal running `flywheel ui`)' };
    }
    if (isApi(request)) return reply.code(status).type('application/json').send({ error: body });
    const title = status === 404 ? (request.routeOptions.url === '/runs/:id' ? 'Run not found' : 'Not found') : status >= 500 ? 'Internal error' : 'Cannot show this page';
    return html(reply, errorPage({ status, title, message: body.message, hint: body.hint, project: projectName }), status);
  });

  app.setNotFoundHandler(async (request, reply) => {
    const message = `no page at ${request.url.split('?')[0]}`;
    if (isApi(request)) return reply.code(404).type('application/json').send({ error: { code: 'not_found', message: `no API route ${request.method} ${request.url.split('?')[0]}`, hint: 'docs/dashboard.md lists the routes: /api/project, /api/runs, /api/runs/:id, /api/compare?ids=a,b, /api/models, /api/models/history' } });
    return html(reply, errorPage({ status: 404, title: 'Not found', message, hint: 'the pages are Overview, Runs and Registry', project: projectName }), 404);
  });

  // JSON API: the documents the pages render.
  app.get('/api/project', async () => projectOverview(source));
  app.get<{ Querystring: RunsQuery }>('/api/runs', async (request) => runsListing(source, request.query));
  app.get<{ Params: { id: string } }>('/api/runs/:id', async (request) => runView(source, request.params.id));
  app.get<{ Querystring: { ids?: string | string[] } }>('/api/compare', async (request) => compareView(source, compareIds(request.query.ids)));
  app.get('/api/models', async () => modelsJson(await modelsView(source)));
  app.get('/api/models/history', async () => modelHistoryJson(await historyView(source)));

  // Pages.
  app.get('/', async (_request, reply) => html(reply, overviewPage(await projectOverview(source))));
  app.get<{ Querystring: RunsQuery }>('/runs', async (request, reply) => html(reply, runsPage(await runsListing(source, request.query), request.query, projectName)));
  app.get<{ Params: { id: string } }>('/runs/:id', async (request, reply) => {
    const view = await runView(source, request.params.id);
    const sha = view.artifacts.find((a) => a.name === 'evaluation')?.sha256 ?? '';
    const rendered = view.evaluation === null ? null : await charts.get(`${view.run_id}:${sha}`, view.evaluation);
    return html(reply, runPage(view, rendered, projectName));
  });
  app.get<{ Querystring: { ids?: string | string[] } }>('/compare', async (request, reply) => html(reply, comparePage(await compareView(source, compareIds(request.query.ids)), projectName)));
  app.get('/registry', async (_request, reply) => html(reply, registryPage(await modelsView(source), await historyView(source), projectName)));

  // Assets and the stages' reports.
  app.get('/assets/dashboard.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(STYLESHEET));
  app.get('/assets/dashboard.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(CLIENT_SCRIPT));
  app.get<{ Params: { file: string } }>('/reports/:file', async (request, reply) => {
    const file = request.params.file;
    if (!REPORT_FILE.test(file)) throw new FlywheelError('not_found', `no report ${file}`, { hint: 'reports are named audit-<snapshot>.html and evaluation-<run>.html' });
    let body: Buffer;
    try {
      body = await readFile(join(options.project.artifactsDir, 'reports', file));
    } catch {
      throw new FlywheelError('not_found', `no report ${file} in the artifacts folder`, { hint: 'write it with `flywheel audit` or `flywheel evaluate RUN`' });
    }
    return reply.header('content-security-policy', REPORT_CSP).type('text/html; charset=utf-8').send(body);
  });

  if (options.closeStore === true) app.addHook('onClose', async () => options.store.close());
  return app;
}
