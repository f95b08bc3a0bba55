// The composition root of the store layer: turns the `store:` URL from flywheel.yaml (or
// FLYWHEEL_STORE_URL, which overrides it) into a Store: SQLite for sqlite: URLs, PostgreSQL for
// postgres:// and postgresql:// URLs. Relative SQLite paths are resolved against the project folder
// and must stay inside it, so a shared flywheel.yaml cannot make Flywheel write elsewhere; absolute
// paths are the user's choice.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { FlywheelError } from '../core/errors.js';
import { closestNames } from '../core/suggest.js';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION } from './migrations.js';
import { PostgresDatabase } from './postgres-database.js';
import { migratePostgres } from './postgres-migrate.js';
import { openPostgresStore } from './postgres-store.js';
import { translateSqliteError } from './sqlite-errors.js';
import { migrate as migrateSqlite } from './sqlite-migrate.js';
import { BUSY_TIMEOUT_MS, openSqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export interface OpenStoreOptions {
  /** The project folder (the one holding flywheel.yaml); relative paths are resolved against it. */
  projectRoot: string;
  /**
   * Open exactly the URL given, ignoring FLYWHEEL_STORE_URL (commands that name their stores
   * explicitly, such as `store copy --from … --to …`).
   */
  ignoreEnvironment?: boolean;
  /** Where FLYWHEEL_STORE_URL is read from; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The environment variable that overrides `store:` in flywheel.yaml for every command. */
export const STORE_URL_ENV = 'FLYWHEEL_STORE_URL';

/** The URL a project's store is opened at: FLYWHEEL_STORE_URL when set and not empty, else `configured`. */
export function effectiveStoreUrl(configured: string, options: Pick<OpenStoreOptions, 'ignoreEnvironment' | 'env'> = {}): string {
  if (options.ignoreEnvironment === true) return configured;
  const fromEnv = (options.env ?? process.env)[STORE_URL_ENV]?.trim();
  return fromEnv === undefined || fromEnv === '' ? configured : fromEnv;
}

/** Where a store URL points. */
export type StoreLocation =
  | { kind: 'sqlite'; url: string; /** An absolute file path, or `:memory:`. */ path: string }
  | { kind: 'postgres'; url: string };

export const STORE_URL_FORMS = [
  'sqlite:relative/path.db (inside the project folder)',
  'sqlite:/absolute/path.db',
  'sqlite::memory:',
  'postgres://user@host:5432/db',
] as const;

const SCHEMES = ['sqlite', 'postgres', 'postgresql'];

const MEMORY = ':memory:';

/** The URL with any password replaced by `***`, safe to show in messages and logs. */
export function redactStoreUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):[^/@]*@/i, '$1:***@');
}

function formsHint(): string {
  return `write one of: ${STORE_URL_FORMS.join(', ')}`;
}

/** Parses a store URL; throws 'store_invalid' naming the URL and the accepted forms. */
export function parseStoreUrl(url: string, options: OpenStoreOptions): StoreLocation {
  const shown = redactStoreUrl(url);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();

  if (scheme === 'postgres' || scheme === 'postgresql') return { kind: 'postgres', url };

  if (scheme !== 'sqlite') {
    const suggestion = scheme === undefined ? [] : closestNames(scheme, SCHEMES, 1);
    throw new FlywheelError(
      'store_invalid',
      `store URL "${shown}" is not supported: ${scheme === undefined ? 'it has no scheme' : `unknown scheme "${scheme}:"`}`,
      {
        hint: suggestion.length > 0 ? `did you mean "${suggestion[0]}:"? ${formsHint()}` : formsHint(),
        details: { url: shown },
      },
    );
  }

  const rest = url.slice('sqlite:'.length);
  if (rest === MEMORY) return { kind: 'sqlite', url, path: MEMORY };
  if (rest.startsWith('//')) {
    // sqlite:///x.db means a relative path in SQLAlchemy but an absolute one in other tools: refuse
    // to guess, and ask for the unambiguous form.
    throw new FlywheelError('store_invalid', `store URL "${shown}" uses the sqlite:// form, which is ambiguous`, {
      hint: 'write sqlite:relative/path.db (inside the project folder) or sqlite:/absolute/path.db',
      details: { url: shown },
    });
  }
  if (rest.trim() === '') {
    throw new FlywheelError('store_invalid', `store URL "${shown}" names no database file`, {
      hint: 'write sqlite:.flywheel/flywheel.db, for example',
      details: { url: shown },
    });
  }

  if (path.isAbsolute(rest)) return { kind: 'sqlite', url, path: path.normalize(rest) };

  const root = path.resolve(options.projectRoot);
  const resolved = path.resolve(root, rest);
  const relative = path.relative(root, resolved);
  if (relative === '') {
    throw new FlywheelError('store_invalid', `store URL "${shown}" names the project folder itself, not a database file`, {
      hint: 'write sqlite:.flywheel/flywheel.db, for example',
      details: { url: shown },
    });
  }
  const escapes = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (escapes) {
    throw new FlywheelError(
      'store_invalid',
      `store path "${rest}" resolves to ${resolved}, outside the project folder ${root}; a relative store path must stay inside the project folder`,
      {
        hint: 'use a path inside the project, such as sqlite:.flywheel/flywheel.db, or an absolute path (sqlite:/abs/path.db) if you mean a file elsewhere',
        details: { url: shown, path: resolved, project_root: root },
      },
    );
  }
  return { kind: 'sqlite', url, path: resolved };
}

/**
 * Opens the store a URL names (or FLYWHEEL_STORE_URL, when set), creating and migrating it when
 * needed. A PostgreSQL database must exist; its tables are created on first use.
 */
export async function openStore(configured: string, options: OpenStoreOptions): Promise<Store> {
  const url = effectiveStoreUrl(configured, options);
  const location = parseStoreUrl(url, options);
  if (location.kind === 'postgres') return openPostgresStore(url);
  makeStoreFolder(location.path);
  return openSqliteStore(location.path, { url });
}

function makeStoreFolder(file: string): void {
  if (file !== MEMORY) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (error) {
      throw new FlywheelError(
        'store_invalid',
        `cannot create the folder for store ${file}: ${(error as Error).message}`,
        { hint: 'check the path and that this user may write there', cause: error },
      );
    }
  }
}

export interface MigrateStoreResult {
  /** The URL migrated, password redacted. */
  url: string;
  /** Versions applied by this call, in order (empty when the store was up to date). */
  applied: number[];
  schemaVersion: number;
}

/**
 * Applies the pending migrations of the store a URL names (creating a SQLite file when missing) and
 * says which were applied. Opening a store migrates it too; this is the explicit, reporting form.
 */
export async function migrateStore(configured: string, options: OpenStoreOptions): Promise<MigrateStoreResult> {
  const url = effectiveStoreUrl(configured, options);
  const location = parseStoreUrl(url, options);
  const shown = redactStoreUrl(url);
  if (location.kind === 'postgres') {
    const db = new PostgresDatabase(url);
    try {
      return { url: shown, applied: await migratePostgres(db), schemaVersion: LATEST_SCHEMA_VERSION };
    } finally {
      await db.end();
    }
  }
  makeStoreFolder(location.path);
  let db: Database.Database | undefined;
  try {
    db = new Database(location.path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    return { url: shown, applied: migrateSqlite(db), schemaVersion: LATEST_SCHEMA_VERSION };
  } catch (error) {
    throw translateSqliteError(error, `store ${shown}`);
  } finally {
    if (db?.open) db.close();
  }
}
