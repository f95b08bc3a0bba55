// Tracked runs, tags, artifacts, notes and test looks in PostgreSQL, with the SQLite backend's
// semantics (its contract tests are the reference). A batch of runs is checked with a handful of
// queries and written with one multi-row INSERT per table, all in one transaction; listings are one
// SELECT that joins run_metrics for metric filters and sorts and gathers tags in a subquery.

import { FlywheelError } from '../core/errors.js';
import { fromJsonText, toJsonText } from './json-text.js';
import { checkListRunsOptions } from './list-runs-options.js';
import { lockKey, type PostgresDatabase, type Queryable } from './postgres-database.js';
import { findByPrefix, prefixQuery } from './postgres-dataset-store.js';
import {
  RUN_COLUMNS,
  artifactFromRow,
  artifactSummaryFromRow,
  checkFinishStatus,
  checkTags,
  isPlainObject,
  metricRows,
  noteFromRow,
  runFromRow,
  runInBatch,
  testLookFromRow,
  type ArtifactRow,
  type ArtifactSummaryRow,
  type NoteRow,
  type RunRow,
  type TestLookRow,
} from './run-rows.js';
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

/** A run as listings read it: the runs row, and its tags gathered into one JSON object. */
interface RunListRow extends RunRow {
  tags_json: string;
}

// Columns are qualified because listings join run_metrics, which has a `name` and a `value` too.
// json_object_agg over no rows is NULL, hence the COALESCE.
const SELECT_RUNS = `SELECT runs.id, runs.name, runs.kind, runs.status, runs.created_at_ms, runs.finished_at_ms,
  runs.snapshot_hash, runs.split_hash, runs.seed, runs.params_json, runs.metrics_json, runs.info_json,
  COALESCE((SELECT json_object_agg(run_tags.key, run_tags.value) FROM run_tags WHERE run_tags.run_id = runs.id)::text, '{}') AS tags_json,
  runs.git_commit, runs.package_version, runs.node_version, runs.parent_id
  FROM runs`;

function runFromListRow(row: RunListRow): RunRecord {
  const where = `run ${row.id}`;
  const info = fromJsonText<Record<string, unknown>>(row.info_json, `${where}: info`);
  return runFromRow(row, {
    params: fromJsonText(row.params_json, `${where}: params`),
    metrics: fromJsonText(row.metrics_json, `${where}: metrics`),
    info,
    tags: fromJsonText(row.tags_json, `${where}: tags`),
  });
}

/** RFC 7396 merge patch, as SQLite's json_patch applies it to a run's info: null removes a key, objects merge. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** `$n` placeholders for a query built piece by piece. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The PostgreSQL SELECT for listing options that have passed `checkListRunsOptions`. */
function listRunsSql(options: ListRunsOptions): { sql: string; values: unknown[] } {
  const params = new Params();
  const conditions: string[] = [];
  const joins: string[] = [];
  if (options.kind !== undefined) conditions.push(`runs.kind = ${params.add(options.kind)}`);
  if (options.status !== undefined) conditions.push(`runs.status = ${params.add(options.status)}`);
  if (options.createdSinceMs !== undefined) conditions.push(`runs.created_at_ms >= ${params.add(options.createdSinceMs)}`);
  if (options.createdUntilMs !== undefined) conditions.push(`runs.created_at_ms < ${params.add(options.createdUntilMs)}`);
  Object.entries(options.tags ?? {}).forEach(([key, value], i) => {
    conditions.push(`EXISTS (SELECT 1 FROM run_tags AS t${i} WHERE t${i}.run_id = runs.id AND t${i}.key = ${params.add(key)} AND t${i}.value = ${params.add(value)})`);
  });
  const metric = options.metric;
  if (metric !== undefined) {
    joins.push(`JOIN run_metrics AS fm ON fm.run_id = runs.id AND fm.split = ${params.add(metric.split)} AND fm.name = ${params.add(metric.name)}`);
    if (metric.min !== undefined) conditions.push(`fm.value >= ${params.add(metric.min)}`);
    if (metric.max !== undefined) conditions.push(`fm.value <= ${params.add(metric.max)}`);
  }
  // Ids compare bytewise (COLLATE "C"), as in SQLite, whatever the database's collation.
  let order = 'runs.created_at_ms DESC, runs.id COLLATE "C" DESC';
  const sort = options.sort;
  if (sort !== undefined && sort.by === 'metric') {
    const direction = sort.ascending === true ? 'ASC' : 'DESC';
    if (metric !== undefined && metric.split === sort.split && metric.name === sort.name) {
      order = `fm.value ${direction}, ${order}`;
    } else {
      joins.push(`LEFT JOIN run_metrics AS sm ON sm.run_id = runs.id AND sm.split = ${params.add(sort.split)} AND sm.name = ${params.add(sort.name)}`);
      // Runs without the metric come last in both directions; ties keep the newest first.
      order = `sm.value ${direction} NULLS LAST, ${order}`;
    }
  }
  let sql = SELECT_RUNS;
  if (joins.length > 0) sql += ` ${joins.join(' ')}`;
  if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
  sql += ` ORDER BY ${order}`;
  if (options.limit !== undefined) sql += ` LIMIT ${params.add(options.limit)}`;
  return { sql, values: params.values };
}

