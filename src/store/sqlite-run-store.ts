// Tracked runs and their tags in SQLite. A run refers to a stored snapshot and a split of that
// snapshot, so every run can be reproduced from the store; tags live in their own table so they
// can be changed one by one without rewriting the run, and each numeric metric is copied into
// run_metrics (kept in step with metrics_json) so listings filter and sort on it with an index.

import type Database from 'better-sqlite3';
import { FlywheelError } from '../core/errors.js';
import { fromJsonText, toJsonText } from './json-text.js';
import { lookupByPrefix } from './prefix-lookup.js';
import { checkListRunsOptions, sortedTags } from './list-runs-options.js';
import {
  RUN_COLUMNS,
  artifactFromRow,
  artifactSummaryFromRow,
  checkFinishStatus,
  checkTags,
  metricRows,
  noteFromRow,
  runFromRow,
  runInBatch,
  testLookFromRow,
  type ArtifactRow,
  type ArtifactSummaryRow,
  type NoteRow,
  type RunColumnsRow,
  type RunRow,
  type TestLookRow,
} from './run-rows.js';
import { translateSqliteError } from './sqlite-errors.js';
import type {
  FinishRunUpdate,
  ListRunsOptions,
  RunArtifact,
  RunArtifactSummary,
  RunNote,
  RunRecord,
  RunStatus,
  RunStore,
  TestLook,
} from './types.js';

// The store tests check run_metrics against metricRows through this module.
export { metricRows } from './run-rows.js';

/**
 * A run as listings read it: the plain columns, and one JSON array `[params, metrics, info, tags]`
 * built by the query. One text value and one JSON.parse per run instead of four of each: at 50,000
 * runs the per-value overhead, not the parsing, is what costs.
 */
interface RunListRow extends RunColumnsRow {
  documents_json: string;
}

const PLAIN_COLUMNS = [
  'id',
  'name',
  'kind',
  'status',
  'created_at_ms',
  'finished_at_ms',
  'snapshot_hash',
  'split_hash',
  'seed',
  'git_commit',
  'package_version',
  'node_version',
  'parent_id',
];

// Tags are gathered by a correlated subquery on run_tags' primary key (run_id, key), in the same
// statement as the runs: a listing is one query however many runs it returns (json_group_object
// over no rows is '{}'). Columns are qualified because listings join run_metrics, which has a
// `name` and a `value` of its own.
const SELECT_RUNS = `SELECT ${PLAIN_COLUMNS.map((column) => `runs.${column}`).join(', ')},
  '[' || runs.params_json || ',' || runs.metrics_json || ',' || runs.info_json || ',' ||
  (SELECT json_group_object(run_tags.key, run_tags.value) FROM run_tags WHERE run_tags.run_id = runs.id) || ']' AS documents_json
  FROM runs`;

/** How many listing statements (one per combination of filters) are kept prepared. */
const LIST_STATEMENT_CACHE_SIZE = 64;

