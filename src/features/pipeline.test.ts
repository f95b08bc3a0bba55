import { beforeAll, describe, expect, it } from 'vitest';
import { isCoded, type Frame } from '../core/frame.js';
import { applySchema, inferSchema, type Schema } from '../data/infer.js';
import { readTable } from '../data/read.js';
import { makeSplit, rowsOf, VALID, type Split } from '../data/split.js';
import { binaryTarget } from '../data/target.js';
import type { FeatureStepInput } from '../core/feature-spec.js';
import type { FeatureEncoding } from '../models/estimator.js';
import { columnOf, type Matrix } from '../models/matrix.js';
import { TELCO } from '../../test/fixtures.js';
import { fitPipeline, pipelineFromJSON, trainFrame, type FittedPipeline, type TrainFrame } from './pipeline.js';
import { categories, dates, fitAll, frameOf, numbers, thrown } from './test-frames.js';

let frame: Frame;
let schema: Schema;
let y: Uint8Array;
let split: Split;
let train: TrainFrame;
let yTrain: Uint8Array;

beforeAll(async () => {
  const table = await readTable(TELCO);
  schema = inferSchema(table.frame, table.columns, { target: 'churn' });
  frame = applySchema(table.frame, schema);
  y = binaryTarget(table.frame, 'churn', { label: 'Yes', source: 'config' }).y;
  split = await makeSplit('telco', frame.nRows, { method: 'stratified', valid: 0.2, test: 0.2, seed: 42 }, { y });
  train = trainFrame(frame, split);
  yTrain = Uint8Array.from(rowsOf(split.assignment, 0), (r) => y[r]!);
});

function fit(encoding: FeatureEncoding, steps: FeatureStepInput[] = [], seed = 42) {
  return fitPipeline(train, yTrain, { schema: schema.columns, steps, encoding, seed });
}

/** Rows of the Frame as the JSON records a client would send: level text for coded columns, raw numbers otherwise. */
function recordsOf(f: Frame, rows: ArrayLike<number>): Record<string, unknown>[] {
  return Array.from(rows, (row) => {
    const record: Record<string, unknown> = {};
    for (const column of f.columns) {
      const value = isCoded(column) ? f.cellText(column, row) : column.values[row]!;
      record[column.name] = typeof value === 'number' && Number.isNaN(value) ? null : (value ?? null);
    }
    return record;
  });
}

function sameMatrix(a: Matrix, b: Matrix): void {
  expect(b.columns).toEqual(a.columns);
  expect(b.nRows).toBe(a.nRows);
  expect(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength).equals(Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength))).toBe(true);
}

const SERVICES = ['online_security', 'online_backup', 'device_protection', 'tech_support', 'streaming_tv', 'streaming_movies'];
const ONE_HOT_NAMES = [
  'female',
  'senior_citizen',
  'partner',
  'dependents',
  'tenure',
  'phone_service',
  'multiple_lines=No',
  'multiple_lines=No phone service',
  'multiple_lines=Yes',
  'internet_service=DSL',
  'internet_service=Fiber optic',
  'internet_service=No',
  ...SERVICES.flatMap((s) => [`${s}=No`, `${s}=No internet service`, `${s}=Yes`]),
  'contract=Month-to-month',
  'contract=One year',
  'contract=Two year',
  'paperless_billing',
  'payment_method=Bank transfer (automatic)',
  'payment_method=Credit card (automatic)',
  'payment_method=Electronic check',
  'payment_method=Mailed check',
  'monthly_charges',
  'total_charges',
  'total_charges__missing',
];

/** Every step kind, on Telco's columns. */
const EVERY_STEP: FeatureStepInput[] = [
  { step: 'ratio', numerator: 'total_charges', denominator: 'tenure' },
  { step: 'clip', columns: ['monthly_charges'], q_low: 0.01, q_high: 0.99 },
  { step: 'impute', columns: ['total_charges'], strategy: 'median', indicator: true },
  { step: 'log1p', columns: ['total_charges'] },
  { step: 'scale', columns: ['total_charges'] },
  { step: 'bucketize', columns: ['tenure'], n_bins: 5 },
  { step: 'target_encoding', columns: ['payment_method'] },
  { step: 'cross', columns: ['contract', 'paperless_billing'] },
  { step: 'ordinal', columns: ['contract'] },
  { step: 'one_hot', columns: ['internet_service'], max_levels: 2 },
];

