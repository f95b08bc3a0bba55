// One connection pool to a PostgreSQL store, shared by every capability of a PostgresStore. Reads
// take any pooled connection; every multi-statement change runs in `transaction`, which retries the
// whole unit when PostgreSQL reports a serialization failure or deadlock. BIGINT columns (times in
// milliseconds, counts) come back as JavaScript numbers rather than pg's default strings.

import pg from 'pg';
import { FlywheelError } from '../core/errors.js';
import { RETRYABLE_CODES, translateConnectError, translatePostgresError, type PostgresTarget } from './postgres-errors.js';

/** How long opening a connection may take before the store reports the server unreachable. */
export const CONNECT_TIMEOUT_MS = 5000;

/** Attempts of a transaction that keeps colliding with concurrent ones (serialization, deadlock). */
const TRANSACTION_ATTEMPTS = 8;

const INT8_OID = 20;

/** Every value BIGINT holds here (milliseconds, counts, seeds) fits a double exactly. */
function parseInt8(text: string): number {
  return Number(text);
}

const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Where a postgres:// URL points, for messages; the driver itself reads the URL. */
export function postgresTarget(url: string): PostgresTarget {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const env = process.env;
  const queryHost = parsed?.searchParams.get('host') ?? undefined;
  const host = (parsed?.hostname !== undefined && parsed.hostname !== '' ? decodeURIComponent(parsed.hostname) : queryHost) ?? env.PGHOST ?? 'localhost';
  const port = Number(parsed?.port !== undefined && parsed.port !== '' ? parsed.port : (env.PGPORT ?? 5432));
  const user = (parsed?.username !== undefined && parsed.username !== '' ? decodeURIComponent(parsed.username) : undefined) ?? env.PGUSER ?? env.USER ?? 'postgres';
  const pathName = parsed?.pathname.replace(/^\//, '') ?? '';
  const database = pathName !== '' ? decodeURIComponent(pathName) : (env.PGDATABASE ?? user);
  return { host, port, database, user };
}

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface TransactionOptions {
  /** A statement run first in the transaction (e.g. `SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`). */
  setup?: string;
}

export class PostgresDatabase {
  readonly pool: pg.Pool;
  readonly target: PostgresTarget;

  constructor(url: string, options: { maxConnections?: number } = {}) {
    this.target = postgresTarget(url);
    this.pool = new pg.Pool({
      connectionString: url,
      types: TYPES,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      idleTimeoutMillis: 10_000,
      application_name: 'flywheel',
    });
    // An idle connection dropped by the server (restart, timeout) must not crash the process; the
    // next query opens a new one and reports the failure if the server is really gone.
    this.pool.on('error', () => undefined);
  }

  /** A pooled connection; a failure to connect becomes a FlywheelError naming the server. */
  async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw translateConnectError(error, this.target, true) ?? error;
    }
  }

  /** One statement on any pooled connection; errors are translated with `context`. */
  async query<R extends pg.QueryResultRow>(context: string, sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    const client = await this.connect();
    try {
      return await client.query<R>(sql, values);
    } catch (error) {
      throw translatePostgresError(error, context, this.target);
    } finally {
      client.release();
    }
  }

  /**
   * Runs `work` in one READ COMMITTED transaction on one connection, committed whole or rolled back
   * whole. `context()` names what failed (read when an error is translated, so it may change as the
   * work advances). Serialization failures and deadlocks retry the whole transaction.
   */
  async transaction<T>(context: () => string, work: (client: Queryable) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        if (options.setup !== undefined) await client.query(options.setup);
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        const code = (error as { code?: string }).code;
        if (code !== undefined && RETRYABLE_CODES.has(code) && attempt < TRANSACTION_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
          continue;
        }
        throw translatePostgresError(error, context(), this.target);
      } finally {
        client.release(broken);
      }
    }
  }

  async end(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Takes a transaction-scoped advisory lock on `key` (a model name, a split hash), so transactions
 * that change the same thing run one after the other; it is released at commit or rollback.
 */
export async function lockKey(client: Queryable, namespace: string, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`flywheel:${namespace}:${key}`]);
}

/** Throws 'usage' unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new FlywheelError('usage', `unknown ${what} "${String(value)}"`, { hint: `use ${allowed.join(' or ')}` });
  }
}