/** One SELECT for every combination of listing options: the filters are joined, never looked up run by run. */
export function listRunsQuery(options: ListRunsOptions): { sql: string; params: Record<string, string | number> } {
  checkListRunsOptions(options);
  const joins: string[] = [];
  const conditions: string[] = [];
  const params: Record<string, string | number> = {};
  if (options.kind !== undefined) {
    conditions.push('runs.kind = @kind');
    params.kind = options.kind;
  }
  if (options.status !== undefined) {
    conditions.push('runs.status = @status');
    params.status = options.status;
  }
  if (options.createdSinceMs !== undefined) {
    conditions.push('runs.created_at_ms >= @created_since_ms');
    params.created_since_ms = options.createdSinceMs;
  }
  if (options.createdUntilMs !== undefined) {
    conditions.push('runs.created_at_ms < @created_until_ms');
    params.created_until_ms = options.createdUntilMs;
  }
  // Keys in sorted order, so the same tag filter always yields the same SQL text (and prepared statement).
  sortedTags(options.tags).forEach(([key, value], i) => {
    conditions.push(`EXISTS (SELECT 1 FROM run_tags AS t${i} WHERE t${i}.run_id = runs.id AND t${i}.key = @tag_key_${i} AND t${i}.value = @tag_value_${i})`);
    params[`tag_key_${i}`] = key;
    params[`tag_value_${i}`] = value;
  });

  const metric = options.metric;
  if (metric !== undefined) {
    joins.push('JOIN run_metrics AS fm ON fm.run_id = runs.id AND fm.split = @filter_split AND fm.name = @filter_name');
    params.filter_split = metric.split;
    params.filter_name = metric.name;
    if (metric.min !== undefined) {
      conditions.push('fm.value >= @filter_min');
      params.filter_min = metric.min;
    }
    if (metric.max !== undefined) {
      conditions.push('fm.value <= @filter_max');
      params.filter_max = metric.max;
    }
  }

  let order = 'runs.created_at_ms DESC, runs.id DESC';
  const sort = options.sort;
  if (sort !== undefined && sort.by === 'metric') {
    const direction = sort.ascending === true ? 'ASC' : 'DESC';
    let column = 'sm.value';
    if (metric !== undefined && metric.split === sort.split && metric.name === sort.name) {
      column = 'fm.value';
    } else {
      joins.push('LEFT JOIN run_metrics AS sm ON sm.run_id = runs.id AND sm.split = @sort_split AND sm.name = @sort_name');
      params.sort_split = sort.split;
      params.sort_name = sort.name;
    }
    // Runs without the metric come last in both directions; ties keep the newest first. The filter's
    // inner join has no missing values, and without the CASE the value index can give the order.
    const missingLast = column === 'sm.value' ? 'CASE WHEN sm.value IS NULL THEN 1 ELSE 0 END, ' : '';
    order = `${missingLast}${column} ${direction}, ${order}`;
  }

  let sql = SELECT_RUNS;
  if (joins.length > 0) sql += ` ${joins.join(' ')}`;
  if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
  sql += ` ORDER BY ${order}`;
  if (options.limit !== undefined) {
    sql += ' LIMIT @limit';
    params.limit = options.limit;
  }
  return { sql, params };
}

function runFromListRow(row: RunListRow): RunRecord {
  const [params, metrics, info, tags] = fromJsonText<[Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, string>]>(
    row.documents_json,
    `run ${row.id}: params, metrics, info and tags`,
  );
  return runFromRow(row, { params, metrics, info, tags });
}

export class SqliteRunStore implements RunStore {
  private readonly insertRun;
  private readonly upsertTag;
  private readonly selectRun;
  private readonly selectRunIdsByPrefix;
  private readonly selectStatus;
  private readonly selectSnapshotExists;
  private readonly selectSplitSnapshot;
  private readonly updateFinish;
  private readonly upsertArtifact;
  private readonly selectArtifact;
  private readonly selectArtifacts;
  private readonly insertMetric;
  private readonly deleteMetrics;
  private readonly insertNote;
  private readonly selectNotes;
  private readonly insertTestLook;
  private readonly selectTestLookCount;
  private readonly selectTestLooks;
  private readonly listStatements = new Map<string, Database.Statement<Record<string, string | number>, RunListRow>>();

