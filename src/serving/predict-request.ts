// The bodies of POST /v1/predict and POST /invocations (MLflow's scoring protocol) read into one
// form: the records, a unit id per record, and the request id of each record. Envelope mistakes
// (no records, too many, a mistyped key) reject the request with every problem listed.

import { randomUUID } from 'node:crypto';
import { invalidRequest, checkKeys, isRecordList, kindOf, unitIdOf, type RequestProblem } from './request-helpers.js';
import { isPlainRecord } from './record-validation.js';

/** The field of a record (or of the request) that carries the unit id; never a feature unless the model reads it. */
export const UNIT_ID_FIELD = 'unit_id';

export interface ParsedPredictRequest {
  records: unknown[];
  unitIds: (string | undefined)[];
  /** True for the single-record form (`record`), which answers a bad record with 400. */
  single: boolean;
}

const PREDICT_KEYS = ['record', 'records', 'unit_id'] as const;

export function parsePredictBody(body: unknown, maxRecords: number): ParsedPredictRequest {
  if (!isPlainRecord(body)) {
    throw invalidRequest(`the request body must be a JSON object, found ${kindOf(body)}`, 'send {"records": [{…}, …]} or {"record": {…}}', []);
  }
  const problems: RequestProblem[] = checkKeys(body, PREDICT_KEYS, 'the request');
  const hasRecord = Object.hasOwn(body, 'record');
  const hasRecords = Object.hasOwn(body, 'records');
  let records: unknown[] = [];
  if (hasRecord && hasRecords) problems.push({ message: 'send either "record" or "records", not both' });
  else if (hasRecord) records = [body.record];
  else if (hasRecords) {
    if (!Array.isArray(body.records)) problems.push({ field: 'records', message: `"records" must be an array of objects, found ${kindOf(body.records)}` });
    else records = body.records as unknown[];
  } else problems.push({ message: 'the request has no "records" (or "record")' });
  checkCount(records, hasRecords, maxRecords, problems);

  const requestUnit = unitIdOf(body.unit_id);
  if (typeof requestUnit === 'object') problems.push({ field: UNIT_ID_FIELD, message: requestUnit.problem });
  const unitIds = records.map((record, i) => {
    if (!isPlainRecord(record) || !Object.hasOwn(record, UNIT_ID_FIELD)) return typeof requestUnit === 'string' ? requestUnit : undefined;
    const own = unitIdOf(record[UNIT_ID_FIELD]);
    if (typeof own === 'object') {
      problems.push({ record: i, field: UNIT_ID_FIELD, message: own.problem });
      return undefined;
    }
    return own ?? (typeof requestUnit === 'string' ? requestUnit : undefined);
  });
  if (problems.length > 0) throw invalidRequest(problems[0]!.message, 'send {"records": [{"column": value, …}], "unit_id": "…"}; see docs/http-api.md', problems);
  return { records, unitIds, single: hasRecord };
}

function checkCount(records: readonly unknown[], batch: boolean, maxRecords: number, problems: RequestProblem[]): void {
  if (batch && records.length === 0 && problems.length === 0) problems.push({ field: 'records', message: '"records" is empty: nothing to score' });
  if (records.length > maxRecords) {
    problems.push({ field: 'records', message: `${records.length} records in one request; at most ${maxRecords} (serving.max_records)` });
  }
}

const MLFLOW_KEYS = ['dataframe_records', 'dataframe_split', 'instances', 'inputs', 'params'] as const;
const MLFLOW_HINT = 'send {"dataframe_records": [{…}]}, {"dataframe_split": {"columns": […], "data": [[…]]}} or {"instances": [{…}]}; see docs/http-api.md';

