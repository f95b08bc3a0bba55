import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { featureStepsSchema, type FeatureStep } from '../core/feature-spec.js';
import type { CodedColumn } from '../core/frame.js';
import { categories, dates, feature, fitAll, frameOf, numbers, thrown } from './test-frames.js';

const frame = frameOf(
  numbers('income', [10, null, 30, 50]),
  numbers('age', [20, 30, 40, 50]),
  numbers('member', [1, null, 1, 0], 'boolean'),
  categories('plan', ['basic', 'pro', null, 'basic']),
  dates('signup', ['2024-01-01T08:00:00Z', '2024-01-06', null, '2024-02-03']),
);

describe('the default pipeline', () => {
  it("'scaled': imputes numbers (indicator only where train has missing values) and scales them; booleans take the most frequent value; categories are one-hot; dates become scaled parts", () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'scaled' });
    expect(pipeline.featureNames).toEqual([
      'income',
      'income__missing',
      'age',
      'member',
      'plan=basic',
      'plan=pro',
      'plan=__missing__',
      'signup__month',
      'signup__day_of_week',
      'signup__is_weekend',
      'signup__hour',
      'signup__missing',
    ]);
    const age = feature(trainMatrix, 'age');
    const std = Math.sqrt(125);
    expect(age).toEqual([-15 / std, -5 / std, 5 / std, 15 / std]);
    // income: median 30 fills the gap, then scaled.
    const income = feature(trainMatrix, 'income');
    expect(income[1]).toBe(income[2]);
    expect(feature(trainMatrix, 'member')).toEqual([1, 1, 1, 0]);
    expect(feature(trainMatrix, 'income__missing')).toEqual([0, 1, 0, 0]);
    expect(pipeline.categoricalFeatures).toEqual([]);
    expect(pipeline.toJSON().steps.map((s) => `${s.origin} ${s.step}`)).toEqual([
      'default impute',
      'default impute',
      'default impute',
      'default date_parts',
      'default scale',
      'default one_hot',
    ]);
  });

  it("'unscaled': the same steps without scaling", () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'unscaled' });
    expect(pipeline.featureNames).toEqual(fitAll(frame, { encoding: 'scaled' }).pipeline.featureNames);
    expect(feature(trainMatrix, 'income')).toEqual([10, 30, 30, 50]);
    // The missing signup is filled with the median date before its parts are taken.
    expect(feature(trainMatrix, 'signup__month')).toEqual([1, 1, 1, 2]);
    expect(feature(trainMatrix, 'signup__hour')).toEqual([8, 0, 0, 0]);
  });

  it("'native': numbers and booleans keep NaN, categories become codes reported as categorical, dates become parts with NaN", () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'native' });
    expect(pipeline.featureNames).toEqual(['income', 'age', 'member', 'plan', 'signup__month', 'signup__day_of_week', 'signup__is_weekend', 'signup__hour']);
    expect(pipeline.categoricalFeatures).toEqual([3]);
    expect(feature(trainMatrix, 'income')).toEqual([10, NaN, 30, 50]);
    expect(feature(trainMatrix, 'member')).toEqual([1, NaN, 1, 0]);
    expect(feature(trainMatrix, 'plan')).toEqual([0, 1, NaN, 0]);
    expect(feature(trainMatrix, 'signup__month')).toEqual([1, 1, NaN, 2]);
    expect(feature(pipeline.transform([{ plan: 'enterprise' }]), 'plan')).toEqual([NaN]);
  });

  it('leaves out a column missing or constant on train, with a warning naming it', () => {
    const degenerate = frameOf(
      numbers('ok', [1, 2, 3]),
      numbers('flat', [7, 7, 7]),
      categories('empty', [null, null, null]),
      categories('same', ['x', 'x', 'x']),
      numbers('sparse', [4, null, 4]),
    );
    const { pipeline } = fitAll(degenerate, { encoding: 'unscaled' });
    expect(pipeline.warnings).toEqual([
      'column "flat" has the same value ("7") on every training row; it was left out of the features',
      'column "empty" is missing on every training row; it was left out of the features',
      'column "same" has the same value ("x") on every training row; it was left out of the features',
    ]);
    // One value with some missing still tells missing from present: kept, with its indicator.
    expect(pipeline.featureNames).toEqual(['ok', 'sparse', 'sparse__missing']);
    expect(pipeline.inputColumns.map((c) => c.name)).toEqual(['ok', 'sparse']);
    expect(pipeline.toJSON().warnings).toEqual(pipeline.warnings);
  });

  it('never makes a feature of text or id columns, nor of columns whose role is not feature', () => {
    const id: CodedColumn = { ...categories('customer', ['a', 'b', 'c']), type: 'id' };
    const withRoles = frameOf(numbers('x', [1, 2, 3]), id, numbers('when', [1, 2, 3]), numbers('skip', [1, 2, 3]));
    const { pipeline } = fitAll(withRoles, { roles: { when: 'time', skip: 'ignore' } });
    expect(pipeline.featureNames).toEqual(['x']);
    expect(pipeline.inputColumns).toEqual([{ name: 'x', type: 'numeric' }]);
  });
});