describe('the default pipeline on Telco', () => {
  it("'scaled' one-hot encodes categories, keeps booleans, imputes and scales numbers, and marks total_charges' missing values", () => {
    const { pipeline, trainMatrix } = fit('scaled');
    expect(pipeline.featureNames).toEqual(ONE_HOT_NAMES);
    expect(pipeline.warnings).toEqual([]);
    for (const name of ['tenure', 'monthly_charges', 'total_charges']) {
      const values = columnOf(trainMatrix, pipeline.featureNames.indexOf(name));
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
      expect(mean).toBeCloseTo(0, 10);
      expect(variance).toBeCloseTo(1, 2); // the imputed medians pull total_charges' variance a little below 1
    }
    expect(trainMatrix.data.some(Number.isNaN)).toBe(false);
  });

  it("'unscaled' gives the same features with raw numbers", () => {
    const { pipeline, trainMatrix } = fit('unscaled');
    expect(pipeline.featureNames).toEqual(ONE_HOT_NAMES);
    expect(columnOf(trainMatrix, pipeline.featureNames.indexOf('tenure'))).toEqual((train.column('tenure') as { values: Float64Array }).values);
  });

  it("'native' keeps one feature per column, categories as codes listed in categoricalFeatures", () => {
    const { pipeline, trainMatrix } = fit('native');
    const features = schema.columns.filter((c) => c.role === 'feature').map((c) => c.name);
    expect(pipeline.featureNames).toEqual(features);
    const categorical = schema.columns.filter((c) => c.role === 'feature' && c.type === 'categorical').map((c) => features.indexOf(c.name));
    expect(pipeline.categoricalFeatures).toEqual(categorical);
    expect(columnOf(trainMatrix, features.indexOf('total_charges')).some(Number.isNaN)).toBe(true);
    expect(pipeline.inputColumns.map((c) => c.name)).toEqual(features);
  });

  it('records that every step was fitted on the training rows only', () => {
    for (const encoding of ['scaled', 'unscaled', 'native'] as const) {
      const { pipeline } = fit(encoding, EVERY_STEP);
      expect(pipeline.provenance.length).toBe(pipeline.toJSON().steps.length);
      for (const p of pipeline.provenance) expect(p.fitted_on_rows).toBe(split.counts.train);
    }
    expect(fit('scaled').pipeline.provenance.map((p) => p.step)).toEqual(['impute', 'impute', 'impute', 'scale', 'one_hot']);
  });
});

describe('fitting on train only', () => {
  it('accepts only a TrainFrame made by trainFrame()', () => {
    const forged = frame as TrainFrame;
    expect(() => fitPipeline(forged, y, { schema: schema.columns, encoding: 'scaled', seed: 1 })).toThrow(/trainFrame\(frame, split\)/);
  });

  it('trainFrame takes the train rows in row order', () => {
    const rows = rowsOf(split.assignment, 0);
    expect(train.nRows).toBe(rows.length);
    const tenure = frame.column('tenure') as { values: Float64Array };
    expect((train.column('tenure') as { values: Float64Array }).values).toEqual(Float64Array.from(rows, (r) => tenure.values[r]!));
  });

  it('gives the same training matrix as transform(train) except where target encoding is out of fold', () => {
    const { pipeline, trainMatrix } = fit('unscaled', EVERY_STEP);
    const scored = pipeline.transform(train);
    expect(scored.columns).toEqual(trainMatrix.columns);
    for (let j = 0; j < scored.nCols; j++) {
      const same = columnOf(scored, j).every((v, i) => Object.is(v, columnOf(trainMatrix, j)[i]));
      expect([scored.columns[j], same]).toEqual([scored.columns[j], scored.columns[j] !== 'payment_method']);
    }
  });

  it('does not change the Frame it transforms', () => {
    const { pipeline } = fit('scaled', EVERY_STEP);
    const before = frame.columns.map((c) => (isCoded(c) ? Int32Array.from(c.codes) : Float64Array.from(c.values)));
    pipeline.transform(frame);
    frame.columns.forEach((c, j) => expect(isCoded(c) ? c.codes : c.values).toEqual(before[j]));
  });
});

