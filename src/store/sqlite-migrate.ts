// Brings a SQLite database up to the latest schema at open time. Each pending migration runs in its
// own IMMEDIATE transaction together with its schema_migrations row, so a migration is applied
// whole or not at all, and two processes opening the same new store do not apply it twice.

import type Database from 'better-sqlite3';
import { FlywheelError } from '../core/errors.js';
import { MIGRATIONS, SCHEMA_MIGRATIONS_SQL, migrationSql, type Migration } from './migrations.js';
import { translateSqliteError } from './sqlite-errors.js';

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAtMs: number;
}

export interface MigrateOptions {
  /** The migrations to apply, in order; the released list unless a test supplies its own. */
  migrations?: readonly Migration[];
  nowMs?: () => number;
}

/** The migrations recorded in the database, in version order. */
export function appliedMigrations(db: Database.Database): AppliedMigration[] {
  return db
    .prepare<[], { version: number; name: string; applied_at_ms: number }>(
      'SELECT version, name, applied_at_ms FROM schema_migrations ORDER BY version',
    )
    .all()
    .map((row) => ({ version: row.version, name: row.name, appliedAtMs: row.applied_at_ms }));
}

/** Applies the pending migrations and returns their versions (empty when the store is up to date). */
export function migrate(db: Database.Database, options: MigrateOptions = {}): number[] {
  const migrations = options.migrations ?? MIGRATIONS;
  const nowMs = options.nowMs ?? Date.now;
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  try {
    db.exec(SCHEMA_MIGRATIONS_SQL);
  } catch (error) {
    throw translateSqliteError(error, `store ${db.name}`);
  }
  const selectApplied = db.prepare<[number], number>('SELECT version FROM schema_migrations WHERE version = ?').pluck();
  const selectNewest = db.prepare<[], number | null>('SELECT MAX(version) FROM schema_migrations').pluck();
  const insertApplied = db.prepare<[number, string, number]>(
    'INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)',
  );

  const newest = selectNewest.get() ?? 0;
  if (newest > latest) {
    throw new FlywheelError(
      'store_invalid',
      `store ${db.name} has schema version ${newest}, newer than this Flywheel knows (${latest})`,
      { hint: 'upgrade Flywheel to the version that last wrote this store' },
    );
  }

  const applied: number[] = [];
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      // Checked again inside the write lock: another process may have applied it meanwhile.
      if (selectApplied.get(migration.version) !== undefined) return false;
      db.exec(migrationSql(migration, 'sqlite'));
      insertApplied.run(migration.version, migration.name, nowMs());
      return true;
    });
    try {
      if (apply.immediate()) applied.push(migration.version);
    } catch (error) {
      const translated = translateSqliteError(error, `store ${db.name}: migration ${migration.version} (${migration.name})`);
      if (translated !== error) throw translated;
      throw new FlywheelError(
        'store_invalid',
        `store ${db.name}: migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`,
        {
          hint:
            'the store is left at the previous schema version; if the file is not a Flywheel store, point `store:` ' +
            'elsewhere, otherwise report this message',
          cause: error,
        },
      );
    }
  }
  return applied;
}
