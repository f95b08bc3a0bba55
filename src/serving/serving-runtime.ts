// Everything a model server does that is not HTTP: the live set kept current by polling the registry,
// predictions against it, the group-committed prediction log, shadow scoring after the answer, and
// outcomes. One runtime per server process; the HTTP layer (server/) is a thin shell over it.

import { FlywheelError, isFlywheelError } from '../core/errors.js';
import type { LogDurability, OutcomeRecord, Store } from '../store/types.js';
import type { LiveSet } from './live-set.js';
import { LiveSetWatcher } from './live-set-watcher.js';
import { PredictionLogWriter } from './prediction-log-writer.js';
import { predictRecords, type PredictOutcome } from './predict.js';
import type { ParsedPredictRequest } from './predict-request.js';
import { UNIT_ID_FIELD } from './predict-request.js';
import type { RecordPolicy } from './record-validation.js';
import { ShadowQueue } from './shadow-queue.js';

export interface ServingRuntimeOptions {
  store: Store;
  /** The registered model served (registry.model, else the target's name). */
  model: string;
  unknownColumns: RecordPolicy['unknownColumns'];
  absentColumns: RecordPolicy['absentColumns'];
  maxRecords: number;
  pollIntervalMs: number;
  trafficSalt?: string | undefined;
  durability: LogDurability;
  log: { flushMs: number; batchRecords: number; maxQueueRecords: number };
  shadowQueue: number;
  /** The share of wall-clock time shadow scoring may use. */
  shadowMaxShare: number;
  /** Draws for requests without a unit id (tests pass a seeded one). */
  random?: () => number;
  events?: ServingEvents;
}

/** What the runtime reports as it works (the server turns these into metrics and log lines). */
export interface ServingEvents {
  onCommit?: (records: number, durationMs: number) => void;
  onLogFailure?: (error: unknown, records: number) => void;
  onShadow?: (outcome: 'done' | 'failed' | 'dropped', error?: unknown) => void;
  onSwap?: (next: LiveSet, previous: LiveSet | undefined) => void;
  onRefreshError?: (error: unknown) => void;
}

export interface PredictRun {
  set: LiveSet;
  outcome: PredictOutcome;
}

export interface FeedbackResult {
  accepted: number;
  matched: number;
  /** Outcomes kept whose request id (or unit id) has no logged prediction yet. */
  unmatched: { index: number; request_id?: string; unit_id?: string }[];
}

/**
 * A failed log write as the client should see it: a reused request id is the client's (409); the
 * writer's own refusals (queue full, shutting down) pass through; anything else — a full disk, a
 * locked or read-only store — is the server's, and temporary from the client's side (503).
 */
function logUnavailable(error: unknown): unknown {
  if (isFlywheelError(error) && (error.code === 'already_exists' || typeof error.details?.reason === 'string')) return error;
  return new FlywheelError('conflict', `the prediction log could not be written: ${error instanceof Error ? error.message : String(error)}`, {
    hint: 'the prediction was not answered because it could not be logged; retry later (the server log and /metrics flywheel_log_failures_total show the cause)',
    details: { reason: 'log_unavailable' },
    cause: error,
  });
}

export class ServingRuntime {
  readonly watcher: LiveSetWatcher;
  readonly writer: PredictionLogWriter;
  readonly shadow: ShadowQueue;
  readonly policy: RecordPolicy;
  private closing = false;
  private stopMaintenance: (() => Promise<void>) | undefined;
  private readonly random: () => number;

  constructor(readonly options: ServingRuntimeOptions) {
    const events = options.events ?? {};
    this.random = options.random ?? Math.random;
    this.policy = { unknownColumns: options.unknownColumns, absentColumns: options.absentColumns, reservedFields: [UNIT_ID_FIELD] };
    this.watcher = new LiveSetWatcher({
      registry: options.store.registry,
      model: options.model,
      trafficSalt: options.trafficSalt,
      pollIntervalMs: options.pollIntervalMs,
      ...(events.onSwap === undefined ? {} : { onSwap: events.onSwap }),
      ...(events.onRefreshError === undefined ? {} : { onError: events.onRefreshError }),
    });
    this.writer = new PredictionLogWriter(options.store.predictions, {
      ...options.log,
      ...(events.onCommit === undefined ? {} : { onCommit: events.onCommit }),
      ...(events.onLogFailure === undefined ? {} : { onFailure: events.onLogFailure }),
    });
    this.shadow = new ShadowQueue({ maxJobs: options.shadowQueue, maxShare: options.shadowMaxShare, ...(events.onShadow === undefined ? {} : { onOutcome: events.onShadow }) });
  }

