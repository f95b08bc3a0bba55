// Importing outcomes (labels that arrive after the prediction) from a CSV, Parquet or JSON-lines file
// into the store, in batches of one transaction each. Every outcome with an id and a label is kept,
// matched or not: an unmatched outcome may belong to a prediction logged elsewhere, or later. The
// import reports how many match a logged prediction, by request id or by unit id within the label delay.

import { resolve } from 'node:path';
import { FlywheelError } from '../core/errors.js';
import { isCoded, type Column, type Frame } from '../core/frame.js';
import { describeSource, missingColumnsError, openTableStream } from '../data/stream.js';
import type { OutcomeRecord, Store } from '../store/types.js';
import { labelDelayMs, logPages } from './prediction-log.js';
import { registeredModelName } from '../registry/model-name.js';
import type { Project } from './project.js';

export interface FeedbackImportOptions {
  file: string;
  /** Default: `request_id` when the file has it. */
  requestIdColumn?: string | undefined;
  /** Default: `unit_id` when the file has it. */
  unitIdColumn?: string | undefined;
  /** Default: `label`. */
  labelColumn?: string | undefined;
  /** A numeric outcome value (revenue, cost), stored with the label. */
  valueColumn?: string | undefined;
  /** When the outcome happened (a datetime, or epoch milliseconds); default: the time of the import. */
  timeColumn?: string | undefined;
  /** Outcomes per transaction (default 10 000). */
  batchRows?: number | undefined;
  nowMs?: number | undefined;
  onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
}

export interface FeedbackImportResult {
  file: string;
  rows: number;
  imported: number;
  /** Rows left out: no label, or neither a request id nor a unit id. */
  skipped: { no_label: number; no_id: number };
  matched: { total: number; by_request_id: number; by_unit_id: number };
  /** Imported outcomes that match no logged prediction (kept in the store). */
  unmatched: number;
  batches: number;
  label_delay: string | null;
  columns: { request_id: string | null; unit_id: string | null; label: string; value: string | null; time: string | null };
}

/** Logged predictions as the matcher needs them: request ids, and each unit's prediction times in order. */
interface PredictionIndex {
  requests: Set<string>;
  unitTimes: Map<string, number[]>;
}

async function predictionIndex(store: Store, model: string): Promise<PredictionIndex> {
  const requests = new Set<string>();
  const unitTimes = new Map<string, number[]>();
  for await (const page of logPages(store.predictions, { model })) {
    for (const record of page) {
      requests.add(record.requestId);
      if (record.unitId === undefined) continue;
      const times = unitTimes.get(record.unitId) ?? [];
      times.push(record.atMs);
      unitTimes.set(record.unitId, times);
    }
  }
  // Pages come in time order, so each unit's list is sorted already.
  return { requests, unitTimes };
}

/** Whether some prediction of the unit was made at most `delayMs` before `atMs` (and not after it). */
function unitMatches(times: readonly number[] | undefined, atMs: number, delayMs: number): boolean {
  if (times === undefined) return false;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && atMs - times[lo - 1]! <= delayMs;
}

