// Small hand-made inputs for the leakage checks' unit tests: columns from plain arrays, a schema with
// chosen roles, a 0/1 target, and seeded noise.

import type { ColumnRole } from '../../core/config.js';
import { Frame, type CodedColumn, type Column, type ColumnType, type NumericColumn } from '../../core/frame.js';
import { Rng } from '../../core/rng.js';
import type { SchemaColumn } from '../../data/infer.js';
import type { BinaryTarget } from '../../data/target.js';
import type { LeakageInput } from './types.js';

export function numeric(name: string, values: readonly number[], type: NumericColumn['type'] = 'numeric'): NumericColumn {
  return { name, type, values: Float64Array.from(values) };
}

/** A coded column; undefined is missing. */
export function coded(name: string, values: readonly (string | undefined)[], type: CodedColumn['type'] = 'categorical'): CodedColumn {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(values, (v) => {
    if (v === undefined) return -1;
    let code = index.get(v);
    if (code === undefined) {
      code = levels.length;
      levels.push(v);
      index.set(v, code);
    }
    return code;
  });
  return { name, type, codes, levels };
}

export function binaryTargetOf(y: ArrayLike<number>): BinaryTarget {
  const labels = Uint8Array.from(y);
  let positives = 0;
  for (const v of labels) positives += v;
  return { name: 'label', y: labels, positive: '1', negative: '0', positiveCount: positives, negativeCount: labels.length - positives, positiveSource: 'minority' };
}

export interface TestInputOptions extends Omit<Partial<LeakageInput>, 'frame' | 'schema' | 'target'> {
  y?: ArrayLike<number>;
  /** Role (and type) overrides; every other column is a feature of its storage type. */
  roles?: Record<string, { role?: ColumnRole; type?: ColumnType }>;
}

export function leakageInput(columns: readonly Column[], options: TestInputOptions = {}): LeakageInput {
  const { y, roles, ...rest } = options;
  const schema: SchemaColumn[] = columns.map((c) => ({
    name: c.name,
    type: roles?.[c.name]?.type ?? c.type,
    role: roles?.[c.name]?.role ?? (c.name === options.time ? 'time' : c.name === options.entity ? 'entity' : 'feature'),
    reason: 'test',
    sourceType: c.type,
    missing: 0,
    distinct: 0,
  }));
  return { frame: new Frame(columns), schema, seed: 7, ...(y === undefined ? {} : { target: binaryTargetOf(y) }), ...rest };
}

/** Seeded standard normal draws (Box–Muller). */
export function normals(n: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next()));
}

/** Seeded 0/1 labels with the given positive rate. */
export function labels(n: number, rate: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => (rng.next() < rate ? 1 : 0));
}

/** A split assignment from side names per row. */
export function assignmentOf(sides: readonly ('train' | 'valid' | 'test')[]): Uint8Array {
  return Uint8Array.from(sides, (s) => (s === 'train' ? 0 : s === 'valid' ? 1 : 2));
}
