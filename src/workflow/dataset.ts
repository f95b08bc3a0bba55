// Loading a project's (or a bare file's) data the way every stage needs it: read through DuckDB, hash,
// infer the schema with the config's overrides and roles, check the binary target, and (in a project)
// snapshot and split it, recording both in the store.

import type { ProjectConfig } from '../core/config.js';
import { FlywheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import { applySchema, inferSchema, type Schema } from '../data/infer.js';
import { readTable, type LoadedTable } from '../data/read.js';
import { snapshotFile, snapshotHashOf } from '../data/snapshot.js';
import { defaultSplitMethod, makeSplit, type Split } from '../data/split.js';
import { binaryTarget, type BinaryTarget } from '../data/target.js';
import type { Store } from '../store/types.js';
import { resolve } from 'node:path';
import { relativeToProject, type Project } from './project.js';

export interface DatasetOptions {
  target?: string | undefined;
  time?: string | undefined;
  entity?: string | undefined;
  /** From --positive; overrides the config's positive. */
  positive?: string | undefined;
}

export interface Dataset {
  source: string;
  table: LoadedTable;
  snapshotHash: string;
  schema: Schema;
  /** The typed Frame (schema applied). */
  frame: Frame;
  target: BinaryTarget | undefined;
  time: string | undefined;
  entity: string | undefined;
}

/** Roles declared in flywheel.yaml's columns section. */
function declaredRole(config: ProjectConfig | undefined, role: 'time' | 'entity'): string | undefined {
  if (config === undefined) return undefined;
  const names = Object.entries(config.columns)
    .filter(([, c]) => c.role === role)
    .map(([name]) => name);
  if (names.length > 1) {
    throw new FlywheelError('config_invalid', `flywheel.yaml declares ${names.length} ${role} columns (${names.join(', ')}); one is allowed`, {
      hint: `keep role: ${role} on one column`,
    });
  }
  return names[0];
}

/** Build a Dataset from a loaded table (used by both bare-file and project paths). */
export function datasetFromTable(table: LoadedTable, options: DatasetOptions, config?: ProjectConfig): Dataset {
  const targetName = options.target ?? config?.target;
  for (const [name, column] of Object.entries(config?.columns ?? {})) {
    if (column.role === 'target' && name !== targetName) {
      throw new FlywheelError('config_invalid', `flywheel.yaml gives column "${name}" the role target, but the target is "${targetName}"`, {
        hint: `change its role (feature or ignore), or set target: ${name}`,
      });
    }
  }
  const time = options.time ?? declaredRole(config, 'time');
  const entity = options.entity ?? declaredRole(config, 'entity');
  const schema = inferSchema(table.frame, table.columns, { target: targetName, time, entity, overrides: config?.columns });
  const frame = applySchema(table.frame, schema);
  const positive =
    options.positive !== undefined
      ? { label: options.positive, source: 'flag' as const }
      : config?.positive !== undefined
        ? { label: config.positive, source: 'config' as const }
        : undefined;
  // Labels are compared as the text in the file, so they come from the raw columns (a 0/1 target typed
  // boolean still has the labels "0" and "1").
  const target = targetName === undefined ? undefined : binaryTarget(table.frame, targetName, positive);
  return { source: table.source, table, snapshotHash: snapshotHashOf(table), schema, frame, target, time, entity };
}

export async function readDataset(path: string, options: DatasetOptions, config?: ProjectConfig): Promise<Dataset> {
  return datasetFromTable(await readTable(path), options, config);
}

export interface SnapshotOutcome {
  dataset: Dataset;
  relativePath: string;
  created: boolean;
}

/** Read the project's data, write its snapshot (if new) and record it in the store. */
export async function snapshotProject(project: Project, store: Store, options: DatasetOptions = {}): Promise<SnapshotOutcome> {
  const result = await snapshotFile(project.dataPath, project.artifactsDir);
  const dataset = datasetFromTable(result.table, options, project.config);
  await store.datasets.putSnapshot({
    hash: result.hash,
    path: result.relativePath.split('\\').join('/'),
    source: relativeToProject(project.root, project.dataPath),
    format: result.table.format,
    rows: result.table.frame.nRows,
    columns: result.table.columns.map((c) => ({ name: c.name, type: c.rawType })),
    bytes: result.table.bytes,
    createdAtMs: Date.now(),
  });
  return { dataset, relativePath: result.relativePath, created: result.created };
}

export interface SplitOutcome {
  split: Split;
  created: boolean;
}

/** Split a dataset as the project's config says, and record the split in the store. */
export async function splitDataset(project: Project, store: Store, dataset: Dataset): Promise<SplitOutcome> {
  const config = project.config.split;
  const method = config.method ?? (config.file !== undefined ? 'file' : undefined) ?? defaultSplitMethod({ hasTime: dataset.time !== undefined, hasEntity: dataset.entity !== undefined });
  const split = await makeSplit(
    dataset.snapshotHash,
    dataset.frame.nRows,
    {
      method,
      valid: config.valid,
      test: config.test,
      seed: project.config.seed,
      gap: config.gap,
      file: config.file === undefined ? undefined : insideOrAbsolute(project, config.file),
    },
    {
      ...(dataset.target === undefined ? {} : { y: dataset.target.y }),
      ...(dataset.time === undefined ? {} : { time: dataset.frame.column(dataset.time) }),
      ...(dataset.entity === undefined ? {} : { entity: dataset.frame.column(dataset.entity) }),
    },
  );
  const params = split.counts.excluded > 0 ? { ...split.params, excluded: split.counts.excluded } : split.params;
  const put = await store.datasets.putSplit({
    hash: split.hash,
    snapshotHash: split.snapshotHash,
    method: split.method,
    params,
    seed: split.seed,
    counts: { train: split.counts.train, valid: split.counts.valid, test: split.counts.test },
    assignment: split.assignment,
    createdAtMs: Date.now(),
  });
  return { split, created: put.created };
}

/** Split files, like data files, may live outside the project folder: they are read, never written. */
function insideOrAbsolute(project: Project, path: string): string {
  return resolve(project.root, path);
}

export interface SplitReport {
  split: string;
  snapshot: string;
  method: string;
  params: Record<string, unknown>;
  seed: number;
  created: boolean;
  counts: { train: number; valid: number; test: number; excluded: number };
  /** Share of positive labels on each side; null for an empty side or without a target. */
  positive_rate: { train: number | null; valid: number | null; test: number | null };
}

/** What a split holds, as `data split` and the demo report it. */
export function splitReport(outcome: SplitOutcome, y: Uint8Array | undefined): SplitReport {
  const { split, created } = outcome;
  const positives = [0, 0, 0, 0];
  if (y !== undefined) split.assignment.forEach((side, row) => (positives[side]! += y[row]!));
  const rate = (side: 'train' | 'valid' | 'test', index: number) => (y === undefined || split.counts[side] === 0 ? null : positives[index]! / split.counts[side]);
  return {
    split: split.hash,
    snapshot: split.snapshotHash,
    method: split.method,
    params: split.params,
    seed: split.seed,
    created,
    counts: split.counts,
    positive_rate: { train: rate('train', 0), valid: rate('valid', 1), test: rate('test', 2) },
  };
}