  constructor(private readonly db: Database.Database) {
    this.insertRun = db.prepare<RunRow>(
      `INSERT INTO runs (${RUN_COLUMNS})
       VALUES (@id, @name, @kind, @status, @created_at_ms, @finished_at_ms, @snapshot_hash, @split_hash, @seed,
               @params_json, @metrics_json, @git_commit, @package_version, @node_version, @parent_id, @info_json)`,
    );
    this.upsertTag = db.prepare<[string, string, string]>(
      'INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
    );
    this.selectRun = db.prepare<[string], RunListRow>(`${SELECT_RUNS} WHERE id = ?`);
    this.selectRunIdsByPrefix = db
      .prepare<[number, string, number], string>('SELECT id FROM runs WHERE substr(id, 1, ?) = ? ORDER BY id LIMIT ?')
      .pluck();
    this.selectStatus = db.prepare<[string], RunStatus>('SELECT status FROM runs WHERE id = ?').pluck();
    this.selectSnapshotExists = db.prepare<[string], string>('SELECT hash FROM snapshots WHERE hash = ?').pluck();
    this.selectSplitSnapshot = db.prepare<[string], string>('SELECT snapshot_hash FROM splits WHERE hash = ?').pluck();
    this.updateFinish = db.prepare<{ id: string; status: RunStatus; finished_at_ms: number; metrics_json: string | null; info_json: string | null }>(
      `UPDATE runs SET status = @status, finished_at_ms = @finished_at_ms,
         metrics_json = COALESCE(@metrics_json, metrics_json),
         info_json = CASE WHEN @info_json IS NULL THEN info_json ELSE json_patch(info_json, @info_json) END
       WHERE id = @id`,
    );
    this.upsertArtifact = db.prepare<ArtifactRow>(
      `INSERT INTO run_artifacts (run_id, name, sha256, content_json, size_bytes, created_at_ms)
       VALUES (@run_id, @name, @sha256, @content_json, @size_bytes, @created_at_ms)
       ON CONFLICT (run_id, name) DO UPDATE SET sha256 = excluded.sha256, content_json = excluded.content_json,
         size_bytes = excluded.size_bytes, created_at_ms = excluded.created_at_ms`,
    );
    this.selectArtifact = db.prepare<[string, string], ArtifactRow>('SELECT * FROM run_artifacts WHERE run_id = ? AND name = ?');
    this.selectArtifacts = db.prepare<[string], ArtifactSummaryRow>(
      'SELECT run_id, name, sha256, size_bytes, created_at_ms FROM run_artifacts WHERE run_id = ? ORDER BY name',
    );
    this.insertMetric = db.prepare<[string, string, string, number]>('INSERT INTO run_metrics (run_id, split, name, value) VALUES (?, ?, ?, ?)');
    this.deleteMetrics = db.prepare<[string]>('DELETE FROM run_metrics WHERE run_id = ?');
    this.insertNote = db.prepare<NoteRow>('INSERT INTO run_notes (run_id, text, author, at_ms) VALUES (@run_id, @text, @author, @at_ms)');
    this.selectNotes = db.prepare<[string], NoteRow>('SELECT run_id, text, author, at_ms FROM run_notes WHERE run_id = ? ORDER BY seq');
    this.insertTestLook = db.prepare<TestLookRow>(
      'INSERT INTO test_looks (split_hash, run_id, purpose, actor, at_ms) VALUES (@split_hash, @run_id, @purpose, @actor, @at_ms)',
    );
    this.selectTestLookCount = db.prepare<[string], number>('SELECT COUNT(*) FROM test_looks WHERE split_hash = ?').pluck();
    this.selectTestLooks = db.prepare<[string], TestLookRow>(
      'SELECT split_hash, run_id, purpose, actor, at_ms FROM test_looks WHERE split_hash = ? ORDER BY seq',
    );
  }

  private insertMetrics(runId: string, metrics: Record<string, unknown>): void {
    for (const row of metricRows(metrics)) this.insertMetric.run(runId, row.split, row.name, row.value);
  }

  async createRun(record: RunRecord): Promise<void> {
    await this.createRuns([record]);
  }

