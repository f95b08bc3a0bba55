// Snapshot and split rows as both backends store them, their column lists, and the mapping from a
// row to the record the store interface returns. The SQL around them is each backend's own.

import { fromJsonText } from './json-text.js';
import type { SnapshotFormat, SnapshotRecord, SplitMethod, SplitRecord, SplitSummary } from './types.js';

export interface SnapshotRow {
  hash: string;
  path: string;
  source: string;
  format: SnapshotFormat;
  row_count: number;
  columns_json: string;
  size_bytes: number;
  created_at_ms: number;
}

export interface SplitSummaryRow {
  hash: string;
  snapshot_hash: string;
  method: SplitMethod;
  params_json: string;
  seed: number;
  train_count: number;
  valid_count: number;
  test_count: number;
  created_at_ms: number;
}

export interface SplitRow extends SplitSummaryRow {
  assignment: Buffer;
}

export const SNAPSHOT_COLUMNS = 'hash, path, source, format, row_count, columns_json, size_bytes, created_at_ms';
export const SPLIT_SUMMARY_COLUMNS =
  'hash, snapshot_hash, method, params_json, seed, train_count, valid_count, test_count, created_at_ms';

export function snapshotFromRow(row: SnapshotRow): SnapshotRecord {
  return {
    hash: row.hash,
    path: row.path,
    source: row.source,
    format: row.format,
    rows: row.row_count,
    columns: fromJsonText(row.columns_json, `snapshot ${row.hash}: columns`),
    bytes: row.size_bytes,
    createdAtMs: row.created_at_ms,
  };
}

export function splitSummaryFromRow(row: SplitSummaryRow): SplitSummary {
  return {
    hash: row.hash,
    snapshotHash: row.snapshot_hash,
    method: row.method,
    params: fromJsonText(row.params_json, `split ${row.hash}: params`),
    seed: row.seed,
    counts: { train: row.train_count, valid: row.valid_count, test: row.test_count },
    createdAtMs: row.created_at_ms,
  };
}

export function splitFromRow(row: SplitRow): SplitRecord {
  // A copy into a plain Uint8Array: callers get the record type they stored, not a Node Buffer.
  return { ...splitSummaryFromRow(row), assignment: Uint8Array.from(row.assignment) };
}
