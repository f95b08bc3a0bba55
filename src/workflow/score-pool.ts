// Batch scoring on both cores: the main thread transforms a chunk and scores its first half while a
// worker thread (score-worker.ts) scores the second half with the same model package. The worker runs
// only from the built package (dist/), where its compiled file sits beside this one; run from the
// TypeScript sources, scoring stays on one thread. The scores are those of one-thread scoring, bit for
// bit: the same model code scores every row.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Frame } from '../core/frame.js';
import { FlywheelError } from '../core/errors.js';
import type { Matrix } from '../models/matrix.js';
import type { LoadedPackage } from '../tracking/model-package.js';
import { scoreFrame } from './fit-rung.js';
import { applyCalibrator } from '../evaluation/calibrators.js';

/** Below this many rows in a file, a second thread costs more than it saves. */
export const TWO_THREAD_MIN_ROWS = 200_000;

const WORKER_FILE = new URL('./score-worker.js', import.meta.url);

export class ScorePool {
  private readonly worker: Worker | undefined;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (s: Float64Array) => void; reject: (e: Error) => void }>();

  /** `useWorker: false` (or sources run through tsx, or one core) scores on this thread only. */
  constructor(
    private readonly loaded: LoadedPackage,
    options: { useWorker: boolean },
  ) {
    const path = fileURLToPath(WORKER_FILE);
    if (!options.useWorker || !path.endsWith('.js') || !existsSync(path) || availableParallelism() < 2) return;
    this.worker = new Worker(WORKER_FILE, { workerData: { package: loaded.json } });
    this.worker.on('message', (message: { id: number; scores?: Float64Array; error?: string }) => {
      const pending = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.scores !== undefined) pending?.resolve(message.scores);
      else pending?.reject(new FlywheelError('internal', `the scoring thread failed: ${message.error ?? 'unknown error'}`));
    });
    this.worker.on('error', (error) => {
      for (const pending of this.waiting.values()) pending.reject(error);
      this.waiting.clear();
    });
  }

  get threads(): number {
    return this.worker === undefined ? 1 : 2;
  }

  /** Scores of a chunk's rows: pipeline on this thread, the model split across both. */
  async score(frame: Frame): Promise<Float64Array> {
    if (this.worker === undefined || frame.nRows < 2) return scoreFrame(this.loaded, frame);
    const X = this.loaded.pipeline.transform(frame);
    const half = X.nRows >> 1;
    const rest = X.nRows - half;
    // Column-major: the second half's rows of each column, copied into a matrix of their own.
    const data = new Float64Array(rest * X.nCols);
    for (let c = 0; c < X.nCols; c++) data.set(X.data.subarray(c * X.nRows + half, (c + 1) * X.nRows), c * rest);
    const id = this.next++;
    const remote = new Promise<Float64Array>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage({ id, nRows: rest, columns: [...X.columns], data }, [data.buffer]);
    const first = this.scoreRows(X, half);
    const second = await remote;
    const scores = new Float64Array(X.nRows);
    scores.set(first, 0);
    scores.set(second, half);
    return scores;
  }

  private scoreRows(X: Matrix, rows: number): Float64Array {
    const data = new Float64Array(rows * X.nCols);
    for (let c = 0; c < X.nCols; c++) data.set(X.data.subarray(c * X.nRows, c * X.nRows + rows), c * rows);
    const raw = this.loaded.model.predictProba({ nRows: rows, nCols: X.nCols, data, columns: X.columns });
    return this.loaded.calibrator === undefined ? raw : applyCalibrator(this.loaded.calibrator, raw);
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}
