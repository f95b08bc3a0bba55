// Durations written in flywheel.yaml (temporal split gaps, label delays): a number and a unit.

import { FlywheelError } from './errors.js';

/** A duration such as `7d`, `12h`, `30m` (temporal split gaps, label delays). */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

export function durationMs(text: string): number {
  const match = DURATION_PATTERN.exec(text.trim());
  if (match === null) {
    throw new FlywheelError('config_invalid', `"${text}" is not a duration`, {
      hint: 'write a number and a unit: ms, s, m, h, d or w (for example 7d or 12h)',
    });
  }
  const unitMs = { ms: 1, s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 }[match[2] as 'ms'];
  return Number(match[1]) * unitMs;
}

