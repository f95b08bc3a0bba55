// The prediction log and outcomes in PostgreSQL: append-only tables written in batches, each batch
// one INSERT … SELECT FROM unnest(arrays). A single statement is its own transaction, so a batch is
// stored whole or not at all and costs one round trip whatever its size. Writes go through a small
// pool of their own whose sessions carry the log's synchronous_commit setting, so that setting never
// applies to other writes. Records are checked before they are sent, so a bad one is named by its
// position; reads go in time order, ties in the order rows were logged.

import type pg from 'pg';
import { FlywheelError } from '../core/errors.js';
import { toJsonText } from './json-text.js';
import type { PostgresDatabase } from './postgres-database.js';
import { translatePostgresError } from './postgres-errors.js';
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

const PREDICTION_ARRAY_TYPES = ['text', 'int8', 'text', 'text', 'int4', 'text', 'text', 'float8', 'int4', 'float8', 'int4', 'float8', 'text'];

function invalid(where: string, message: string, hint: string): FlywheelError {
  return new FlywheelError('data_invalid', `${where}: ${message}`, { hint: `${hint}; nothing from this batch was written` });
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const absent = (value: unknown) => value === undefined || value === null;

/**
 * The constraints of the predictions table, checked in JavaScript: with one INSERT for the whole
 * batch the database could not say which record broke them.
 */
function predictionValues(record: PredictionRecord, where: string): unknown[] {
  if (!isText(record.requestId) || record.requestId === '') throw invalid(where, 'requestId must be a non-empty string', 'give every prediction a request id');
  if (!isNumber(record.atMs) || !Number.isInteger(record.atMs)) throw invalid(where, `atMs must be whole milliseconds, got ${String(record.atMs)}`, 'pass Date.now()');
  if (!absent(record.unitId) && !isText(record.unitId)) throw invalid(where, 'unitId must be a string when given', 'pass the unit id as text');
  if (!isText(record.model)) throw invalid(where, 'model must be a string (null value in column "model")', 'name the model');
  if (!Number.isInteger(record.modelVersion)) throw invalid(where, `modelVersion must be an integer, got ${String(record.modelVersion)}`, 'pass the registry version');
  if (!isText(record.variant)) throw invalid(where, 'variant must be a string (null value in column "variant")', 'name the variant, e.g. champion');
  if (!isNumber(record.score)) throw invalid(where, `score must be a finite number, got ${String(record.score)}`, 'log the model score');
  if (record.decision !== 0 && record.decision !== 1) throw invalid(where, `decision must be 0 or 1, got ${String(record.decision)}`, 'log the thresholded decision');
  if (!absent(record.propensity) && !(isNumber(record.propensity) && record.propensity > 0 && record.propensity <= 1)) {
    throw invalid(where, `propensity must be in (0, 1], got ${String(record.propensity)}`, 'log the probability with which the variant was chosen');
  }
  if (typeof record.shadow !== 'boolean') throw invalid(where, `shadow must be true or false (null value in column "shadow")`, 'mark shadow records');
  if (!absent(record.latencyMs) && !(isNumber(record.latencyMs) && record.latencyMs >= 0)) {
    throw invalid(where, `latencyMs must be a number >= 0, got ${String(record.latencyMs)}`, 'log the time from arrival to score');
  }
  if (!absent(record.assignment) && record.assignment !== 'unit' && record.assignment !== 'random') {
    throw invalid(where, `assignment must be "unit" or "random", got ${JSON.stringify(record.assignment)}`, 'leave it out for shadow records');
  }
  return [
    record.requestId,
    record.atMs,
    record.unitId ?? null,
    record.model,
    record.modelVersion,
    record.variant,
    toJsonText(record.features, `${where}: features`),
    record.score,
    record.decision,
    record.propensity ?? null,
    record.shadow ? 1 : 0,
    record.latencyMs ?? null,
    record.assignment ?? null,
  ];
}

function outcomeValues(record: OutcomeRecord, where: string): unknown[] {
  if (absent(record.requestId) && absent(record.unitId)) {
    throw new FlywheelError('data_invalid', `${where}: it has neither a requestId nor a unitId`, {
      hint: 'an outcome is joined to its prediction by request id or unit id; give at least one',
    });
  }
  if (!absent(record.requestId) && !isText(record.requestId)) throw invalid(where, 'requestId must be a string when given', 'pass the request id as text');
  if (!absent(record.unitId) && !isText(record.unitId)) throw invalid(where, 'unitId must be a string when given', 'pass the unit id as text');
  if (!isNumber(record.atMs) || !Number.isInteger(record.atMs)) throw invalid(where, `atMs must be whole milliseconds, got ${String(record.atMs)}`, 'pass Date.now()');
  if (!isText(record.label)) throw invalid(where, 'label must be a string (null value in column "label")', 'log the label as text');
  if (!absent(record.value) && !isNumber(record.value)) throw invalid(where, `value must be a finite number when given, got ${String(record.value)}`, 'leave it out or pass a number');
  return [record.requestId ?? null, record.unitId ?? null, record.atMs, record.label, record.value ?? null];
}

/** Columns of `rows` (arrays of equal length) as one array per column, for unnest. */
function toColumns(rows: unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => row.forEach((value, c) => (columns[c]![r] = value)));
  return columns;
}

