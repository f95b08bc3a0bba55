// Group commit for the prediction log: writes from concurrent requests are collected for up to
// `flushMs` milliseconds or `batchRecords` records and committed as one transaction; each writer's
// promise settles only when its records are committed (or have failed), so a server that answers
// after awaiting it never acknowledges a prediction that is not in the log. A failed batch is
// retried entry by entry, so one bad entry (a reused request id) fails alone.

import { FlywheelError } from '../core/errors.js';
import type { PredictionRecord, PredictionStore } from '../store/types.js';

export interface PredictionLogWriterOptions {
  /** The longest a record waits for its batch to fill (0: commit at the next turn of the event loop). */
  flushMs: number;
  /** A batch is committed as soon as it holds this many records. */
  batchRecords: number;
  /** Records waiting beyond which `write` refuses new ones (backpressure instead of unbounded memory). */
  maxQueueRecords: number;
  /** Told about every commit: records, duration; and every failed entry. */
  onCommit?: (records: number, durationMs: number) => void;
  onFailure?: (error: unknown, records: number) => void;
  now?: () => number;
}

interface Entry {
  records: readonly PredictionRecord[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class PredictionLogWriter {
  private queue: Entry[] = [];
  private queuedRecords = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly store: PredictionStore,
    private readonly options: PredictionLogWriterOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Records waiting for a commit (queued or being written). */
  get depth(): number {
    return this.queuedRecords;
  }

  /** Resolves once the records are committed; rejects with the store's error, or 'conflict' when closed or full. */
  write(records: readonly PredictionRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    if (this.closed) {
      return Promise.reject(new FlywheelError('conflict', 'the prediction log is closed: the server is shutting down', {
          hint: 'retry against another server or after the restart',
          details: { reason: 'shutting_down' },
        }));
    }
    if (this.queuedRecords + records.length > this.options.maxQueueRecords) {
      return Promise.reject(
        new FlywheelError('conflict', `the prediction log is behind: ${this.queuedRecords} records are waiting for a commit`, {
          hint: 'retry shortly; if this persists, the store is too slow for the load (see serving.log_queue_records)',
          details: { reason: 'log_queue_full' },
        }),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.queuedRecords += records.length;
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing !== undefined) return; // the running commit reschedules when it ends
    if (this.queuedRecords >= this.options.batchRecords || this.options.flushMs === 0) {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      this.immediate ??= setImmediate(() => this.commit());
    } else {
      this.timer ??= setTimeout(() => this.commit(), this.options.flushMs);
    }
  }

  private commit(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (this.writing !== undefined || this.queue.length === 0) return;
    const batch: Entry[] = [];
    let count = 0;
    while (this.queue.length > 0 && (count === 0 || count + this.queue[0]!.records.length <= this.options.batchRecords)) {
      const entry = this.queue.shift()!;
      batch.push(entry);
      count += entry.records.length;
    }
    this.writing = this.writeBatch(batch, count).finally(() => {
      this.queuedRecords -= count;
      this.writing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async writeBatch(batch: readonly Entry[], count: number): Promise<void> {
    const started = this.now();
    try {
      await this.store.logPredictions(batch.length === 1 ? batch[0]!.records : batch.flatMap((e) => e.records));
      this.options.onCommit?.(count, this.now() - started);
      for (const entry of batch) entry.resolve();
      return;
    } catch (error) {
      if (batch.length === 1) {
        this.options.onFailure?.(error, count);
        batch[0]!.reject(error);
        return;
      }
    }
    // One entry may have spoiled the batch: each entry alone, so only the bad ones fail.
    for (const entry of batch) {
      const entryStarted = this.now();
      try {
        await this.store.logPredictions(entry.records);
        this.options.onCommit?.(entry.records.length, this.now() - entryStarted);
        entry.resolve();
      } catch (error) {
        this.options.onFailure?.(error, entry.records.length);
        entry.reject(error);
      }
    }
  }

  /** Commits everything queued so far. */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.writing !== undefined) {
      if (this.writing !== undefined) await this.writing;
      else this.commit();
    }
  }

  /** Refuses new writes, then commits what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}
