// Options of slice analysis and of the weak-segment search, declared once with their defaults and
// checked once: inputs of the wrong length or labels other than 0/1 are user mistakes with a hint.

import { FlywheelError } from '../core/errors.js';
import { isCoded, type Column, type Frame } from '../core/frame.js';

export interface SliceAnalysisOptions {
  /** Columns to slice by; default every column except `exclude` (text and id columns skipped). */
  columns?: string[];
  /** Columns never sliced by: the target, ids, time columns. */
  exclude?: string[];
  /** Smallest slice that gets an AUC. */
  minSize?: number;
  /** Fewest rows of each class a slice needs for an AUC: one positive gives an AUC whose bootstrap hides its noise. */
  minClassSize?: number;
  /** Quantile bins per numeric or datetime column (fewer with few distinct values or rows). */
  numericBins?: number;
  /** Most categorical levels shown on their own; the others share one "(other: …)" slice. */
  maxLevels?: number;
  seed: number;
  replicates?: number;
  /** Level of the AUC intervals; the worse test uses the matching one-sided level after correction. */
  level?: number;
}

export interface WeakSegmentOptions extends SliceAnalysisOptions {
  /** How many segments to return (and to bootstrap). */
  top?: number;
  /** Only the first `maxFeatures` sliceable columns are paired. */
  maxFeatures?: number;
}

export const SLICE_DEFAULTS = { minSize: 30, minClassSize: 10, numericBins: 4, maxLevels: 10, replicates: 1000, level: 0.95 } as const;
export const SEGMENT_DEFAULTS = { ...SLICE_DEFAULTS, top: 10, maxFeatures: 20 } as const;

export type ResolvedSliceOptions = Required<Omit<SliceAnalysisOptions, 'columns' | 'exclude'>>;

export function resolveSliceOptions(options: SliceAnalysisOptions): ResolvedSliceOptions {
  const resolved = {
    minSize: options.minSize ?? SLICE_DEFAULTS.minSize,
    minClassSize: options.minClassSize ?? SLICE_DEFAULTS.minClassSize,
    numericBins: options.numericBins ?? SLICE_DEFAULTS.numericBins,
    maxLevels: options.maxLevels ?? SLICE_DEFAULTS.maxLevels,
    replicates: options.replicates ?? SLICE_DEFAULTS.replicates,
    level: options.level ?? SLICE_DEFAULTS.level,
    seed: options.seed,
  };
  for (const key of ['minSize', 'minClassSize', 'numericBins', 'maxLevels', 'replicates'] as const) requirePositiveInteger(key, resolved[key]);
  if (!(resolved.level > 0 && resolved.level < 1)) {
    throw new FlywheelError('usage', `slice option level must be between 0 and 1, got ${resolved.level}`, { hint: 'use 0.95 for 95% intervals' });
  }
  if (!Number.isInteger(resolved.seed)) {
    throw new FlywheelError('usage', `slice option seed must be an integer, got ${resolved.seed}`, { hint: 'pass the run seed, e.g. seed: 42' });
  }
  return resolved;
}

export function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new FlywheelError('usage', `slice option ${name} must be a positive integer, got ${value}`, { hint: `set ${name} to a whole number ≥ 1` });
  }
}

/** The columns to slice by, in frame order (or the given order); unknown `columns` raise column_not_found. */
export function sliceColumns(frame: Frame, options: Pick<SliceAnalysisOptions, 'columns' | 'exclude'>): Column[] {
  // Names in `exclude` that are not in the frame are ignored: the target may already have been dropped.
  const exclude = new Set(options.exclude ?? []);
  if (options.columns !== undefined) {
    return options.columns.filter((name) => !exclude.has(name)).map((name) => {
      const column = frame.column(name, 'slice column');
      if (isCoded(column) && column.type !== 'categorical') {
        throw new FlywheelError('usage', `slice column "${name}" is a ${column.type} column; its values are not groups`, {
          hint: 'slice by categorical, numeric, boolean or datetime columns',
          details: { column: name },
        });
      }
      return column;
    });
  }
  return frame.columns.filter((c) => !exclude.has(c.name) && (!isCoded(c) || c.type === 'categorical'));
}

/** Whether a slice (or segment cell) with these counts gets an AUC. */
export function enoughRows(options: ResolvedSliceOptions, positives: number, negatives: number): boolean {
  return positives + negatives >= options.minSize && positives >= options.minClassSize && negatives >= options.minClassSize;
}

/** Scores and labels must match the frame row for row; labels are 0/1 and scores are numbers. */
export function checkScoresAndLabels(frame: Frame, scores: Float64Array, y: Uint8Array): void {
  if (scores.length !== frame.nRows || y.length !== frame.nRows) {
    throw new FlywheelError('data_invalid', `slice analysis needs one score and one label per row: the data has ${frame.nRows} rows, got ${scores.length} scores and ${y.length} labels`, {
      hint: 'score the same rows the frame holds, in the same order',
    });
  }
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1) {
      throw new FlywheelError('data_invalid', `labels must be 0 or 1, row ${i} has ${y[i]}`, { hint: 'encode the positive class as 1 and the negative as 0' });
    }
    if (!Number.isFinite(scores[i]!)) {
      throw new FlywheelError('data_invalid', `scores must be finite numbers, row ${i} has ${scores[i]}`, { hint: 'check the model output for missing or infinite predictions' });
    }
  }
}
