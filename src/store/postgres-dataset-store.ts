// Snapshots and splits in PostgreSQL, with the SQLite backend's semantics: content-addressed (the
// first write of a hash wins, later writes change nothing), and a split is checked against its
// snapshot (one assignment byte per row, counts that tally the bytes) before it is stored.

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
import type { PostgresDatabase } from './postgres-database.js';
import { PREFIX_CANDIDATES, MIN_PREFIX_LENGTH } from './prefix-lookup.js';
import { checkAssignment } from './split-check.js';
import type {
  DatasetStore,
  PutResult,
  SnapshotRecord,
  SplitRecord,
  SplitSummary,
} from './types.js';

/**
 * Lookup by exact key, then by a unique prefix of at least MIN_PREFIX_LENGTH characters; the same
 * rules as `lookupByPrefix`, in one round trip for the common exact case.
 */
export async function findByPrefix<T>(
  key: string,
  what: string,
  exact: (key: string) => Promise<T | undefined>,
  keysWithPrefix: (prefix: string, limit: number) => Promise<string[]>,
): Promise<T | undefined> {
  const found = await exact(key);
  if (found !== undefined || key.length < MIN_PREFIX_LENGTH) return found;
  const matches = await keysWithPrefix(key, PREFIX_CANDIDATES + 1);
  if (matches.length === 0) return undefined;
  if (matches.length === 1) return exact(matches[0]!);
  const shown = matches.slice(0, PREFIX_CANDIDATES);
  const more = matches.length > PREFIX_CANDIDATES ? ', …' : '';
  throw new FlywheelError('conflict', `${what} prefix "${key}" is ambiguous: it matches ${shown.join(', ')}${more}`, {
    hint: `type more characters of the ${what} id`,
    details: { prefix: key, matches: shown },
  });
}

/** `SELECT key … WHERE starts with prefix`, ordered bytewise like SQLite. */
export function prefixQuery(table: string, column: string): string {
  return `SELECT ${column} AS key FROM ${table} WHERE substr(${column}, 1, $1) = $2 ORDER BY ${column} COLLATE "C" LIMIT $3`;
}

export class PostgresDatasetStore implements DatasetStore {
  constructor(private readonly db: PostgresDatabase) {}

  async putSnapshot(record: SnapshotRecord): Promise<PutResult> {
    const values = [
      record.hash,
      record.path,
      record.source,
      record.format,
      record.rows,
      toJsonText(record.columns, `snapshot ${record.hash}: columns`),
      record.bytes,
      record.createdAtMs,
    ];
    const result = await this.db.query(
      `snapshot ${record.hash}`,
      `INSERT INTO snapshots (${SNAPSHOT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (hash) DO NOTHING`,
      values,
    );
    return { created: result.rowCount === 1 };
  }

  async getSnapshot(hashOrPrefix: string): Promise<SnapshotRecord | undefined> {
    return findByPrefix(
      hashOrPrefix,
      'snapshot',
      async (hash) => {
        const { rows } = await this.db.query<SnapshotRow>('snapshot', `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE hash = $1`, [hash]);
        return rows[0] === undefined ? undefined : snapshotFromRow(rows[0]);
      },
      async (prefix, limit) =>
        (await this.db.query<{ key: string }>('snapshot', prefixQuery('snapshots', 'hash'), [prefix.length, prefix, limit])).rows.map((r) => r.key),
    );
  }

  async listSnapshots(): Promise<SnapshotRecord[]> {
    const { rows } = await this.db.query<SnapshotRow>('snapshots', `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots ORDER BY created_at_ms DESC, hash COLLATE "C"`);
    return rows.map(snapshotFromRow);
  }

  async putSplit(record: SplitRecord): Promise<PutResult> {
    return this.db.transaction(
      () => `split ${record.hash}`,
      async (client) => {
        const exists = await client.query('SELECT 1 FROM splits WHERE hash = $1', [record.hash]);
        if (exists.rowCount !== 0) return { created: false };
        // FOR SHARE: the snapshot cannot change or vanish before the split refers to it.
        const snapshot = await client.query<{ row_count: number }>('SELECT row_count FROM snapshots WHERE hash = $1 FOR SHARE', [record.snapshotHash]);
        if (snapshot.rows[0] === undefined) {
          throw new FlywheelError('not_found', `split ${record.hash}: its snapshot ${record.snapshotHash} is not in the store`, {
            hint: 'store the snapshot (putSnapshot) before its splits',
          });
        }
        checkAssignment(record, snapshot.rows[0].row_count);
        const result = await client.query(
          `INSERT INTO splits (${SPLIT_SUMMARY_COLUMNS}, assignment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (hash) DO NOTHING`,
          [
            record.hash,
            record.snapshotHash,
            record.method,
            toJsonText(record.params, `split ${record.hash}: params`),
            record.seed,
            record.counts.train,
            record.counts.valid,
            record.counts.test,
            record.createdAtMs,
            Buffer.from(record.assignment.buffer, record.assignment.byteOffset, record.assignment.byteLength),
          ],
        );
        return { created: result.rowCount === 1 };
      },
    );
  }

  async getSplit(hashOrPrefix: string): Promise<SplitRecord | undefined> {
    return findByPrefix(
      hashOrPrefix,
      'split',
      async (hash) => {
        const { rows } = await this.db.query<SplitRow>('split', `SELECT ${SPLIT_SUMMARY_COLUMNS}, assignment FROM splits WHERE hash = $1`, [hash]);
        return rows[0] === undefined ? undefined : splitFromRow(rows[0]);
      },
      async (prefix, limit) =>
        (await this.db.query<{ key: string }>('split', prefixQuery('splits', 'hash'), [prefix.length, prefix, limit])).rows.map((r) => r.key),
    );
  }

  async listSplits(snapshotHash?: string): Promise<SplitSummary[]> {
    const { rows } =
      snapshotHash === undefined
        ? await this.db.query<SplitSummaryRow>('splits', `SELECT ${SPLIT_SUMMARY_COLUMNS} FROM splits ORDER BY created_at_ms DESC, hash COLLATE "C"`)
        : await this.db.query<SplitSummaryRow>(
            'splits',
            `SELECT ${SPLIT_SUMMARY_COLUMNS} FROM splits WHERE snapshot_hash = $1 ORDER BY created_at_ms DESC, hash COLLATE "C"`,
            [snapshotHash],
          );
    return rows.map(splitSummaryFromRow);
  }
}
