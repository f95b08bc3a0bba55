// JSON values (params, metrics, features, model packages) are stored as TEXT. Writing rejects what
// JSON cannot represent, so a record never reads back different from what was written; reading
// reports a damaged column instead of throwing a bare SyntaxError.

import { FlywheelError } from '../core/errors.js';

/** `value` as JSON text; `what` names the field for the error message (`run r1: params`). */
export function toJsonText(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new FlywheelError('data_invalid', `${what} cannot be stored as JSON: ${(error as Error).message}`, {
      hint: 'use plain objects, arrays, strings, numbers, booleans and null (no BigInt, no cycles)',
      cause: error,
    });
  }
  if (text === undefined) {
    throw new FlywheelError('data_invalid', `${what} cannot be stored as JSON: found ${typeof value}`, {
      hint: 'use plain objects, arrays, strings, numbers, booleans and null',
    });
  }
  return text;
}

/** Parses a stored JSON column; the caller states the type the column was written with. */
export function fromJsonText<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new FlywheelError('store_invalid', `${what} in the store is not valid JSON: ${(error as Error).message}`, {
      hint: 'the store file was changed outside Flywheel; restore it from a backup',
      cause: error,
    });
  }
}
