// Flywheel as a library: the same capabilities as the CLI, one import. Stages are added here as they land.

export { FlywheelError, isFlywheelError, ERROR_CODES, type ErrorCode } from './core/errors.js';
export { Frame, isCoded, COLUMN_TYPES, type Column, type CodedColumn, type NumericColumn, type ColumnType } from './core/frame.js';
export { parseProjectConfig, projectConfigSchema, type ProjectConfig, type SplitConfig } from './core/config.js';
export { Rng } from './core/rng.js';
export { hashFrame, hashJson } from './core/hash.js';

export { readTable, type LoadedTable, type ReadOptions, type RawColumnInfo } from './data/read.js';
export { inferSchema, applySchema, type Schema, type SchemaColumn } from './data/infer.js';
export { binaryTarget, type BinaryTarget } from './data/target.js';
export { snapshotFile, type SnapshotResult } from './data/snapshot.js';
export { makeSplit, rowsOf, TRAIN, VALID, TEST, EXCLUDED, type Split, type SplitSpec } from './data/split.js';

export { openStore, type Store } from './store/index.js';

export { loadProject, findProjectRoot, type Project } from './workflow/project.js';
export { initProject, type InitOptions, type InitResult } from './workflow/init.js';
export { readDataset, snapshotProject, splitDataset, type Dataset } from './workflow/dataset.js';
export { describeDataset, type DataDescription } from './workflow/describe.js';
export { runDemo, type DemoResult } from './workflow/demo.js';

export { fitPipeline, trainFrame, pipelineFromJSON, type FittedPipeline, type TrainFrame, type PipelineJson } from './features/index.js';
export { makeMatrix, matrixFromColumns, type Matrix } from './models/matrix.js';
export type { Model, ModelKind, ModelJson, FitOptions, FeatureEncoding } from './models/estimator.js';
export { parseParams, describeParams } from './models/params.js';
export { modelKind, availableKinds, modelFromJSON } from './models/registry.js';
export { rocAuc, averagePrecision, logLoss, brier } from './evaluation/metrics.js';
export { metricsWithIntervals, pairedDifference, type MetricValue } from './evaluation/bootstrap.js';
export { buildModelPackage, loadModelPackage, scoreRecords, type ModelPackageJson } from './tracking/model-package.js';
export { trainProject, type LadderResult, type RungResult, type TrainOptions } from './workflow/train.js';
export { learningCurve, type LearningCurveResult } from './workflow/learning-curve.js';

export { frameProject, type FrameResult } from './workflow/frame.js';
export { auditProject, type AuditResult } from './workflow/audit.js';
export { evaluateRun, type EvaluateOptions } from './workflow/evaluate.js';
export { evaluateAndReport } from './workflow/evaluate-report.js';
export type { EvaluationResult, SliceResult, SegmentResult, ThresholdChoice, CalibrationSummary, DelongResult } from './evaluation/evaluation-result.js';
export { listRuns, showRun, tagRun, noteRun, type RunSummary, type RunDetail } from './workflow/runs.js';
export { parseRunFilters } from './workflow/run-filters.js';
export { compareRuns, type CompareResult } from './workflow/compare.js';
export { reproduceRun, type ReproduceResult } from './workflow/reproduce.js';
export { promoteRun, rollback, listModelVersions, modelHistory, type PromoteResult, type ModelsListing, type ModelHistory } from './workflow/registry.js';
export { evaluateGate, type GateResult, type GateCondition } from './registry/gate.js';
export { delongTest } from './evaluation/delong.js';
export { sliceAnalysis } from './evaluation/slices.js';
export { weakSegments } from './evaluation/segments.js';
export { calibrationSummary } from './evaluation/calibration.js';
export { fitPlatt, fitIsotonic, applyCalibrator, type CalibratorJson } from './evaluation/calibrators.js';
export { chooseThreshold } from './evaluation/threshold.js';
export { predictFile } from './workflow/predict.js';
export { queryLog, exportLog } from './workflow/prediction-log.js';
export { importFeedback } from './workflow/feedback.js';
export { shadowReport } from './workflow/shadow-report.js';
export { openTableStream, openChunkWriter } from './data/stream.js';
export { migrateStore, copyStore, STORE_URL_ENV } from './store/index.js';
