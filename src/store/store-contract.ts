// The contract every Store backend must pass (SQLite always, PostgreSQL in CI): the same vitest
// suite run against each. Tests make their own hashes, ids, model names and time ranges unique, so
// the store under test need not be empty and may be shared by several runs of the suite.

import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PredictionRecord, ReadPredictionsOptions, RunRecord, SnapshotRecord, SplitRecord, Store } from './types.js';

/** Opens the store under test. Every call must reach the same data: reopening is part of the contract. */
export type OpenTestStore = () => Promise<Store>;

function token(): string {
  return randomBytes(4).toString('hex');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A start time of its own for each test, far from every other test's (windows never overlap). */
function uniqueBaseMs(): number {
  return 2_000_000_000_000 + randomBytes(4).readUInt32BE(0) * 1_000_000;
}

function snapshotRecord(overrides: Partial<SnapshotRecord> = {}): SnapshotRecord {
  return {
    hash: sha256(`snapshot ${token()}`),
    path: 'snapshots/churn.parquet',
    source: 'data/churn.csv',
    format: 'csv',
    rows: 5,
    columns: [
      { name: 'tenure', type: 'numeric' },
      { name: 'churned', type: 'categorical' },
    ],
    bytes: 1234,
    createdAtMs: 1_700_000_000_000,
    ...overrides,
  };
}

function splitRecord(snapshot: SnapshotRecord, overrides: Partial<SplitRecord> = {}): SplitRecord {
  return {
    hash: sha256(`split ${token()}`),
    snapshotHash: snapshot.hash,
    method: 'stratified',
    params: { valid: 0.2, test: 0.2 },
    seed: 42,
    counts: { train: 3, valid: 1, test: 1 },
    assignment: Uint8Array.from([0, 1, 0, 2, 0]),
    createdAtMs: 1_700_000_000_100,
    ...overrides,
  };
}

function runRecord(snapshot: SnapshotRecord, split: SplitRecord, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: `run-${token()}${token()}`,
    kind: 'logistic',
    status: 'running',
    createdAtMs: 1_700_000_001_000,
    snapshotHash: snapshot.hash,
    splitHash: split.hash,
    seed: 42,
    params: { C: 1, max_iter: 100 },
    metrics: {},
    tags: {},
    code: { packageVersion: '0.1.0', nodeVersion: 'v20.19.0' },
    ...overrides,
  };
}

/** Every page of readPredictions, each continuing after the last record of the one before. */
async function readPages(store: Store, options: ReadPredictionsOptions): Promise<PredictionRecord[][]> {
  const pages: PredictionRecord[][] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.predictions.readPredictions({ ...options, ...(after === undefined ? {} : { afterRequestId: after }) });
    if (page.length === 0) return pages;
    pages.push(page);
    after = page[page.length - 1]!.requestId;
  }
}

function prediction(model: string, atMs: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    requestId: `req-${token()}${token()}`,
    atMs,
    model,
    modelVersion: 1,
    variant: 'champion',
    features: { tenure: 12, plan: 'basic', score_note: null },
    score: 0.25,
    decision: 0,
    shadow: false,
    ...overrides,
  };
}

