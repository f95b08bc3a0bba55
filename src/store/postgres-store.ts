// The PostgreSQL backend: one connection pool serving every capability, shared by many processes
// and machines (team mode). Opening checks the connection (a clear error when the server is down,
// the credentials are refused or the database is missing) and migrates the schema when needed.

import { FlywheelError } from '../core/errors.js';
import { isUpToDate, migratePostgres, type PostgresMigrateOptions } from './postgres-migrate.js';
import { PostgresDatabase } from './postgres-database.js';
import { PostgresDatasetStore } from './postgres-dataset-store.js';
import { PostgresPredictionStore } from './postgres-prediction-store.js';
import { PostgresRegistryStore } from './postgres-registry-store.js';
import { PostgresRunStore } from './postgres-run-store.js';
import type { Store } from './types.js';

export interface PostgresStoreOptions {
  /** Migrations to apply at open time (tests only; the released list by default). */
  migrate?: PostgresMigrateOptions;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
}

/** Connections for prediction-log writes: batches from one server rarely overlap. */
const LOG_CONNECTIONS = 4;

export class PostgresStore implements Store {
  readonly datasets: PostgresDatasetStore;
  readonly runs: PostgresRunStore;
  readonly registry: PostgresRegistryStore;
  readonly predictions: PostgresPredictionStore;
  private closed = false;
  /** The prediction log's writes have a pool of their own (see PostgresPredictionStore). */
  private readonly logDb: PostgresDatabase;

  constructor(
    readonly db: PostgresDatabase,
    readonly url: string,
  ) {
    this.logDb = new PostgresDatabase(url, { maxConnections: LOG_CONNECTIONS });
    this.datasets = new PostgresDatasetStore(db);
    this.runs = new PostgresRunStore(db);
    this.registry = new PostgresRegistryStore(db);
    this.predictions = new PostgresPredictionStore(db, this.logDb);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.db.end(), this.logDb.end()]);
  }
}

/** Connects to the store at `url` (postgres:// or postgresql://) and migrates it to the latest schema. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  let db: PostgresDatabase;
  try {
    db = new PostgresDatabase(url, { maxConnections: options.maxConnections });
  } catch (error) {
    throw new FlywheelError('store_invalid', `store URL is not a valid PostgreSQL URL: ${(error as Error).message}`, {
      hint: 'write postgres://user:password@host:5432/database (in `store:` of flywheel.yaml or FLYWHEEL_STORE_URL)',
      cause: error,
    });
  }
  try {
    const migrations = options.migrate?.migrations;
    if (!(await isUpToDate(db, migrations))) await migratePostgres(db, options.migrate);
    return new PostgresStore(db, url);
  } catch (error) {
    await db.end().catch(() => undefined);
    throw error;
  }
}