describe('user steps and the default', () => {
  it('replaces the default for the columns a step transforms; in the dense encodings a median fill is still required', () => {
    const { pipeline, trainMatrix } = fitAll(frame, { encoding: 'scaled', steps: [{ step: 'log1p', columns: ['income'] }] });
    // Not scaled, imputed after the log (median of log values), indicator because train has a missing value.
    expect(feature(trainMatrix, 'income')).toEqual([Math.log1p(10), Math.log1p(30), Math.log1p(30), Math.log1p(50)]);
    expect(pipeline.featureNames.slice(0, 3)).toEqual(['income', 'income__missing', 'age']);
    expect(pipeline.toJSON().steps.filter((s) => s.origin === 'required').map((s) => s.step)).toEqual(['impute']);
    // age still gets the default: scaled.
    expect(feature(trainMatrix, 'age')[0]).toBeCloseTo(-15 / Math.sqrt(125), 12);
  });

  it('still one-hot encodes a categorical column a step only imputed, in the dense encodings', () => {
    const { pipeline } = fitAll(frame, { encoding: 'unscaled', steps: [{ step: 'impute', columns: ['plan'], strategy: 'most_frequent' }] });
    expect(pipeline.featureNames.filter((n) => n.startsWith('plan'))).toEqual(['plan=basic', 'plan=pro']);
  });

  it('reads a time column a step names, and makes it a feature only through that step', () => {
    const timed = frameOf(numbers('x', [1, 2, 3]), dates('signup', ['2024-01-01', '2024-06-01', '2024-07-01']));
    const { pipeline } = fitAll(timed, { roles: { signup: 'time' }, steps: [{ step: 'date_parts', columns: ['signup'], parts: ['month'] }] });
    expect(pipeline.featureNames).toEqual(['x', 'signup__month']);
    expect(fitAll(timed, { roles: { signup: 'time' } }).pipeline.featureNames).toEqual(['x']);
  });

  it('names an unknown column in a step and suggests the closest one', () => {
    const error = thrown(() => fitAll(frame, { steps: [{ step: 'impute', columns: ['age'] }, { step: 'scale', columns: ['incme'] }] }));
    expect(error.code).toBe('column_not_found');
    expect(error.message).toBe('features.1 (scale): column "incme" is not in the data');
    expect(error.hint).toBe('did you mean "income"?');
  });

  it('refuses the target, a column another step already replaced, an id column and the wrong type, saying how to fix each', () => {
    const withTarget = frameOf(numbers('x', [1, 2]), categories('churn', ['y', 'n']), { ...categories('cid', ['a', 'b']), type: 'id' });
    const target = thrown(() => fitAll(withTarget, { roles: { churn: 'target' }, steps: [{ step: 'one_hot', columns: ['churn'] }] }));
    expect(target.message).toBe('features.0 (one_hot): column "churn" is the target; a feature made from it would leak the label');
    const id = thrown(() => fitAll(withTarget, { roles: { churn: 'target' }, steps: [{ step: 'one_hot', columns: ['cid'] }] }));
    expect(id.message).toBe('features.0 (one_hot): column "cid" has type id, which is never a feature');
    expect(id.hint).toBe('if it holds categories, set its type under columns: in flywheel.yaml (cid: { type: categorical })');
    const replaced = thrown(() => fitAll(frame, { steps: [{ step: 'one_hot', columns: ['plan'] }, { step: 'ordinal', columns: ['plan'] }] }));
    expect(replaced.message).toBe('features.1 (ordinal): column "plan" was already replaced by features.0 (one_hot)');
    const wrongType = thrown(() => fitAll(frame, { steps: [{ step: 'scale', columns: ['plan'] }] }));
    expect(wrongType.message).toBe('features.0 (scale): column "plan" is categorical; scale takes numeric or boolean columns');
    expect(wrongType.hint).toBe('use one_hot, ordinal or target_encoding for categorical columns, and date_parts for datetimes');
  });

  it('takes the steps as flywheel.yaml writes them, once validated', () => {
    const steps: FeatureStep[] = featureStepsSchema.parse(
      parse(`
- step: impute
  columns: [income]
  indicator: true
- step: one_hot
  columns: [plan]
  max_levels: 1
`),
    );
    const { pipeline } = fitAll(frame, { encoding: 'unscaled', steps });
    expect(pipeline.featureNames.slice(0, 6)).toEqual(['income', 'income__missing', 'age', 'member', 'plan=basic', 'plan=__other__']);
  });

  it('validates the steps passed to the library, as the config does', () => {
    const error = thrown(() => fitAll(frame, { steps: [{ step: 'one_hot', columns: ['plan'], max_levels: 0 }] }));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toMatch(/^features\.0\.max_levels: /);
  });
});
