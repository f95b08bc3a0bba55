import { rmSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from './app.js';
import { auditTiles } from './audit-summary.js';
import type { CompareResult } from '../workflow/compare.js';
import type { ModelHistoryJson, ModelsJson } from '../workflow/registry-json.js';
import type { ProjectOverview, RunsListing, RunView } from './dashboard-data.js';
import { HOSTILE_NOTE, makeDashboardFixture, type DashboardFixture } from './dashboard-fixture.js';

let fixture: DashboardFixture;
let app: FastifyInstance;

beforeAll(async () => {
  fixture = await makeDashboardFixture();
  app = buildDashboard({ project: fixture.project, store: fixture.store, allowedHosts: ['localhost', '127.0.0.1'] });
  await app.ready();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await fixture?.store.close();
  if (fixture !== undefined) rmSync(fixture.dir, { recursive: true, force: true });
});

interface ErrorBody {
  error: { code: string; message: string; hint?: string };
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await app.inject({ method: 'GET', url });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return { status: response.statusCode, body: response.json<T>() };
}

describe('the dashboard JSON API', () => {
  it('describes the project: problem card, latest audit, ladder in rung order, champion', async () => {
    const { status, body } = await getJson<ProjectOverview>('/api/project');
    expect(status).toBe(200);
    expect(body.problem_card).toMatchObject({ present: true, closed: true, open_questions: [] });
    expect(body.problem_card.answers).toContainEqual({ key: 'ml_metric', answer: 'roc_auc' });
    expect(body.problem_card.answers).toContainEqual({ key: 'baseline', answer: 'tenure < 6 and contract == "Month-to-month"' });
    expect(body.problem_card.cost_threshold!.threshold).toBeCloseTo(20 / 420, 6);
    expect(body.audit!.report).toMatch(/^\/reports\/audit-[0-9a-f]{12}\.html$/);
    expect(body.audit!.data).toMatchObject({ rows: 7043, columns: 20 });
    expect(body.audit!.findings.blocking).toBe(0);
    expect(body.audit!.tiles.map((t) => t.label)).toEqual(expect.arrayContaining(['rows', 'columns', 'blocking findings']));
    expect(body.ladder.map((r) => r.model)).toEqual(['dummy', 'rules', 'logistic']);
    const logistic = body.ladder[2]!;
    expect(logistic).toMatchObject({ run_id: fixture.runs.logistic, verdict: 'climb', evaluated: true });
    expect(logistic.valid_roc_auc!.value).toBeGreaterThan(0.8);
    expect(logistic.valid_roc_auc!.ci![0]).toBeLessThan(logistic.valid_roc_auc!.value);
    expect(body.ladder[0]!.verdict).toBe('baseline');
    expect(body.champion).toMatchObject({ model: 'churn', version: 1, run_id: fixture.runs.logistic, kind: 'logistic' });
    expect(body.champion!.test_roc_auc!.value).toBeGreaterThan(0.8);
  });

  it('lists runs newest first and filters them by model kind, tag, metric bound and date', async () => {
    const all = await getJson<RunsListing>('/api/runs');
    expect(all.body.runs.map((r) => r.run_id)).toEqual([fixture.runs.logistic, fixture.runs.rules, fixture.runs.dummy]);
    expect((await getJson<RunsListing>('/api/runs?model=rules')).body.runs.map((r) => r.model)).toEqual(['rules']);
    expect((await getJson<RunsListing>('/api/runs?tag=reviewed%3Dyes')).body.runs.map((r) => r.run_id)).toEqual([fixture.runs.logistic]);
    const bounded = await getJson<RunsListing>(`/api/runs?metric=${encodeURIComponent('valid.roc_auc>=0.7')}`);
    expect(bounded.body.filters.metric).toEqual({ split: 'valid', name: 'roc_auc', min: 0.7 });
    expect(bounded.body.runs.map((r) => r.model)).toEqual(['logistic']);
    const since = await getJson<RunsListing>('/api/runs?since=2000-01-01&model=');
    expect(since.body.runs).toHaveLength(3);
    expect(since.body.filters).toEqual({ created_since: '2000-01-01T00:00:00.000Z', limit: 100 });
    expect((await getJson<RunsListing>('/api/runs?until=2000-01-01')).body.runs).toHaveLength(0);
    // A repeated parameter counts once, the last one (tags excepted: they add up).
    expect((await getJson<RunsListing>('/api/runs?model=rules&model=logistic')).body.runs.map((r) => r.model)).toEqual(['logistic']);
    expect((await getJson<RunsListing>('/api/runs?tag=ladder%3Dtrue&tag=reviewed%3Dyes')).body.runs.map((r) => r.model)).toEqual(['logistic']);
    const sorted = await getJson<RunsListing>('/api/runs?sort=valid.roc_auc&asc=true');
    expect(sorted.body.runs.map((r) => r.model)).toEqual(['dummy', 'rules', 'logistic']);
  });

  it('answers a bad filter with 400 and a message saying how to write it', async () => {
    const { status, body } = await getJson<ErrorBody>('/api/runs?metric=roc_auc%3E0.8');
    expect(status).toBe(400);
    expect(body.error.code).toBe('usage');
    expect(body.error.message).toContain('expected split.metric');
    expect(body.error.hint).toContain('valid.roc_auc>=0.8');
    expect((await getJson<ErrorBody>('/api/runs?limit=0')).status).toBe(400);
  });

  it('shows one run by prefix: metrics, params, lineage, test looks, notes, tags and its stored evaluation', async () => {
    const { status, body } = await getJson<RunView & { metrics: { valid: { roc_auc: { ci: number[] } } } }>(`/api/runs/${fixture.runs.logistic.slice(0, 8)}`);
    expect(status).toBe(200);
    expect(body.run_id).toBe(fixture.runs.logistic);
    expect(body.model).toBe('logistic');
    expect(body.metrics.valid.roc_auc.ci).toHaveLength(2);
    expect(body.params).toHaveProperty('C');
    expect(body.lineage).toMatchObject({ seed: fixture.project.config.seed, split_method: 'stratified', node_version: process.version });
    expect(body.lineage.snapshot).toMatch(/^[0-9a-f]{64}$/);
    expect(body.lineage.split_counts!.test).toBeGreaterThan(1000);
    expect(body.test_looks).toBeGreaterThanOrEqual(1);
    expect(body.notes).toEqual([expect.objectContaining({ text: HOSTILE_NOTE })]);
    expect(body.tags).toMatchObject({ ladder: 'true', reviewed: 'yes' });
    expect(body.evaluation!.run_id).toBe(fixture.runs.logistic);
    expect(body.evaluation!.metrics.test!.roc_auc!.value).toBeGreaterThan(0.8);
    expect(body.evaluation!.curves.roc.length).toBeGreaterThan(10);
    expect(body.evaluation_report).toBe(`/reports/evaluation-${fixture.runs.logistic.slice(0, 8)}.html`);
    expect(body.model_versions).toEqual([{ model: 'churn', version: 1, aliases: ['champion'] }]);
    const dummy = await getJson<RunView>(`/api/runs/${fixture.runs.dummy}`);
    expect(dummy.body.evaluation).toBeNull();
    expect(dummy.body.evaluation_report).toBeNull();
  });

  it('answers an unknown run with 404 naming it', async () => {
    const { status, body } = await getJson<ErrorBody>('/api/runs/deadbeef99');
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: 'not_found', message: "no run deadbeef99 in this project's store" });
    expect(body.error.hint).toContain(fixture.runs.logistic.slice(0, 8));
  });

  it('compares runs side by side with DeLong and paired bootstrap on validation rows, counting no test look', async () => {
    const before = await fixture.store.runs.countTestLooks((await fixture.store.runs.getRun(fixture.runs.logistic))!.splitHash);
    const { status, body } = await getJson<CompareResult>(`/api/compare?ids=${fixture.runs.rules.slice(0, 8)},${fixture.runs.logistic.slice(0, 8)}`);
    expect(status).toBe(200);
    expect(body.runs.map((r) => r.model)).toEqual(['rules', 'logistic']);
    expect(body.metrics.find((m) => m.name === 'valid.roc_auc')).toMatchObject({ differs: true });
    expect(body.params.some((p) => p.differs)).toBe(true);
    expect(body.statistics!.split).toBe('valid');
    expect(body.statistics!.reference).toBe(fixture.runs.rules);
    const pair = body.statistics!.pairs[0]!;
    expect(pair.run_id).toBe(fixture.runs.logistic);
    expect(pair.roc_auc!.difference).toBeGreaterThan(0);
    expect(pair.roc_auc!.p_value).toBeLessThan(0.05);
    expect(pair.differences.average_precision!.ci).toHaveLength(2);
    const after = await fixture.store.runs.countTestLooks((await fixture.store.runs.getRun(fixture.runs.logistic))!.splitHash);
    expect(after).toBe(before);
    // Repeated ids=… parameters work as well as a comma-separated list.
    expect((await getJson<CompareResult>(`/api/compare?ids=${fixture.runs.rules}&ids=${fixture.runs.dummy}`)).body.runs).toHaveLength(2);
  });

  it('refuses a comparison of fewer than two runs with 400', async () => {
    const { status, body } = await getJson<ErrorBody>(`/api/compare?ids=${fixture.runs.rules}`);
    expect(status).toBe(400);
    expect(body.error.message).toBe('compare needs at least two runs');
  });

  it('lists model versions with aliases, and the alias history with the gate result of each promotion', async () => {
    const models = await getJson<ModelsJson>('/api/models');
    expect(models.body).toMatchObject({ model: 'churn', aliases: { champion: 1 } });
    expect(models.body.versions).toEqual([expect.objectContaining({ version: 1, run_id: fixture.runs.logistic, aliases: ['champion'], kind: 'logistic', traffic_percent: null })]);
    expect(models.body.versions[0]!.test_roc_auc).toBeGreaterThan(0.8);
    expect(models.body.versions[0]!.registered_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const history = await getJson<ModelHistoryJson>('/api/models/history');
    const event = history.body.events.at(-1)!;
    expect(event).toMatchObject({ model: 'churn', alias: 'champion', version: 1, previous_version: null });
    expect(typeof event.actor).toBe('string');
    expect(event.reason).not.toBe('');
    const gate = event.details as { passed: boolean; conditions: { name: string }[] };
    expect(gate.conditions.map((c) => c.name)).toEqual(['beats_baseline', 'no_weak_slice', 'calibrated', 'no_blocking_findings']);
    for (const c of gate.conditions) expect(c).toEqual({ name: expect.any(String), passed: expect.any(Boolean), required: expect.any(String), measured: expect.any(String) });
    // The same document as `flywheel models history --json`: snake_case keys, ISO times, one event per change.
    const events = await fixture.store.registry.aliasHistory('churn');
    expect(history.body.events).toHaveLength(events.length);
    expect(history.body.events[0]).toMatchObject({ model: 'churn', alias: events[0]!.alias, version: events[0]!.version, previous_version: null, actor: events[0]!.actor, at: new Date(events[0]!.atMs).toISOString() });
  });

  it('answers an unknown API route with 404 JSON listing the routes', async () => {
    const { status, body } = await getJson<ErrorBody>('/api/nothing');
    expect(status).toBe(404);
    expect(body.error.hint).toContain('/api/models/history');
  });
});

