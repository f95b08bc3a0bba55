import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDir, TELCO } from '../../test/fixtures.js';
import type { Store } from '../store/types.js';
import { DEMO_PROBLEM_CARD } from '../workflow/demo.js';
import { initProject } from '../workflow/init.js';
import { checkParity } from '../workflow/parity.js';
import { loadProject, openProjectStore, type Project } from '../workflow/project.js';
import { promoteRun } from '../workflow/registry.js';
import { trainProject } from '../workflow/train.js';
import { startServer } from './start-server.js';

let project: Project;
let store: Store;

beforeAll(async () => {
  const dir = scratchDir();
  await initProject({ dir, data: TELCO, target: 'churn', positive: 'Yes' });
  appendFileSync(join(dir, 'flywheel.yaml'), DEMO_PROBLEM_CARD);
  const loaded = loadProject(dir);
  project = { ...loaded, config: { ...loaded.config, ladder: { ...loaded.config.ladder, bootstrap: 100 } } };
  store = await openProjectStore(project);
  // gbt with native categorical splits and missing values (total_charges) is the hardest case for parity.
  const ladder = await trainProject(project, store, { models: ['rules', 'gbt'], params: { gbt: { n_estimators: 30 } } });
  await promoteRun(project, store, ladder.runs[1]!.run_id, { to: 'champion', force: 'parity test', evaluate: { replicates: 50 } });
}, 120_000);

afterAll(async () => {
  await store.close();
});

describe('train/serve parity', () => {
  it('finds the batch path and a live server identical on every row of the data', async () => {
    const server = await startServer({ project, host: '127.0.0.1', port: 0, store });
    try {
      const result = await checkParity(project, store, { url: server.url, sample: 7043 });
      expect(result).toMatchObject({ ok: true, rows: 7043, mismatches: [], versions: [{ version: 1, rows: 7043 }] });
      expect(result.max_abs_difference).toBeLessThanOrEqual(1e-12);
      // Parity sends what a client would: the model's input columns, never the label.
      const logged = await store.predictions.readPredictions({ limit: 5 });
      expect(logged.length).toBeGreaterThan(0);
      for (const record of logged) expect(Object.keys(record.features)).not.toContain('churn');
    } finally {
      await server.close();
    }
  });

  it('reports the rows where a server answers differently', async () => {
    // A stand-in server that shifts every score: parity must name the rows, not pass them.
    const fake = createHttpServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const records = (JSON.parse(body) as { records: unknown[] }).records;
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ predictions: records.map((_, i) => ({ score: i % 2 === 0 ? 0.5 : 0.25, model_version: 1 })) }));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      const result = await checkParity(project, store, { url, sample: 20 });
      expect(result.ok).toBe(false);
      expect(result.mismatches.length).toBeGreaterThan(10);
      expect(result.mismatches[0]).toMatchObject({ server: 0.5, features: [] });
      await expect(checkParity(project, store, { url: 'http://127.0.0.1:1', sample: 5 })).rejects.toMatchObject({ code: 'usage', message: expect.stringContaining('cannot reach the model server') });
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});
