// Run, artifact, note and test-look rows as both backends store them, the runs column list, and the
// mapping from rows to the records the run store returns; also the run_metrics rows derived from a
// run's metrics and the tag check both backends apply before writing. The SQL is each backend's own.

import { FlywheelError } from '../core/errors.js';
import { fromJsonText } from './json-text.js';
import type { FinishRunUpdate, RunArtifact, RunArtifactSummary, RunNote, RunRecord, RunStatus, TestLook } from './types.js';

/** A run's plain columns: everything but its JSON documents, which each backend reads its own way. */
export interface RunColumnsRow {
  id: string;
  name: string | null;
  kind: string;
  status: RunStatus;
  created_at_ms: number;
  finished_at_ms: number | null;
  snapshot_hash: string;
  split_hash: string;
  seed: number;
  git_commit: string | null;
  package_version: string;
  node_version: string;
  parent_id: string | null;
}

/** A row of the runs table, as written. */
export interface RunRow extends RunColumnsRow {
  params_json: string;
  metrics_json: string;
  info_json: string;
}

/** The columns of the runs table, in the order both backends write them. */
export const RUN_COLUMNS =
  'id, name, kind, status, created_at_ms, finished_at_ms, snapshot_hash, split_hash, seed, params_json, ' +
  'metrics_json, git_commit, package_version, node_version, parent_id, info_json';

/** A run's parsed JSON documents, with its tags gathered from run_tags. */
export interface RunDocuments {
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  info: Record<string, unknown>;
  tags: Record<string, string>;
}

export function runFromRow(row: RunColumnsRow, documents: RunDocuments): RunRecord {
  const { params, metrics, info, tags } = documents;
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
    params,
    metrics,
    tags,
    code,
  };
  // Optional fields are left out rather than set to undefined, so records compare equal to what was written.
  if (row.name !== null) run.name = row.name;
  if (row.finished_at_ms !== null) run.finishedAtMs = row.finished_at_ms;
  if (row.parent_id !== null) run.parentId = row.parent_id;
  if (Object.keys(info).length > 0) run.info = info;
  return run;
}

export interface ArtifactRow {
  run_id: string;
  name: string;
  sha256: string;
  content_json: string;
  size_bytes: number;
  created_at_ms: number;
}

/** `where` names the artifact for the error a damaged content column gives. */
export function artifactFromRow(row: Pick<ArtifactRow, 'name' | 'sha256' | 'content_json' | 'created_at_ms'>, where: string): RunArtifact {
  return { name: row.name, sha256: row.sha256, content: fromJsonText(row.content_json, where), createdAtMs: row.created_at_ms };
}

/** An artifact as listings read it: everything but the content. */
export type ArtifactSummaryRow = Omit<ArtifactRow, 'content_json' | 'run_id'>;

export function artifactSummaryFromRow(row: ArtifactSummaryRow): RunArtifactSummary {
  return { name: row.name, sha256: row.sha256, bytes: row.size_bytes, createdAtMs: row.created_at_ms };
}

export interface NoteRow {
  run_id: string;
  text: string;
  author: string;
  at_ms: number;
}

export function noteFromRow(row: NoteRow): RunNote {
  return { runId: row.run_id, text: row.text, author: row.author, atMs: row.at_ms };
}

export interface TestLookRow {
  split_hash: string;
  run_id: string;
  purpose: string;
  actor: string;
  at_ms: number;
}

export function testLookFromRow(row: TestLookRow): TestLook {
  return { splitHash: row.split_hash, runId: row.run_id, purpose: row.purpose, actor: row.actor, atMs: row.at_ms };
}

export interface MetricRow {
  split: string;
  name: string;
  value: number;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The run_metrics rows of a run's metrics `{ split: { metric: { value, ci? } | number } }`: one per
 * metric whose value is a finite number. Other entries (arrays, text, null) stay in metrics_json only.
 * Migration 5 backfills older runs with the same rule, in SQL.
 */
export function metricRows(metrics: Record<string, unknown>): MetricRow[] {
  const rows: MetricRow[] = [];
  if (!isPlainObject(metrics)) return rows;
  for (const [split, byName] of Object.entries(metrics)) {
    if (!isPlainObject(byName)) continue;
    for (const [name, metric] of Object.entries(byName)) {
      const value = isPlainObject(metric) ? metric.value : metric;
      if (typeof value === 'number' && Number.isFinite(value)) rows.push({ split, name, value });
    }
  }
  return rows;
}

export function checkTags(id: string, tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') {
      throw new FlywheelError('data_invalid', `run ${id}: tag "${key}" must be a string, found ${typeof value}`, {
        hint: 'write tag values as text, e.g. String(value)',
      });
    }
  }
}

/** How errors name a run of a batch: by id alone when the batch has one run, else by position too. */
export function runInBatch(records: readonly RunRecord[]): (index: number, record: RunRecord) => string {
  return (index, record) => (records.length === 1 ? `run ${record.id}` : `run ${index + 1} of ${records.length} (${record.id})`);
}

/** A run finishes as "finished" or "failed"; `where` names the run. */
export function checkFinishStatus(where: string, status: FinishRunUpdate['status']): void {
  if (status !== 'finished' && status !== 'failed') {
    throw new FlywheelError('usage', `${where}: a run finishes as "finished" or "failed", not "${String(status)}"`);
  }
}
