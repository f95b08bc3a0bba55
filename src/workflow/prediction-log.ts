// The prediction log as the rest of the workflow reads it: filtered pages of logged predictions, the
// join of each prediction with the outcome received for it (by request id; else by unit id within the
// label-delay window), and the export of logged features + joined labels to a Parquet or CSV file —
// the next training set, written in chunks so a large log never sits in memory.

import { resolve } from 'node:path';
import { durationMs } from '../core/duration.js';
import { FlywheelError } from '../core/errors.js';
import { openChunkWriter, outputFormatOf, type OutputColumn, type OutputType, type WriteSummary } from '../data/stream.js';
import type { OutcomeRecord, PredictionRecord, PredictionStore, Store, TimeWindow } from '../store/types.js';
import { registeredModelName } from '../registry/model-name.js';
import type { Project } from './project.js';

/** Records read from the store per call. */
export const LOG_PAGE_SIZE = 5000;

export interface LogFilter extends TimeWindow {
  /** The registered model whose predictions to read (a shared store logs several). */
  model?: string | undefined;
  variant?: string | undefined;
  modelVersion?: number | undefined;
  /** Only live records (leave out shadow scores). */
  liveOnly?: boolean | undefined;
  /** Newest first instead of oldest first. */
  newestFirst?: boolean | undefined;
}

function checkWindow(filter: TimeWindow): void {
  if (filter.sinceMs !== undefined && filter.untilMs !== undefined && filter.untilMs <= filter.sinceMs) {
    throw new FlywheelError('usage', `--until ${new Date(filter.untilMs).toISOString()} is not after --since ${new Date(filter.sinceMs).toISOString()}`, {
      hint: 'give a window whose end comes after its start',
    });
  }
}

/** Logged predictions in time order, page by page, filtered; the store is read in pages of LOG_PAGE_SIZE. */
export async function* logPages(predictions: PredictionStore, filter: LogFilter = {}, pageSize = LOG_PAGE_SIZE): AsyncGenerator<PredictionRecord[]> {
  checkWindow(filter);
  let after: PredictionRecord | undefined;
  for (;;) {
    const page = await predictions.readPredictions({
      ...(filter.sinceMs === undefined ? {} : { sinceMs: filter.sinceMs }),
      ...(filter.untilMs === undefined ? {} : { untilMs: filter.untilMs }),
      ...(filter.model === undefined ? {} : { model: filter.model }),
      ...(filter.newestFirst === true ? { newestFirst: true } : {}),
      limit: pageSize,
      ...(after === undefined ? {} : { afterRequestId: after.requestId, afterVariant: after.variant }),
    });
    if (page.length === 0) return;
    after = page[page.length - 1];
    const kept = page.filter(
      (r) =>
        (filter.variant === undefined || r.variant === filter.variant) &&
        (filter.modelVersion === undefined || r.modelVersion === filter.modelVersion) &&
        (filter.liveOnly !== true || !r.shadow),
    );
    if (kept.length > 0) yield kept;
    if (page.length < pageSize) return;
  }
}

/** The project's label delay in milliseconds, or undefined when the problem card does not state it. */
export function labelDelayMs(project: Project): number | undefined {
  const text = project.config.problem?.label_delay;
  return text === undefined ? undefined : durationMs(text);
}

export interface JoinedOutcome {
  label: string;
  value: number | null;
  atMs: number;
  matchedBy: 'request_id' | 'unit_id';
}

/**
 * Outcomes indexed for the join. An outcome that carries a request id belongs to that request only;
 * one with only a unit id joins every prediction of that unit made at most `labelDelayMs` before it
 * (prediction time ≤ outcome time ≤ prediction time + delay). Several candidates: the earliest wins.
 * Without a label delay, unit-id outcomes join nothing (the window is unknown).
 */
export class OutcomeIndex {
  private readonly byRequest = new Map<string, OutcomeRecord>();
  private readonly byUnit = new Map<string, OutcomeRecord[]>();

  constructor(
    outcomes: readonly OutcomeRecord[],
    readonly labelDelayMs: number | undefined,
  ) {
    for (const outcome of outcomes) {
      if (outcome.requestId !== undefined) {
        const seen = this.byRequest.get(outcome.requestId);
        if (seen === undefined || outcome.atMs < seen.atMs) this.byRequest.set(outcome.requestId, outcome);
      } else if (outcome.unitId !== undefined) {
        const list = this.byUnit.get(outcome.unitId) ?? [];
        list.push(outcome);
        this.byUnit.set(outcome.unitId, list);
      }
    }
    for (const list of this.byUnit.values()) list.sort((a, b) => a.atMs - b.atMs);
  }