export function describeStoreContract(name: string, open: OpenTestStore): void {
  describe(`${name} store contract`, () => {
    const opened: Store[] = [];

    async function connect(): Promise<Store> {
      const store = await open();
      opened.push(store);
      return store;
    }

    /** A stored snapshot with one stored split. */
    async function dataset(store: Store): Promise<{ snapshot: SnapshotRecord; split: SplitRecord }> {
      const snapshot = snapshotRecord();
      const split = splitRecord(snapshot);
      await store.datasets.putSnapshot(snapshot);
      await store.datasets.putSplit(split);
      return { snapshot, split };
    }

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    describe('datasets', () => {
      it('stores a snapshot and reads it back unchanged', async () => {
        const store = await connect();
        const snapshot = snapshotRecord({ format: 'parquet' });
        expect(await store.datasets.putSnapshot(snapshot)).toEqual({ created: true });
        expect(await store.datasets.getSnapshot(snapshot.hash)).toStrictEqual(snapshot);
      });

      it('treats a second put of the same snapshot hash as a no-op that keeps the first record', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        const again = { ...snapshot, source: 'data/churn.parquet', format: 'parquet' as const };
        expect(await store.datasets.putSnapshot(again)).toEqual({ created: false });
        expect(await store.datasets.getSnapshot(snapshot.hash)).toStrictEqual(snapshot);
      });

      it('returns undefined for a snapshot hash it does not hold', async () => {
        const store = await connect();
        expect(await store.datasets.getSnapshot(sha256(`missing ${token()}`))).toBeUndefined();
      });

      it('finds a snapshot by a unique prefix of its hash', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        expect(await store.datasets.getSnapshot(snapshot.hash.slice(0, 12))).toStrictEqual(snapshot);
      });

      it('lists snapshots newest first', async () => {
        const store = await connect();
        const base = uniqueBaseMs();
        const older = snapshotRecord({ createdAtMs: base });
        const newer = snapshotRecord({ createdAtMs: base + 1000 });
        await store.datasets.putSnapshot(older);
        await store.datasets.putSnapshot(newer);
        const ours = (await store.datasets.listSnapshots()).filter((s) => s.hash === older.hash || s.hash === newer.hash);
        expect(ours).toStrictEqual([newer, older]);
      });

      it('stores a split with its assignment bytes and reads it back as a Uint8Array', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        const split = splitRecord(snapshot, { method: 'temporal', params: { gap: '7d' } });
        expect(await store.datasets.putSplit(split)).toEqual({ created: true });
        const read = await store.datasets.getSplit(split.hash);
        expect(read).toStrictEqual(split);
        expect(read?.assignment).toBeInstanceOf(Uint8Array);
      });

      it('treats a second put of the same split hash as a no-op', async () => {
        const store = await connect();
        const { split } = await dataset(store);
        expect(await store.datasets.putSplit({ ...split, seed: 7 })).toEqual({ created: false });
        expect((await store.datasets.getSplit(split.hash))?.seed).toBe(42);
      });

      it('rejects a split whose snapshot is not stored with not_found', async () => {
        const store = await connect();
        const split = splitRecord(snapshotRecord());
        await expect(store.datasets.putSplit(split)).rejects.toMatchObject({ code: 'not_found' });
        expect(await store.datasets.getSplit(split.hash)).toBeUndefined();
      });

      it('rejects a split whose assignment length differs from the snapshot row count', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        const split = splitRecord(snapshot, { assignment: Uint8Array.from([0, 1, 2]), counts: { train: 1, valid: 1, test: 1 } });
        await expect(store.datasets.putSplit(split)).rejects.toMatchObject({
          code: 'data_invalid',
          message: expect.stringContaining('assignment has 3 rows but snapshot') as unknown,
        });
      });

      it('rejects a split whose counts disagree with its assignment', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        const split = splitRecord(snapshot, { counts: { train: 5, valid: 0, test: 0 } });
        await expect(store.datasets.putSplit(split)).rejects.toMatchObject({ code: 'data_invalid' });
      });

      it('rejects an assignment byte other than 0, 1, 2 or 3', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        const split = splitRecord(snapshot, { assignment: Uint8Array.from([0, 1, 0, 4, 0]) });
        await expect(store.datasets.putSplit(split)).rejects.toMatchObject({
          code: 'data_invalid',
          message: expect.stringContaining('row 3 is assigned 4') as unknown,
        });
      });

      it('finds a split by a unique prefix of six or more characters', async () => {
        const store = await connect();
        const { split } = await dataset(store);
        expect((await store.datasets.getSplit(split.hash.slice(0, 6)))?.hash).toBe(split.hash);
      });

      it('ignores prefixes shorter than six characters', async () => {
        const store = await connect();
        const { split } = await dataset(store);
        expect(await store.datasets.getSplit(split.hash.slice(0, 5))).toBeUndefined();
      });

      it('reports conflict for a prefix that matches several splits and names them', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        const common = `${token()}ff`;
        const first = splitRecord(snapshot, { hash: `${common}${sha256('a').slice(common.length)}` });
        const second = splitRecord(snapshot, { hash: `${common}${sha256('b').slice(common.length)}` });
        await store.datasets.putSplit(first);
        await store.datasets.putSplit(second);
        await expect(store.datasets.getSplit(common)).rejects.toMatchObject({
          code: 'conflict',
          message: expect.stringContaining(first.hash) as unknown,
        });
        expect((await store.datasets.getSplit(first.hash.slice(0, common.length + 4)))?.hash).toBe(first.hash);
      });

      it('lists the splits of one snapshot newest first, without their assignments', async () => {
        const store = await connect();
        const snapshot = snapshotRecord();
        await store.datasets.putSnapshot(snapshot);
        const older = splitRecord(snapshot, { createdAtMs: 1 });
        const newer = splitRecord(snapshot, { createdAtMs: 2, method: 'file', params: {} });
        await store.datasets.putSplit(older);
        await store.datasets.putSplit(newer);
        const { assignment: _older, ...olderSummary } = older;
        const { assignment: _newer, ...newerSummary } = newer;
        expect(await store.datasets.listSplits(snapshot.hash)).toStrictEqual([newerSummary, olderSummary]);
        const all = await store.datasets.listSplits();
        expect(all.map((s) => s.hash)).toEqual(expect.arrayContaining([older.hash, newer.hash]));
      });
    });

    describe('runs', () => {
      it('creates a run and reads it back with every field', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const parent = runRecord(snapshot, split);
        const run = runRecord(snapshot, split, {
          name: 'baseline',
          tags: { stage: 'ladder', owner: 'ana' },
          code: { gitCommit: 'abc123', packageVersion: '0.1.0', nodeVersion: 'v20.19.0' },
          parentId: parent.id,
          metrics: { valid: { roc_auc: { value: 0.8, ci: [0.78, 0.82] } } },
        });
        await store.runs.createRun(parent);
        await store.runs.createRun(run);
        expect(await store.runs.getRun(run.id)).toStrictEqual(run);
        expect(await store.runs.getRun(parent.id)).toStrictEqual(parent);
      });

      it('keeps run info, merging what finishRun adds', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split, { info: { fit_seconds: 1.5, note: 'a' } });
        await store.runs.createRun(run);
        const finished = await store.runs.finishRun(run.id, { status: 'finished', finishedAtMs: 1_700_000_009_000, info: { model_bytes: 120, note: 'b' } });
        expect(finished.info).toEqual({ fit_seconds: 1.5, note: 'b', model_bytes: 120 });
      });

      it('stores, replaces and lists a run artifact, and refuses one for an unknown run', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        await store.runs.createRun(run);
        await store.runs.putArtifact(run.id, { name: 'model', sha256: 'a1', content: { kind: 'logistic', coef: [1, 2] }, createdAtMs: 1 });
        await store.runs.putArtifact(run.id, { name: 'model', sha256: 'b2', content: { kind: 'logistic', coef: [3] }, createdAtMs: 2 });
        expect(await store.runs.getArtifact(run.id, 'model')).toEqual({ name: 'model', sha256: 'b2', content: { kind: 'logistic', coef: [3] }, createdAtMs: 2 });
        expect(await store.runs.listArtifacts(run.id)).toEqual([{ name: 'model', sha256: 'b2', bytes: JSON.stringify({ kind: 'logistic', coef: [3] }).length, createdAtMs: 2 }]);
        expect(await store.runs.getArtifact(run.id, 'other')).toBeUndefined();
        await expect(store.runs.putArtifact('no-such-run', { name: 'model', sha256: 'x', content: {}, createdAtMs: 1 })).rejects.toMatchObject({ code: 'not_found' });
      });

      it('rejects a second run with the same id with already_exists', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        await store.runs.createRun(run);
        await expect(store.runs.createRun({ ...run, kind: 'tree' })).rejects.toMatchObject({ code: 'already_exists' });
        expect((await store.runs.getRun(run.id))?.kind).toBe('logistic');
      });

      it('rejects a run whose snapshot, split or parent is not stored', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const missing = sha256(`missing ${token()}`);
        await expect(store.runs.createRun(runRecord(snapshot, split, { snapshotHash: missing }))).rejects.toMatchObject({
          code: 'not_found',
        });
        await expect(store.runs.createRun(runRecord(snapshot, split, { splitHash: missing }))).rejects.toMatchObject({
          code: 'not_found',
        });
        await expect(store.runs.createRun(runRecord(snapshot, split, { parentId: 'run-missing' }))).rejects.toMatchObject({
          code: 'not_found',
        });
      });

      it('rejects a run whose split belongs to another snapshot with conflict', async () => {
        const store = await connect();
        const first = await dataset(store);
        const second = await dataset(store);
        const run = runRecord(first.snapshot, second.split);
        await expect(store.runs.createRun(run)).rejects.toMatchObject({ code: 'conflict' });
        expect(await store.runs.getRun(run.id)).toBeUndefined();
      });

      it('finishes a running run with its status, finish time and metrics', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split, { metrics: { valid: { log_loss: { value: 0.5 } } } });
        await store.runs.createRun(run);
        const metrics = { valid: { roc_auc: { value: 0.84, ci: [0.82, 0.86] } } };
        const finished = await store.runs.finishRun(run.id, { status: 'finished', finishedAtMs: 1_700_000_002_000, metrics });
        expect(finished).toStrictEqual({ ...run, status: 'finished', finishedAtMs: 1_700_000_002_000, metrics });
        expect(await store.runs.getRun(run.id)).toStrictEqual(finished);
      });

      it('keeps the stored metrics when a run finishes without new ones', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split, { metrics: { valid: { brier: { value: 0.1 } } } });
        await store.runs.createRun(run);
        const failed = await store.runs.finishRun(run.id, { status: 'failed', finishedAtMs: 5 });
        expect(failed.metrics).toStrictEqual(run.metrics);
        expect(failed.status).toBe('failed');
      });

      it('refuses to finish a run twice or a run it does not hold', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        await store.runs.createRun(run);
        await store.runs.finishRun(run.id, { status: 'finished', finishedAtMs: 5, metrics: {} });
        await expect(store.runs.finishRun(run.id, { status: 'failed', finishedAtMs: 6 })).rejects.toMatchObject({
          code: 'conflict',
        });
        await expect(store.runs.finishRun(`run-${token()}`, { status: 'failed', finishedAtMs: 6 })).rejects.toMatchObject({
          code: 'not_found',
        });
      });

      it('finds a run by a unique id prefix, prefers an exact id, and reports an ambiguous prefix', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const stem = `run-${token()}`;
        const short = runRecord(snapshot, split, { id: `${stem}a` });
        const long = runRecord(snapshot, split, { id: `${stem}ab` });
        const other = runRecord(snapshot, split, { id: `${stem}b` });
        for (const run of [short, long, other]) await store.runs.createRun(run);
        expect((await store.runs.getRun(short.id))?.id).toBe(short.id);
        expect((await store.runs.getRun(`${stem}b`))?.id).toBe(other.id);
        await expect(store.runs.getRun(stem)).rejects.toMatchObject({ code: 'conflict' });
        expect(await store.runs.getRun(`${stem}z`)).toBeUndefined();
      });

      it('lists runs newest first, filtered by kind and status, up to a limit', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const base = uniqueBaseMs();
        const runs = [0, 1, 2].map((i) => runRecord(snapshot, split, { kind, createdAtMs: base + i }));
        for (const run of runs) await store.runs.createRun(run);
        await store.runs.finishRun(runs[1]!.id, { status: 'finished', finishedAtMs: base + 10 });
        const ids = (list: RunRecord[]) => list.map((r) => r.id);
        expect(ids(await store.runs.listRuns({ kind }))).toEqual([runs[2]!.id, runs[1]!.id, runs[0]!.id]);
        expect(ids(await store.runs.listRuns({ kind, status: 'running' }))).toEqual([runs[2]!.id, runs[0]!.id]);
        expect(ids(await store.runs.listRuns({ kind, limit: 2 }))).toEqual([runs[2]!.id, runs[1]!.id]);
        expect(ids(await store.runs.listRuns())).toEqual(expect.arrayContaining(ids(runs)));
        await expect(store.runs.listRuns({ kind, limit: 0 })).rejects.toMatchObject({ code: 'usage' });
      });

      it('merges new tags into a run’s tags', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split, { tags: { owner: 'ana', stage: 'ladder' } });
        await store.runs.createRun(run);
        await store.runs.setTags(run.id, { stage: 'final', note: 'best so far' });
        expect((await store.runs.getRun(run.id))?.tags).toStrictEqual({ owner: 'ana', stage: 'final', note: 'best so far' });
      });

      it('rejects tags for a run it does not hold and tags that are not strings', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        await store.runs.createRun(run);
        await expect(store.runs.setTags(`run-${token()}`, { a: 'b' })).rejects.toMatchObject({ code: 'not_found' });
        const notText = { a: 'ok', b: 3 } as unknown as Record<string, string>;
        await expect(store.runs.setTags(run.id, notText)).rejects.toMatchObject({ code: 'data_invalid' });
        expect((await store.runs.getRun(run.id))?.tags).toStrictEqual({});
      });
    });

    describe('run batches, listings, filters and sorting', () => {
      const ids = (list: RunRecord[]) => list.map((r) => r.id);
      const auc = (value: number) => ({ valid: { roc_auc: { value, ci: [value - 0.01, value + 0.01] } } });

      it('creates a batch of runs, a parent earlier in the same batch included', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const parent = runRecord(snapshot, split);
        const child = runRecord(snapshot, split, { parentId: parent.id, tags: { stage: 'retrain' } });
        await store.runs.createRuns([parent, child]);
        expect(await store.runs.getRun(child.id)).toStrictEqual(child);
        expect(await store.runs.getRun(parent.id)).toStrictEqual(parent);
        await store.runs.createRuns([]);
      });

      it('writes nothing from a batch with one bad run, and names its position', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const good = runRecord(snapshot, split, { kind, metrics: auc(0.7) });
        const bad = runRecord(snapshot, split, { kind, splitHash: sha256(`missing ${token()}`) });
        await expect(store.runs.createRuns([good, bad])).rejects.toMatchObject({
          code: 'not_found',
          message: expect.stringContaining(`run 2 of 2 (${bad.id})`) as unknown,
        });
        expect(await store.runs.getRun(good.id)).toBeUndefined();
        expect(await store.runs.listRuns({ kind, metric: { split: 'valid', name: 'roc_auc' } })).toEqual([]);
      });

      it('leaves the store unchanged when a run fails after its row and metrics were written', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        // The empty tag key fails the last insert of the run (a CHECK), after the run and its metrics.
        const run = runRecord(snapshot, split, { kind, metrics: auc(0.7), tags: { ok: 'yes', '': 'empty key' } });
        await expect(store.runs.createRun(run)).rejects.toMatchObject({ code: 'data_invalid' });
        expect(await store.runs.getRun(run.id)).toBeUndefined();
        expect(await store.runs.listRuns({ kind })).toEqual([]);
        expect(await store.runs.listRuns({ kind, metric: { split: 'valid', name: 'roc_auc' } })).toEqual([]);
        await store.runs.createRun({ ...run, tags: { ok: 'yes' } });
        expect(ids(await store.runs.listRuns({ kind, metric: { split: 'valid', name: 'roc_auc' } }))).toEqual([run.id]);
      });

      it('filters by two tags, keeping only runs that carry both with exactly those values', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const base = uniqueBaseMs();
        const both = runRecord(snapshot, split, { kind, createdAtMs: base, tags: { stage: 'ladder', owner: 'ana', extra: 'x' } });
        const onlyStage = runRecord(snapshot, split, { kind, createdAtMs: base + 1, tags: { stage: 'ladder' } });
        const otherOwner = runRecord(snapshot, split, { kind, createdAtMs: base + 2, tags: { stage: 'ladder', owner: 'bo' } });
        const swapped = runRecord(snapshot, split, { kind, createdAtMs: base + 3, tags: { stage: 'ana', owner: 'ladder' } });
        const later = runRecord(snapshot, split, { kind, createdAtMs: base + 4 });
        await store.runs.createRuns([both, onlyStage, otherOwner, swapped, later]);
        await store.runs.setTags(later.id, { owner: 'ana', stage: 'ladder' });
        expect(ids(await store.runs.listRuns({ kind, tags: { stage: 'ladder', owner: 'ana' } }))).toEqual([later.id, both.id]);
        expect(ids(await store.runs.listRuns({ kind, tags: { stage: 'ladder' } }))).toEqual([later.id, otherOwner.id, onlyStage.id, both.id]);
        expect(await store.runs.listRuns({ kind, tags: { stage: 'ladder', owner: 'nobody' } })).toEqual([]);
        // Tags still come back whole for a filtered run.
        expect((await store.runs.listRuns({ kind, tags: { owner: 'ana', extra: 'x' } }))[0]?.tags).toStrictEqual(both.tags);
      });

      it('filters by a creation window, since inclusive and until exclusive', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const base = uniqueBaseMs();
        const runs = [0, 10, 20, 30].map((offset) => runRecord(snapshot, split, { kind, createdAtMs: base + offset }));
        await store.runs.createRuns(runs);
        expect(ids(await store.runs.listRuns({ kind, createdSinceMs: base + 10, createdUntilMs: base + 30 }))).toEqual([runs[2]!.id, runs[1]!.id]);
        expect(ids(await store.runs.listRuns({ kind, createdSinceMs: base + 11 }))).toEqual([runs[3]!.id, runs[2]!.id]);
        expect(ids(await store.runs.listRuns({ kind, createdUntilMs: base + 10 }))).toEqual([runs[0]!.id]);
        expect(ids(await store.runs.listRuns({ createdSinceMs: base, createdUntilMs: base + 31 }))).toEqual(ids([...runs].reverse()));
      });

      it('filters by a metric range with inclusive bounds, reading bare numbers as values too', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const base = uniqueBaseMs();
        const low = runRecord(snapshot, split, { kind, createdAtMs: base, metrics: auc(0.6) });
        const edge = runRecord(snapshot, split, { kind, createdAtMs: base + 1, metrics: { valid: { roc_auc: 0.75 } } });
        const high = runRecord(snapshot, split, { kind, createdAtMs: base + 2, metrics: auc(0.9) });
        const testOnly = runRecord(snapshot, split, { kind, createdAtMs: base + 3, metrics: { test: { roc_auc: { value: 0.8 } } } });
        const notNumber = runRecord(snapshot, split, { kind, createdAtMs: base + 4, metrics: { valid: { roc_auc: { value: null, note: 'one class' } } } });
        await store.runs.createRuns([low, edge, high, testOnly, notNumber]);
        const valid = { split: 'valid', name: 'roc_auc' };
        expect(ids(await store.runs.listRuns({ kind, metric: valid }))).toEqual([high.id, edge.id, low.id]);
        expect(ids(await store.runs.listRuns({ kind, metric: { ...valid, min: 0.75 } }))).toEqual([high.id, edge.id]);
        expect(ids(await store.runs.listRuns({ kind, metric: { ...valid, max: 0.75 } }))).toEqual([edge.id, low.id]);
        expect(ids(await store.runs.listRuns({ kind, metric: { ...valid, min: 0.61, max: 0.89 } }))).toEqual([edge.id]);
        expect(ids(await store.runs.listRuns({ kind, metric: { split: 'test', name: 'roc_auc', min: 0.5 } }))).toEqual([testOnly.id]);
        expect((await store.runs.getRun(notNumber.id))?.metrics).toStrictEqual(notNumber.metrics);
      });

      it('follows the metrics a finishing run replaces', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const run = runRecord(snapshot, split, { kind, metrics: { valid: { roc_auc: { value: 0.5 }, log_loss: { value: 0.7 } } } });
        await store.runs.createRun(run);
        await store.runs.finishRun(run.id, { status: 'finished', finishedAtMs: 1, metrics: auc(0.9) });
        expect(ids(await store.runs.listRuns({ kind, metric: { split: 'valid', name: 'roc_auc', min: 0.85 } }))).toEqual([run.id]);
        expect(await store.runs.listRuns({ kind, metric: { split: 'valid', name: 'roc_auc', max: 0.6 } })).toEqual([]);
        expect(await store.runs.listRuns({ kind, metric: { split: 'valid', name: 'log_loss' } })).toEqual([]);
      });

      it('sorts by a metric descending by default and ascending on request, runs without it last', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const base = uniqueBaseMs();
        const mid = runRecord(snapshot, split, { kind, createdAtMs: base, metrics: auc(0.7) });
        const missingOld = runRecord(snapshot, split, { kind, createdAtMs: base + 1 });
        const best = runRecord(snapshot, split, { kind, createdAtMs: base + 2, metrics: auc(0.9) });
        const worst = runRecord(snapshot, split, { kind, createdAtMs: base + 3, metrics: { valid: { roc_auc: 0.55 } } });
        const missingNew = runRecord(snapshot, split, { kind, createdAtMs: base + 4, metrics: { test: { roc_auc: { value: 0.99 } } } });
        await store.runs.createRuns([mid, missingOld, best, worst, missingNew]);
        const by = { by: 'metric' as const, split: 'valid', name: 'roc_auc' };
        expect(ids(await store.runs.listRuns({ kind, sort: by }))).toEqual([best.id, mid.id, worst.id, missingNew.id, missingOld.id]);
        expect(ids(await store.runs.listRuns({ kind, sort: { ...by, ascending: true } }))).toEqual([worst.id, mid.id, best.id, missingNew.id, missingOld.id]);
        expect(ids(await store.runs.listRuns({ kind, sort: by, limit: 2 }))).toEqual([best.id, mid.id]);
        expect(ids(await store.runs.listRuns({ kind, sort: by, limit: 4 }))).toEqual([best.id, mid.id, worst.id, missingNew.id]);
        expect(ids(await store.runs.listRuns({ kind, sort: { ...by, ascending: true }, limit: 4 }))).toEqual([worst.id, mid.id, best.id, missingNew.id]);
        expect(ids(await store.runs.listRuns({ kind, sort: { by: 'created' } }))).toEqual([missingNew.id, worst.id, best.id, missingOld.id, mid.id]);
        // Filtering and sorting on the same metric, and on different ones, in one call.
        expect(ids(await store.runs.listRuns({ kind, metric: { split: 'valid', name: 'roc_auc', min: 0.6 }, sort: { ...by, ascending: true } }))).toEqual([
          mid.id,
          best.id,
        ]);
        expect(ids(await store.runs.listRuns({ kind, metric: { split: 'test', name: 'roc_auc' }, sort: by }))).toEqual([missingNew.id]);
      });

      it('combines kind, status, tags, window, metric range, sort and limit in one call', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const kind = `kind-${token()}`;
        const base = uniqueBaseMs();
        const make = (offset: number, value: number, tags: Record<string, string>, status: 'running' | 'finished' = 'finished') =>
          runRecord(snapshot, split, { kind, status, createdAtMs: base + offset, metrics: auc(value), tags, ...(status === 'finished' ? { finishedAtMs: base + offset + 1 } : {}) });
        const hit1 = make(10, 0.8, { team: 'a' });
        const hit2 = make(20, 0.85, { team: 'a' });
        const hit3 = make(30, 0.82, { team: 'a' });
        const wrongTeam = make(15, 0.9, { team: 'b' });
        const tooEarly = make(0, 0.9, { team: 'a' });
        const tooLow = make(25, 0.6, { team: 'a' });
        const running = make(26, 0.9, { team: 'a' }, 'running');
        await store.runs.createRuns([hit1, hit2, hit3, wrongTeam, tooEarly, tooLow, running]);
        const found = await store.runs.listRuns({
          kind,
          status: 'finished',
          tags: { team: 'a' },
          createdSinceMs: base + 5,
          createdUntilMs: base + 100,
          metric: { split: 'valid', name: 'roc_auc', min: 0.7 },
          sort: { by: 'metric', split: 'valid', name: 'roc_auc' },
          limit: 2,
        });
        expect(ids(found)).toEqual([hit2.id, hit3.id]);
        expect(found[0]).toStrictEqual(hit2);
      });

      it('rejects a bad limit, reversed bounds, non-finite bounds and an unnamed metric with usage', async () => {
        const store = await connect();
        const bad = [
          { limit: 0 },
          { limit: 2.5 },
          { metric: { split: 'valid', name: 'roc_auc', min: 0.9, max: 0.1 } },
          { metric: { split: 'valid', name: 'roc_auc', min: Number.NaN } },
          { metric: { split: '', name: 'roc_auc' } },
          { createdSinceMs: 20, createdUntilMs: 10 },
          { createdUntilMs: Number.POSITIVE_INFINITY },
          { sort: { by: 'metric' as const, split: 'valid', name: '' } },
          { sort: { by: 'name' } as unknown as { by: 'created' } },
          { tags: { stage: 3 } as unknown as Record<string, string> },
        ];
        for (const options of bad) {
          await expect(store.runs.listRuns(options), JSON.stringify(options)).rejects.toMatchObject({ code: 'usage', hint: expect.any(String) as unknown });
        }
        await expect(store.runs.listRuns({ metric: { split: 'valid', name: 'roc_auc', min: 0.9, max: 0.1 } })).rejects.toMatchObject({
          message: 'listRuns: metric.min (0.9) is greater than metric.max (0.1)',
        });
      });
    });

    describe('run notes', () => {
      it('lists a run’s notes oldest first, in the order they were added', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        const other = runRecord(snapshot, split);
        await store.runs.createRuns([run, other]);
        const notes = [
          { runId: run.id, text: 'baseline looks leaky: check tenure', author: 'ana', atMs: 30 },
          { runId: run.id, text: 'not leaky, tenure is known at scoring time', author: 'bo', atMs: 10 },
          { runId: run.id, text: 'ok', author: 'ana', atMs: 10 },
        ];
        for (const note of notes) await store.runs.addNote(note);
        await store.runs.addNote({ runId: other.id, text: 'other run', author: 'ana', atMs: 1 });
        expect(await store.runs.listNotes(run.id)).toStrictEqual(notes);
        expect(await store.runs.listNotes(`run-${token()}`)).toEqual([]);
      });

      it('refuses a note on an unknown run or with empty text, and stores nothing', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        await store.runs.createRun(run);
        const missing = `run-${token()}`;
        await expect(store.runs.addNote({ runId: missing, text: 'hi', author: 'ana', atMs: 1 })).rejects.toMatchObject({ code: 'not_found' });
        await expect(store.runs.addNote({ runId: run.id, text: '  ', author: 'ana', atMs: 1 })).rejects.toMatchObject({ code: 'data_invalid' });
        await expect(store.runs.addNote({ runId: run.id, text: 'hi', author: '', atMs: 1 })).rejects.toMatchObject({ code: 'data_invalid' });
        expect(await store.runs.listNotes(run.id)).toEqual([]);
        expect(await store.runs.listNotes(missing)).toEqual([]);
      });
    });

    describe('test looks', () => {
      it('counts looks per split, this one included, and lists them in order', async () => {
        const store = await connect();
        const first = await dataset(store);
        const second = await dataset(store);
        const runA = runRecord(first.snapshot, first.split);
        const runB = runRecord(second.snapshot, second.split);
        await store.runs.createRuns([runA, runB]);
        const look = (runId: string, splitHash: string, purpose: string, atMs: number) => ({ splitHash, runId, purpose, actor: 'ana', atMs });
        expect(await store.runs.countTestLooks(first.split.hash)).toBe(0);
        expect(await store.runs.recordTestLook(look(runA.id, first.split.hash, 'evaluate', 1))).toBe(1);
        expect(await store.runs.recordTestLook(look(runB.id, second.split.hash, 'evaluate', 2))).toBe(1);
        expect(await store.runs.recordTestLook(look(runA.id, first.split.hash, 'gate', 3))).toBe(2);
        expect(await store.runs.recordTestLook(look(runB.id, first.split.hash, 'evaluate', 4))).toBe(3);
        expect(await store.runs.countTestLooks(first.split.hash)).toBe(3);
        expect(await store.runs.countTestLooks(second.split.hash)).toBe(1);
        expect(await store.runs.listTestLooks(first.split.hash)).toStrictEqual([
          look(runA.id, first.split.hash, 'evaluate', 1),
          look(runA.id, first.split.hash, 'gate', 3),
          look(runB.id, first.split.hash, 'evaluate', 4),
        ]);
        expect(await store.runs.listTestLooks(sha256(`missing ${token()}`))).toEqual([]);
      });

      it('gives distinct counts to looks recorded through two connections at once', async () => {
        const one = await connect();
        const two = await connect();
        const { snapshot, split } = await dataset(one);
        const run = runRecord(snapshot, split);
        await one.runs.createRun(run);
        const counts = await Promise.all(
          [one, two, one, two, two].map((store, i) => store.runs.recordTestLook({ splitHash: split.hash, runId: run.id, purpose: 'evaluate', actor: `p${i}`, atMs: i })),
        );
        expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
        expect(await two.runs.countTestLooks(split.hash)).toBe(5);
      });

      it('refuses a look through an unknown run or at an unknown split with not_found, and counts nothing', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        await store.runs.createRun(run);
        await expect(store.runs.recordTestLook({ splitHash: split.hash, runId: `run-${token()}`, purpose: 'evaluate', actor: 'ana', atMs: 1 })).rejects.toMatchObject({
          code: 'not_found',
        });
        await expect(store.runs.recordTestLook({ splitHash: sha256(`missing ${token()}`), runId: run.id, purpose: 'evaluate', actor: 'ana', atMs: 1 })).rejects.toMatchObject({
          code: 'not_found',
        });
        await expect(store.runs.recordTestLook({ splitHash: split.hash, runId: run.id, purpose: '', actor: 'ana', atMs: 1 })).rejects.toMatchObject({
          code: 'data_invalid',
        });
        expect(await store.runs.countTestLooks(split.hash)).toBe(0);
        expect(await store.runs.listTestLooks(split.hash)).toEqual([]);
      });
    });

    describe('registry', () => {
      const pkg = (n: number) => ({ format_version: 1, model: { kind: 'logistic', coef: [n, 0.5] } });

      it('numbers versions 1, 2, 3 per model name independently', async () => {
        const store = await connect();
        const a = `model-${token()}`;
        const b = `model-${token()}`;
        const versions: number[] = [];
        for (let i = 0; i < 3; i++) {
          versions.push((await store.registry.registerVersion({ name: a, sha256: sha256(`${i}`), package: pkg(i), createdAtMs: i })).version);
        }
        const firstOfB = await store.registry.registerVersion({ name: b, sha256: sha256('b'), package: pkg(9), createdAtMs: 9 });
        expect(versions).toEqual([1, 2, 3]);
        expect(firstOfB.version).toBe(1);
      });

      it('numbers versions without gaps when two connections register the same name', async () => {
        const first = await connect();
        const second = await connect();
        const name = `model-${token()}`;
        const registered = await Promise.all(
          [first, second, first, second].map((store, i) =>
            store.registry.registerVersion({ name, sha256: sha256(`${i}`), package: pkg(i), createdAtMs: i }),
          ),
        );
        expect(registered.map((v) => v.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4]);
      });

      it('stores a version with its package and reads it back', async () => {
        const store = await connect();
        const { snapshot, split } = await dataset(store);
        const run = runRecord(snapshot, split);
        await store.runs.createRun(run);
        const name = `model-${token()}`;
        const input = { name, runId: run.id, sha256: sha256('pkg'), package: pkg(1), description: 'first', createdAtMs: 10 };
        const registered = await store.registry.registerVersion(input);
        const { name: _n, ...rest } = input;
        expect(registered).toStrictEqual({ name, version: 1, ...rest });
        expect(await store.registry.getVersion(name, 1)).toStrictEqual(registered);
        expect(await store.registry.getVersion(name, 2)).toBeUndefined();
      });

      it('rejects a version whose run is not stored and registers nothing', async () => {
        const store = await connect();
        const name = `model-${token()}`;
        const input = { name, runId: `run-${token()}`, sha256: sha256('x'), package: pkg(1), createdAtMs: 1 };
        await expect(store.registry.registerVersion(input)).rejects.toMatchObject({ code: 'not_found' });
        expect(await store.registry.listVersions(name)).toEqual([]);
      });

      it('lists versions oldest first without their packages, and models by name with their aliases', async () => {
        const store = await connect();
        const name = `model-${token()}`;
        await store.registry.registerVersion({ name, sha256: 'a', package: pkg(1), createdAtMs: 100 });
        await store.registry.registerVersion({ name, sha256: 'b', package: pkg(2), createdAtMs: 200 });
        await store.registry.setAlias({ name, alias: 'champion', version: 1, actor: 'ana', reason: 'first', atMs: 300 });
        expect(await store.registry.listVersions(name)).toStrictEqual([
          { name, version: 1, sha256: 'a', createdAtMs: 100 },
          { name, version: 2, sha256: 'b', createdAtMs: 200 },
        ]);
        const model = (await store.registry.listModels()).find((m) => m.name === name);
        expect(model).toStrictEqual({
          name,
          latestVersion: 2,
          versionCount: 2,
          createdAtMs: 100,
          updatedAtMs: 200,
          aliases: { champion: 1 },
        });
      });

      it('moves an alias and records every change with the previous version in its history', async () => {
        const store = await connect();
        const name = `model-${token()}`;
        await store.registry.registerVersion({ name, sha256: 'a', package: pkg(1), createdAtMs: 1 });
        await store.registry.registerVersion({ name, sha256: 'b', package: pkg(2), createdAtMs: 2 });
        const gate = { passed: true, checks: [{ name: 'roc_auc', delta: 0.01 }] };
        const first = await store.registry.setAlias({ name, alias: 'champion', version: 1, actor: 'ana', reason: 'first', atMs: 10 });
        const second = await store.registry.setAlias({ name, alias: 'champion', version: 2, actor: 'bo', reason: 'better', atMs: 20, gate });
        await store.registry.setAlias({ name, alias: 'shadow', version: 2, actor: 'bo', reason: 'watch', atMs: 30 });
        expect(first).toStrictEqual({ name, alias: 'champion', version: 1, previousVersion: null, actor: 'ana', reason: 'first', atMs: 10 });
        expect(second).toStrictEqual({ name, alias: 'champion', version: 2, previousVersion: 1, actor: 'bo', reason: 'better', atMs: 20, gate });
        expect(await store.registry.getAlias(name, 'champion')).toBe(2);
        expect(await store.registry.aliases(name)).toStrictEqual({ champion: 2, shadow: 2 });
        const history = await store.registry.aliasHistory(name);
        expect(history.map((e) => [e.alias, e.version, e.previousVersion])).toEqual([
          ['champion', 1, null],
          ['champion', 2, 1],
          ['shadow', 2, null],
        ]);
        expect(history[1]).toStrictEqual(second);
      });

      it('refuses an alias to a version that does not exist and records nothing', async () => {
        const store = await connect();
        const name = `model-${token()}`;
        await store.registry.registerVersion({ name, sha256: 'a', package: pkg(1), createdAtMs: 1 });
        await expect(
          store.registry.setAlias({ name, alias: 'champion', version: 7, actor: 'ana', reason: 'typo', atMs: 10 }),
        ).rejects.toMatchObject({ code: 'not_found', message: `model ${name} has no version 7` });
        expect(await store.registry.getAlias(name, 'champion')).toBeUndefined();
        expect(await store.registry.aliasHistory(name)).toEqual([]);
      });

      it('removes an alias, records the removal, and refuses to remove an alias that is not set', async () => {
        const store = await connect();
        const name = `model-${token()}`;
        await store.registry.registerVersion({ name, sha256: 'a', package: pkg(1), createdAtMs: 1 });
        await store.registry.setAlias({ name, alias: 'canary', version: 1, actor: 'ana', reason: 'try', atMs: 10 });
        const removed = await store.registry.removeAlias({ name, alias: 'canary', actor: 'ana', reason: 'done', atMs: 20 });
        expect(removed).toStrictEqual({ name, alias: 'canary', version: null, previousVersion: 1, actor: 'ana', reason: 'done', atMs: 20 });
        expect(await store.registry.getAlias(name, 'canary')).toBeUndefined();
        expect(await store.registry.aliases(name)).toStrictEqual({});
        expect((await store.registry.aliasHistory(name)).length).toBe(2);
        await expect(
          store.registry.removeAlias({ name, alias: 'canary', actor: 'ana', reason: 'again', atMs: 30 }),
        ).rejects.toMatchObject({ code: 'not_found' });
        expect((await store.registry.aliasHistory(name)).length).toBe(2);
      });
    });

    describe('predictions and outcomes', () => {
      it('logs a batch of predictions and reads them back in time order', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        const late = prediction(model, base + 20, { unitId: 'u-1', propensity: 0.5, decision: 1, score: 0.9 });
        const early = prediction(model, base + 10);
        const shadow = prediction(model, base + 20, { requestId: late.requestId, variant: 'shadow', shadow: true, score: 0.7 });
        await store.predictions.logPredictions([late, early, shadow]);
        expect(await store.predictions.readPredictions({ model })).toStrictEqual([early, late, shadow]);
      });

      it('treats an empty batch as a no-op', async () => {
        const store = await connect();
        await store.predictions.logPredictions([]);
        await store.predictions.logOutcomes([]);
      });

      it('writes nothing from a batch with one record that violates NOT NULL, and names the record', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        const bad = { ...prediction(model, base + 3), variant: null } as unknown as PredictionRecord;
        const batch = [prediction(model, base + 1), prediction(model, base + 2), bad];
        await expect(store.predictions.logPredictions(batch)).rejects.toMatchObject({
          code: 'data_invalid',
          message: expect.stringContaining(`prediction 3 of 3 (request_id ${bad.requestId})`) as unknown,
        });
        expect(await store.predictions.countPredictions({ model })).toBe(0);
      });

      it('writes nothing from a batch that repeats a request id for the same variant', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        const first = prediction(model, base);
        await store.predictions.logPredictions([first]);
        const batch = [prediction(model, base + 1), { ...first, atMs: base + 2 }];
        await expect(store.predictions.logPredictions(batch)).rejects.toMatchObject({ code: 'already_exists' });
        expect(await store.predictions.countPredictions({ model })).toBe(1);
      });

      it('rejects a decision other than 0 or 1 and a propensity outside (0, 1]', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        await expect(store.predictions.logPredictions([prediction(model, base, { decision: 2 })])).rejects.toMatchObject({
          code: 'data_invalid',
        });
        await expect(store.predictions.logPredictions([prediction(model, base, { propensity: 0 })])).rejects.toMatchObject({
          code: 'data_invalid',
        });
        expect(await store.predictions.countPredictions({ model })).toBe(0);
      });

      it('counts predictions in a half-open time window and by model', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const other = `model-${token()}`;
        const base = uniqueBaseMs();
        await store.predictions.logPredictions([
          prediction(model, base),
          prediction(model, base + 10),
          prediction(model, base + 20),
          prediction(other, base + 10),
        ]);
        expect(await store.predictions.countPredictions({ model })).toBe(3);
        expect(await store.predictions.countPredictions({ model, sinceMs: base + 10 })).toBe(2);
        expect(await store.predictions.countPredictions({ model, untilMs: base + 20 })).toBe(2);
        expect(await store.predictions.countPredictions({ sinceMs: base + 10, untilMs: base + 11 })).toBe(2);
        expect(await store.predictions.countPredictions({ sinceMs: base, untilMs: base + 1000 })).toBe(4);
      });

      it('pages through predictions with limit and afterRequestId, oldest or newest first', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        // Two records at the same millisecond keep their logging order (reversed newest first).
        const logged = [0, 1, 2, 2, 3].map((i) => prediction(model, base + i));
        await store.predictions.logPredictions(logged);
        const oldest = await readPages(store, { model, limit: 2 });
        expect(oldest.map((p) => p.length)).toEqual([2, 2, 1]);
        expect(oldest.flat()).toStrictEqual(logged);
        const newest = await readPages(store, { model, limit: 2, newestFirst: true });
        expect(newest.map((p) => p.length)).toEqual([2, 2, 1]);
        expect(newest.flat()).toStrictEqual([...logged].reverse());
        expect(await store.predictions.readPredictions({ model, newestFirst: true, sinceMs: base + 2, limit: 1 })).toStrictEqual([logged[4]]);
      });

      it('needs afterVariant to continue after a request that has live and shadow records', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        const live = prediction(model, base);
        const shadow = { ...live, variant: 'shadow', shadow: true };
        const next = prediction(model, base + 1);
        await store.predictions.logPredictions([live, shadow, next]);
        await expect(store.predictions.readPredictions({ model, afterRequestId: live.requestId })).rejects.toMatchObject({
          code: 'conflict',
        });
        expect(
          await store.predictions.readPredictions({ model, afterRequestId: live.requestId, afterVariant: 'champion' }),
        ).toStrictEqual([shadow, next]);
        expect(
          await store.predictions.readPredictions({ model, afterRequestId: live.requestId, afterVariant: 'shadow' }),
        ).toStrictEqual([next]);
      });

      it('refuses to continue after a request id it does not hold', async () => {
        const store = await connect();
        await expect(store.predictions.readPredictions({ afterRequestId: `req-${token()}` })).rejects.toMatchObject({
          code: 'not_found',
        });
      });

      it('rejects a time bound that is not a finite number instead of matching nothing', async () => {
        const store = await connect();
        await expect(store.predictions.countPredictions({ sinceMs: Number.NaN })).rejects.toMatchObject({ code: 'usage' });
        await expect(store.predictions.readOutcomes({ untilMs: Number.POSITIVE_INFINITY })).rejects.toMatchObject({
          code: 'usage',
        });
      });

      it('logs outcomes and reads a time window of them in time order', async () => {
        const store = await connect();
        const base = uniqueBaseMs();
        const outcomes = [
          { requestId: `req-${token()}`, atMs: base + 30, label: 'Yes', value: 12.5 },
          { unitId: `unit-${token()}`, atMs: base + 10, label: 'No' },
          { requestId: `req-${token()}`, unitId: 'u-2', atMs: base + 20, label: 'Yes' },
        ];
        await store.predictions.logOutcomes(outcomes);
        expect(await store.predictions.readOutcomes({ sinceMs: base, untilMs: base + 100 })).toStrictEqual([
          outcomes[1],
          outcomes[2],
          outcomes[0],
        ]);
        expect(await store.predictions.readOutcomes({ sinceMs: base + 15, untilMs: base + 30 })).toStrictEqual([outcomes[2]]);
      });

      it('writes nothing from an outcome batch with a record that has neither request id nor unit id', async () => {
        const store = await connect();
        const base = uniqueBaseMs();
        const batch = [
          { requestId: `req-${token()}`, atMs: base, label: 'Yes' },
          { atMs: base + 1, label: 'No' },
        ];
        await expect(store.predictions.logOutcomes(batch)).rejects.toMatchObject({
          code: 'data_invalid',
          message: expect.stringContaining('outcome 2 of 2') as unknown,
        });
        expect(await store.predictions.readOutcomes({ sinceMs: base, untilMs: base + 100 })).toEqual([]);
      });

      it('keeps a record\'s latency and how its variant was assigned', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        const byUnit = prediction(model, base, { unitId: 'u-7', propensity: 0.95, assignment: 'unit', latencyMs: 1.25 });
        const drawn = prediction(model, base + 1, { propensity: 0.05, variant: 'canary', assignment: 'random', latencyMs: 0 });
        await store.predictions.logPredictions([byUnit, drawn]);
        expect(await store.predictions.readPredictions({ model })).toStrictEqual([byUnit, drawn]);
      });

      it('rejects an assignment other than unit or random and a negative latency', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        const odd = prediction(model, base, { assignment: 'coin' as unknown as 'unit' });
        await expect(store.predictions.logPredictions([odd])).rejects.toMatchObject({ code: 'data_invalid' });
        await expect(store.predictions.logPredictions([prediction(model, base, { latencyMs: -1 })])).rejects.toMatchObject({
          code: 'data_invalid',
        });
        expect(await store.predictions.countPredictions({ model })).toBe(0);
      });

      it('finds which request ids and unit ids have a logged prediction', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        const unit = `unit-${token()}`;
        const live = prediction(model, base, { unitId: unit });
        const shadow = { ...live, variant: 'shadow', shadow: true };
        await store.predictions.logPredictions([live, shadow]);
        const missing = `req-${token()}`;
        const found = await store.predictions.findLogged({ requestIds: [live.requestId, missing, live.requestId], unitIds: [unit, `unit-${token()}`] });
        expect(found).toEqual({ requestIds: [live.requestId], unitIds: [unit] });
        expect(await store.predictions.findLogged({})).toEqual({ requestIds: [], unitIds: [] });
        const many = Array.from({ length: 1200 }, (_, i) => `req-${token()}-${i}`);
        expect((await store.predictions.findLogged({ requestIds: [...many, live.requestId] })).requestIds).toEqual([live.requestId]);
      });

      it('writes and reads the log at either durability', async () => {
        const store = await connect();
        const model = `model-${token()}`;
        const base = uniqueBaseMs();
        await store.predictions.setDurability('normal');
        await store.predictions.logPredictions([prediction(model, base)]);
        await store.predictions.setDurability('fsync');
        await store.predictions.logPredictions([prediction(model, base + 1)]);
        expect(await store.predictions.countPredictions({ model })).toBe(2);
        await expect(store.predictions.setDurability('sometimes' as 'normal')).rejects.toMatchObject({ code: 'usage' });
      });
    });

    describe('registry under concurrent promotion', () => {
      it('leaves a consistent registry when two connections promote at once', async () => {
        const one = await connect();
        const two = await connect();
        const name = `model-${token()}`;
        for (let i = 1; i <= 3; i++) await one.registry.registerVersion({ name, sha256: sha256(`${i}`), package: { i }, createdAtMs: i });
        const stores = [one, two];
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            stores[i % 2]!.registry.setAlias({ name, alias: 'champion', version: (i % 3) + 1, actor: `p${i}`, reason: 'race', atMs: 100 + i }),
          ),
        );
        // Every event's previous version is what the alias held just before it, and the last event
        // is where the alias points now.
        const history = await two.registry.aliasHistory(name);
        expect(history).toHaveLength(12);
        let current: number | null = null;
        for (const event of history) {
          expect(event.previousVersion).toBe(current);
          current = event.version;
        }
        expect(await one.registry.getAlias(name, 'champion')).toBe(current);
        expect((await one.registry.listVersions(name)).map((v) => v.version)).toEqual([1, 2, 3]);
      });
    });

    describe('the store as a whole', () => {
      it('keeps everything it was given when closed and opened again', async () => {
        const writer = await open();
        const { snapshot, split } = await dataset(writer);
        const run = runRecord(snapshot, split, { tags: { stage: 'final' } });
        await writer.runs.createRun(run);
        const name = `model-${token()}`;
        const version = await writer.registry.registerVersion({ name, runId: run.id, sha256: 'a', package: { w: [1] }, createdAtMs: 1 });
        await writer.registry.setAlias({ name, alias: 'champion', version: 1, actor: 'ana', reason: 'first', atMs: 2 });
        const logged = prediction(name, uniqueBaseMs());
        await writer.predictions.logPredictions([logged]);
        await writer.close();

        const reader = await connect();
        expect(await reader.datasets.getSnapshot(snapshot.hash)).toStrictEqual(snapshot);
        expect(await reader.datasets.getSplit(split.hash)).toStrictEqual(split);
        expect(await reader.runs.getRun(run.id)).toStrictEqual(run);
        expect(await reader.registry.getVersion(name, 1)).toStrictEqual(version);
        expect(await reader.registry.getAlias(name, 'champion')).toBe(1);
        expect(await reader.predictions.readPredictions({ model: name })).toStrictEqual([logged]);
      });

      it('tells its url and may be closed twice', async () => {
        const store = await open();
        expect(store.url).toMatch(/\S/);
        await store.close();
        await store.close();
      });
    });
  });
}
