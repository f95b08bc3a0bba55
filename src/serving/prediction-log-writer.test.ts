import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { PredictionRecord, PredictionStore } from '../store/types.js';
import { PredictionLogWriter } from './prediction-log-writer.js';

function record(requestId: string): PredictionRecord {
  return { requestId, atMs: 1, model: 'm', modelVersion: 1, variant: 'champion', features: { x: 1 }, score: 0.5, decision: 1, shadow: false };
}

/** A store that counts transactions and can be told to fail. */
function countingStore(): PredictionStore & { batches: number[] } {
  const real = openSqliteStore(':memory:').predictions;
  const batches: number[] = [];
  return Object.assign(Object.create(real) as PredictionStore, {
    batches,
    async logPredictions(records: readonly PredictionRecord[]) {
      batches.push(records.length);
      return real.logPredictions(records);
    },
    countPredictions: real.countPredictions.bind(real),
  });
}

describe('PredictionLogWriter', () => {
  it('commits concurrent writes in one transaction and settles each only after the commit', async () => {
    const store = countingStore();
    const writer = new PredictionLogWriter(store, { flushMs: 20, batchRecords: 100, maxQueueRecords: 1000 });
    const settled: string[] = [];
    const writes = ['a', 'b', 'c'].map((id) => writer.write([record(id)]).then(() => settled.push(id)));
    expect(writer.depth).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toEqual([]);
    await Promise.all(writes);
    expect(store.batches).toEqual([3]);
    expect(await store.countPredictions()).toBe(3);
    expect(writer.depth).toBe(0);
  });

  it('commits at once when a batch is full, and splits what does not fit', async () => {
    const store = countingStore();
    const writer = new PredictionLogWriter(store, { flushMs: 10_000, batchRecords: 4, maxQueueRecords: 1000 });
    await Promise.all([writer.write([record('1'), record('2')]), writer.write([record('3'), record('4')])]);
    expect(store.batches).toEqual([4]);
    const rest = [writer.write([record('5'), record('6'), record('7')]), writer.write([record('8'), record('9')])];
    await writer.close();
    await Promise.all(rest);
    expect(store.batches).toEqual([4, 3, 2]);
  });

  it('fails only the entry that spoils a batch (a reused request id), and commits the others', async () => {
    const store = countingStore();
    await store.logPredictions([record('taken')]);
    const writer = new PredictionLogWriter(store, { flushMs: 5, batchRecords: 100, maxQueueRecords: 1000 });
    const results = await Promise.allSettled([writer.write([record('x')]), writer.write([record('taken')]), writer.write([record('y')])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'already_exists' });
    expect(await store.countPredictions()).toBe(3);
  });

  it('refuses writes beyond its queue bound and after close, with a reason the server answers 503', async () => {
    const store = countingStore();
    const writer = new PredictionLogWriter(store, { flushMs: 50, batchRecords: 100, maxQueueRecords: 2 });
    const first = writer.write([record('a'), record('b')]);
    await expect(writer.write([record('c')])).rejects.toMatchObject({ details: { reason: 'log_queue_full' } });
    await writer.close();
    await first;
    const late = writer.write([record('d')]);
    await expect(late).rejects.toBeInstanceOf(FlywheelError);
    await expect(late).rejects.toMatchObject({ details: { reason: 'shutting_down' } });
    expect(await store.countPredictions()).toBe(2);
  });

  it('flush commits what is queued without waiting for the timer', async () => {
    const store = countingStore();
    const writer = new PredictionLogWriter(store, { flushMs: 60_000, batchRecords: 100, maxQueueRecords: 100 });
    const pending = writer.write([record('a')]);
    await writer.flush();
    await pending;
    expect(await store.countPredictions()).toBe(1);
  });
});
