// The model server over a PostgreSQL store (a throwaway cluster): the same runtime and routes, with
// the prediction log, feedback, canary and hot swap going through the PostgreSQL backend of the
// same store interfaces. Without PostgreSQL binaries the file is skipped and says why.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestPostgres } from '../../test/postgres-server.js';
import { openStore } from '../store/open-store.js';
import { setTestAlias, testRecord } from '../serving/test-models.js';
import { TEST_MODEL, testServer } from './test-server.js';

const started = await startTestPostgres();
const projectRoot = mkdtempSync(path.join(os.tmpdir(), 'flywheel-pg-serve-'));

afterAll(async () => {
  if (started.ok) await started.server.stop();
  rmSync(projectRoot, { recursive: true, force: true });
});

if (!started.ok) {
  process.stderr.write(`PostgreSQL serving tests skipped: ${started.reason}\n`);
  describe.skip(`model server on PostgreSQL (skipped: ${started.reason})`, () => {
    it('serves and logs through a PostgreSQL store', () => undefined);
  });
} else {
  const url = await started.server.createDatabase('serving');

  describe('model server on PostgreSQL', () => {
    it('serves, logs before answering, takes feedback and follows the registry', async () => {
      const store = await openStore(url, { projectRoot, ignoreEnvironment: true });
      const server = await testServer({ store, serving: 'durability: fsync' });
      try {
        const first = await server.app.inject({ method: 'POST', url: '/v1/predict', payload: { records: [testRecord(), testRecord({ tenure: 'x' })], unit_id: 'pg-unit' }, headers: { 'x-request-id': 'pg-1' } });
        expect(first.statusCode).toBe(200);
        const predictions = first.json<{ predictions: { request_id: string; model_version?: number; error?: unknown }[] }>().predictions;
        expect(predictions[0]).toMatchObject({ request_id: 'pg-1-0', model_version: server.v1 });
        expect(predictions[1]!.error).toBeDefined();
        const logged = await store.predictions.readPredictions({ model: TEST_MODEL });
        expect(logged.map((r) => [r.requestId, r.unitId, r.propensity, r.assignment])).toEqual([['pg-1-0', 'pg-unit', 1, 'unit']]);

        const feedback = await server.app.inject({ method: 'POST', url: '/v1/feedback', payload: { outcomes: [{ request_id: 'pg-1-0', label: 'Yes' }, { request_id: 'pg-nope', label: 'No' }] } });
        expect(feedback.json()).toEqual({ accepted: 2, matched: 1, unmatched: [{ index: 1, request_id: 'pg-nope' }] });

        await setTestAlias(store.registry, TEST_MODEL, 'champion', server.v2);
        expect(await server.runtime.refresh()).toBe(true);
        const second = await server.app.inject({ method: 'POST', url: '/v1/predict', payload: { record: testRecord() } });
        expect(second.json<{ predictions: { model_version: number }[] }>().predictions[0]!.model_version).toBe(server.v2);
        expect((await server.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      } finally {
        await server.close();
      }
    });
  });
}
