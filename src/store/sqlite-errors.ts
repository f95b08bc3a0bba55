// Turns the failures SQLite reports for bad input (constraint violations, values it cannot bind,
// a locked or damaged file) into FlywheelErrors that say what was wrong and where. Anything else
// is passed through untouched: it is a bug and should surface as an internal error.

import Database from 'better-sqlite3';
import { FlywheelError, isFlywheelError } from '../core/errors.js';

/**
 * The FlywheelError for `error` raised while `context` (e.g. `prediction 3 of 10 (request_id r-3)`)
 * was being written or read, or `error` itself when it is not an input problem.
 */
export function translateSqliteError(error: unknown, context: string): unknown {
  if (isFlywheelError(error)) return error;
  if (error instanceof TypeError && /can only bind/.test(error.message)) {
    return new FlywheelError('data_invalid', `${context}: a field holds a value the store cannot save (${error.message})`, {
      hint: 'fields must be strings, numbers or null where the record type says so',
      cause: error,
    });
  }
  if (!(error instanceof Database.SqliteError)) return error;
  const detail = error.message;
  switch (error.code) {
    case 'SQLITE_CONSTRAINT_NOTNULL':
    case 'SQLITE_CONSTRAINT_CHECK':
      return new FlywheelError('data_invalid', `${context}: ${detail}`, {
        hint: 'fix the field named in the message; nothing from this call was written',
        cause: error,
      });
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return new FlywheelError('already_exists', `${context}: ${detail}`, {
        hint: 'the record is already stored; nothing from this call was written',
        cause: error,
      });
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return new FlywheelError('not_found', `${context}: it refers to a record that is not stored (${detail})`, {
        hint: 'store the record it refers to first',
        cause: error,
      });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new FlywheelError('conflict', `${context}: the store stayed locked by another process for 5 seconds`, {
        hint: 'retry when the other command has finished, or use a PostgreSQL store for many concurrent writers',
        cause: error,
      });
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return new FlywheelError('store_invalid', `${context}: the store file is not a valid SQLite database (${detail})`, {
        hint: 'point `store:` in flywheel.yaml at a Flywheel store, or restore the file from a backup',
        cause: error,
      });
    case 'SQLITE_READONLY':
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_PERM':
      return new FlywheelError('store_invalid', `${context}: the store file cannot be opened for writing (${detail})`, {
        hint: 'check that the file and its folder exist and are writable by this user',
        cause: error,
      });
    default:
      return error;
  }
}
