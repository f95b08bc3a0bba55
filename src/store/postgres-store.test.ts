// Runs the store contract against a real PostgreSQL server (a throwaway cluster started for this
// file), and checks what is specific to PostgreSQL: migrations under an advisory lock, refusal of a
// newer schema, registry and test-look atomicity across separate pools, and connection errors that
// name the server. Without PostgreSQL binaries the whole file is skipped and says why.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../test/postgres-server.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { effectiveStoreUrl, openStore } from './open-store.js';
import { PostgresDatabase } from './postgres-database.js';
import { appliedPostgresMigrations, migratePostgres } from './postgres-migrate.js';
import { mergePatch } from './postgres-run-store.js';
import { openPostgresStore, type PostgresStore } from './postgres-store.js';
import { metricRows } from './sqlite-run-store.js';
import { describeStoreContract } from './store-contract.js';

const started = await startTestPostgres();
const server: TestPostgres | undefined = started.ok ? started.server : undefined;
const projectRoot = mkdtempSync(path.join(os.tmpdir(), 'flywheel-pg-store-'));

afterAll(async () => {
  await server?.stop();
  rmSync(projectRoot, { recursive: true, force: true });
});

if (!started.ok) {
  process.stderr.write(`PostgreSQL store tests skipped: ${started.reason}\n`);
  describe.skip(`PostgreSQL store (skipped: ${started.reason})`, () => {
    it('runs the store contract against PostgreSQL', () => undefined);
  });
} else {
  const pgServer = started.server;
  const contractUrl = await pgServer.createDatabase('contract');

  describeStoreContract('PostgreSQL', () => openStore(contractUrl, { projectRoot, ignoreEnvironment: true }));

  /** A fresh, empty database. */
  const freshDatabase = (name: string) => pgServer.createDatabase(name);

  async function raw(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }

  describe('PostgreSQL store', () => {
    it('records every migration with its name and time when it creates a store, and none again on reopening', async () => {
      const url = await freshDatabase('migrations');
      const before = Date.now();
      await (await openPostgresStore(url)).close();
      const db = new PostgresDatabase(url);
      const applied = await appliedPostgresMigrations(db);
      expect(applied.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      for (const m of applied) expect(m.appliedAtMs).toBeGreaterThanOrEqual(before);
      expect(await migratePostgres(db)).toEqual([]);
      await db.end();
      await (await openPostgresStore(url)).close();
      const again = new PostgresDatabase(url);
      expect(await appliedPostgresMigrations(again)).toEqual(applied);
      await again.end();
    });

    it('applies each migration once when several processes open a new store at the same moment', async () => {
      const url = await freshDatabase('race_migrate');
      const dbs = [0, 1, 2, 3].map(() => new PostgresDatabase(url));
      const applied = await Promise.all(dbs.map((db) => migratePostgres(db)));
      expect(applied.flat().sort((a, b) => a - b)).toEqual(MIGRATIONS.map((m) => m.version));
      expect((await appliedPostgresMigrations(dbs[0]!)).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
      await Promise.all(dbs.map((db) => db.end()));
    });

    it('applies only the migrations a store has not seen yet, and rolls a failing one back whole', async () => {
      const url = await freshDatabase('partial');
      const db = new PostgresDatabase(url);
      expect(await migratePostgres(db, { migrations: MIGRATIONS.slice(0, 2) })).toEqual([1, 2]);
      const broken = [
        ...MIGRATIONS,
        { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half_done (a TEXT); SELECT nope FROM missing_table;' },
      ];
      await expect(migratePostgres(db, { migrations: broken })).rejects.toMatchObject({
        code: 'store_invalid',
        message: expect.stringContaining('(broken) failed') as unknown,
      });
      expect((await appliedPostgresMigrations(db)).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
      const halfDone = await db.query<{ found: string | null }>('check', "SELECT to_regclass('half_done')::text AS found");
      expect(halfDone.rows[0]?.found).toBeNull();
      await db.end();
    });

    it('refuses a store written by a newer Flywheel and says to upgrade', async () => {
      const url = await freshDatabase('newer');
      await (await openPostgresStore(url)).close();
      const client = await raw(url);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (999, $1, 0)', ['future']);
      await client.end();
      await expect(openStore(url, { projectRoot, ignoreEnvironment: true })).rejects.toMatchObject({
        code: 'store_invalid',
        message: expect.stringContaining(`schema version 999, newer than this Flywheel knows (${LATEST_SCHEMA_VERSION})`) as unknown,
      });
    });

    it('fills run_metrics from the metrics of runs stored before migration 5, as new runs would be', async () => {
      const url = await freshDatabase('backfill');
      const db = new PostgresDatabase(url);
      await migratePostgres(db, { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
      await db.end();
      const client = await raw(url);
      await client.query(`INSERT INTO snapshots VALUES ('s1', 'p', 'src', 'csv', 1, '[]', 1, 1)`);
      await client.query(`INSERT INTO splits VALUES ('sp1', 's1', 'file', '{}', 0, 1, 0, 0, '\\x00', 1)`);
      const metrics: Record<string, unknown>[] = [
        { valid: { roc_auc: { value: 0.81, ci: [0.8, 0.82] }, log_loss: { value: 0.4 } }, test: { roc_auc: { value: 0.79 } } },
        { valid: { roc_auc: 0.7, brier: 1 } },
        { valid: { roc_auc: { value: null }, note: 'text', list: [1, 2] }, folds: [0.5, 0.6], test: 'n/a' },
        {},
      ];
      for (const [i, m] of metrics.entries()) {
        await client.query(
          `INSERT INTO runs (id, kind, status, created_at_ms, snapshot_hash, split_hash, seed, params_json, metrics_json, package_version, node_version)
           VALUES ($1, 'logistic', 'finished', $2, 's1', 'sp1', 0, '{}', $3, '0.1.0', 'v20')`,
          [`r${i}`, i, JSON.stringify(m)],
        );
      }
      await client.end();
      const store = await openPostgresStore(url);
      const found = await store.runs.listRuns({ metric: { split: 'valid', name: 'roc_auc' }, sort: { by: 'metric', split: 'valid', name: 'roc_auc' } });
      expect(found.map((r) => r.id)).toEqual(['r0', 'r1']);
      const byKey = (a: { split: string; name: string }, b: { split: string; name: string }) => `${a.split}/${a.name}`.localeCompare(`${b.split}/${b.name}`);
      for (const [i, m] of metrics.entries()) {
        const rows = await store.db.query<{ split: string; name: string; value: number }>('check', 'SELECT split, name, value FROM run_metrics WHERE run_id = $1', [`r${i}`]);
        expect([...rows.rows].sort(byKey)).toEqual(metricRows(m).sort(byKey));
      }
      await store.close();
    });

    it('returns BIGINT columns as numbers, not strings', async () => {
      const store = await openPostgresStore(contractUrl);
      const result = await store.db.query<{ n: number }>('check', 'SELECT 9007199254740991::bigint AS n');
      expect(result.rows[0]!.n).toBe(Number.MAX_SAFE_INTEGER);
      await store.close();
    });

    it('numbers versions and keeps the alias history consistent when separate pools register and promote at once', async () => {
      const stores: PostgresStore[] = await Promise.all([0, 1, 2].map(() => openPostgresStore(contractUrl)));
      const name = `race-${Date.now()}`;
      const registered = await Promise.all(
        Array.from({ length: 24 }, (_, i) => stores[i % 3]!.registry.registerVersion({ name, sha256: `s${i}`, package: { i }, createdAtMs: i })),
      );
      expect(registered.map((v) => v.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          i % 7 === 6
            ? stores[i % 3]!.registry.removeAlias({ name, alias: 'champion', actor: `p${i}`, reason: 'pull', atMs: i }).catch(() => undefined)
            : stores[i % 3]!.registry.setAlias({ name, alias: 'champion', version: (i % 24) + 1, actor: `p${i}`, reason: 'race', atMs: i }),
        ),
      );
      const history = await stores[0]!.registry.aliasHistory(name);
      let current: number | null = null;
      for (const event of history) {
        expect(event.previousVersion).toBe(current);
        current = event.version;
      }
      expect((await stores[1]!.registry.getAlias(name, 'champion')) ?? null).toBe(current);
      await Promise.all(stores.map((s) => s.close()));
    });

    it('keeps the log’s relaxed durability to the log: other writes still wait for the flush', async () => {
      const store = await openPostgresStore(contractUrl);
      await store.predictions.setDurability('normal');
      await store.predictions.logOutcomes([{ unitId: `u-${Date.now()}`, atMs: 1, label: 'Yes' }]);
      const main = await store.db.query<{ setting: string }>('check', "SELECT current_setting('synchronous_commit') AS setting");
      expect(main.rows[0]!.setting).toBe('on');
      // The log's own pool hands out the idle connection that just wrote, its session set to off.
      const logDb = (store.predictions as unknown as { logDb: PostgresDatabase }).logDb;
      const log = await logDb.query<{ setting: string }>('check', "SELECT current_setting('synchronous_commit') AS setting");
      expect(log.rows[0]!.setting).toBe('off');
      await store.close();
    });

    it('merges finishRun info as a JSON merge patch, like SQLite', () => {
      expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: 4 }, { b: { c: 5, d: null }, e: null, f: [1] })).toEqual({ a: 1, b: { c: 5 }, f: [1] });
    });
  });

  describe('PostgreSQL connection errors', () => {
    it('names host and port and says to check the server when nothing listens there', async () => {
      const port = await unusedPort();
      const url = `postgres://postgres@127.0.0.1:${port}/flywheel`;
      const error = (await openStore(url, { projectRoot, ignoreEnvironment: true }).catch((e: unknown) => e)) as { code: string; message: string; hint: string };
      expect(error).toMatchObject({ code: 'store_invalid' });
      expect(error.message).toMatch(new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
      expect(error.hint).toContain('check that the server is running');
      expect(error.hint).toContain('FLYWHEEL_STORE_URL');
    });

    it('names the database when it does not exist, with the server’s own message', async () => {
      const url = `postgres://postgres@${pgServer.host}:${pgServer.port}/no_such_db`;
      await expect(openStore(url, { projectRoot, ignoreEnvironment: true })).rejects.toMatchObject({
        code: 'store_invalid',
        message: expect.stringMatching(/^PostgreSQL at 127\.0\.0\.1:\d+ has no database "no_such_db": database "no_such_db" does not exist$/) as unknown,
        hint: expect.stringContaining('createdb') as unknown,
      });
    });

    it('names the user when the server refuses it', async () => {
      const url = `postgres://nobody@${pgServer.host}:${pgServer.port}/postgres`;
      await expect(openStore(url, { projectRoot, ignoreEnvironment: true })).rejects.toMatchObject({
        code: 'store_invalid',
        message: expect.stringMatching(/refused user "nobody" for database "postgres": role "nobody" does not exist/) as unknown,
        hint: expect.stringContaining('user name and password') as unknown,
      });
    });

    it('never shows the password of the URL', async () => {
      const url = `postgres://nobody:s3cret@${pgServer.host}:${pgServer.port}/postgres`;
      const error = (await openStore(url, { projectRoot, ignoreEnvironment: true }).catch((e: unknown) => e)) as { message: string; hint: string };
      expect(`${error.message} ${error.hint}`).not.toContain('s3cret');
    });
  });
}

describe('FLYWHEEL_STORE_URL', () => {
  it('overrides the store of flywheel.yaml when set, and only then', () => {
    expect(effectiveStoreUrl('sqlite:.flywheel/flywheel.db', { env: { FLYWHEEL_STORE_URL: 'postgres://db/flywheel' } })).toBe('postgres://db/flywheel');
    expect(effectiveStoreUrl('sqlite:.flywheel/flywheel.db', { env: { FLYWHEEL_STORE_URL: ' ' } })).toBe('sqlite:.flywheel/flywheel.db');
    expect(effectiveStoreUrl('sqlite:.flywheel/flywheel.db', { env: {} })).toBe('sqlite:.flywheel/flywheel.db');
    expect(effectiveStoreUrl('sqlite:a.db', { env: { FLYWHEEL_STORE_URL: 'postgres://db/x' }, ignoreEnvironment: true })).toBe('sqlite:a.db');
  });
});

async function unusedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
    });
  });
}
