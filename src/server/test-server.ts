// A model server for tests: a project from flywheel.yaml text, an in-memory (or file) SQLite store
// with real model packages registered, and the app built by the same composition root as
// `flywheel serve`, driven through inject() without a socket.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseProjectConfig } from '../core/config.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/types.js';
import { registerTestVersion, setTestAlias, testPackage } from '../serving/test-models.js';
import { projectFromConfig, type Project } from '../workflow/project.js';
import { createServer, type CreateServerOptions } from './start-server.js';

export const TEST_MODEL = 'churned';

export function testProject(servingYaml = '', root = mkdtempSync(path.join(tmpdir(), 'flywheel-serve-'))): Project {
  const text = `version: 1\ndata: data.csv\ntarget: churned\nstore: sqlite:.flywheel/flywheel.db\n${servingYaml === '' ? '' : `serving:\n${servingYaml.replace(/^/gm, '  ')}\n`}`;
  return projectFromConfig(root, parseProjectConfig(text));
}

export interface TestServerOptions extends CreateServerOptions {
  /** Lines of the `serving:` section. */
  serving?: string;
  /** Register v1 (base) and v2 (flipped labels) and make v1 champion (default true). */
  champion?: boolean;
  store?: Store;
}

export async function testServer(options: TestServerOptions = {}) {
  const project = testProject(options.serving ?? '');
  const store = options.store ?? openSqliteStore(':memory:');
  let v1 = 0;
  let v2 = 0;
  if (options.champion !== false) {
    v1 = await registerTestVersion(store.registry, TEST_MODEL, testPackage());
    v2 = await registerTestVersion(store.registry, TEST_MODEL, testPackage({ flip: true }));
    await setTestAlias(store.registry, TEST_MODEL, 'champion', v1);
  }
  const { app, runtime, metrics } = createServer(project, store, { env: {}, logger: false, ...options });
  await runtime.start();
  const close = async () => {
    await app.close();
    await runtime.close();
    await store.close();
  };
  return { project, store, app, runtime, metrics, v1, v2, close };
}

export type TestServer = Awaited<ReturnType<typeof testServer>>;
