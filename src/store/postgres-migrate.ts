// Brings a PostgreSQL store up to the latest schema, from the same MIGRATIONS as SQLite. Each
// pending migration runs in its own transaction with its schema_migrations row, under an advisory
// lock, so a migration is applied whole or not at all and two processes starting at once against a
// new store apply it once: the second waits for the lock, then finds the migration recorded.

import { FlywheelError, isFlywheelError } from '../core/errors.js';
import { MIGRATIONS, SCHEMA_MIGRATIONS_SQL, migrationSql, type Migration } from './migrations.js';
import type { PostgresDatabase } from './postgres-database.js';
import { targetText, translateConnectError } from './postgres-errors.js';

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAtMs: number;
}

export interface PostgresMigrateOptions {
  /** The migrations to apply, in order; the released list unless a test supplies its own. */
  migrations?: readonly Migration[];
  nowMs?: () => number;
}

/** The advisory lock every migrating process takes (an arbitrary constant of this product). */
export const MIGRATION_LOCK_KEY = 0x464c5957; // "FLYW"

function latestOf(migrations: readonly Migration[]): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

/** The migrations recorded in the database, in version order (empty for a database without the table). */
export async function appliedPostgresMigrations(db: PostgresDatabase): Promise<AppliedMigration[]> {
  const exists = await db.query<{ found: string | null }>('schema migrations', "SELECT to_regclass('schema_migrations')::text AS found");
  if (exists.rows[0]?.found == null) return [];
  const result = await db.query<{ version: number; name: string; applied_at_ms: number }>(
    'schema migrations',
    'SELECT version, name, applied_at_ms FROM schema_migrations ORDER BY version',
  );
  return result.rows.map((row) => ({ version: row.version, name: row.name, appliedAtMs: row.applied_at_ms }));
}

function newerError(db: PostgresDatabase, newest: number, latest: number): FlywheelError {
  return new FlywheelError(
    'store_invalid',
    `store ${targetText(db.target)} has schema version ${newest}, newer than this Flywheel knows (${latest})`,
    { hint: 'upgrade Flywheel to the version that last wrote this store' },
  );
}

/** True when the store already has every migration (one cheap query, no lock): the usual case at open. */
export async function isUpToDate(db: PostgresDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<boolean> {
  const applied = await appliedPostgresMigrations(db);
  const newest = applied.length === 0 ? 0 : applied[applied.length - 1]!.version;
  const latest = latestOf(migrations);
  if (newest > latest) throw newerError(db, newest, latest);
  const have = new Set(applied.map((m) => m.version));
  return migrations.every((m) => have.has(m.version));
}

/** Applies the pending migrations and returns their versions (empty when the store is up to date). */
export async function migratePostgres(db: PostgresDatabase, options: PostgresMigrateOptions = {}): Promise<number[]> {
  const migrations = options.migrations ?? MIGRATIONS;
  const nowMs = options.nowMs ?? Date.now;
  const latest = latestOf(migrations);
  const applied: number[] = [];
  for (const migration of migrations) {
    const label = `store ${targetText(db.target)}: migration ${migration.version} (${migration.name})`;
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      // Under the lock: creating the table concurrently could otherwise collide in the catalog.
      await client.query(SCHEMA_MIGRATIONS_SQL);
      const newest = (await client.query<{ newest: number | null }>('SELECT MAX(version) AS newest FROM schema_migrations')).rows[0]?.newest ?? 0;
      if (newest > latest) throw newerError(db, newest, latest);
      const done = await client.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.rowCount === 0) {
        await client.query(migrationSql(migration, 'postgres'));
        await client.query('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)', [migration.version, migration.name, nowMs()]);
        applied.push(migration.version);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if (isFlywheelError(error)) throw error;
      const connection = translateConnectError(error, db.target);
      if (connection !== undefined) throw connection;
      throw new FlywheelError('store_invalid', `${label} failed: ${(error as Error).message}`, {
        hint:
          'the store is left at the previous schema version; if the database is not a Flywheel store, point the store URL ' +
          'elsewhere, otherwise report this message',
        cause: error,
      });
    } finally {
      client.release();
    }
  }
  return applied;
}
