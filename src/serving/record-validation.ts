// Field-level checks of the records a client sends, before any of them reaches a pipeline: each
// model input present (or allowed to be absent), each value readable as the type the pipeline was
// fitted on — by the same value rules the pipeline itself applies — and fields the model does not
// read ignored or rejected by policy. A record that fails gets every problem listed, by field.

import type { PipelineInputColumn } from '../features/pipeline-input.js';
import { expectedFor, parseLevelValue, parseStoredNumber, showValue } from '../features/value-parsing.js';

export interface FieldProblem {
  /** The field (column) at fault; absent when the record as a whole is wrong. */
  field?: string;
  message: string;
}

export interface RecordPolicy {
  /** A field the model does not read: 'ignore' it, or 'reject' the record. */
  unknownColumns: 'ignore' | 'reject';
  /** A model input missing from the record: 'reject' the record, or treat it as 'missing' (null). */
  absentColumns: 'reject' | 'missing';
  /** Fields that are never features (the per-record unit id), allowed whatever the policy. */
  reservedFields: readonly string[];
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeKind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** The problems of one record against a pipeline's inputs; empty when it can be scored. */
export function checkRecord(record: unknown, inputs: readonly PipelineInputColumn[], policy: RecordPolicy): FieldProblem[] {
  if (!isPlainRecord(record)) {
    return [{ message: `a record must be a JSON object of column values, found ${describeKind(record)}` }];
  }
  const problems: FieldProblem[] = [];
  for (const input of inputs) {
    if (!Object.hasOwn(record, input.name)) {
      if (policy.absentColumns === 'reject') {
        problems.push({ field: input.name, message: `missing: the model reads "${input.name}" (${expectedFor(input.type)}); send null when it is unknown` });
      }
      continue;
    }
    const value = record[input.name];
    const readable = input.type === 'categorical' ? parseLevelValue(value) !== undefined : isNumericType(input.type) && parseStoredNumber(input.type, value) !== undefined;
    if (!readable) problems.push({ field: input.name, message: `expects ${expectedFor(input.type)}, found ${showValue(value)}` });
  }
  if (policy.unknownColumns === 'reject') {
    const known = new Set([...inputs.map((i) => i.name), ...policy.reservedFields]);
    for (const key of Object.keys(record)) {
      if (!known.has(key)) problems.push({ field: key, message: `unknown column: the model does not read "${key}" (serving.unknown_columns is reject)` });
    }
  }
  return problems;
}

function isNumericType(type: string): type is 'numeric' | 'boolean' | 'datetime' {
  return type === 'numeric' || type === 'boolean' || type === 'datetime';
}
