// The SQLite prediction log's background checkpoints, as the model server starts them: WAL pages
// reach the database file without any commit doing the checkpoint itself.

import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { PredictionRecord } from '../store/types.js';

function records(from: number, count: number): PredictionRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    requestId: `r-${from + i}`,
    atMs: 1_700_000_000_000 + from + i,
    model: 'm',
    modelVersion: 1,
    variant: 'champion',
    features: { text: 'x'.repeat(200), n: from + i },
    score: 0.5,
    decision: 1,
    shadow: false,
  }));
}

describe('background maintenance of the SQLite prediction log', () => {
  it('checkpoints the WAL into the database file on another thread while commits skip it, and stops', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'flywheel-ckpt-')), 'log.db');
    const store = openSqliteStore(file);
    try {
      const stop = await store.predictions.startBackgroundMaintenance!();
      const before = statSync(file).size;
      for (let i = 0; i < 2000; i += 10) await store.predictions.logPredictions(records(i, 10));
      // Commits no longer checkpoint: only the background thread can move pages into the file.
      await expect.poll(() => statSync(file).size, { timeout: 10_000, interval: 50 }).toBeGreaterThan(before + 300_000);
      await stop();
      expect(await store.predictions.countPredictions()).toBe(2000);
      await store.predictions.logPredictions(records(5000, 1));
    } finally {
      await store.close();
    }
  });

  it('does nothing for an in-memory store', async () => {
    const store = openSqliteStore(':memory:');
    const stop = await store.predictions.startBackgroundMaintenance!();
    await stop();
    await store.close();
  });
});
