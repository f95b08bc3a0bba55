// Prediction and outcome rows as both backends store them, their column list, and the mapping from
// a row to the record the prediction store returns. The SQL around them is each backend's own.

import { FlywheelError } from '../core/errors.js';
import { fromJsonText } from './json-text.js';
import type { OutcomeRecord, PredictionAssignment, PredictionRecord } from './types.js';

export interface PredictionRow {
  request_id: string;
  at_ms: number;
  unit_id: string | null;
  model: string;
  model_version: number;
  variant: string;
  features_json: string;
  score: number;
  decision: number;
  propensity: number | null;
  /** 1 or 0; SQLite is handed NULL for a value that is not a boolean, which its NOT NULL constraint reports. */
  shadow: number | null;
  latency_ms: number | null;
  assignment: string | null;
}

export interface OutcomeRow {
  request_id: string | null;
  unit_id: string | null;
  at_ms: number;
  label: string;
  value: number | null;
}

export const PREDICTION_COLUMNS =
  'request_id, at_ms, unit_id, model, model_version, variant, features_json, score, decision, propensity, shadow, latency_ms, assignment';

export function predictionFromRow(row: PredictionRow): PredictionRecord {
  const record: PredictionRecord = {
    requestId: row.request_id,
    atMs: row.at_ms,
    model: row.model,
    modelVersion: row.model_version,
    variant: row.variant,
    features: fromJsonText(row.features_json, `prediction ${row.request_id}: features`),
    score: row.score,
    decision: row.decision,
    shadow: row.shadow === 1,
  };
  if (row.unit_id !== null) record.unitId = row.unit_id;
  if (row.propensity !== null) record.propensity = row.propensity;
  if (row.assignment !== null) record.assignment = row.assignment as PredictionAssignment;
  if (row.latency_ms !== null) record.latencyMs = row.latency_ms;
  return record;
}

export function outcomeFromRow(row: OutcomeRow): OutcomeRecord {
  const record: OutcomeRecord = { atMs: row.at_ms, label: row.label };
  if (row.request_id !== null) record.requestId = row.request_id;
  if (row.unit_id !== null) record.unitId = row.unit_id;
  if (row.value !== null) record.value = row.value;
  return record;
}

/** A prediction's position in the log: time, then the order it was logged in. */
export interface CursorRow {
  at_ms: number;
  seq: number;
  variant: string;
}

/**
 * The log position of the record a page ended on, from the rows of its request id. (request_id,
 * variant) is unique, so the pair names one record; a request id alone is enough only when the
 * request has one record.
 */
export function cursorFromRows(rows: readonly CursorRow[], requestId: string, variant: string | undefined): CursorRow {
  const matching = variant === undefined ? rows : rows.filter((row) => row.variant === variant);
  if (matching.length === 0) {
    throw new FlywheelError(
      'not_found',
      `readPredictions: no prediction with request_id ${requestId}${variant === undefined ? '' : ` and variant ${variant}`} to continue after`,
      { hint: 'pass the requestId (and variant) of the last record of the previous page' },
    );
  }
  if (matching.length > 1) {
    throw new FlywheelError(
      'conflict',
      `readPredictions: request ${requestId} has ${matching.length} records (variants ${matching.map((r) => r.variant).join(', ')})`,
      { hint: 'pass afterVariant too: the variant of the last record of the previous page' },
    );
  }
  return matching[0]!;
}