  match(prediction: PredictionRecord): JoinedOutcome | undefined {
    const direct = this.byRequest.get(prediction.requestId);
    if (direct !== undefined) return joined(direct, 'request_id');
    if (prediction.unitId === undefined || this.labelDelayMs === undefined) return undefined;
    const list = this.byUnit.get(prediction.unitId);
    if (list === undefined) return undefined;
    // The first outcome at or after the prediction; it must fall inside the window.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.atMs < prediction.atMs) lo = mid + 1;
      else hi = mid;
    }
    const first = list[lo];
    return first !== undefined && first.atMs <= prediction.atMs + this.labelDelayMs ? joined(first, 'unit_id') : undefined;
  }
}

function joined(outcome: OutcomeRecord, matchedBy: JoinedOutcome['matchedBy']): JoinedOutcome {
  return { label: outcome.label, value: outcome.value ?? null, atMs: outcome.atMs, matchedBy };
}

/** Outcomes that can join predictions made in the window (those received from its start on). */
export async function outcomeIndexFor(project: Project, store: Store, window: TimeWindow): Promise<OutcomeIndex> {
  const outcomes = await store.predictions.readOutcomes(window.sinceMs === undefined ? {} : { sinceMs: window.sinceMs });
  return new OutcomeIndex(outcomes, labelDelayMs(project));
}

// ---------------------------------------------------------------------------------------------------
// flywheel log

export interface LogQueryOptions extends LogFilter {
  /** At most this many records (default 100). */
  limit?: number | undefined;
  withOutcomes?: boolean | undefined;
}

export interface LoggedPrediction {
  request_id: string;
  at: string;
  unit_id: string | null;
  model: string;
  model_version: number;
  variant: string;
  shadow: boolean;
  score: number;
  decision: number;
  propensity: number | null;
  /** How the variant was chosen ('unit' or 'random'), when the server recorded it. */
  assignment: string | null;
  /** From the request's arrival to the score, when the server recorded it. */
  latency_ms: number | null;
  features: Record<string, unknown>;
  /** With outcomes: the joined outcome, or null when none has arrived (or none falls in the window). */
  outcome?: { label: string; value: number | null; at: string; matched_by: 'request_id' | 'unit_id' } | null;
}

export interface LogQueryResult {
  window: { since: string | null; until: string | null };
  /** Records of the project's model logged in the window (every variant and version). */
  total_in_window: number;
  predictions: LoggedPrediction[];
  /** With outcomes: how many of the listed predictions have one, and the window used for unit-id joins. */
  outcomes: { joined: number; by_request_id: number; by_unit_id: number; label_delay: string | null } | null;
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? 100;
  if (!Number.isInteger(value) || value < 1) throw new FlywheelError('usage', `--limit ${String(limit)} is not a positive whole number`, { hint: 'write e.g. --limit 50' });
  return value;
}

function iso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

export async function queryLog(project: Project, store: Store, options: LogQueryOptions = {}): Promise<LogQueryResult> {
  const limit = checkLimit(options.limit);
  checkWindow(options);
  const window: TimeWindow = { ...(options.sinceMs === undefined ? {} : { sinceMs: options.sinceMs }), ...(options.untilMs === undefined ? {} : { untilMs: options.untilMs }) };
  const model = registeredModelName(project.config);
  const total = await store.predictions.countPredictions({ ...window, model });
  const index = options.withOutcomes === true ? await outcomeIndexFor(project, store, window) : undefined;
  const predictions: LoggedPrediction[] = [];
  let byRequest = 0;
  let byUnit = 0;
  pages: for await (const page of logPages(store.predictions, { ...options, model, newestFirst: true }, Math.min(LOG_PAGE_SIZE, Math.max(limit, 100)))) {
    for (const record of page) {
      const entry = toLogged(record);
      if (index !== undefined) {
        const outcome = index.match(record);
        entry.outcome = outcome === undefined ? null : { label: outcome.label, value: outcome.value, at: new Date(outcome.atMs).toISOString(), matched_by: outcome.matchedBy };
        if (outcome?.matchedBy === 'request_id') byRequest++;
        if (outcome?.matchedBy === 'unit_id') byUnit++;
      }
      predictions.push(entry);
      if (predictions.length >= limit) break pages;
    }
  }
  return {
    window: { since: iso(options.sinceMs), until: iso(options.untilMs) },
    total_in_window: total,
    predictions,
    outcomes: index === undefined ? null : { joined: byRequest + byUnit, by_request_id: byRequest, by_unit_id: byUnit, label_delay: project.config.problem?.label_delay ?? null },
  };
}

function toLogged(r: PredictionRecord): LoggedPrediction {
  return {
    request_id: r.requestId,
    at: new Date(r.atMs).toISOString(),
    unit_id: r.unitId ?? null,
    model: r.model,
    model_version: r.modelVersion,
    variant: r.variant,
    shadow: r.shadow,
    score: r.score,
    decision: r.decision,
    propensity: r.propensity ?? null,
    assignment: r.assignment ?? null,
    latency_ms: r.latencyMs ?? null,
    features: r.features,
  };
}

// ---------------------------------------------------------------------------------------------------
// flywheel log --export

