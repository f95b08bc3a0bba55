// Tracked runs and their tags in SQLite. A run refers to a stored snapshot and a split of that
// snapshot, so every run can be reproduced from the store; tags live in their own table so they
// can be changed one by one without rewriting the run.

import type Database from 'better-sqlite3';
import { FlywheelError } from '../core/errors.js';
import { fromJsonText, toJsonText } from './json-text.js';
import { lookupByPrefix } from './prefix-lookup.js';
import { checkLimit } from './query-checks.js';
import { translateSqliteError } from './sqlite-errors.js';
import type { FinishRunUpdate, ListRunsOptions, RunArtifact, RunArtifactSummary, RunRecord, RunStatus, RunStore } from './types.js';

interface RunRow {
  id: string;
  name: string | null;
  kind: string;
  status: RunStatus;
  created_at_ms: number;
  finished_at_ms: number | null;
  snapshot_hash: string;
  split_hash: string;
  seed: number;
  params_json: string;
  metrics_json: string;
  git_commit: string | null;
  package_version: string;
  node_version: string;
  parent_id: string | null;
  info_json: string;
}

interface ArtifactRow {
  run_id: string;
  name: string;
  sha256: string;
  content_json: string;
  size_bytes: number;
  created_at_ms: number;
}

/** A run row with its tags gathered into one JSON object by the query. */
interface RunWithTagsRow extends RunRow {
  tags_json: string;
}

const RUN_COLUMNS =
  'id, name, kind, status, created_at_ms, finished_at_ms, snapshot_hash, split_hash, seed, params_json, ' +
  'metrics_json, git_commit, package_version, node_version, parent_id, info_json';

const SELECT_RUNS = `SELECT ${RUN_COLUMNS},
  (SELECT json_group_object(key, value) FROM run_tags WHERE run_tags.run_id = runs.id) AS tags_json
  FROM runs`;

function runFromRow(row: RunWithTagsRow): RunRecord {
  const where = `run ${row.id}`;
  const code: RunRecord['code'] = { packageVersion: row.package_version, nodeVersion: row.node_version };
  if (row.git_commit !== null) code.gitCommit = row.git_commit;
  const run: RunRecord = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    createdAtMs: row.created_at_ms,
    snapshotHash: row.snapshot_hash,
    splitHash: row.split_hash,
    seed: row.seed,
    params: fromJsonText(row.params_json, `${where}: params`),
    metrics: fromJsonText(row.metrics_json, `${where}: metrics`),
    tags: fromJsonText(row.tags_json, `${where}: tags`),
    code,
  };
  // Optional fields are left out rather than set to undefined, so records compare equal to what was written.
  if (row.name !== null) run.name = row.name;
  if (row.finished_at_ms !== null) run.finishedAtMs = row.finished_at_ms;
  if (row.parent_id !== null) run.parentId = row.parent_id;
  const info = fromJsonText<Record<string, unknown>>(row.info_json, `${where}: info`);
  if (Object.keys(info).length > 0) run.info = info;
  return run;
}

