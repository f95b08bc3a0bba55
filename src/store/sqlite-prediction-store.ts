// The prediction log and outcomes in SQLite: append-only tables written in batches. A batch is one
// transaction, so the server acknowledges a batch only once all of it is durable, and a bad record
// leaves nothing of its batch behind. Reads go in time order, ties in the order rows were logged.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { FlywheelError } from '../core/errors.js';
import { toJsonText } from './json-text.js';
import {
  PREDICTION_COLUMNS,
  cursorFromRows,
  outcomeFromRow,
  predictionFromRow,
  type CursorRow,
  type OutcomeRow,
  type PredictionRow,
} from './prediction-rows.js';
import { checkLimit, checkTimeWindow } from './query-checks.js';
import { translateSqliteError } from './sqlite-errors.js';
import type {
  LogDurability,
  LoggedKeys,
  OutcomeRecord,
  PredictionFilter,
  PredictionRecord,
  PredictionStore,
  ReadPredictionsOptions,
  TimeWindow,
} from './types.js';

type QueryParams = Record<string, string | number>;

/** SQLite's default: a commit that finds this many pages in the WAL checkpoints it first. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

const CHECKPOINT_INTERVAL_MS = 200;

/**
 * The background checkpointer (JavaScript source for an eval worker, so it needs no TypeScript
 * loader): its own connection copies WAL pages into the database file with PASSIVE checkpoints,
 * which never wait for the writer, so the file and its sync happen off the writer's thread. Once a
 * checkpoint has copied every frame, the writer's next commit starts the WAL over, so it stays small.
 */
const CHECKPOINT_WORKER = `
(async () => {
  // Dynamic imports only: the source runs as CommonJS or as an ES module, as the process was started.
  const { parentPort, workerData } = await import('node:worker_threads');
  const { default: Database } = await import(workerData.moduleUrl);
  const db = new Database(workerData.path, { timeout: 5000 });
  const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* retried at the next tick */ } };
  const timer = setInterval(checkpoint, workerData.intervalMs);
  parentPort.on('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
})();
`;

const requireHere = createRequire(import.meta.url);

/** Ids per query when matching keys (well below SQLite's 32,766 bound parameters). */
const KEYS_PER_QUERY = 500;

function predictionToRow(record: PredictionRecord, where: string): PredictionRow {
  return {
    request_id: record.requestId,
    at_ms: record.atMs,
    unit_id: record.unitId ?? null,
    model: record.model,
    model_version: record.modelVersion,
    variant: record.variant,
    features_json: toJsonText(record.features, `${where}: features`),
    score: record.score,
    decision: record.decision,
    propensity: record.propensity ?? null,
    // Anything but a boolean becomes NULL, which the NOT NULL constraint then reports.
    shadow: record.shadow === true ? 1 : record.shadow === false ? 0 : null,
    latency_ms: record.latencyMs ?? null,
    assignment: record.assignment ?? null,
  };
}

/** WHERE conditions for a time window and model filter, with their named parameters. */
function filterConditions(filter: PredictionFilter, params: QueryParams): string[] {
  const conditions: string[] = [];
  if (filter.sinceMs !== undefined) {
    conditions.push('at_ms >= @since_ms');
    params.since_ms = filter.sinceMs;
  }
  if (filter.untilMs !== undefined) {
    conditions.push('at_ms < @until_ms');
    params.until_ms = filter.untilMs;
  }
  if (filter.model !== undefined) {
    conditions.push('model = @model');
    params.model = filter.model;
  }
  return conditions;
}

function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

export class SqlitePredictionStore implements PredictionStore {
  private readonly insertPrediction;
  private readonly insertOutcome;
  private readonly selectCursor;

  constructor(private readonly db: Database.Database) {
    // One prepared single-row INSERT run per record inside one transaction: with SQLite in-process
    // this is as fast as a multi-row VALUES list and needs no statement per batch size.
    this.insertPrediction = db.prepare<PredictionRow>(
      `INSERT INTO predictions (${PREDICTION_COLUMNS})
       VALUES (@request_id, @at_ms, @unit_id, @model, @model_version, @variant, @features_json, @score, @decision,
               @propensity, @shadow, @latency_ms, @assignment)`,
    );
    this.insertOutcome = db.prepare<OutcomeRow>(
      'INSERT INTO outcomes (request_id, unit_id, at_ms, label, value) VALUES (@request_id, @unit_id, @at_ms, @label, @value)',
    );
    this.selectCursor = db.prepare<[string], CursorRow>(
      'SELECT at_ms, seq, variant FROM predictions WHERE request_id = ? ORDER BY at_ms, seq',
    );
  }

  async setDurability(durability: LogDurability): Promise<void> {
    // WAL with NORMAL writes each commit to the WAL file (the OS has it: a killed process loses
    // nothing) and syncs at checkpoints; FULL also syncs the WAL at every commit.
    if (durability !== 'normal' && durability !== 'fsync') {
      throw new FlywheelError('usage', `unknown log durability "${String(durability)}"`, { hint: 'use normal or fsync' });
    }
    this.db.pragma(`synchronous = ${durability === 'fsync' ? 'FULL' : 'NORMAL'}`);
  }