  async createRuns(records: readonly RunRecord[]): Promise<void> {
    const where = runInBatch(records);
    // Everything that can fail without the database is checked first, so a bad batch fails fast.
    const rows = records.map((record, index) => {
      const at = where(index, record);
      checkTags(record.id, record.tags);
      return {
        record,
        at,
        row: {
          id: record.id,
          name: record.name ?? null,
          kind: record.kind,
          status: record.status,
          created_at_ms: record.createdAtMs,
          finished_at_ms: record.finishedAtMs ?? null,
          snapshot_hash: record.snapshotHash,
          split_hash: record.splitHash,
          seed: record.seed,
          params_json: toJsonText(record.params, `${at}: params`),
          metrics_json: toJsonText(record.metrics, `${at}: metrics`),
          git_commit: record.code.gitCommit ?? null,
          package_version: record.code.packageVersion,
          node_version: record.code.nodeVersion,
          parent_id: record.parentId ?? null,
          info_json: toJsonText(record.info ?? {}, `${at}: info`),
        } satisfies RunRow,
      };
    });
    let current = records.length === 1 ? `run ${records[0]!.id}` : `runs (${records.length})`;
    const create = this.db.transaction(() => {
      for (const { record, at, row } of rows) {
        current = at;
        this.checkNewRun(record, at);
        this.insertRun.run(row);
        this.insertMetrics(record.id, record.metrics);
        for (const [key, value] of Object.entries(record.tags)) this.upsertTag.run(record.id, key, value);
      }
    });
    try {
      create.immediate();
    } catch (error) {
      throw translateSqliteError(error, current);
    }
  }

  /** The checks of `createRun`, inside its transaction. */
  private checkNewRun(record: RunRecord, where: string): void {
    if (this.selectStatus.get(record.id) !== undefined) {
      throw new FlywheelError('already_exists', `${where} already exists`, { hint: 'give each run a new id' });
    }
    if (this.selectSnapshotExists.get(record.snapshotHash) === undefined) {
      throw new FlywheelError('not_found', `${where}: its snapshot ${record.snapshotHash} is not in the store`, {
        hint: 'store the snapshot and split before the run',
      });
    }
    const splitSnapshot = this.selectSplitSnapshot.get(record.splitHash);
    if (splitSnapshot === undefined) {
      throw new FlywheelError('not_found', `${where}: its split ${record.splitHash} is not in the store`, {
        hint: 'store the split before the run',
      });
    }
    if (splitSnapshot !== record.snapshotHash) {
      throw new FlywheelError(
        'conflict',
        `${where}: split ${record.splitHash} belongs to snapshot ${splitSnapshot}, not to ${record.snapshotHash}`,
        { hint: 'use a split made from the run’s snapshot' },
      );
    }
    if (record.parentId !== undefined && this.selectStatus.get(record.parentId) === undefined) {
      throw new FlywheelError('not_found', `${where}: its parent run ${record.parentId} is not in the store`, {
        hint: 'create the parent run first (earlier in the same batch is fine)',
      });
    }
  }

