// The SQLite backend: one better-sqlite3 connection serving every capability. The database runs in
// WAL mode (readers never block the writer), waits up to 5 s for another process's write lock, and
// enforces foreign keys; the schema is migrated before any statement is prepared.

import Database from 'better-sqlite3';
import { migrate, type MigrateOptions } from './sqlite-migrate.js';
import { SqliteDatasetStore } from './sqlite-dataset-store.js';
import { translateSqliteError } from './sqlite-errors.js';
import { SqlitePredictionStore } from './sqlite-prediction-store.js';
import { SqliteRegistryStore } from './sqlite-registry-store.js';
import { SqliteRunStore } from './sqlite-run-store.js';
import type { Store } from './types.js';

/** How long a write waits for another connection's lock before failing with 'conflict'. */
export const BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreOptions {
  /** The URL shown as `Store.url`; defaults to `sqlite:<path>`. */
  url?: string;
  /** Migrations to apply at open time (tests only; the released list by default). */
  migrate?: MigrateOptions;
}

export class SqliteStore implements Store {
  readonly datasets: SqliteDatasetStore;
  readonly runs: SqliteRunStore;
  readonly registry: SqliteRegistryStore;
  readonly predictions: SqlitePredictionStore;
  readonly url: string;

  constructor(
    private readonly db: Database.Database,
    url: string,
  ) {
    this.url = url;
    this.datasets = new SqliteDatasetStore(db);
    this.runs = new SqliteRunStore(db);
    this.registry = new SqliteRegistryStore(db);
    this.predictions = new SqlitePredictionStore(db);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/**
 * Opens (creating when missing) the SQLite store at `path`, an existing folder's file or `:memory:`,
 * and migrates it to the latest schema.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const url = options.url ?? `sqlite:${path}`;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    // Pragmas are set outside any transaction (foreign_keys is a no-op inside one). WAL persists in
    // the file; an in-memory database reports 'memory' instead, which is fine. synchronous stays at
    // its default FULL: an acknowledged prediction must survive a power cut, not only a crash.
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrate);
    return new SqliteStore(db, url);
  } catch (error) {
    if (db?.open) db.close();
    throw translateSqliteError(error, `store ${url}`);
  }
}