class Conditions {
  readonly list: string[] = [];
  readonly values: unknown[] = [];
  add(sqlWithPlaceholder: (p: string) => string, value: unknown): void {
    this.values.push(value);
    this.list.push(sqlWithPlaceholder(`$${this.values.length}`));
  }
  where(): string {
    return this.list.length === 0 ? '' : ` WHERE ${this.list.join(' AND ')}`;
  }
}

function filterConditions(filter: PredictionFilter): Conditions {
  const conditions = new Conditions();
  if (filter.sinceMs !== undefined) conditions.add((p) => `at_ms >= ${p}`, filter.sinceMs);
  if (filter.untilMs !== undefined) conditions.add((p) => `at_ms < ${p}`, filter.untilMs);
  if (filter.model !== undefined) conditions.add((p) => `model = ${p}`, filter.model);
  return conditions;
}

export class PostgresPredictionStore implements PredictionStore {
  /**
   * 'normal' commits with synchronous_commit off: the commit is in the server's memory when
   * acknowledged and reaches its disk within a fraction of a second, so a killed Flywheel process
   * loses nothing; a crash of the database server itself may lose the last moments. 'fsync' waits
   * for the server's WAL flush.
   */
  private durability: LogDurability = 'fsync';
  /** The durability each pooled log connection's session is set to. */
  private readonly sessionDurability = new WeakMap<pg.PoolClient, LogDurability>();

  /** `db` serves reads; `logDb`, a pool used by nothing else, serves the log's writes. */
  constructor(
    private readonly db: PostgresDatabase,
    private readonly logDb: PostgresDatabase,
  ) {}

  async setDurability(durability: LogDurability): Promise<void> {
    if (durability !== 'normal' && durability !== 'fsync') {
      throw new FlywheelError('usage', `unknown log durability "${String(durability)}"`, { hint: 'use normal or fsync' });
    }
    this.durability = durability;
  }

  /** One INSERT on a log connection whose session has the current durability. */
  private async write(context: string, query: pg.QueryConfig): Promise<void> {
    const client = await this.logDb.connect();
    let broken = false;
    try {
      if (this.sessionDurability.get(client) !== this.durability) {
        await client.query(`SET synchronous_commit = ${this.durability === 'fsync' ? 'on' : 'off'}`);
        this.sessionDurability.set(client, this.durability);
      }
      await client.query(query);
    } catch (error) {
      // A failure without a SQLSTATE (a dropped connection) may leave the connection unusable.
      broken = typeof (error as { code?: unknown }).code !== 'string' || !/^[0-9A-Z]{5}$/.test((error as { code: string }).code);
      throw translatePostgresError(error, context, this.logDb.target);
    } finally {
      client.release(broken);
    }
  }