  async startBackgroundMaintenance(): Promise<() => Promise<void>> {
    if (this.db.memory) return async () => undefined;
    const worker = new Worker(CHECKPOINT_WORKER, {
      eval: true,
      workerData: { moduleUrl: pathToFileURL(requireHere.resolve('better-sqlite3')).href, path: this.db.name, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    worker.unref();
    let exited = false;
    worker.once('exit', () => (exited = true));
    // A worker that fails (the file moved, the module failed to load) leaves the checkpoints to
    // SQLite's own, in the commits: the log stays correct, only slower.
    worker.on('error', () => this.db.open && this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`));
    this.db.pragma('wal_autocheckpoint = 0');
    return async () => {
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
      if (exited) return;
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        // Held by the worker until it has finished its last checkpoint and closed its connection.
        worker.ref();
        worker.postMessage('stop');
      });
    };
  }

  async logPredictions(records: readonly PredictionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const log = this.db.transaction(() => {
      records.forEach((record, i) => {
        const where = `prediction ${i + 1} of ${records.length} (request_id ${String(record.requestId)})`;
        try {
          this.insertPrediction.run(predictionToRow(record, where));
        } catch (error) {
          // Rethrowing inside the transaction function rolls the whole batch back.
          throw translateSqliteError(error, where);
        }
      });
    });
    try {
      log.immediate();
    } catch (error) {
      throw translateSqliteError(error, 'prediction log');
    }
  }

  async logOutcomes(records: readonly OutcomeRecord[]): Promise<void> {
    if (records.length === 0) return;
    const log = this.db.transaction(() => {
      records.forEach((record, i) => {
        const where = `outcome ${i + 1} of ${records.length}`;
        if (record.requestId == null && record.unitId == null) {
          throw new FlywheelError('data_invalid', `${where}: it has neither a requestId nor a unitId`, {
            hint: 'an outcome is joined to its prediction by request id or unit id; give at least one',
          });
        }
        try {
          this.insertOutcome.run({
            request_id: record.requestId ?? null,
            unit_id: record.unitId ?? null,
            at_ms: record.atMs,
            label: record.label,
            value: record.value ?? null,
          });
        } catch (error) {
          throw translateSqliteError(error, where);
        }
      });
    });
    try {
      log.immediate();
    } catch (error) {
      throw translateSqliteError(error, 'outcome log');
    }
  }

  async countPredictions(filter: PredictionFilter = {}): Promise<number> {
    checkTimeWindow(filter, 'countPredictions');
    const params: QueryParams = {};
    const sql = `SELECT COUNT(*) FROM predictions${whereClause(filterConditions(filter, params))}`;
    return this.db.prepare<QueryParams, number>(sql).pluck().get(params)!;
  }

  async readPredictions(options: ReadPredictionsOptions = {}): Promise<PredictionRecord[]> {
    checkTimeWindow(options, 'readPredictions');
    checkLimit(options.limit, 'readPredictions');
    const params: QueryParams = {};
    const conditions = filterConditions(options, params);
    if (options.afterRequestId !== undefined) {
      const cursor = cursorFromRows(this.selectCursor.all(options.afterRequestId), options.afterRequestId, options.afterVariant);
      const beyond = options.newestFirst === true ? '<' : '>';
      conditions.push(`(at_ms ${beyond} @cursor_at_ms OR (at_ms = @cursor_at_ms AND seq ${beyond} @cursor_seq))`);
      params.cursor_at_ms = cursor.at_ms;
      params.cursor_seq = cursor.seq;
    }
    let sql = `SELECT ${PREDICTION_COLUMNS} FROM predictions${whereClause(conditions)} ORDER BY ${options.newestFirst === true ? 'at_ms DESC, seq DESC' : 'at_ms, seq'}`;
    if (options.limit !== undefined) {
      sql += ' LIMIT @limit';
      params.limit = options.limit;
    }
    return this.db.prepare<QueryParams, PredictionRow>(sql).all(params).map(predictionFromRow);
  }

  async readOutcomes(window: TimeWindow = {}): Promise<OutcomeRecord[]> {
    checkTimeWindow(window, 'readOutcomes');
    const params: QueryParams = {};
    const sql =
      'SELECT request_id, unit_id, at_ms, label, value FROM outcomes' +
      `${whereClause(filterConditions({ sinceMs: window.sinceMs, untilMs: window.untilMs }, params))} ORDER BY at_ms, seq`;
    return this.db.prepare<QueryParams, OutcomeRow>(sql).all(params).map(outcomeFromRow);
  }

  async findLogged(keys: { requestIds?: readonly string[]; unitIds?: readonly string[] }): Promise<LoggedKeys> {
    return {
      requestIds: this.matching('request_id', keys.requestIds ?? []),
      unitIds: this.matching('unit_id', keys.unitIds ?? []),
    };
  }

  private matching(column: 'request_id' | 'unit_id', ids: readonly string[]): string[] {
    const unique = [...new Set(ids)];
    const found: string[] = [];
    for (let start = 0; start < unique.length; start += KEYS_PER_QUERY) {
      const chunk = unique.slice(start, start + KEYS_PER_QUERY);
      const sql = `SELECT DISTINCT ${column} FROM predictions WHERE ${column} IN (${chunk.map(() => '?').join(', ')})`;
      found.push(...this.db.prepare<string[], string>(sql).pluck().all(...chunk));
    }
    return found;
  }
}
