// The feature pipeline's public surface: fit on the training rows, transform Frames or JSON records
// identically, save and load the fitted state. The `features:` schema itself lives in core.

export { trainFrame, fitPipeline, pipelineFromJSON, type TrainFrame, type FittedPipeline, type FitPipelineOptions, type PipelineJson, type PipelineInputColumn, type StepProvenance } from './pipeline.js';
export type { PipelineSchemaColumn } from './pipeline-fit.js';
export type { FittedStep } from './fitted-step.js';
export type { StepOrigin } from './fit-context.js';
export { PIPELINE_FORMAT_VERSION } from './pipeline-json.js';
export { featureStepsSchema, featureStepSchema, featureStepKeys, FEATURE_STEP_KINDS, type FeatureStep, type FeatureStepInput, type FeatureStepKind } from '../core/feature-spec.js';