describe('the dashboard pages and guards', () => {
  it('renders every page as HTML with the stylesheet and script served by the app', async () => {
    for (const url of ['/', '/runs', `/runs/${fixture.runs.logistic}`, `/compare?ids=${fixture.runs.rules},${fixture.runs.logistic}`, '/registry']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.body).toContain('<link rel="stylesheet" href="/assets/dashboard.css">');
      expect(response.body).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    }
    expect((await app.inject('/assets/dashboard.css')).headers['content-type']).toMatch(/^text\/css/);
    expect((await app.inject('/assets/dashboard.js')).headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('shows an evaluated run with server-rendered charts, the threshold and the note escaped', async () => {
    const body = (await app.inject(`/runs/${fixture.runs.logistic.slice(0, 8)}`)).body;
    expect(body.match(/<svg/g)?.length).toBe(4);
    expect(body).toContain('Threshold and consequences');
    expect(body).toContain('href="/reports/evaluation-');
    expect(body).not.toContain('<script>alert');
    expect(body).toContain('&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;');
  });

  it('answers an unknown run page with a 404 page naming the run', async () => {
    const response = await app.inject('/runs/deadbeef99');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Run not found');
    expect(response.body).toContain('no run deadbeef99');
  });

  it('serves the stages’ HTML reports under their own policy and nothing else from the artifacts folder', async () => {
    const overview = (await getJson<ProjectOverview>('/api/project')).body;
    const report = await app.inject(overview.audit!.report);
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-security-policy']).toContain("default-src 'none'");
    expect(auditTiles(report.body).find((t) => t.label === 'rows')?.value).toBe('7,043');
    expect((await app.inject('/reports/..%2Fflywheel.db')).statusCode).toBe(404);
    expect((await app.inject('/reports/audit-000000000000.html')).statusCode).toBe(404);
  });

  it('is read-only and refuses Host names it does not serve', async () => {
    const post = await app.inject({ method: 'POST', url: '/api/runs', payload: {} });
    expect(post.statusCode).toBe(405);
    expect(post.json().error.message).toContain('read-only');
    const rebound = await app.inject({ method: 'GET', url: '/api/project', headers: { host: 'attacker.example:4000' } });
    expect(rebound.statusCode).toBe(403);
  });
});