export async function importFeedback(project: Project, store: Store, options: FeedbackImportOptions): Promise<FeedbackImportResult> {
  const file = resolve(options.file);
  const batchRows = options.batchRows ?? 10_000;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new FlywheelError('usage', `batch size ${String(options.batchRows)} is not a positive whole number`, { hint: 'use e.g. 10000' });
  const { columns } = await describeSource(file);
  const names = columns.map((c) => c.name);
  const pick = (given: string | undefined, fallback: string | undefined): string | undefined => given ?? (fallback !== undefined && names.includes(fallback) ? fallback : undefined);
  const requestCol = pick(options.requestIdColumn, 'request_id');
  const unitCol = pick(options.unitIdColumn, 'unit_id');
  const labelCol = options.labelColumn ?? 'label';
  if (requestCol === undefined && unitCol === undefined) {
    throw new FlywheelError('column_not_found', `${file} has no request_id or unit_id column to join outcomes to predictions`, {
      hint: `name the id column with --request-id-column or --unit-id-column; the file's columns are: ${names.join(', ')}`,
    });
  }
  const wanted = [requestCol, unitCol, labelCol, options.valueColumn, options.timeColumn].filter((c): c is string => c !== undefined);
  const missing = wanted.filter((c) => !names.includes(c));
  if (missing.length > 0) throw missingColumnsError(file, missing, names, 'named by the options');
  const timeInfo = options.timeColumn === undefined ? undefined : columns.find((c) => c.name === options.timeColumn)!;
  if (timeInfo !== undefined && timeInfo.rawType === 'boolean') {
    throw new FlywheelError('data_invalid', `time column "${timeInfo.name}" holds booleans, not times`, { hint: 'point --time-column at a date-time column (or epoch milliseconds)' });
  }

  const delay = labelDelayMs(project);
  const index = await predictionIndex(store, registeredModelName(project.config));
  const nowMs = options.nowMs ?? Date.now();
  const decodeText = [requestCol, unitCol].filter((c): c is string => c !== undefined);
  const stream = await openTableStream(file, { columns: [...new Set(wanted)], chunkRows: batchRows, decodeText });
  if (timeInfo !== undefined && stream.columns.find((c) => c.name === timeInfo.name)!.rawType === 'text') {
    await stream.close();
    throw new FlywheelError('data_invalid', `time column "${timeInfo.name}" holds text that is not a date-time in one format`, {
      hint: 'write times as ISO 8601 (2026-11-26T10:00:00Z) or epoch milliseconds',
    });
  }
  const result: FeedbackImportResult = {
    file,
    rows: stream.rows,
    imported: 0,
    skipped: { no_label: 0, no_id: 0 },
    matched: { total: 0, by_request_id: 0, by_unit_id: 0 },
    unmatched: 0,
    batches: 0,
    label_delay: project.config.problem?.label_delay ?? null,
    columns: { request_id: requestCol ?? null, unit_id: unitCol ?? null, label: labelCol, value: options.valueColumn ?? null, time: options.timeColumn ?? null },
  };
  let done = 0;
  for await (const { frame, offset } of stream.chunks()) {
    const batch: OutcomeRecord[] = [];
    const text = (name: string | undefined) => (name === undefined ? undefined : textOf(frame, frame.column(name)));
    const requestIds = text(requestCol);
    const unitIds = text(unitCol);
    const labels = textOf(frame, frame.column(labelCol));
    const values = options.valueColumn === undefined ? undefined : numbersOf(frame.column(options.valueColumn), options.valueColumn, offset);
    const times = options.timeColumn === undefined ? undefined : numbersOf(frame.column(options.timeColumn), options.timeColumn, offset);
    for (let i = 0; i < frame.nRows; i++) {
      const requestId = requestIds?.[i];
      const unitId = unitIds?.[i];
      const label = labels[i];
      if (label === undefined) {
        result.skipped.no_label++;
        continue;
      }
      if (requestId === undefined && unitId === undefined) {
        result.skipped.no_id++;
        continue;
      }
      const atMs = times === undefined || Number.isNaN(times[i]!) ? nowMs : times[i]!;
      const value = values?.[i];
      batch.push({
        ...(requestId === undefined ? {} : { requestId }),
        ...(unitId === undefined ? {} : { unitId }),
        atMs,
        label,
        ...(value === undefined || Number.isNaN(value) ? {} : { value }),
      });
      // An outcome with a request id belongs to that request only; one with only a unit id joins by the window.
      if (requestId !== undefined) {
        if (index.requests.has(requestId)) result.matched.by_request_id++;
        else result.unmatched++;
      } else if (delay !== undefined && unitMatches(index.unitTimes.get(unitId!), atMs, delay)) {
        result.matched.by_unit_id++;
      } else {
        result.unmatched++;
      }
    }
    await store.predictions.logOutcomes(batch);
    if (batch.length > 0) result.batches++;
    result.imported += batch.length;
    done += frame.nRows;
    options.onProgress?.({ done, total: stream.rows });
  }
  result.matched.total = result.matched.by_request_id + result.matched.by_unit_id;
  return result;
}

/** Cell texts of a column (ids and labels: numbers as their text, e.g. 1 not 1.0). */
function textOf(frame: Frame, column: Column): (string | undefined)[] {
  if (isCoded(column)) return Array.from(column.codes, (code) => (code < 0 ? undefined : column.levels[code]));
  return Array.from({ length: frame.nRows }, (_, i) => frame.cellText(column, i));
}

function numbersOf(column: Column, name: string, offset: number): Float64Array {
  if (!isCoded(column)) return column.values;
  return Float64Array.from(column.codes, (code, row) => {
    if (code < 0) return NaN;
    const value = Number(column.levels[code]);
    if (Number.isNaN(value)) {
      throw new FlywheelError('data_invalid', `column "${name}" holds "${column.levels[code]}" in row ${offset + row} (0-based), not a number`, { hint: `clean the value or leave ${name} out` });
    }
    return value;
  });
}
