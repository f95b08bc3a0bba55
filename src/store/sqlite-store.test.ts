// Runs the store contract against a SQLite file in a temporary folder, and checks what is specific
// to SQLite: pragmas, migrations recorded once, refusal of newer or foreign database files.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
import { openStore } from './open-store.js';
import { describeStoreContract } from './store-contract.js';
import { appliedMigrations, migrate } from './sqlite-migrate.js';
import { metricRows } from './sqlite-run-store.js';
import { openSqliteStore } from './sqlite-store.js';

const projectRoot = mkdtempSync(path.join(os.tmpdir(), 'flywheel-store-'));

afterAll(() => {
  rmSync(projectRoot, { recursive: true, force: true });
});

describeStoreContract('SQLite', () => openStore('sqlite:.flywheel/contract.db', { projectRoot }));

/** A fresh store file for one test. */
function freshPath(name: string): string {
  return path.join(projectRoot, `${name}-${Math.random().toString(36).slice(2)}.db`);
}

describe('SQLite store', () => {
  it('opens its file in WAL mode', async () => {
    const file = freshPath('wal');
    const store = openSqliteStore(file);
    await store.close();
    const raw = new Database(file);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('records every migration with its name and time when it creates a store', async () => {
    const file = freshPath('migrations');
    const before = Date.now();
    await (await openStore(`sqlite:${file}`, { projectRoot })).close();
    const raw = new Database(file);
    const applied = appliedMigrations(raw);
    raw.close();
    expect(applied.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    for (const m of applied) expect(m.appliedAtMs).toBeGreaterThanOrEqual(before);
  });

  it('does not run migrations again when a store is reopened', async () => {
    const file = freshPath('reopen');
    await (await openStore(`sqlite:${file}`, { projectRoot })).close();
    const raw = new Database(file);
    const first = appliedMigrations(raw);
    expect(migrate(raw)).toEqual([]);
    raw.close();
    await (await openStore(`sqlite:${file}`, { projectRoot })).close();
    const again = new Database(file);
    expect(appliedMigrations(again)).toEqual(first);
    again.close();
  });

  it('applies only the migrations a store has not seen yet', () => {
    const raw = new Database(':memory:');
    expect(migrate(raw, { migrations: MIGRATIONS.slice(0, 2) })).toEqual([1, 2]);
    expect(migrate(raw)).toEqual(MIGRATIONS.slice(2).map((m) => m.version));
    raw.close();
  });

  it('rolls back a failing migration whole and keeps the ones before it', () => {
    const raw = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', sql: 'CREATE TABLE half_done (a TEXT); SELECT nope FROM missing_table;' },
    ];
    expect(() => migrate(raw, { migrations: broken })).toThrow(
      expect.objectContaining({ code: 'store_invalid', message: expect.stringContaining('(broken) failed') as unknown }),
    );
    expect(appliedMigrations(raw).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").get()).toBeUndefined();
    raw.close();
  });

  it('refuses a store written by a newer Flywheel and says to upgrade', async () => {
    const file = freshPath('newer');
    await (await openStore(`sqlite:${file}`, { projectRoot })).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)').run(999, 'future', 0);
    raw.close();
    await expect(openStore(`sqlite:${file}`, { projectRoot })).rejects.toMatchObject({
      code: 'store_invalid',
      message: expect.stringContaining(`schema version 999, newer than this Flywheel knows (${LATEST_SCHEMA_VERSION})`) as unknown,
    });
  });

  it('refuses a file that is not a SQLite database with store_invalid', async () => {
    const file = freshPath('not-a-db');
    writeFileSync(file, 'id,churned\n1,Yes\n'.repeat(200));
    await expect(openStore(`sqlite:${file}`, { projectRoot })).rejects.toMatchObject({
      code: 'store_invalid',
      message: expect.stringContaining('not a valid SQLite database') as unknown,
    });
  });

  it('turns on foreign key enforcement for its connection', async () => {
    // foreign_keys is a per-connection setting, so it can only be read through the store's own
    // connection (private: nothing outside the backend should use it).
    const store = openSqliteStore(':memory:');
    const raw = (store as unknown as { db: Database.Database }).db;
    expect(raw.pragma('foreign_keys', { simple: true })).toBe(1);
    await store.close();
  });

  it('fills run_metrics from the metrics of runs stored before migration 5, as new runs would be', async () => {
    const file = freshPath('backfill');
    const raw = new Database(file);
    migrate(raw, { migrations: MIGRATIONS.filter((m) => m.version <= 4) });
    raw.prepare(`INSERT INTO snapshots VALUES ('s1', 'p', 'src', 'csv', 1, '[]', 1, 1)`).run();
    raw.prepare(`INSERT INTO splits VALUES ('sp1', 's1', 'file', '{}', 0, 1, 0, 0, x'00', 1)`).run();
    const metrics: Record<string, unknown>[] = [
      { valid: { roc_auc: { value: 0.81, ci: [0.8, 0.82] }, log_loss: { value: 0.4 } }, test: { roc_auc: { value: 0.79 } } },
      { valid: { roc_auc: 0.7, brier: 1 } },
      { valid: { roc_auc: { value: null }, note: 'text', list: [1, 2] }, folds: [0.5, 0.6], test: 'n/a' },
      {},
    ];
    const insert = raw.prepare(
      `INSERT INTO runs (id, kind, status, created_at_ms, snapshot_hash, split_hash, seed, params_json, metrics_json, package_version, node_version)
       VALUES (?, 'logistic', 'finished', ?, 's1', 'sp1', 0, '{}', ?, '0.1.0', 'v20')`,
    );
    metrics.forEach((m, i) => insert.run(`r${i}`, i, JSON.stringify(m)));
    raw.close();

    const store = openSqliteStore(file);
    const found = await store.runs.listRuns({ metric: { split: 'valid', name: 'roc_auc' }, sort: { by: 'metric', split: 'valid', name: 'roc_auc' } });
    expect(found.map((r) => r.id)).toEqual(['r0', 'r1']);
    await store.close();
    const check = new Database(file);
    const select = check.prepare<[string], { split: string; name: string; value: number }>('SELECT split, name, value FROM run_metrics WHERE run_id = ? ORDER BY split, name');
    const byKey = (a: { split: string; name: string }, b: { split: string; name: string }) => `${a.split}/${a.name}`.localeCompare(`${b.split}/${b.name}`);
    metrics.forEach((m, i) => expect(select.all(`r${i}`)).toEqual(metricRows(m).sort(byKey)));
    expect(select.all('r1')).toEqual([
      { split: 'valid', name: 'brier', value: 1 },
      { split: 'valid', name: 'roc_auc', value: 0.7 },
    ]);
    check.close();
  });

  it('serves an in-memory store from sqlite::memory:', async () => {
    const store = await openStore('sqlite::memory:', { projectRoot });
    await store.predictions.logOutcomes([{ unitId: 'u', atMs: 1, label: 'Yes' }]);
    expect(await store.predictions.readOutcomes()).toEqual([{ unitId: 'u', atMs: 1, label: 'Yes' }]);
    expect(store.url).toBe('sqlite::memory:');
    await store.close();
  });
});