  async logPredictions(records: readonly PredictionRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record, i) =>
      predictionValues(record, `prediction ${i + 1} of ${records.length} (request_id ${String(record.requestId)})`),
    );
    const arrays = PREDICTION_ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    // WITH ORDINALITY … ORDER BY keeps the batch order in seq, which breaks ties of equal times.
    const sql = `INSERT INTO predictions (${PREDICTION_COLUMNS})
      SELECT ${PREDICTION_COLUMNS} FROM unnest(${arrays}) WITH ORDINALITY AS r(${PREDICTION_COLUMNS}, ord) ORDER BY ord`;
    await this.write(`prediction log (${records.length} records)`, { name: 'flywheel_log_predictions', text: sql, values: toColumns(rows, PREDICTION_ARRAY_TYPES.length) });
  }

  async logOutcomes(records: readonly OutcomeRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map((record, i) => outcomeValues(record, `outcome ${i + 1} of ${records.length}`));
    await this.write(`outcome log (${records.length} records)`, {
      name: 'flywheel_log_outcomes',
      text: `INSERT INTO outcomes (request_id, unit_id, at_ms, label, value)
        SELECT request_id, unit_id, at_ms, label, value
        FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::float8[]) WITH ORDINALITY AS r(request_id, unit_id, at_ms, label, value, ord)
        ORDER BY ord`,
      values: toColumns(rows, 5),
    });
  }

  async countPredictions(filter: PredictionFilter = {}): Promise<number> {
    checkTimeWindow(filter, 'countPredictions');
    const conditions = filterConditions(filter);
    const { rows } = await this.db.query<{ n: number }>('countPredictions', `SELECT COUNT(*) AS n FROM predictions${conditions.where()}`, conditions.values);
    return rows[0]!.n;
  }

  async readPredictions(options: ReadPredictionsOptions = {}): Promise<PredictionRecord[]> {
    checkTimeWindow(options, 'readPredictions');
    checkLimit(options.limit, 'readPredictions');
    const conditions = filterConditions(options);
    if (options.afterRequestId !== undefined) {
      const { rows: cursorRows } = await this.db.query<CursorRow>(
        'readPredictions',
        'SELECT at_ms, seq, variant FROM predictions WHERE request_id = $1 ORDER BY at_ms, seq',
        [options.afterRequestId],
      );
      const cursor = cursorFromRows(cursorRows, options.afterRequestId, options.afterVariant);
      conditions.values.push(cursor.at_ms, cursor.seq);
      const at = `$${conditions.values.length - 1}`;
      const seq = `$${conditions.values.length}`;
      const beyond = options.newestFirst === true ? '<' : '>';
      conditions.list.push(`(at_ms ${beyond} ${at} OR (at_ms = ${at} AND seq ${beyond} ${seq}))`);
    }
    let sql = `SELECT ${PREDICTION_COLUMNS} FROM predictions${conditions.where()} ORDER BY ${options.newestFirst === true ? 'at_ms DESC, seq DESC' : 'at_ms, seq'}`;
    if (options.limit !== undefined) {
      conditions.values.push(options.limit);
      sql += ` LIMIT $${conditions.values.length}`;
    }
    const { rows } = await this.db.query<PredictionRow>('readPredictions', sql, conditions.values);
    return rows.map(predictionFromRow);
  }

  async readOutcomes(window: TimeWindow = {}): Promise<OutcomeRecord[]> {
    checkTimeWindow(window, 'readOutcomes');
    const conditions = filterConditions({ sinceMs: window.sinceMs, untilMs: window.untilMs });
    const { rows } = await this.db.query<OutcomeRow>(
      'readOutcomes',
      `SELECT request_id, unit_id, at_ms, label, value FROM outcomes${conditions.where()} ORDER BY at_ms, seq`,
      conditions.values,
    );
    return rows.map(outcomeFromRow);
  }

  async findLogged(keys: { requestIds?: readonly string[]; unitIds?: readonly string[] }): Promise<LoggedKeys> {
    return {
      requestIds: await this.matching('request_id', keys.requestIds ?? []),
      unitIds: await this.matching('unit_id', keys.unitIds ?? []),
    };
  }

  private async matching(column: 'request_id' | 'unit_id', ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const { rows } = await this.db.query<{ id: string }>(
      'findLogged',
      `SELECT DISTINCT ${column} AS id FROM predictions WHERE ${column} = ANY($1::text[])`,
      [unique],
    );
    return rows.map((r) => r.id);
  }
}
