// Shared reading of a LeakageInput for the checks: the inputs the runner promised (a check that
// declares `needs: ['target']` gets a target), the model's feature columns, and number formatting
// for messages. Missing promised inputs are bugs (the runner skips checks), so they throw plainly.

import { isCoded, type NumericColumn } from '../../core/frame.js';
import { FlywheelError } from '../../core/errors.js';
import type { SchemaColumn } from '../../data/infer.js';
import type { BinaryTarget } from '../../data/target.js';
import type { LeakageInput } from './types.js';

/** Column types the feature pipeline reads (text and id columns are never features). */
const MODEL_INPUT_TYPES = new Set(['numeric', 'boolean', 'datetime', 'categorical']);

export function targetOf(input: LeakageInput): BinaryTarget {
  if (input.target === undefined) throw new Error('leakage check run without a target; the runner should have skipped it');
  return input.target;
}

export function splitOf(input: LeakageInput): { assignment: Uint8Array; method: string } {
  if (input.split === undefined) throw new Error('leakage check run without a split; the runner should have skipped it');
  return input.split;
}

/** The name of a role column the check declared it needs (time, entity, prediction time). */
export function requiredName(input: LeakageInput, need: 'time' | 'entity' | 'prediction_time'): string {
  const name = need === 'time' ? input.time : need === 'entity' ? input.entity : input.predictionTime?.column;
  if (name === undefined) throw new Error(`leakage check run without the ${need} column; the runner should have skipped it`);
  return name;
}

/** A numeric-storage column (numbers, booleans, datetimes); a clear error when it holds text. */
export function numericColumn(input: LeakageInput, name: string, what: string): NumericColumn {
  const column = input.frame.column(name, what);
  if (isCoded(column)) {
    throw new FlywheelError('data_invalid', `${what} "${name}" holds ${column.type} values, not dates or numbers`, {
      hint: `choose a datetime column as the ${what}, or set its type to datetime in flywheel.yaml`,
      details: { column: name },
    });
  }
  return column;
}

/** Schema columns with role feature that are in the frame. */
export function featureColumns(input: LeakageInput): SchemaColumn[] {
  return input.schema.filter((c) => c.role === 'feature' && input.frame.has(c.name));
}

/** Whether the feature pipeline reads this schema column as a model input. */
export function isModelInput(column: Pick<SchemaColumn, 'role' | 'type'>): boolean {
  return column.role === 'feature' && MODEL_INPUT_TYPES.has(column.type);
}

export function percent(share: number): string {
  if (share > 0 && share < 0.001) return '<0.1%';
  return `${(100 * share).toFixed(1)}%`;
}

/** A statistic rounded for JSON evidence (4 decimals; NaN becomes null so JSON stays valid). */
export function rounded(value: number, digits = 4): number | null {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