/** MLflow's scoring input formats (pandas records, pandas split, TF-serving instances or inputs) as records. */
export function parseMlflowBody(body: unknown, maxRecords: number): ParsedPredictRequest {
  if (!isPlainRecord(body)) throw invalidRequest(`the request body must be a JSON object, found ${kindOf(body)}`, MLFLOW_HINT, []);
  const problems = checkKeys(body, MLFLOW_KEYS, 'an MLflow scoring request');
  const formats = MLFLOW_KEYS.filter((k) => k !== 'params' && Object.hasOwn(body, k));
  let records: unknown[] = [];
  if (formats.length !== 1) {
    problems.push({ message: formats.length === 0 ? 'no input: expected one of dataframe_records, dataframe_split, instances, inputs' : `several inputs (${formats.join(', ')}): send exactly one` });
  } else {
    const key = formats[0]!;
    const value = body[key];
    if (key === 'dataframe_split') records = splitRecords(value, problems);
    else if (isRecordList(value)) records = value;
    else if (isPlainRecord(value) && key !== 'dataframe_records') records = columnarRecords(key, value, problems);
    else if (Array.isArray(value) && value.some((v) => Array.isArray(v))) {
      problems.push({ field: key, message: `"${key}" holds rows without column names; send objects keyed by column, or dataframe_split with "columns"` });
    } else problems.push({ field: key, message: `"${key}" must be an array of objects keyed by column, found ${kindOf(value)}` });
  }
  checkCount(records, true, maxRecords, problems);
  if (problems.length > 0) throw invalidRequest(problems[0]!.message, MLFLOW_HINT, problems);
  const unitIds = records.map((r) => {
    const own = isPlainRecord(r) ? unitIdOf(r[UNIT_ID_FIELD]) : undefined;
    return typeof own === 'string' ? own : undefined;
  });
  return { records, unitIds, single: false };
}

function splitRecords(value: unknown, problems: RequestProblem[]): unknown[] {
  if (!isPlainRecord(value)) {
    problems.push({ field: 'dataframe_split', message: `"dataframe_split" must be an object with "columns" and "data", found ${kindOf(value)}` });
    return [];
  }
  const { columns, data } = value;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
    problems.push({ field: 'dataframe_split.columns', message: '"columns" must be an array of column names' });
    return [];
  }
  if (!Array.isArray(data)) {
    problems.push({ field: 'dataframe_split.data', message: `"data" must be an array of rows, found ${kindOf(data)}` });
    return [];
  }
  return data.map((row, i) => {
    if (!Array.isArray(row) || row.length !== columns.length) {
      problems.push({ record: i, field: 'dataframe_split.data', message: `row ${i} must be an array of ${columns.length} values (one per column), found ${Array.isArray(row) ? `${row.length} values` : kindOf(row)}` });
      return {};
    }
    return Object.fromEntries(columns.map((c, j) => [c, row[j]]));
  });
}

/** `{"inputs": {"col": [v0, v1…], …}}`: equal-length columns. */
function columnarRecords(key: string, value: Record<string, unknown>, problems: RequestProblem[]): unknown[] {
  const entries = Object.entries(value);
  const lengths = new Set(entries.map(([, v]) => (Array.isArray(v) ? v.length : -1)));
  if (lengths.has(-1) || lengths.size !== 1) {
    problems.push({ field: key, message: `"${key}" as an object must map each column to an array of values, all of one length` });
    return [];
  }
  const n = [...lengths][0]!;
  return Array.from({ length: n }, (_, i) => Object.fromEntries(entries.map(([c, v]) => [c, (v as unknown[])[i]])));
}

const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request's id: the client's X-Request-Id when valid, else a new UUID. */
export function requestIdOf(header: unknown): string {
  if (header === undefined) return randomUUID();
  if (typeof header !== 'string' || !REQUEST_ID.test(header)) {
    throw invalidRequest('X-Request-Id must be 1–128 characters of letters, digits and . _ : @ / + = -', 'send a short opaque id, e.g. a UUID, or omit the header', [{ field: 'X-Request-Id', message: 'not a valid request id' }]);
  }
  return header;
}

/** Per-record ids: the request id for the single-record form, `<id>-<i>` for every record of a batch. */
export function recordIds(requestId: string, count: number, single: boolean): string[] {
  return single ? [requestId] : Array.from({ length: count }, (_, i) => `${requestId}-${i}`);
}
