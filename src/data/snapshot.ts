// Snapshots: an immutable Parquet copy of a data file under the artifacts folder, named by the hash of
// its content (core/hash.ts), so loading the same data again finds the same snapshot and writes nothing.

import { mkdir, rm, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFrame } from '../core/hash.js';
import { readTable, type LoadedTable, type ReadOptions } from './read.js';

export const SNAPSHOTS_FOLDER = 'snapshots';

export interface SnapshotResult {
  hash: string;
  /** Path of the Parquet file, relative to the artifacts folder. */
  relativePath: string;
  absolutePath: string;
  /** False when a snapshot with this hash already existed. */
  created: boolean;
  table: LoadedTable;
}

/** The content hash of a loaded table (what its snapshot would be named by). */
export function snapshotHashOf(table: LoadedTable): string {
  return hashFrame(table.frame);
}

/** Read `source`, write its snapshot under `artifactsDir/snapshots/` unless one with the same hash exists. */
export async function snapshotFile(source: string, artifactsDir: string, options: Omit<ReadOptions, 'parquetCopyTo'> = {}): Promise<SnapshotResult> {
  const folder = join(artifactsDir, SNAPSHOTS_FOLDER);
  await mkdir(folder, { recursive: true });
  const tmp = join(folder, `.incoming-${process.pid}-${Date.now()}.parquet`);
  try {
    const table = await readTable(source, { ...options, parquetCopyTo: tmp });
    const hash = snapshotHashOf(table);
    const relativePath = join(SNAPSHOTS_FOLDER, `${hash}.parquet`);
    const absolutePath = join(artifactsDir, relativePath);
    const exists = await stat(absolutePath).then(
      () => true,
      () => false,
    );
    if (exists) await rm(tmp, { force: true });
    else await rename(tmp, absolutePath);
    return { hash, relativePath, absolutePath, created: !exists, table };
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
