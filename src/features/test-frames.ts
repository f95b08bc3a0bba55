// Small hand-made Frames for the pipeline's tests: columns from plain arrays (null = missing), a
// schema that makes every column a feature, and a one-call fit on all rows.

import { FlywheelError } from '../core/errors.js';
import { Frame, type CodedColumn, type Column, type NumericColumn } from '../core/frame.js';
import type { ColumnRole } from '../core/config.js';
import type { FeatureStepInput } from '../core/feature-spec.js';
import type { FeatureEncoding } from '../models/estimator.js';
import { columnOf, type Matrix } from '../models/matrix.js';
import { fitPipeline, trainFrame, type FittedPipeline } from './pipeline.js';
import type { PipelineSchemaColumn } from './pipeline-fit.js';

export function numbers(name: string, values: readonly (number | null)[], type: NumericColumn['type'] = 'numeric'): NumericColumn {
  return { name, type, values: Float64Array.from(values, (v) => (v === null ? NaN : v)) };
}

/** Levels in first-seen order (as a reader might list them), not sorted. */
export function categories(name: string, values: readonly (string | null)[]): CodedColumn {
  const levels: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let code = levels.indexOf(v);
    if (code < 0) code = levels.push(v) - 1;
    return code;
  });
  return { name, type: 'categorical', codes, levels };
}

export function dates(name: string, values: readonly (string | null)[]): NumericColumn {
  return { name, type: 'datetime', values: Float64Array.from(values, (v) => (v === null ? NaN : Date.parse(v))) };
}

export function frameOf(...columns: Column[]): Frame {
  return new Frame(columns);
}

export function schemaOf(frame: Frame, roles: Readonly<Record<string, ColumnRole>> = {}): PipelineSchemaColumn[] {
  return frame.columns.map((c) => ({ name: c.name, type: c.type, role: (Object.hasOwn(roles, c.name) ? roles[c.name] : undefined) ?? 'feature' }));
}

export interface FitAllOptions {
  steps?: FeatureStepInput[];
  encoding?: FeatureEncoding;
  y?: Uint8Array;
  seed?: number;
  roles?: Readonly<Record<string, ColumnRole>>;
}

/** Fit on every row of the frame (all rows are train). */
export function fitAll(frame: Frame, options: FitAllOptions = {}): { pipeline: FittedPipeline; trainMatrix: Matrix } {
  const train = trainFrame(frame, { assignment: new Uint8Array(frame.nRows) });
  return fitPipeline(train, options.y ?? new Uint8Array(frame.nRows), {
    schema: schemaOf(frame, options.roles),
    steps: options.steps ?? [],
    encoding: options.encoding ?? 'native',
    seed: options.seed ?? 42,
  });
}

/** A matrix column by feature name, as a plain array (NaN kept). */
export function feature(X: Matrix, name: string): number[] {
  const j = X.columns.indexOf(name);
  if (j < 0) throw new Error(`no feature "${name}" (features: ${X.columns.join(', ')})`);
  return [...columnOf(X, j)];
}

/** The FlywheelError `fn` throws (any other outcome fails the test). */
export function thrown(fn: () => unknown): FlywheelError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected a FlywheelError');
}