  get store(): Store {
    return this.options.store;
  }

  get model(): string {
    return this.options.model;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  /** Sets the log's durability, moves the store's housekeeping off this thread, loads the live set and starts polling the registry. */
  async start(): Promise<void> {
    const predictions = this.options.store.predictions;
    await predictions.setDurability(this.options.durability);
    this.stopMaintenance = predictions.startBackgroundMaintenance === undefined ? undefined : await predictions.startBackgroundMaintenance();
    await this.watcher.refresh();
    this.watcher.start();
  }

  /** Reads the registry now (after an admin change) instead of at the next poll. */
  refresh(): Promise<boolean> {
    return this.watcher.refresh();
  }

  /** The set new requests get; 'no champion' (503) when none is loaded. */
  liveSet(): LiveSet & { champion: NonNullable<LiveSet['champion']> } {
    const set = this.watcher.current;
    if (set?.champion === undefined) {
      const why = this.watcher.lastError === undefined ? `model ${this.model} has no champion` : `no champion is loaded: ${this.watcher.lastError}`;
      throw new FlywheelError('not_found', why, {
        hint: '`flywheel promote RUN --to champion`; the server picks it up within serving.poll_interval',
        details: { reason: 'no_champion' },
      });
    }
    return set as LiveSet & { champion: NonNullable<LiveSet['champion']> };
  }

  /**
   * Scores the records, commits their log records, then queues the shadow work; resolves only once
   * the log holds the live records, so an answer built from it is an acknowledged prediction.
   */
  async predict(parsed: ParsedPredictRequest, requestIds: readonly string[], atMs: number, startedAt: number): Promise<PredictRun> {
    const set = this.liveSet();
    const outcome = predictRecords(
      set,
      { records: parsed.records, requestIds, unitIds: parsed.unitIds, atMs, startedAt },
      { policy: this.policy, random: this.random, now: () => performance.now() },
    );
    try {
      await this.writer.write(outcome.log);
    } catch (error) {
      throw logUnavailable(error);
    }
    const shadow = outcome.shadow;
    if (shadow !== undefined) {
      this.shadow.push(() => {
        const records = shadow();
        // Not awaited: a slow commit of shadow records must not hold up the next shadow job.
        this.writer.write(records).catch((error: unknown) => this.options.events?.onShadow?.('failed', error));
      });
    }
    return { set, outcome };
  }

  /** Stores the outcomes (one transaction) and reports which have no logged prediction yet. */
  async feedback(outcomes: readonly OutcomeRecord[]): Promise<FeedbackResult> {
    try {
      await this.options.store.predictions.logOutcomes(outcomes);
    } catch (error) {
      throw logUnavailable(error);
    }
    const found = await this.options.store.predictions.findLogged({
      requestIds: outcomes.flatMap((o) => (o.requestId === undefined ? [] : [o.requestId])),
      unitIds: outcomes.flatMap((o) => (o.requestId === undefined && o.unitId !== undefined ? [o.unitId] : [])),
    });
    const requests = new Set(found.requestIds);
    const units = new Set(found.unitIds);
    const unmatched: FeedbackResult['unmatched'] = [];
    outcomes.forEach((o, index) => {
      const matched = o.requestId !== undefined ? requests.has(o.requestId) : units.has(o.unitId!);
      if (!matched) unmatched.push({ index, ...(o.requestId === undefined ? {} : { request_id: o.requestId }), ...(o.unitId === undefined ? {} : { unit_id: o.unitId }) });
    });
    return { accepted: outcomes.length, matched: outcomes.length - unmatched.length, unmatched };
  }

  /** Whether the store answers a query. */
  async storeReachable(): Promise<boolean> {
    try {
      await this.options.store.predictions.countPredictions({ sinceMs: Date.now() });
      return true;
    } catch {
      return false;
    }
  }

  /** From now on the server reports itself not ready (requests in flight still finish). */
  beginClose(): void {
    this.closing = true;
  }

  /** Stops polling, runs the queued shadow jobs, commits the log. The store is the caller's to close. */
  async close(): Promise<void> {
    this.closing = true;
    await this.watcher.stop();
    await this.shadow.idle();
    await this.writer.close();
    await this.stopMaintenance?.();
    this.stopMaintenance = undefined;
  }
}
