// What a recorded run needs to be looked at again: the run itself (by id or prefix, with recent runs
// suggested when it is unknown), its snapshot read back from the artifacts folder (never the data file,
// which may have changed since), its split's row assignment, and its model package, checked.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlywheelError } from '../core/errors.js';
import { readTable } from '../data/read.js';
import type { RunRecord, SplitRecord, Store } from '../store/types.js';
import type { Split } from '../data/split.js';
import { loadModelPackage, type LoadedPackage } from '../tracking/model-package.js';
import { datasetFromTable, type Dataset } from './dataset.js';
import type { Project } from './project.js';

/** A run by id or unique prefix; an unknown id names the most recent runs. */
export async function requireRun(store: Store, idOrPrefix: string): Promise<RunRecord> {
  const run = await store.runs.getRun(idOrPrefix);
  if (run !== undefined) return run;
  const recent = await store.runs.listRuns({ limit: 5 });
  const list = recent.map((r) => `${r.id.slice(0, 8)} (${r.kind}, ${new Date(r.createdAtMs).toISOString().slice(0, 16).replace('T', ' ')})`).join(', ');
  throw new FlywheelError('not_found', `no run ${idOrPrefix} in this project's store`, {
    hint: recent.length === 0 ? 'no runs yet: `flywheel train` records one per rung' : `recent runs: ${list}; \`flywheel runs\` lists them all (a unique prefix of 6+ characters is enough)`,
  });
}

export interface RunData {
  run: RunRecord;
  dataset: Dataset;
  split: SplitRecord;
  pkg: LoadedPackage;
}

/** The model package of a finished run, checked against its SHA-256. */
export async function runPackage(store: Store, run: RunRecord): Promise<LoadedPackage> {
  if (run.status !== 'finished') {
    throw new FlywheelError('usage', `run ${run.id.slice(0, 8)} is ${run.status}; only a finished run has a model`, { hint: 'pick a finished run from `flywheel runs`' });
  }
  const artifact = await store.runs.getArtifact(run.id, 'model_package');
  if (artifact === undefined) throw new FlywheelError('not_found', `run ${run.id.slice(0, 8)} has no model package`, { hint: 'refit it with `flywheel reproduce RUN`' });
  return loadModelPackage(artifact.content);
}

/** The run's snapshot and split, as they were when it was fitted. */
export async function runDataset(project: Project, store: Store, run: RunRecord, target: { name: string; positive: string }): Promise<{ dataset: Dataset; split: SplitRecord }> {
  const snapshot = await store.datasets.getSnapshot(run.snapshotHash);
  if (snapshot === undefined) {
    throw new FlywheelError('not_found', `run ${run.id.slice(0, 8)}: its snapshot ${run.snapshotHash.slice(0, 12)} is not in the store`, {
      hint: 'the store was changed by hand; restore it from a backup',
    });
  }
  const path = join(project.artifactsDir, snapshot.path);
  if (!existsSync(path)) {
    throw new FlywheelError('not_found', `run ${run.id.slice(0, 8)}: its snapshot file ${snapshot.path} is missing from the artifacts folder ${project.artifactsDir}`, {
      hint: `restore the file from a backup, or, if ${snapshot.source} still holds the same data, run \`flywheel data snapshot\` to rewrite it (the same content gets the same hash ${snapshot.hash.slice(0, 12)})`,
    });
  }
  const split = await store.datasets.getSplit(run.splitHash);
  if (split === undefined) throw new FlywheelError('not_found', `run ${run.id.slice(0, 8)}: its split ${run.splitHash.slice(0, 12)} is not in the store`, { hint: 'restore the store from a backup' });
  const dataset = datasetFromTable(await readTable(path, { format: 'parquet' }), { target: target.name, positive: target.positive }, project.config);
  if (dataset.frame.nRows !== split.assignment.length) {
    throw new FlywheelError('data_invalid', `run ${run.id.slice(0, 8)}: the snapshot has ${dataset.frame.nRows} rows but its split assigns ${split.assignment.length}`, {
      hint: 'the snapshot file was replaced; restore the original',
    });
  }
  return { dataset, split };
}

/** A stored split in the shape the data layer's checks take (rows in no side counted as excluded). */
export function asSplit(record: SplitRecord): Split {
  const { train, valid, test } = record.counts;
  return { ...record, counts: { train, valid, test, excluded: record.assignment.length - train - valid - test } };
}

export async function loadRunData(project: Project, store: Store, idOrPrefix: string): Promise<RunData> {
  const run = await requireRun(store, idOrPrefix);
  const pkg = await runPackage(store, run);
  const { dataset, split } = await runDataset(project, store, run, pkg.json.target);
  return { run, dataset, split, pkg };
}