function checkTags(id: string, tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') {
      throw new FlywheelError('data_invalid', `run ${id}: tag "${key}" must be a string, found ${typeof value}`, {
        hint: 'write tag values as text, e.g. String(value)',
      });
    }
  }
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

  constructor(private readonly db: Database.Database) {
    this.insertRun = db.prepare<RunRow>(
      `INSERT INTO runs (${RUN_COLUMNS})
       VALUES (@id, @name, @kind, @status, @created_at_ms, @finished_at_ms, @snapshot_hash, @split_hash, @seed,
               @params_json, @metrics_json, @git_commit, @package_version, @node_version, @parent_id, @info_json)`,
    );
    this.upsertTag = db.prepare<[string, string, string]>(
      'INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
    );
    this.selectRun = db.prepare<[string], RunWithTagsRow>(`${SELECT_RUNS} WHERE id = ?`);
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
    this.selectArtifacts = db.prepare<[string], Omit<ArtifactRow, 'content_json'>>(
      'SELECT run_id, name, sha256, size_bytes, created_at_ms FROM run_artifacts WHERE run_id = ? ORDER BY name',
    );
  }

  async createRun(record: RunRecord): Promise<void> {
    const where = `run ${record.id}`;
    checkTags(record.id, record.tags);
    const row: RunRow = {
      id: record.id,
      name: record.name ?? null,
      kind: record.kind,
      status: record.status,
      created_at_ms: record.createdAtMs,
      finished_at_ms: record.finishedAtMs ?? null,
      snapshot_hash: record.snapshotHash,
      split_hash: record.splitHash,
      seed: record.seed,
      params_json: toJsonText(record.params, `${where}: params`),
      metrics_json: toJsonText(record.metrics, `${where}: metrics`),
      git_commit: record.code.gitCommit ?? null,
      package_version: record.code.packageVersion,
      node_version: record.code.nodeVersion,
      parent_id: record.parentId ?? null,
      info_json: toJsonText(record.info ?? {}, `${where}: info`),
    };
    const create = this.db.transaction(() => {
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
        throw new FlywheelError('not_found', `${where}: its parent run ${record.parentId} is not in the store`);
      }
      this.insertRun.run(row);
      for (const [key, value] of Object.entries(record.tags)) this.upsertTag.run(record.id, key, value);
    });
    try {
      create.immediate();
    } catch (error) {
      throw translateSqliteError(error, where);
    }
  }

  async finishRun(id: string, update: FinishRunUpdate): Promise<RunRecord> {
    const where = `run ${id}`;
    if (update.status !== 'finished' && update.status !== 'failed') {
      throw new FlywheelError('usage', `${where}: a run finishes as "finished" or "failed", not "${String(update.status)}"`);
    }
    const metricsJson = update.metrics === undefined ? null : toJsonText(update.metrics, `${where}: metrics`);
    const infoJson = update.info === undefined ? null : toJsonText(update.info, `${where}: info`);
    const finish = this.db.transaction((): RunRecord => {
      const status = this.selectStatus.get(id);
      if (status === undefined) throw new FlywheelError('not_found', `${where} is not in the store`);
      if (status !== 'running') {
        throw new FlywheelError('conflict', `${where} is already ${status}; only a running run can be finished`);
      }
      this.updateFinish.run({ id, status: update.status, finished_at_ms: update.finishedAtMs, metrics_json: metricsJson, info_json: infoJson });
      return runFromRow(this.selectRun.get(id)!);
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
        return row === undefined ? undefined : runFromRow(row);
      },
      keysWithPrefix: (prefix, limit) => this.selectRunIdsByPrefix.all(prefix.length, prefix, limit),
    });
  }

  async listRuns(options: ListRunsOptions = {}): Promise<RunRecord[]> {
    checkLimit(options.limit, 'listRuns');
    const conditions: string[] = [];
    const params: Record<string, string | number> = {};
    if (options.kind !== undefined) {
      conditions.push('kind = @kind');
      params.kind = options.kind;
    }
    if (options.status !== undefined) {
      conditions.push('status = @status');
      params.status = options.status;
    }
    let sql = SELECT_RUNS;
    if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
    sql += ' ORDER BY created_at_ms DESC, id DESC';
    if (options.limit !== undefined) {
      sql += ' LIMIT @limit';
      params.limit = options.limit;
    }
    return this.db.prepare<Record<string, string | number>, RunWithTagsRow>(sql).all(params).map(runFromRow);
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
    return { name: row.name, sha256: row.sha256, content: fromJsonText(row.content_json, `run ${runId}: artifact ${name}`), createdAtMs: row.created_at_ms };
  }

  async listArtifacts(runId: string): Promise<RunArtifactSummary[]> {
    return this.selectArtifacts.all(runId).map((row) => ({ name: row.name, sha256: row.sha256, bytes: row.size_bytes, createdAtMs: row.created_at_ms }));
  }
}
