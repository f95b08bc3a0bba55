// Copies everything one store holds into another, whatever their backends (SQLite ⇄ PostgreSQL):
// snapshot and split records, runs with their artifacts, tags, notes and test looks, model versions
// with their numbers, the alias history in its order, predictions and outcomes. It goes through the
// Store interfaces only, so each write keeps the target's own checks. Snapshot files are not copied:
// they stay under the artifacts folder, which teams share as a path.

import { FlywheelError } from '../core/errors.js';
import type { PredictionRecord, RunRecord, Store } from './types.js';

/** Runs per createRuns call, and predictions per page read and per logged batch. */
export const COPY_BATCH_SIZE = 2000;

export interface StoreCopyCounts {
  snapshots: number;
  splits: number;
  runs: number;
  artifacts: number;
  notes: number;
  testLooks: number;
  modelVersions: number;
  aliasEvents: number;
  predictions: number;
  outcomes: number;
}

export interface StoreCopyOptions {
  /** Copy into a store that already holds records (default: refuse with 'conflict'). */
  force?: boolean;
  /** Called with a short line as each table starts (CLI progress). */
  onStep?: (message: string) => void;
  batchSize?: number;
}

/** What a store holds, table by table, as far as emptiness is concerned. */
async function holdings(store: Store): Promise<string[]> {
  const held: string[] = [];
  if ((await store.datasets.listSnapshots()).length > 0) held.push('snapshots');
  if ((await store.runs.listRuns({ limit: 1 })).length > 0) held.push('runs');
  if ((await store.registry.listModels()).length > 0) held.push('models');
  if ((await store.predictions.countPredictions()) > 0) held.push('predictions');
  if ((await store.predictions.readOutcomes()).length > 0) held.push('outcomes');
  return held;
}

/** Runs ordered so that each parent comes before its children (oldest first otherwise). */
function parentsFirst(runs: RunRecord[]): RunRecord[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const done = new Set<string>();
  const ordered: RunRecord[] = [];
  const visit = (run: RunRecord, depth: number) => {
    if (done.has(run.id)) return;
    if (depth > runs.length) throw new FlywheelError('store_invalid', `run ${run.id}: its parents form a cycle`);
    const parent = run.parentId === undefined ? undefined : byId.get(run.parentId);
    if (parent !== undefined) visit(parent, depth + 1);
    done.add(run.id);
    ordered.push(run);
  };
  for (const run of [...runs].sort((a, b) => a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : 1))) visit(run, 0);
  return ordered;
}

/** Copies every record of `from` into `to` and returns how many of each were copied. */
export async function copyStore(from: Store, to: Store, options: StoreCopyOptions = {}): Promise<StoreCopyCounts> {
  const step = options.onStep ?? (() => undefined);
  const batchSize = options.batchSize ?? COPY_BATCH_SIZE;
  if (options.force !== true) {
    const held = await holdings(to);
    if (held.length > 0) {
      throw new FlywheelError('conflict', `the target store already holds ${held.join(', ')}`, {
        hint: 'copy into an empty store (a new database or file), or pass --force to add to this one',
        details: { holds: held },
      });
    }
  }
  const counts: StoreCopyCounts = { snapshots: 0, splits: 0, runs: 0, artifacts: 0, notes: 0, testLooks: 0, modelVersions: 0, aliasEvents: 0, predictions: 0, outcomes: 0 };

  step('snapshots and splits');
  const snapshots = await from.datasets.listSnapshots();
  for (const snapshot of [...snapshots].reverse()) {
    await to.datasets.putSnapshot(snapshot);
    counts.snapshots++;
  }
  const splits = await from.datasets.listSplits();
  for (const summary of [...splits].reverse()) {
    const split = await from.datasets.getSplit(summary.hash);
    if (split === undefined) continue;
    await to.datasets.putSplit(split);
    counts.splits++;
  }

  step('runs, artifacts and notes');
  const runs = parentsFirst(await from.runs.listRuns());
  for (let start = 0; start < runs.length; start += batchSize) {
    const batch = runs.slice(start, start + batchSize);
    await to.runs.createRuns(batch);
    counts.runs += batch.length;
  }
  for (const run of runs) {
    for (const summary of await from.runs.listArtifacts(run.id)) {
      const artifact = await from.runs.getArtifact(run.id, summary.name);
      if (artifact === undefined) continue;
      await to.runs.putArtifact(run.id, artifact);
      counts.artifacts++;
    }
    for (const note of await from.runs.listNotes(run.id)) {
      await to.runs.addNote(note);
      counts.notes++;
    }
  }

  step('test looks');
  for (const split of splits) {
    for (const look of await from.runs.listTestLooks(split.hash)) {
      await to.runs.recordTestLook(look);
      counts.testLooks++;
    }
  }

  step('model versions and alias history');
  for (const model of await from.registry.listModels()) {
    for (const summary of await from.registry.listVersions(model.name)) {
      const version = await from.registry.getVersion(model.name, summary.version);
      if (version === undefined) continue;
      const copied = await to.registry.registerVersion({
        name: version.name,
        ...(version.runId === undefined ? {} : { runId: version.runId }),
        sha256: version.sha256,
        package: version.package,
        ...(version.description === undefined ? {} : { description: version.description }),
        createdAtMs: version.createdAtMs,
      });
      if (copied.version !== version.version) {
        throw new FlywheelError('conflict', `model ${model.name} version ${version.version} would become version ${copied.version} in the target`, {
          hint: 'the target already holds versions of this model; copy into an empty store',
        });
      }
      counts.modelVersions++;
    }
    // Replaying the events in order rebuilds both the history and the current aliases.
    for (const event of await from.registry.aliasHistory(model.name)) {
      const common = { name: event.name, alias: event.alias, actor: event.actor, reason: event.reason, atMs: event.atMs, ...(event.gate === undefined ? {} : { gate: event.gate }) };
      if (event.version === null) await to.registry.removeAlias(common);
      else await to.registry.setAlias({ ...common, version: event.version });
      counts.aliasEvents++;
    }
  }

  step('predictions');
  let last: PredictionRecord | undefined;
  for (;;) {
    const page = await from.predictions.readPredictions({
      limit: batchSize,
      ...(last === undefined ? {} : { afterRequestId: last.requestId, afterVariant: last.variant }),
    });
    if (page.length === 0) break;
    await to.predictions.logPredictions(page);
    counts.predictions += page.length;
    last = page[page.length - 1];
  }

  step('outcomes');
  const outcomes = await from.predictions.readOutcomes();
  for (let start = 0; start < outcomes.length; start += batchSize) {
    const batch = outcomes.slice(start, start + batchSize);
    await to.predictions.logOutcomes(batch);
    counts.outcomes += batch.length;
  }
  return counts;
}
