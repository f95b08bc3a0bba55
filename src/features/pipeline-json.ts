// The saved form of a fitted pipeline (part of every model package): a format version, the raw
// columns it reads, each fitted step's state in order, and what it produces. Data only, never code;
// loading checks the version first, then the whole shape.

import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import { fittedStepSchema, type FittedStep } from './fitted-step.js';
import type { StepProvenance } from './pipeline-fit.js';
import type { PipelineInputColumn } from './pipeline-input.js';
import type { FeatureEncoding } from '../models/estimator.js';

export const PIPELINE_FORMAT_VERSION = 1;
const SUPPORTED_VERSIONS: readonly number[] = [PIPELINE_FORMAT_VERSION];

export interface PipelineJson {
  format_version: typeof PIPELINE_FORMAT_VERSION;
  encoding: FeatureEncoding;
  input_columns: PipelineInputColumn[];
  steps: FittedStep[];
  feature_names: string[];
  categorical_features: number[];
  warnings: string[];
  provenance: StepProvenance[];
}

const pipelineJsonSchema = z.strictObject({
  format_version: z.literal(PIPELINE_FORMAT_VERSION),
  encoding: z.enum(['scaled', 'unscaled', 'native']),
  input_columns: z.array(z.strictObject({ name: z.string(), type: z.enum(['numeric', 'boolean', 'datetime', 'categorical']) })),
  steps: z.array(fittedStepSchema),
  feature_names: z.array(z.string()).min(1),
  categorical_features: z.array(z.number().int().min(0)),
  warnings: z.array(z.string()),
  provenance: z.array(z.strictObject({ step: z.string(), columns: z.array(z.string()), fitted_on_rows: z.number().int().min(0) })),
});

/** Checks the version, then the shape; throws a FlywheelError saying what is wrong. */
export function parsePipelineJson(json: unknown): PipelineJson {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new FlywheelError('data_invalid', `expected a fitted pipeline (a JSON object), found ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`, {
      hint: 'load the pipeline from a model package written by Flywheel',
    });
  }
  const version = (json as { format_version?: unknown }).format_version;
  if (typeof version !== 'number' || !SUPPORTED_VERSIONS.includes(version)) {
    throw new FlywheelError('data_invalid', `pipeline format version ${JSON.stringify(version) ?? 'undefined'} is not supported (this Flywheel reads ${SUPPORTED_VERSIONS.join(', ')})`, {
      hint: 'upgrade Flywheel to read pipelines written by a newer version, or refit the model',
      details: { format_version: version },
    });
  }
  const parsed = pipelineJsonSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
    throw new FlywheelError('data_invalid', `the fitted pipeline JSON is not valid: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}`, {
      hint: 'the model package is damaged or was edited by hand; refit the model',
      details: { problems },
    });
  }
  const data = parsed.data;
  if (new Set(data.feature_names).size !== data.feature_names.length) {
    throw new FlywheelError('data_invalid', 'the fitted pipeline JSON names a feature twice', { hint: 'the model package is damaged; refit the model' });
  }
  const outside = data.categorical_features.find((j) => j >= data.feature_names.length);
  if (outside !== undefined) {
    throw new FlywheelError('data_invalid', `the fitted pipeline JSON lists categorical feature ${outside}, but it has ${data.feature_names.length} features`, {
      hint: 'the model package is damaged; refit the model',
    });
  }
  return data;
}
