// Copying a store: a SQLite store holding every kind of record is copied to PostgreSQL and back
// to a new SQLite file, and every listing of the result equals the original's. Without PostgreSQL
// binaries the round trip goes SQLite → SQLite and the PostgreSQL leg is skipped with the reason.

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestPostgres } from '../../test/postgres-server.js';
import { openStore } from './open-store.js';
import { copyStore } from './store-copy.js';
import type { PredictionRecord, RunRecord, Store } from './types.js';

const projectRoot = mkdtempSync(path.join(os.tmpdir(), 'flywheel-copy-'));
const started = await startTestPostgres();

afterAll(async () => {
  if (started.ok) await started.server.stop();
  rmSync(projectRoot, { recursive: true, force: true });
});

const open = (url: string) => openStore(url, { projectRoot, ignoreEnvironment: true });

/** A store with every kind of record, shaped like the demo's: a ladder of runs, a champion, a log. */
async function populate(store: Store): Promise<void> {
  const snapshot = { hash: 'a'.repeat(64), path: 'snapshots/a.parquet', source: 'data/churn.csv', format: 'csv' as const, rows: 6, columns: [{ name: 'x', type: 'numeric' }], bytes: 100, createdAtMs: 1000 };
  const other = { ...snapshot, hash: 'b'.repeat(64), path: 'snapshots/b.parquet', createdAtMs: 2000 };
  await store.datasets.putSnapshot(snapshot);
  await store.datasets.putSnapshot(other);
  const split = { hash: 'c'.repeat(64), snapshotHash: snapshot.hash, method: 'stratified' as const, params: { valid: 0.2 }, seed: 42, counts: { train: 3, valid: 1, test: 1 }, assignment: Uint8Array.from([0, 0, 3, 1, 0, 2]), createdAtMs: 1100 };
  const split2 = { ...split, hash: 'd'.repeat(64), snapshotHash: other.hash, method: 'temporal' as const, params: { gap: '7d' }, createdAtMs: 2100 };
  await store.datasets.putSplit(split);
  await store.datasets.putSplit(split2);
  const run = (i: number, extra: Partial<RunRecord> = {}): RunRecord => ({
    id: `run-${i}`,
    kind: ['dummy', 'rules', 'logistic', 'gbt'][i % 4]!,
    status: 'finished',
    createdAtMs: 5000 + i,
    finishedAtMs: 6000 + i,
    snapshotHash: snapshot.hash,
    splitHash: split.hash,
    seed: 42,
    params: { i },
    metrics: { valid: { roc_auc: { value: 0.6 + i / 100, ci: [0.5, 0.7] } }, test: { roc_auc: 0.61 } },
    tags: { ladder: 'true', rung: String(i) },
    code: { gitCommit: 'abc', packageVersion: '0.1.0', nodeVersion: 'v20' },
    info: { fit_ms: i },
    ...extra,
  });
  const runs = [run(0), run(1, { parentId: 'run-0' }), run(2, { status: 'running', finishedAtMs: undefined, name: 'open' }), run(3, { splitHash: split2.hash, snapshotHash: other.hash, tags: {} })];
  await store.runs.createRuns(runs);
  for (const r of runs) await store.runs.putArtifact(r.id, { name: 'model', sha256: `sha-${r.id}`, content: { kind: r.kind, w: [1, 2] }, createdAtMs: 7000 });
  await store.runs.putArtifact('run-3', { name: 'report', sha256: 'rep', content: { html: '<p>"quoted"\\</p>' }, createdAtMs: 7001 });
  await store.runs.addNote({ runId: 'run-1', text: 'looks good', author: 'ana', atMs: 8000 });
  await store.runs.addNote({ runId: 'run-1', text: 'second — ünïcode', author: 'bo', atMs: 7999 });
  await store.runs.recordTestLook({ splitHash: split.hash, runId: 'run-1', purpose: 'evaluate', actor: 'ana', atMs: 9000 });
  await store.runs.recordTestLook({ splitHash: split.hash, runId: 'run-0', purpose: 'gate', actor: 'bo', atMs: 9001 });
  for (const [i, r] of runs.entries()) await store.registry.registerVersion({ name: 'churn', runId: r.id, sha256: `p${i}`, package: { format_version: 1, run: r.id }, createdAtMs: 10_000 + i, ...(i === 0 ? { description: 'first' } : {}) });
  await store.registry.registerVersion({ name: 'other', sha256: 'o', package: { x: 1 }, createdAtMs: 10_100 });
  await store.registry.setAlias({ name: 'churn', alias: 'champion', version: 1, actor: 'ana', reason: 'first', atMs: 11_000 });
  await store.registry.setAlias({ name: 'churn', alias: 'champion', version: 3, actor: 'bo', reason: 'better', atMs: 11_001, gate: { passed: true } });
  await store.registry.setAlias({ name: 'churn', alias: 'canary', version: 4, actor: 'bo', reason: 'try', atMs: 11_002 });
  await store.registry.removeAlias({ name: 'churn', alias: 'canary', actor: 'bo', reason: 'done', atMs: 11_003 });
  await store.registry.setAlias({ name: 'churn', alias: 'shadow', version: 2, actor: 'cy', reason: 'watch', atMs: 11_004 });
  const predictions: PredictionRecord[] = [];
  for (let i = 0; i < 25; i++) {
    const live: PredictionRecord = { requestId: `req-${i}`, atMs: 20_000 + Math.floor(i / 3), unitId: `u-${i % 7}`, model: 'churn', modelVersion: 3, variant: 'champion', features: { tenure: i, plan: i % 2 === 0 ? 'a' : null }, score: i / 25, decision: i % 2, propensity: 0.9, assignment: 'unit', latencyMs: 0.5 + i, shadow: false };
    predictions.push(live);
    if (i % 4 === 0) predictions.push({ ...live, variant: 'shadow', modelVersion: 2, score: 0.5, shadow: true, propensity: undefined, assignment: undefined });
  }
  for (const p of predictions) for (const key of Object.keys(p) as (keyof PredictionRecord)[]) if (p[key] === undefined) delete p[key];
  await store.predictions.logPredictions(predictions.slice(0, 10));
  await store.predictions.logPredictions(predictions.slice(10));
  await store.predictions.logOutcomes([
    { requestId: 'req-1', atMs: 30_000, label: 'Yes' },
    { unitId: 'u-3', atMs: 29_000, label: 'No', value: 2.5 },
    { requestId: 'req-2', unitId: 'u-2', atMs: 30_000, label: 'No' },
  ]);
}

