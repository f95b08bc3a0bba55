// What a step sees while it is fitted: the training working set, the labels, the encoding the model
// wants, and checked access to the columns it names. Steps fit on the training rows and transform
// them in the same call (fit-transform), so a later step fits on what an earlier one produced.

import { z } from 'zod';
import type { Column } from '../core/frame.js';
import type { FeatureEncoding } from '../models/estimator.js';
import type { WorkingSet } from './working-set.js';

/** Where a fitted step came from: the user's `features:` list, the default pipeline, or the encoding's needs. */
export const STEP_ORIGINS = ['features', 'default', 'required'] as const;
export type StepOrigin = (typeof STEP_ORIGINS)[number];
export const originSchema = z.enum(STEP_ORIGINS);

/** Working-column types a step may accept. */
export type InputKind = 'numeric' | 'boolean' | 'datetime' | 'categorical';

export interface OutputProps {
  /** True when the column can never be missing, whatever the input (imputed, one-hot, encoded). */
  complete: boolean;
  /** An integer-coded categorical feature ('native' encoding). */
  categorical?: boolean;
}

export interface FitContext {
  readonly encoding: FeatureEncoding;
  readonly origin: StepOrigin;
  /** The step, for messages: `features.2 (scale)`, or `default one_hot`. */
  readonly label: string;
  readonly work: WorkingSet;
  /** Training labels (0/1), one per working-set row. */
  readonly y: Uint8Array;
  /** Stratified fold of each training row, seeded (drawn once per fit and shared by every step). */
  folds(): Uint8Array;
  /** The named column, checked: it exists at this point of the pipeline and has one of the accepted types. */
  input(name: string, accepts: readonly InputKind[], hint?: string): Column;
  /** Whether the column can never be missing (see OutputProps.complete). */
  isComplete(name: string): boolean;
  /** Throws a clear error when a column the step would add already exists. */
  checkNewName(name: string): void;
  /** Record the properties of a column the step wrote. */
  output(name: string, props: OutputProps): void;
}
