// Checks on query options (time windows, limits) shared by the store backends. A NaN bound would
// otherwise match nothing and read as "no data", a silent pass the style guide rules out.

import { FlywheelError } from '../core/errors.js';
import type { TimeWindow } from './types.js';

export function checkTimeWindow(window: TimeWindow, what: string): void {
  for (const key of ['sinceMs', 'untilMs'] as const) {
    const value = window[key];
    if (value !== undefined && !Number.isFinite(value)) {
      throw new FlywheelError('usage', `${what}: ${key} must be a finite number of milliseconds, got ${String(value)}`, {
        hint: 'pass a time as milliseconds since the epoch, or leave the bound out',
      });
    }
  }
}

export function checkLimit(limit: number | undefined, what: string): void {
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new FlywheelError('usage', `${what}: limit must be a positive integer, got ${String(limit)}`, {
      hint: 'leave the limit out to read everything',
    });
  }
}
