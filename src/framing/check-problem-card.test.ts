import { beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import { problemSchema, type ProblemCardInput } from '../core/problem-spec.js';
import { applySchema, inferSchema, type SchemaColumn } from '../data/infer.js';
import { readTable } from '../data/read.js';
import { binaryTarget, type BinaryTarget } from '../data/target.js';
import { TELCO } from '../../test/fixtures.js';
import { checkProblemCard } from './check-problem-card.js';
import { costThreshold } from './cost-threshold.js';

let frame: Frame;
let schema: SchemaColumn[];
let target: BinaryTarget;

beforeAll(async () => {
  const table = await readTable(TELCO);
  const inferred = inferSchema(table.frame, table.columns, { target: 'churn' });
  frame = applySchema(table.frame, inferred);
  schema = inferred.columns;
  target = binaryTarget(frame, 'churn', { label: 'Yes', source: 'config' });
});

const FULL: ProblemCardInput = {
  objective: 'Keep subscribers who would otherwise leave',
  business_metric: 'monthly revenue retained',
  ml_metric: 'roc_auc',
  disagreement: 'AUC rises by ranking loyal customers better, who never needed an offer',
  baseline: 'tenure < 6 and contract == "Month-to-month"',
  min_improvement: 0.02,
  costs: { false_positive: 10, false_negative: 200 },
  prediction_time: 'at request',
  labels: { source: 'programmatic', expected_noise: 0.05 },
  label_delay: '30d',
  deployment: { mode: 'batch' },
  target_performance: 0.85,
};

const check = (card: ProblemCardInput | undefined, extra: { trainRows?: number } = {}) =>
  checkProblemCard({ card: card === undefined ? undefined : problemSchema.parse(card), frame, schema, target, featureCount: 19, ...extra });

function thrown(run: () => unknown): FlywheelError {
  try {
    run();
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected a FlywheelError');
}

describe('checking the problem card', () => {
  it('closes a fully answered card and measures its baseline on the data', () => {
    const report = check(FULL, { trainRows: 4226 });
    expect(report.ok).toBe(true);
    expect(report.open_questions).toEqual([]);
    expect(report.baseline).toMatchObject({ kind: 'rules', fires_rows: 1318 });
    expect(report.data_needs).toMatchObject({ status: 'estimated', available_rows: 4226, short: false });
    expect(report.cost_threshold).toMatchObject({ threshold: 10 / 210, false_positive: 10, false_negative: 200 });
  });

  it('lists every question of a missing card and still estimates the data needs', () => {
    const report = check(undefined);
    expect(report.ok).toBe(false);
    expect(report.open_questions).toHaveLength(11);
    expect(report.baseline).toEqual({ kind: 'unanswered' });
    expect(report.data_needs).toMatchObject({ estimate_rows: 1432, available_rows: 7043 });
    expect(report.cost_threshold).toBeUndefined();
  });

  it('is not ok while the disagreement case is unanswered', () => {
    const report = check({ ...FULL, disagreement: null });
    expect(report.ok).toBe(false);
    expect(report.open_questions.map((q) => q.key)).toEqual(['disagreement']);
  });

  it('flags the data short for a complex task with few training rows', () => {
    const report = checkProblemCard({ card: problemSchema.parse(FULL), frame, schema, target, featureCount: 45, trainRows: 4226 });
    expect(report.data_needs.short).toBe(true);
    expect(report.data_needs.estimate_rows).toBeGreaterThan(4226);
  });

  it('refuses a rule on the target column even without the target', () => {
    const error = thrown(() => checkProblemCard({ card: problemSchema.parse({ baseline: 'churn == "Yes"' }), frame, schema, featureCount: 19 }));
    expect(error.message).toMatch(/^baseline: the rule reads the target column "churn" at position 1/);
  });

  it('checks that prediction_time names a column of times', () => {
    const unknown = thrown(() => check({ ...FULL, prediction_time: 'tenur' }));
    expect(unknown).toMatchObject({ code: 'config_invalid', message: 'problem.prediction_time: column "tenur" is not in the data' });
    expect(unknown.hint).toMatch(/^did you mean "tenure"\?/);
    expect(thrown(() => check({ ...FULL, prediction_time: 'contract' })).message).toBe('problem.prediction_time: column "contract" holds categorical values, not times');
    expect(check({ ...FULL, prediction_time: 'tenure' }).ok).toBe(true);
  });
});

describe('the cost-optimal threshold', () => {
  it('is c_fp / (c_fp + c_fn) for calibrated scores', () => {
    expect(costThreshold({ false_positive: 1, false_negative: 4 })).toEqual({
      threshold: 0.2,
      false_positive: 1,
      false_negative: 4,
      reasoning: 'act when the calibrated probability exceeds c_fp / (c_fp + c_fn) = 1 / (1 + 4) = 0.2: above it the expected cost of a miss, p · c_fn, exceeds that of a false alarm, (1 − p) · c_fp',
    });
  });

  it('is absent until both costs are answered', () => {
    expect(costThreshold(undefined)).toBeUndefined();
    expect(costThreshold({ false_negative: 4 })).toBeUndefined();
  });
});