/** Every listing a store offers, with full records where listings leave parts out. */
async function everything(store: Store): Promise<unknown> {
  const splits = await store.datasets.listSplits();
  const runs = await store.runs.listRuns();
  const models = await store.registry.listModels();
  return {
    snapshots: await store.datasets.listSnapshots(),
    splits: await Promise.all(splits.map((s) => store.datasets.getSplit(s.hash))),
    runs,
    byMetric: (await store.runs.listRuns({ sort: { by: 'metric', split: 'valid', name: 'roc_auc' }, tags: { ladder: 'true' } })).map((r) => r.id),
    artifacts: await Promise.all(runs.map(async (r) => ({ list: await store.runs.listArtifacts(r.id), model: await store.runs.getArtifact(r.id, 'model') }))),
    notes: await Promise.all(runs.map((r) => store.runs.listNotes(r.id))),
    looks: await Promise.all(splits.map(async (s) => ({ count: await store.runs.countTestLooks(s.hash), looks: await store.runs.listTestLooks(s.hash) }))),
    models,
    versions: await Promise.all(models.map(async (m) => Promise.all((await store.registry.listVersions(m.name)).map((v) => store.registry.getVersion(m.name, v.version))))),
    aliases: await Promise.all(models.map(async (m) => ({ aliases: await store.registry.aliases(m.name), history: await store.registry.aliasHistory(m.name) }))),
    predictions: await store.predictions.readPredictions(),
    predictionCount: await store.predictions.countPredictions(),
    outcomes: await store.predictions.readOutcomes(),
  };
}

describe('copyStore', () => {
  it(started.ok ? 'copies a SQLite store to PostgreSQL and back, and every listing matches' : `copies a SQLite store to another SQLite store (PostgreSQL leg skipped: ${started.reason})`, async () => {
    const source = await open('sqlite:source.db');
    await populate(source);
    const expected = await everything(source);
    const middleUrl = started.ok ? await started.server.createDatabase('copy') : 'sqlite:middle.db';
    const middle = await open(middleUrl);
    const steps: string[] = [];
    const counts = await copyStore(source, middle, { batchSize: 7, onStep: (s) => steps.push(s) });
    expect(counts).toEqual({ snapshots: 2, splits: 2, runs: 4, artifacts: 5, notes: 2, testLooks: 2, modelVersions: 5, aliasEvents: 5, predictions: 32, outcomes: 3 });
    expect(steps).toContain('predictions');
    expect(await everything(middle)).toStrictEqual(expected);

    const back = await open('sqlite:back.db');
    await copyStore(middle, back);
    expect(await everything(back)).toStrictEqual(expected);
    await Promise.all([source.close(), middle.close(), back.close()]);
  });

  it('refuses a target that already holds records unless forced, and names what it holds', async () => {
    const source = await open('sqlite:refuse-source.db');
    const target = await open('sqlite:refuse-target.db');
    await target.predictions.logOutcomes([{ unitId: 'u', atMs: 1, label: 'Yes' }]);
    await expect(copyStore(source, target)).rejects.toMatchObject({ code: 'conflict', message: 'the target store already holds outcomes', hint: expect.stringContaining('--force') as unknown });
    expect(await copyStore(source, target, { force: true })).toMatchObject({ runs: 0, outcomes: 0 });
    await Promise.all([source.close(), target.close()]);
  });
});
