// Team mode end to end: a project's SQLite store copied to PostgreSQL shows the same runs, run
// details, comparisons and registry in the dashboard. Skipped, with the reason, without PostgreSQL.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startTestPostgres } from '../../test/postgres-server.js';
import { openStore } from '../store/open-store.js';
import { copyStore } from '../store/store-copy.js';
import type { Store } from '../store/types.js';
import { buildDashboard } from './app.js';
import { makeDashboardFixture, type DashboardFixture } from './dashboard-fixture.js';

const started = await startTestPostgres();
let fixture: DashboardFixture;
let team: Store;
let sqliteApp: FastifyInstance;
let postgresApp: FastifyInstance;

beforeAll(async () => {
  if (!started.ok) return;
  fixture = await makeDashboardFixture();
  team = await openStore(await started.server.createDatabase('dashboard'), { projectRoot: fixture.dir, ignoreEnvironment: true });
  await copyStore(fixture.store, team);
  const allowedHosts = ['localhost', '127.0.0.1'];
  sqliteApp = buildDashboard({ project: fixture.project, store: fixture.store, allowedHosts });
  postgresApp = buildDashboard({ project: fixture.project, store: team, allowedHosts });
}, 180_000);

afterAll(async () => {
  await sqliteApp?.close();
  await postgresApp?.close();
  await team?.close();
  await fixture?.store.close();
  if (started.ok) await started.server.stop();
});

describe.skipIf(!started.ok)(`the dashboard on a store copied to PostgreSQL${started.ok ? '' : ` (skipped: ${started.reason})`}`, () => {
  const get = async (app: FastifyInstance, url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: { host: '127.0.0.1' } });
    expect(response.statusCode).toBe(200);
    return response.json() as unknown;
  };

  it('answers every API route exactly as on the SQLite store', async () => {
    const { dummy, logistic } = fixture.runs;
    for (const url of ['/api/runs', '/api/runs?model=logistic', `/api/runs/${logistic}`, `/api/compare?ids=${dummy},${logistic}`, '/api/models', '/api/models/history']) {
      expect(await get(postgresApp, url), url).toEqual(await get(sqliteApp, url));
    }
    const runs = (await get(postgresApp, '/api/runs')) as { runs: { run_id: string }[] };
    expect(runs.runs.map((r) => r.run_id).sort()).toEqual(Object.values(fixture.runs).sort());
  });
});
