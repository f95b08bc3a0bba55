// Turns what PostgreSQL and the pg driver report into FlywheelErrors: connection failures (server
// down, wrong host, authentication, missing database) name the server and say what to check; bad
// input (constraints, values the column type refuses) names the record. Anything else passes
// through untouched: it is a bug and should surface as an internal error.

import { FlywheelError, isFlywheelError } from '../core/errors.js';

/** Where a PostgreSQL store lives, for messages (never the password). */
export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

interface PgErrorLike {
  code?: string;
  message: string;
  detail?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

function pgError(error: unknown): PgErrorLike | undefined {
  if (!(error instanceof Error)) return undefined;
  return error as Error & PgErrorLike;
}

/** `host:port/database` of a target, as messages show it. */
export function targetText(target: PostgresTarget): string {
  return `${target.host}:${target.port}/${target.database}`;
}

const URL_HINT = 'the URL comes from `store:` in flywheel.yaml, or FLYWHEEL_STORE_URL when that is set';

/** SQLSTATE codes of failures that a retry of the whole transaction resolves. */
export const RETRYABLE_CODES = new Set(['40001', '40P01']);

/**
 * The FlywheelError for a failure to connect, or undefined when `error` is not one. Covers a server
 * that is down or unreachable, a name that does not resolve, refused credentials and a missing database.
 * `connecting`: the failure happened while opening the connection, before any query.
 */
export function translateConnectError(error: unknown, target: PostgresTarget, connecting = false): FlywheelError | undefined {
  if (isFlywheelError(error)) return error;
  const e = pgError(error);
  if (e === undefined) return undefined;
  const where = `PostgreSQL at ${target.host}:${target.port}`;
  const detail = e.message.replace(/\s+/g, ' ').trim();
  const details = { host: target.host, port: target.port, database: target.database, user: target.user };
  switch (e.code) {
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNRESET':
      return new FlywheelError('store_invalid', `cannot reach ${where}: ${detail}`, {
        hint: `check that the server is running and accepts TCP connections on that host and port; ${URL_HINT}`,
        details,
        cause: error,
      });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new FlywheelError('store_invalid', `cannot reach ${where}: host name "${target.host}" does not resolve (${detail})`, {
        hint: `check the host name in the store URL; ${URL_HINT}`,
        details,
        cause: error,
      });
    case 'ENOENT':
      return new FlywheelError('store_invalid', `cannot reach ${where}: no server socket there (${detail})`, {
        hint: `check that the server is running and the socket folder is right; ${URL_HINT}`,
        details,
        cause: error,
      });
    case '28P01':
    case '28000':
      return new FlywheelError('store_invalid', `${where} refused user "${target.user}" for database "${target.database}": ${detail}`, {
        hint: `check the user name and password in the store URL (postgres://user:password@host:port/db) and the server's pg_hba.conf; ${URL_HINT}`,
        details,
        cause: error,
      });
    case '3D000':
      return new FlywheelError('store_invalid', `${where} has no database "${target.database}": ${detail}`, {
        hint: `create it (createdb -h ${target.host} -p ${target.port} ${target.database}) or fix the database name in the store URL; ${URL_HINT}`,
        details,
        cause: error,
      });
    case '53300':
    case '57P03':
      return new FlywheelError('store_invalid', `${where} does not accept connections now: ${detail}`, {
        hint: 'retry in a moment; if it persists, check max_connections and the server log',
        details,
        cause: error,
      });
    default:
      break;
  }
  // pg raises plain Errors for a few failures before the server answers.
  if (/timeout/i.test(detail) && /connect/i.test(detail)) {
    return new FlywheelError('store_invalid', `cannot reach ${where}: no answer within the connection timeout (${detail})`, {
      hint: `check that the server is running and no firewall drops the port; ${URL_HINT}`,
      details,
      cause: error,
    });
  }
  if (/password|SASL|SCRAM/i.test(detail)) {
    return new FlywheelError('store_invalid', `${where} asks user "${target.user}" for a password: ${detail}`, {
      hint: `put the password in the store URL (postgres://user:password@host:port/db) or in PGPASSWORD; ${URL_HINT}`,
      details,
      cause: error,
    });
  }
  if (/terminated unexpectedly|Connection terminated/i.test(detail)) {
    if (connecting) {
      return new FlywheelError('store_invalid', `cannot reach ${where}: the connection closed before the server answered (${detail})`, {
        hint: `check that the server is running and that host and port are a PostgreSQL server's (TLS settings such as sslmode must match it); ${URL_HINT}`,
        details,
        cause: error,
      });
    }
    return new FlywheelError('store_invalid', `lost the connection to ${where}: ${detail}`, {
      hint: 'check that the server is running (a restart drops every connection); retry the command',
      details,
      cause: error,
    });
  }
  return undefined;
}

/**
 * The FlywheelError for `error` raised while `context` (e.g. `run r1`) was being written or read, or
 * `error` itself when it is not an input problem.
 */
export function translatePostgresError(error: unknown, context: string, target: PostgresTarget): unknown {
  if (isFlywheelError(error)) return error;
  const connection = translateConnectError(error, target);
  if (connection !== undefined) return connection;
  const e = pgError(error);
  if (e === undefined || e.code === undefined) return error;
  const detail = e.detail === undefined ? e.message : `${e.message} (${e.detail})`;
  switch (e.code) {
    case '23502': // not_null_violation
    case '23514': // check_violation
    case '22P02': // invalid_text_representation
    case '22003': // numeric_value_out_of_range
    case '22021': // character_not_in_repertoire (a NUL byte in text)
    case '22P05': // untranslatable_character
    case '22001': // string_data_right_truncation
    case '22023': // invalid_parameter_value
      return new FlywheelError('data_invalid', `${context}: ${detail}`, {
        hint: 'fix the field named in the message; nothing from this call was written',
        cause: error,
      });
    case '23505':
      return new FlywheelError('already_exists', `${context}: ${detail}`, {
        hint: 'the record is already stored; nothing from this call was written',
        cause: error,
      });
    case '23503':
      return new FlywheelError('not_found', `${context}: it refers to a record that is not stored (${detail})`, {
        hint: 'store the record it refers to first',
        cause: error,
      });
    case '40001':
    case '40P01':
      return new FlywheelError('conflict', `${context}: concurrent changes kept colliding (${detail})`, {
        hint: 'retry when the other command has finished',
        cause: error,
      });
    case '42P01':
    case '42703':
      return new FlywheelError('store_invalid', `${context}: database ${targetText(target)} does not have the Flywheel schema (${detail})`, {
        hint: 'run `flywheel store migrate`, or point the store URL at a Flywheel store',
        cause: error,
      });
    case '42501':
      return new FlywheelError('store_invalid', `${context}: user "${target.user}" lacks a privilege on ${targetText(target)} (${detail})`, {
        hint: 'grant the user rights on the Flywheel tables (or ownership of the database)',
        cause: error,
      });
    case '25006':
      return new FlywheelError('store_invalid', `${context}: ${targetText(target)} is read-only (${detail})`, {
        hint: 'point the store URL at the primary server, not a read replica',
        cause: error,
      });
    default:
      return error;
  }
}