export interface ExportLogOptions extends LogFilter {
  output: string;
  /** Join outcomes and add a `label` column (null where none joined). */
  withOutcomes?: boolean | undefined;
  /** Only predictions with a joined label (implies withOutcomes): a training set. */
  labelledOnly?: boolean | undefined;
  /** False: only the feature columns and the label, ready for `flywheel init --data` as they are. Default true. */
  metadata?: boolean | undefined;
  onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
}

export interface ExportLogResult {
  output: string;
  format: WriteSummary['format'];
  rows: number;
  bytes: number;
  feature_columns: string[];
  columns: string[];
  /** Rows with a joined label (null without outcomes). */
  labelled: number | null;
  label_delay: string | null;
}

/** Metadata columns after the features (and label); a feature of the same name keeps its name and the metadata column gets `_logged` appended. */
const META_COLUMNS: readonly OutputColumn[] = [
  { name: 'request_id', type: 'VARCHAR' },
  { name: 'unit_id', type: 'VARCHAR' },
  { name: 'at', type: 'TIMESTAMP' },
  { name: 'variant', type: 'VARCHAR' },
  { name: 'model_version', type: 'INTEGER' },
  { name: 'score', type: 'DOUBLE' },
  { name: 'decision', type: 'INTEGER' },
  { name: 'latency_ms', type: 'DOUBLE' },
];

/**
 * Write logged predictions — raw feature columns, `label` (with outcomes), then (unless `metadata` is
 * false) request_id, unit_id, at, variant, model_version, score, decision, latency_ms — to Parquet, CSV
 * or JSON lines. Shadow records are
 * left out unless `variant` names a shadow variant, so each request appears once. Two passes over
 * the log: the first finds the feature columns and their types, the second writes page by page.
 */
export async function exportLog(project: Project, store: Store, options: ExportLogOptions): Promise<ExportLogResult> {
  const output = resolve(options.output);
  outputFormatOf(output);
  const withOutcomes = options.withOutcomes === true || options.labelledOnly === true;
  const filter: LogFilter = { ...options, model: registeredModelName(project.config), liveOnly: options.variant === undefined };
  const features = new Map<string, OutputType | 'unknown'>();
  let total = 0;
  for await (const page of logPages(store.predictions, filter)) {
    total += page.length;
    for (const record of page) {
      for (const [key, value] of Object.entries(record.features)) features.set(key, mergeType(features.get(key), value));
    }
  }
  const featureColumns: OutputColumn[] = [...features].map(([name, type]) => ({ name, type: type === 'unknown' ? 'VARCHAR' : type }));
  const taken = new Set(featureColumns.map((c) => c.name));
  const labelColumn: OutputColumn[] = withOutcomes ? [{ name: taken.has('label') ? 'label_logged' : 'label', type: 'VARCHAR' }] : [];
  const withMetadata = options.metadata !== false;
  const metaColumns = withMetadata ? META_COLUMNS.map((c) => ({ ...c, name: taken.has(c.name) ? `${c.name}_logged` : c.name })) : [];
  const columns = [...featureColumns, ...labelColumn, ...metaColumns];
  const index = withOutcomes ? await outcomeIndexFor(project, store, options) : undefined;
  const writer = await openChunkWriter(output, { columns });
  let written = 0;
  let labelled = 0;
  let done = 0;
  try {
    for await (const page of logPages(store.predictions, filter)) {
      const rows: unknown[][] = [];
      for (const record of page) {
        const outcome = index?.match(record);
        if (outcome !== undefined) labelled++;
        if (options.labelledOnly === true && outcome === undefined) continue;
        rows.push([
          ...featureColumns.map((c) => (Object.hasOwn(record.features, c.name) ? record.features[c.name] : null)),
          ...(withOutcomes ? [outcome?.label ?? null] : []),
          ...(withMetadata ? [record.requestId, record.unitId ?? null, record.atMs, record.variant, record.modelVersion, record.score, record.decision, record.latencyMs ?? null] : []),
        ]);
      }
      await writer.appendRows(rows);
      written += rows.length;
      done += page.length;
      options.onProgress?.({ done, total });
    }
    const summary = await writer.finish();
    return {
      output,
      format: summary.format,
      rows: written,
      bytes: summary.bytes,
      feature_columns: featureColumns.map((c) => c.name),
      columns: columns.map((c) => c.name),
      labelled: withOutcomes ? labelled : null,
      label_delay: project.config.problem?.label_delay ?? null,
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** The column type that holds every value seen so far: numbers, booleans, or text for anything else. */
function mergeType(seen: OutputType | 'unknown' | undefined, value: unknown): OutputType | 'unknown' {
  if (value === null || value === undefined) return seen ?? 'unknown';
  const type: OutputType = typeof value === 'number' ? 'DOUBLE' : typeof value === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
  if (seen === undefined || seen === 'unknown' || seen === type) return type;
  return 'VARCHAR';
}