describe('parity and persistence', () => {
  it('gives identical numbers for a Frame and the same rows as JSON records, in every encoding', () => {
    const rows = rowsOf(split.assignment, VALID).slice(0, 300);
    const sample = frame.take(rows);
    const records = recordsOf(frame, rows);
    for (const encoding of ['scaled', 'unscaled', 'native'] as const) {
      for (const steps of [[], EVERY_STEP]) {
        const { pipeline } = fit(encoding, steps);
        sameMatrix(pipeline.transform(sample), pipeline.transform(records));
      }
    }
  });

  it('gives identical numbers for records carrying dates as ISO text, epoch milliseconds or the same Frame', () => {
    const f = frameOf(dates('when', ['2024-01-01T10:00:00Z', null, '2023-06-30T23:59:59.500Z', '2024-02-29']), categories('c', ['a', null, 'b', 'a']), numbers('flag', [1, 0, null, 1], 'boolean'));
    const { pipeline } = fitAll(f, { encoding: 'scaled' });
    const when = (f.column('when') as { values: Float64Array }).values;
    const asIso = [0, 1, 2, 3].map((r) => ({ when: f.cellText(f.column('when'), r), c: f.cellText(f.column('c'), r), flag: f.cellText(f.column('flag'), r) }));
    const asNumbers = [0, 1, 2, 3].map((r) => ({ when: Number.isNaN(when[r]!) ? null : when[r], c: f.cellText(f.column('c'), r), flag: [1, 0, null, 1][r] }));
    sameMatrix(pipeline.transform(f), pipeline.transform(asIso));
    sameMatrix(pipeline.transform(f), pipeline.transform(asNumbers));
  });

  it('round-trips through JSON text to a pipeline giving identical matrices', () => {
    const rows = rowsOf(split.assignment, VALID);
    const valid = frame.take(rows);
    for (const encoding of ['scaled', 'unscaled', 'native'] as const) {
      const { pipeline } = fit(encoding, EVERY_STEP);
      const loaded: FittedPipeline = pipelineFromJSON(JSON.parse(JSON.stringify(pipeline.toJSON())));
      sameMatrix(pipeline.transform(valid), loaded.transform(valid));
      expect(loaded.featureNames).toEqual(pipeline.featureNames);
      expect(loaded.categoricalFeatures).toEqual(pipeline.categoricalFeatures);
      expect(loaded.inputColumns).toEqual(pipeline.inputColumns);
      expect(loaded.provenance).toEqual(pipeline.provenance);
      expect(loaded.toJSON()).toEqual(pipeline.toJSON());
    }
  });

  it('saves the format version, encoding, inputs, fitted states, features and warnings', () => {
    const json = fit('native', [{ step: 'ordinal', columns: ['contract'] }]).pipeline.toJSON();
    expect(Object.keys(json)).toEqual(['format_version', 'encoding', 'input_columns', 'steps', 'feature_names', 'categorical_features', 'warnings', 'provenance']);
    expect(json.format_version).toBe(1);
    expect(json.steps[0]).toEqual({ step: 'ordinal', origin: 'features', unseen: null, categorical: true, columns: [{ column: 'contract', levels: ['Month-to-month', 'One year', 'Two year'] }] });
  });

  it('refuses an unknown format version, naming it and the versions it reads', () => {
    const json = { ...fit('native').pipeline.toJSON(), format_version: 2 };
    const error = thrown(() => pipelineFromJSON(json));
    expect(error.code).toBe('data_invalid');
    expect(error.message).toBe('pipeline format version 2 is not supported (this Flywheel reads 1)');
    expect(error.hint).toBe('upgrade Flywheel to read pipelines written by a newer version, or refit the model');
  });

  it('refuses a damaged or inconsistent pipeline JSON clearly', () => {
    const json = fit('scaled').pipeline.toJSON();
    expect(thrown(() => pipelineFromJSON(null)).message).toBe('expected a fitted pipeline (a JSON object), found null');
    const badStep = { ...json, steps: [{ step: 'scale', origin: 'features', method: 'standard', columns: [{ column: 'tenure', mean: 0, std: 0 }] }] };
    expect(thrown(() => pipelineFromJSON(badStep)).message).toMatch(/^the fitted pipeline JSON is not valid: steps\.0\.columns\.0\.std: /);
    const missingInput = { ...json, input_columns: json.input_columns.filter((c) => c.name !== 'tenure') };
    expect(thrown(() => pipelineFromJSON(missingInput)).message).toMatch(/^the fitted pipeline JSON is inconsistent: /);
  });
});
