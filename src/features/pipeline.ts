// The feature pipeline's public API. A pipeline is fitted on the training rows only — fitPipeline
// accepts nothing but a TrainFrame, which only trainFrame() makes — and `transform` is the one
// function training, batch scoring and the model server share: a Frame and the same rows as JSON
// records give identical matrices. The fitted state is plain JSON (pipeline-json.ts).

import { FlywheelError } from '../core/errors.js';
import { Frame } from '../core/frame.js';
import { rowsOf, TRAIN } from '../data/split.js';
import type { FeatureEncoding } from '../models/estimator.js';
import { makeMatrix, type Matrix } from '../models/matrix.js';
import { applyStep, type FittedStep } from './fitted-step.js';
import { fitSteps, type FitPipelineOptions, type StepProvenance } from './pipeline-fit.js';
import { parsePipelineJson, PIPELINE_FORMAT_VERSION, type PipelineJson } from './pipeline-json.js';
import { inputFromFrame, inputFromRecords, type PipelineInputColumn } from './pipeline-input.js';
import type { WorkingSet } from './working-set.js';

/** The training rows of a dataset. Only trainFrame() makes one, so a pipeline cannot be fitted on other rows. */
export type TrainFrame = Frame & { readonly __rows: 'train' };

const TRAIN_FRAMES = new WeakSet<Frame>();

/** The TRAIN rows of `frame` under `split`, in row order. */
export function trainFrame(frame: Frame, split: { readonly assignment: Uint8Array }): TrainFrame {
  if (split.assignment.length !== frame.nRows) {
    throw new FlywheelError('data_invalid', `the split assigns ${split.assignment.length} rows but the data has ${frame.nRows}`, {
      hint: 'make the split from this data (the same snapshot)',
    });
  }
  const train = frame.take(rowsOf(split.assignment, TRAIN));
  Object.defineProperty(train, '__rows', { value: 'train', enumerable: false });
  TRAIN_FRAMES.add(train);
  return train as TrainFrame;
}

export interface FittedPipeline {
  readonly encoding: FeatureEncoding;
  /** The matrix columns transform produces, in order. */
  readonly featureNames: readonly string[];
  /** Indexes (into featureNames) of integer-coded categorical features ('native' encoding). */
  readonly categoricalFeatures: readonly number[];
  /** The raw columns transform reads, with the types they were fitted on. */
  readonly inputColumns: readonly PipelineInputColumn[];
  readonly warnings: readonly string[];
  /** Every fitted step, the columns it read and how many (training) rows it was fitted on. */
  readonly provenance: readonly StepProvenance[];
  /** Features for a Frame (columns by name) or plain JSON records keyed by raw column name. */
  transform(input: Frame | readonly Record<string, unknown>[]): Matrix;
  toJSON(): PipelineJson;
}

export type { FitPipelineOptions, PipelineJson, PipelineInputColumn, StepProvenance };

/**
 * Fit the pipeline on the training rows. `y` (the training labels, 0/1) is read by target encoding
 * only. The returned trainMatrix holds the training rows' features, out-of-fold where target
 * encoding applies (so it differs from transform(train) there, and only there).
 */
export function fitPipeline(train: TrainFrame, y: Uint8Array, options: FitPipelineOptions): { pipeline: FittedPipeline; trainMatrix: Matrix } {
  if (!TRAIN_FRAMES.has(train)) {
    throw new TypeError('fitPipeline takes the training rows made by trainFrame(frame, split): a pipeline is fitted on train only');
  }
  if (y.length !== train.nRows) throw new Error(`fitPipeline: ${train.nRows} training rows but ${y.length} labels`);
  const notLabel = y.findIndex((v) => v !== 0 && v !== 1);
  if (notLabel >= 0) throw new Error(`fitPipeline: labels must be 0 or 1, found ${y[notLabel]} at training row ${notLabel}`);
  if (train.nRows === 0) {
    throw new FlywheelError('data_invalid', 'cannot fit the feature pipeline on zero training rows', { hint: 'check the split: train is empty' });
  }
  const parts = fitSteps(train, y, options);
  const pipeline = new Pipeline({
    format_version: PIPELINE_FORMAT_VERSION,
    encoding: options.encoding,
    input_columns: parts.inputColumns,
    steps: parts.steps,
    feature_names: parts.featureNames,
    categorical_features: parts.categoricalFeatures,
    warnings: parts.warnings,
    provenance: parts.provenance,
  });
  return { pipeline, trainMatrix: matrixOf(parts.trainWork, parts.featureNames) };
}

/** A fitted pipeline from its JSON; an unknown format version or a damaged state is refused clearly. */
export function pipelineFromJSON(json: unknown): FittedPipeline {
  const pipeline = new Pipeline(structuredClone(parsePipelineJson(json)));
  try {
    // A dry run on zero rows checks that every step finds the columns it reads.
    pipeline.transform([]);
  } catch (error) {
    throw new FlywheelError('data_invalid', `the fitted pipeline JSON is inconsistent: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'the model package is damaged or was edited by hand; refit the model',
      cause: error,
    });
  }
  return pipeline;
}

class Pipeline implements FittedPipeline {
  readonly encoding: FeatureEncoding;
  readonly featureNames: readonly string[];
  readonly categoricalFeatures: readonly number[];
  readonly inputColumns: readonly PipelineInputColumn[];
  readonly warnings: readonly string[];
  readonly provenance: readonly StepProvenance[];
  private readonly steps: readonly FittedStep[];

  constructor(private readonly json: PipelineJson) {
    // The fitted state is shared with callers through the read-only fields: freeze it so that no
    // caller can change what transform (or a later toJSON) does.
    deepFreeze(json);
    this.encoding = json.encoding;
    this.featureNames = json.feature_names;
    this.categoricalFeatures = json.categorical_features;
    this.inputColumns = json.input_columns;
    this.warnings = json.warnings;
    this.provenance = json.provenance;
    this.steps = json.steps;
  }

  transform(input: Frame | readonly Record<string, unknown>[]): Matrix {
    let work: WorkingSet;
    if (input instanceof Frame) work = inputFromFrame(input, this.inputColumns);
    else if (Array.isArray(input)) work = inputFromRecords(input, this.inputColumns);
    else {
      throw new FlywheelError('data_invalid', `transform takes a Frame or an array of records, found ${input === null ? 'null' : typeof input}`, {
        hint: 'pass the rows to score as a Frame, or as JSON objects keyed by column name',
      });
    }
    for (const step of this.steps) applyStep(step, work);
    return matrixOf(work, this.featureNames);
  }

  toJSON(): PipelineJson {
    return structuredClone(this.json);
  }
}

function matrixOf(work: WorkingSet, featureNames: readonly string[]): Matrix {
  const n = work.nRows;
  const matrix = makeMatrix(n, [...featureNames]);
  featureNames.forEach((name, j) => matrix.data.set(work.numeric(name).values, j * n));
  return matrix;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
