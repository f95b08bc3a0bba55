// The one shape of a rejected request body: a FlywheelError whose details carry a list of
// problems, each naming the record (by position) and the field at fault, so that a client can fix
// every problem at once. The HTTP layer puts the list in the response's `details`.

import { FlywheelError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';

export interface RequestProblem {
  /** Position of the record in the request (0-based); absent for the request as a whole. */
  record?: number;
  field?: string;
  message: string;
}

export function invalidRequest(message: string, hint: string, problems: readonly RequestProblem[]): FlywheelError {
  return new FlywheelError('data_invalid', message, { hint, details: { problems } });
}

/** The problems an error carries (for the response's `details`), or none. */
export function problemsOf(error: FlywheelError): RequestProblem[] {
  const problems = error.details?.problems;
  return Array.isArray(problems) ? (problems as RequestProblem[]) : [];
}

export function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Rejects keys of a request object other than `known`, suggesting the closest. */
export function checkKeys(body: Record<string, unknown>, known: readonly string[], where: string): RequestProblem[] {
  return Object.keys(body)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const suggestion = didYouMean(key, known);
      return { field: key, message: `unknown field "${key}" in ${where}${suggestion === undefined ? `; the fields are ${known.join(', ')}` : ` (${suggestion})`}` };
    });
}

/** A unit id as text: a non-empty string or a finite number; anything else is a problem. */
export function unitIdOf(value: unknown): string | { problem: string } | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? { problem: 'unit_id must not be empty' } : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return { problem: `unit_id must be text or a number, found ${kindOf(value)}` };
}

export function isRecordList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
}
