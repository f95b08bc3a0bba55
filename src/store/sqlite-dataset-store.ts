// Snapshots and splits in SQLite. Both are content-addressed: the first write of a hash wins and
// later writes of the same hash change nothing. A split is checked against its snapshot (one
// assignment byte per row, counts that match the bytes) before it is stored.

import type Database from 'better-sqlite3';
import { FlywheelError } from '../core/errors.js';
import {
  SNAPSHOT_COLUMNS,
  SPLIT_SUMMARY_COLUMNS,
  snapshotFromRow,
  splitFromRow,
  splitSummaryFromRow,
  type SnapshotRow,
  type SplitRow,
  type SplitSummaryRow,
} from './dataset-rows.js';
import { toJsonText } from './json-text.js';
import { lookupByPrefix } from './prefix-lookup.js';
import { checkAssignment } from './split-check.js';
import { translateSqliteError } from './sqlite-errors.js';
import type {
  DatasetStore,
  PutResult,
  SnapshotRecord,
  SplitRecord,
  SplitSummary,
} from './types.js';

export class SqliteDatasetStore implements DatasetStore {
  private readonly insertSnapshot;
  private readonly selectSnapshot;
  private readonly selectSnapshotsByPrefix;
  private readonly selectSnapshots;
  private readonly insertSplit;
  private readonly selectSplit;
  private readonly selectSplitsByPrefix;
  private readonly selectSplitExists;
  private readonly selectSplits;
  private readonly selectSplitsOfSnapshot;

  constructor(private readonly db: Database.Database) {
    this.insertSnapshot = db.prepare<SnapshotRow>(
      `INSERT INTO snapshots (${SNAPSHOT_COLUMNS})
       VALUES (@hash, @path, @source, @format, @row_count, @columns_json, @size_bytes, @created_at_ms)
       ON CONFLICT (hash) DO NOTHING`,
    );
    this.selectSnapshot = db.prepare<[string], SnapshotRow>(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE hash = ?`);
    this.selectSnapshotsByPrefix = db
      .prepare<[number, string, number], string>('SELECT hash FROM snapshots WHERE substr(hash, 1, ?) = ? ORDER BY hash LIMIT ?')
      .pluck();
    this.selectSnapshots = db.prepare<[], SnapshotRow>(
      `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots ORDER BY created_at_ms DESC, hash`,
    );
    this.insertSplit = db.prepare<SplitRow>(
      `INSERT INTO splits (${SPLIT_SUMMARY_COLUMNS}, assignment)
       VALUES (@hash, @snapshot_hash, @method, @params_json, @seed, @train_count, @valid_count, @test_count,
               @created_at_ms, @assignment)
       ON CONFLICT (hash) DO NOTHING`,
    );
    this.selectSplit = db.prepare<[string], SplitRow>(
      `SELECT ${SPLIT_SUMMARY_COLUMNS}, assignment FROM splits WHERE hash = ?`,
    );
    this.selectSplitsByPrefix = db
      .prepare<[number, string, number], string>('SELECT hash FROM splits WHERE substr(hash, 1, ?) = ? ORDER BY hash LIMIT ?')
      .pluck();
    this.selectSplitExists = db.prepare<[string], { hash: string }>('SELECT hash FROM splits WHERE hash = ?');
    this.selectSplits = db.prepare<[], SplitSummaryRow>(
      `SELECT ${SPLIT_SUMMARY_COLUMNS} FROM splits ORDER BY created_at_ms DESC, hash`,
    );
    this.selectSplitsOfSnapshot = db.prepare<[string], SplitSummaryRow>(
      `SELECT ${SPLIT_SUMMARY_COLUMNS} FROM splits WHERE snapshot_hash = ? ORDER BY created_at_ms DESC, hash`,
    );
  }

  async putSnapshot(record: SnapshotRecord): Promise<PutResult> {
    const row: SnapshotRow = {
      hash: record.hash,
      path: record.path,
      source: record.source,
      format: record.format,
      row_count: record.rows,
      columns_json: toJsonText(record.columns, `snapshot ${record.hash}: columns`),
      size_bytes: record.bytes,
      created_at_ms: record.createdAtMs,
    };
    try {
      return { created: this.insertSnapshot.run(row).changes === 1 };
    } catch (error) {
      throw translateSqliteError(error, `snapshot ${record.hash}`);
    }
  }

  async getSnapshot(hashOrPrefix: string): Promise<SnapshotRecord | undefined> {
    return lookupByPrefix(hashOrPrefix, {
      what: 'snapshot',
      exact: (hash) => {
        const row = this.selectSnapshot.get(hash);
        return row === undefined ? undefined : snapshotFromRow(row);
      },
      keysWithPrefix: (prefix, limit) => this.selectSnapshotsByPrefix.all(prefix.length, prefix, limit),
    });
  }

  async listSnapshots(): Promise<SnapshotRecord[]> {
    return this.selectSnapshots.all().map(snapshotFromRow);
  }

  async putSplit(record: SplitRecord): Promise<PutResult> {
    // IMMEDIATE: the snapshot check and the insert must see the same database state.
    const put = this.db.transaction((): PutResult => {
      if (this.selectSplitExists.get(record.hash) !== undefined) return { created: false };
      const snapshot = this.selectSnapshot.get(record.snapshotHash);
      if (snapshot === undefined) {
        throw new FlywheelError(
          'not_found',
          `split ${record.hash}: its snapshot ${record.snapshotHash} is not in the store`,
          { hint: 'store the snapshot (putSnapshot) before its splits' },
        );
      }
      checkAssignment(record, snapshot.row_count);
      const changes = this.insertSplit.run({
        hash: record.hash,
        snapshot_hash: record.snapshotHash,
        method: record.method,
        params_json: toJsonText(record.params, `split ${record.hash}: params`),
        seed: record.seed,
        train_count: record.counts.train,
        valid_count: record.counts.valid,
        test_count: record.counts.test,
        created_at_ms: record.createdAtMs,
        assignment: Buffer.from(record.assignment.buffer, record.assignment.byteOffset, record.assignment.byteLength),
      }).changes;
      return { created: changes === 1 };
    });
    try {
      return put.immediate();
    } catch (error) {
      throw translateSqliteError(error, `split ${record.hash}`);
    }
  }

  async getSplit(hashOrPrefix: string): Promise<SplitRecord | undefined> {
    return lookupByPrefix(hashOrPrefix, {
      what: 'split',
      exact: (hash) => {
        const row = this.selectSplit.get(hash);
        return row === undefined ? undefined : splitFromRow(row);
      },
      keysWithPrefix: (prefix, limit) => this.selectSplitsByPrefix.all(prefix.length, prefix, limit),
    });
  }

  async listSplits(snapshotHash?: string): Promise<SplitSummary[]> {
    const rows = snapshotHash === undefined ? this.selectSplits.all() : this.selectSplitsOfSnapshot.all(snapshotHash);
    return rows.map(splitSummaryFromRow);
  }
}