/** One array per runs column, in RUN_COLUMNS order, with the element type unnest reads them as. */
const RUN_ARRAY_TYPES = ['text', 'text', 'text', 'text', 'int8', 'int8', 'text', 'text', 'int8', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

export class PostgresRunStore implements RunStore {
  constructor(private readonly db: PostgresDatabase) {}

  async createRun(record: RunRecord): Promise<void> {
    await this.createRuns([record]);
  }

  async createRuns(records: readonly RunRecord[]): Promise<void> {
    if (records.length === 0) return;
    const where = runInBatch(records);
    // Everything that can fail without the database is checked first, so a bad batch fails fast.
    const columns: unknown[][] = RUN_ARRAY_TYPES.map(() => []);
    const metrics = { runIds: [] as string[], splits: [] as string[], names: [] as string[], values: [] as number[] };
    const tags = { runIds: [] as string[], keys: [] as string[], values: [] as string[] };
    records.forEach((record, index) => {
      const at = where(index, record);
      checkTags(record.id, record.tags);
      const row = [
        record.id,
        record.name ?? null,
        record.kind,
        record.status,
        record.createdAtMs,
        record.finishedAtMs ?? null,
        record.snapshotHash,
        record.splitHash,
        record.seed,
        toJsonText(record.params, `${at}: params`),
        toJsonText(record.metrics, `${at}: metrics`),
        record.code.gitCommit ?? null,
        record.code.packageVersion,
        record.code.nodeVersion,
        record.parentId ?? null,
        toJsonText(record.info ?? {}, `${at}: info`),
      ];
      row.forEach((value, i) => columns[i]!.push(value));
      for (const m of metricRows(record.metrics)) {
        metrics.runIds.push(record.id);
        metrics.splits.push(m.split);
        metrics.names.push(m.name);
        metrics.values.push(m.value);
      }
      for (const [key, value] of Object.entries(record.tags)) {
        tags.runIds.push(record.id);
        tags.keys.push(key);
        tags.values.push(value);
      }
    });
    const context = records.length === 1 ? `run ${records[0]!.id}` : `runs (${records.length})`;
    await this.db.transaction(
      () => context,
      async (client) => {
        await this.checkNewRuns(client, records, where);
        const arrays = RUN_ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
        await client.query(`INSERT INTO runs (${RUN_COLUMNS}) SELECT * FROM unnest(${arrays})`, columns);
        if (metrics.runIds.length > 0) {
          await client.query(
            'INSERT INTO run_metrics (run_id, split, name, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[])',
            [metrics.runIds, metrics.splits, metrics.names, metrics.values],
          );
        }
        if (tags.runIds.length > 0) {
          await client.query('INSERT INTO run_tags (run_id, key, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [tags.runIds, tags.keys, tags.values]);
        }
      },
    );
  }

  /**
   * The checks of `createRun` for a whole batch in four queries, inside its transaction; the first
   * failing run in batch order is reported, with the message the SQLite backend gives.
   */
  private async checkNewRuns(client: Queryable, records: readonly RunRecord[], where: (index: number, record: RunRecord) => string): Promise<void> {
    const ids = records.map((r) => r.id);
    const parents = records.flatMap((r) => (r.parentId === undefined ? [] : [r.parentId]));
    // One after the other: a connection runs one query at a time.
    const existing = await client.query<{ id: string }>('SELECT id FROM runs WHERE id = ANY($1::text[])', [ids]);
    const snapshots = await client.query<{ hash: string }>('SELECT hash FROM snapshots WHERE hash = ANY($1::text[])', [[...new Set(records.map((r) => r.snapshotHash))]]);
    const splits = await client.query<{ hash: string; snapshot_hash: string }>('SELECT hash, snapshot_hash FROM splits WHERE hash = ANY($1::text[])', [
      [...new Set(records.map((r) => r.splitHash))],
    ]);
    const storedParents = await client.query<{ id: string }>('SELECT id FROM runs WHERE id = ANY($1::text[])', [parents]);
    const known = new Set(existing.rows.map((r) => r.id));
    const knownSnapshots = new Set(snapshots.rows.map((r) => r.hash));
    const splitSnapshot = new Map(splits.rows.map((r) => [r.hash, r.snapshot_hash]));
    const knownParents = new Set(storedParents.rows.map((r) => r.id));
    const earlier = new Set<string>();
    records.forEach((record, index) => {
      const at = where(index, record);
      if (known.has(record.id) || earlier.has(record.id)) {
        throw new FlywheelError('already_exists', `${at} already exists`, { hint: 'give each run a new id' });
      }
      if (!knownSnapshots.has(record.snapshotHash)) {
        throw new FlywheelError('not_found', `${at}: its snapshot ${record.snapshotHash} is not in the store`, {
          hint: 'store the snapshot and split before the run',
        });
      }
      const snapshotOfSplit = splitSnapshot.get(record.splitHash);
      if (snapshotOfSplit === undefined) {
        throw new FlywheelError('not_found', `${at}: its split ${record.splitHash} is not in the store`, { hint: 'store the split before the run' });
      }
      if (snapshotOfSplit !== record.snapshotHash) {
        throw new FlywheelError('conflict', `${at}: split ${record.splitHash} belongs to snapshot ${snapshotOfSplit}, not to ${record.snapshotHash}`, {
          hint: 'use a split made from the run’s snapshot',
        });
      }
      if (record.parentId !== undefined && !knownParents.has(record.parentId) && !earlier.has(record.parentId)) {
        throw new FlywheelError('not_found', `${at}: its parent run ${record.parentId} is not in the store`, {
          hint: 'create the parent run first (earlier in the same batch is fine)',
        });
      }
      earlier.add(record.id);
    });
  }

  async finishRun(id: string, update: FinishRunUpdate): Promise<RunRecord> {
    const where = `run ${id}`;
    checkFinishStatus(where, update.status);
    const metricsJson = update.metrics === undefined ? null : toJsonText(update.metrics, `${where}: metrics`);
    if (update.info !== undefined) toJsonText(update.info, `${where}: info`);
    return this.db.transaction(
      () => where,
      async (client) => {
        const current = await client.query<{ status: RunStatus; info_json: string }>('SELECT status, info_json FROM runs WHERE id = $1 FOR UPDATE', [id]);
        const row = current.rows[0];
        if (row === undefined) throw new FlywheelError('not_found', `${where} is not in the store`);
        if (row.status !== 'running') throw new FlywheelError('conflict', `${where} is already ${row.status}; only a running run can be finished`);
        const infoJson =
          update.info === undefined ? null : toJsonText(mergePatch(fromJsonText(row.info_json, `${where}: info`), update.info), `${where}: info`);
        await client.query(
          `UPDATE runs SET status = $2, finished_at_ms = $3, metrics_json = COALESCE($4, metrics_json), info_json = COALESCE($5, info_json)
           WHERE id = $1`,
          [id, update.status, update.finishedAtMs, metricsJson, infoJson],
        );
        if (update.metrics !== undefined) {
          await client.query('DELETE FROM run_metrics WHERE run_id = $1', [id]);
          const rows = metricRows(update.metrics);
          if (rows.length > 0) {
            await client.query('INSERT INTO run_metrics (run_id, split, name, value) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[])', [
              id,
              rows.map((r) => r.split),
              rows.map((r) => r.name),
              rows.map((r) => r.value),
            ]);
          }
        }
        const read = await client.query<RunListRow>(`${SELECT_RUNS} WHERE runs.id = $1`, [id]);
        return runFromListRow(read.rows[0]!);
      },
    );
  }

  async getRun(idOrPrefix: string): Promise<RunRecord | undefined> {
    return findByPrefix(
      idOrPrefix,
      'run',
      async (id) => {
        const { rows } = await this.db.query<RunListRow>(`run ${id}`, `${SELECT_RUNS} WHERE runs.id = $1`, [id]);
        return rows[0] === undefined ? undefined : runFromListRow(rows[0]);
      },
      async (prefix, limit) => (await this.db.query<{ key: string }>('run', prefixQuery('runs', 'id'), [prefix.length, prefix, limit])).rows.map((r) => r.key),
    );
  }

  async listRuns(options: ListRunsOptions = {}): Promise<RunRecord[]> {
    checkListRunsOptions(options);
    const { sql, values } = listRunsSql(options);
    const { rows } = await this.db.query<RunListRow>('listRuns', sql, values);
    return rows.map(runFromListRow);
  }

  async setTags(id: string, tags: Record<string, string>): Promise<void> {
    checkTags(id, tags);
    await this.db.transaction(
      () => `run ${id}: tags`,
      async (client) => {
        const exists = await client.query('SELECT 1 FROM runs WHERE id = $1 FOR SHARE', [id]);
        if (exists.rowCount === 0) throw new FlywheelError('not_found', `run ${id} is not in the store`, { hint: 'tags are set by exact run id' });
        const entries = Object.entries(tags);
        if (entries.length === 0) return;
        await client.query(
          `INSERT INTO run_tags (run_id, key, value) SELECT $1, * FROM unnest($2::text[], $3::text[])
           ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`,
          [id, entries.map(([k]) => k), entries.map(([, v]) => v)],
        );
      },
    );
  }

  async putArtifact(runId: string, artifact: RunArtifact): Promise<void> {
    const where = `run ${runId}: artifact ${artifact.name}`;
    const contentJson = toJsonText(artifact.content, where);
    await this.db.transaction(
      () => where,
      async (client) => {
        const exists = await client.query('SELECT 1 FROM runs WHERE id = $1 FOR SHARE', [runId]);
        if (exists.rowCount === 0) throw new FlywheelError('not_found', `run ${runId} is not in the store`, { hint: 'create the run first' });
        await client.query(
          `INSERT INTO run_artifacts (run_id, name, sha256, content_json, size_bytes, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (run_id, name) DO UPDATE SET sha256 = excluded.sha256, content_json = excluded.content_json,
             size_bytes = excluded.size_bytes, created_at_ms = excluded.created_at_ms`,
          [runId, artifact.name, artifact.sha256, contentJson, Buffer.byteLength(contentJson), artifact.createdAtMs],
        );
      },
    );
  }

  async getArtifact(runId: string, name: string): Promise<RunArtifact | undefined> {
    const { rows } = await this.db.query<Pick<ArtifactRow, 'name' | 'sha256' | 'content_json' | 'created_at_ms'>>(
      `run ${runId}: artifact ${name}`,
      'SELECT name, sha256, content_json, created_at_ms FROM run_artifacts WHERE run_id = $1 AND name = $2',
      [runId, name],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return artifactFromRow(row, `run ${runId}: artifact ${name}`);
  }

  async listArtifacts(runId: string): Promise<RunArtifactSummary[]> {
    const { rows } = await this.db.query<ArtifactSummaryRow>(
      `run ${runId}: artifacts`,
      'SELECT name, sha256, size_bytes, created_at_ms FROM run_artifacts WHERE run_id = $1 ORDER BY name COLLATE "C"',
      [runId],
    );
    return rows.map(artifactSummaryFromRow);
  }

  async addNote(note: RunNote): Promise<void> {
    const where = `run ${note.runId}: note`;
    if (typeof note.text !== 'string' || note.text.trim() === '') {
      throw new FlywheelError('data_invalid', `${where}: the text is empty`, { hint: 'write what you want to remember about the run' });
    }
    await this.db.transaction(
      () => where,
      async (client) => {
        const exists = await client.query('SELECT 1 FROM runs WHERE id = $1 FOR SHARE', [note.runId]);
        if (exists.rowCount === 0) throw new FlywheelError('not_found', `run ${note.runId} is not in the store`, { hint: 'notes are added by exact run id' });
        await client.query('INSERT INTO run_notes (run_id, text, author, at_ms) VALUES ($1, $2, $3, $4)', [note.runId, note.text, note.author, note.atMs]);
      },
    );
  }

  async listNotes(runId: string): Promise<RunNote[]> {
    const { rows } = await this.db.query<NoteRow>(
      `run ${runId}: notes`,
      'SELECT run_id, text, author, at_ms FROM run_notes WHERE run_id = $1 ORDER BY seq',
      [runId],
    );
    return rows.map(noteFromRow);
  }

  async recordTestLook(look: TestLook): Promise<number> {
    const where = `test look at split ${look.splitHash} (run ${look.runId})`;
    return this.db.transaction(
      () => where,
      async (client) => {
        // Looks at one split queue on this lock, so insert-then-count gives each its own number.
        await lockKey(client, 'test-looks', String(look.splitHash));
        const found = await client.query<{ run_found: boolean; split_found: boolean }>(
          'SELECT EXISTS (SELECT 1 FROM runs WHERE id = $1) AS run_found, EXISTS (SELECT 1 FROM splits WHERE hash = $2) AS split_found',
          [look.runId, look.splitHash],
        );
        if (found.rows[0]?.run_found !== true) {
          throw new FlywheelError('not_found', `${where}: run ${look.runId} is not in the store`, { hint: 'record a look through a stored run, by exact id' });
        }
        if (found.rows[0]?.split_found !== true) {
          throw new FlywheelError('not_found', `${where}: split ${look.splitHash} is not in the store`, { hint: 'pass the full hash of a stored split' });
        }
        await client.query('INSERT INTO test_looks (split_hash, run_id, purpose, actor, at_ms) VALUES ($1, $2, $3, $4, $5)', [
          look.splitHash,
          look.runId,
          look.purpose,
          look.actor,
          look.atMs,
        ]);
        const count = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM test_looks WHERE split_hash = $1', [look.splitHash]);
        return count.rows[0]!.n;
      },
    );
  }

  async countTestLooks(splitHash: string): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`split ${splitHash}: test looks`, 'SELECT COUNT(*) AS n FROM test_looks WHERE split_hash = $1', [splitHash]);
    return rows[0]?.n ?? 0;
  }

  async listTestLooks(splitHash: string): Promise<TestLook[]> {
    const { rows } = await this.db.query<TestLookRow>(
      `split ${splitHash}: test looks`,
      'SELECT split_hash, run_id, purpose, actor, at_ms FROM test_looks WHERE split_hash = $1 ORDER BY seq',
      [splitHash],
    );
    return rows.map(testLookFromRow);
  }
}