  async finishRun(id: string, update: FinishRunUpdate): Promise<RunRecord> {
    const where = `run ${id}`;
    checkFinishStatus(where, update.status);
    const metricsJson = update.metrics === undefined ? null : toJsonText(update.metrics, `${where}: metrics`);
    const infoJson = update.info === undefined ? null : toJsonText(update.info, `${where}: info`);
    const finish = this.db.transaction((): RunRecord => {
      const status = this.selectStatus.get(id);
      if (status === undefined) throw new FlywheelError('not_found', `${where} is not in the store`);
      if (status !== 'running') {
        throw new FlywheelError('conflict', `${where} is already ${status}; only a running run can be finished`);
      }
      this.updateFinish.run({ id, status: update.status, finished_at_ms: update.finishedAtMs, metrics_json: metricsJson, info_json: infoJson });
      if (update.metrics !== undefined) {
        this.deleteMetrics.run(id);
        this.insertMetrics(id, update.metrics);
      }
      return runFromListRow(this.selectRun.get(id)!);
    });
    try {
      return finish.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async getRun(idOrPrefix: string): Promise<RunRecord | undefined> {
    return lookupByPrefix(idOrPrefix, {
      what: 'run',
      exact: (id) => {
        const row = this.selectRun.get(id);
        return row === undefined ? undefined : runFromListRow(row);
      },
      keysWithPrefix: (prefix, limit) => this.selectRunIdsByPrefix.all(prefix.length, prefix, limit),
    });
  }

  async listRuns(options: ListRunsOptions = {}): Promise<RunRecord[]> {
    const { sql, params } = listRunsQuery(options);
    let statement = this.listStatements.get(sql);
    if (statement === undefined) {
      if (this.listStatements.size >= LIST_STATEMENT_CACHE_SIZE) this.listStatements.clear();
      statement = this.db.prepare<Record<string, string | number>, RunListRow>(sql);
      this.listStatements.set(sql, statement);
    }
    return statement.all(params).map(runFromListRow);
  }

  async setTags(id: string, tags: Record<string, string>): Promise<void> {
    checkTags(id, tags);
    const set = this.db.transaction(() => {
      if (this.selectStatus.get(id) === undefined) {
        throw new FlywheelError('not_found', `run ${id} is not in the store`, { hint: 'tags are set by exact run id' });
      }
      for (const [key, value] of Object.entries(tags)) this.upsertTag.run(id, key, value);
    });
    try {
      set.immediate();
    } catch (error) {
      throw translateSqliteError(error, `run ${id}: tags`);
    }
  }

  async putArtifact(runId: string, artifact: RunArtifact): Promise<void> {
    const where = `run ${runId}: artifact ${artifact.name}`;
    const contentJson = toJsonText(artifact.content, where);
    const put = this.db.transaction(() => {
      if (this.selectStatus.get(runId) === undefined) throw new FlywheelError('not_found', `run ${runId} is not in the store`, { hint: 'create the run first' });
      this.upsertArtifact.run({
        run_id: runId,
        name: artifact.name,
        sha256: artifact.sha256,
        content_json: contentJson,
        size_bytes: Buffer.byteLength(contentJson),
        created_at_ms: artifact.createdAtMs,
      });
    });
    try {
      put.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async getArtifact(runId: string, name: string): Promise<RunArtifact | undefined> {
    const row = this.selectArtifact.get(runId, name);
    if (row === undefined) return undefined;
    return artifactFromRow(row, `run ${runId}: artifact ${name}`);
  }

  async listArtifacts(runId: string): Promise<RunArtifactSummary[]> {
    return this.selectArtifacts.all(runId).map(artifactSummaryFromRow);
  }

  async addNote(note: RunNote): Promise<void> {
    const where = `run ${note.runId}: note`;
    if (typeof note.text !== 'string' || note.text.trim() === '') {
      throw new FlywheelError('data_invalid', `${where}: the text is empty`, { hint: 'write what you want to remember about the run' });
    }
    const add = this.db.transaction(() => {
      if (this.selectStatus.get(note.runId) === undefined) {
        throw new FlywheelError('not_found', `run ${note.runId} is not in the store`, { hint: 'notes are added by exact run id' });
      }
      this.insertNote.run({ run_id: note.runId, text: note.text, author: note.author, at_ms: note.atMs });
    });
    try {
      add.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async listNotes(runId: string): Promise<RunNote[]> {
    return this.selectNotes.all(runId).map(noteFromRow);
  }

  async recordTestLook(look: TestLook): Promise<number> {
    const where = `test look at split ${look.splitHash} (run ${look.runId})`;
    // Insert and count under one write lock (IMMEDIATE), so concurrent lookers get distinct counts.
    const record = this.db.transaction((): number => {
      if (this.selectStatus.get(look.runId) === undefined) {
        throw new FlywheelError('not_found', `${where}: run ${look.runId} is not in the store`, { hint: 'record a look through a stored run, by exact id' });
      }
      if (this.selectSplitSnapshot.get(look.splitHash) === undefined) {
        throw new FlywheelError('not_found', `${where}: split ${look.splitHash} is not in the store`, { hint: 'pass the full hash of a stored split' });
      }
      this.insertTestLook.run({ split_hash: look.splitHash, run_id: look.runId, purpose: look.purpose, actor: look.actor, at_ms: look.atMs });
      return this.selectTestLookCount.get(look.splitHash)!;
    });
    try {
      return record.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async countTestLooks(splitHash: string): Promise<number> {
    return this.selectTestLookCount.get(splitHash) ?? 0;
  }

  async listTestLooks(splitHash: string): Promise<TestLook[]> {
    return this.selectTestLooks.all(splitHash).map(testLookFromRow);
  }
}
