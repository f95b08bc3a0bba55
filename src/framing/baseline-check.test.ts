import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import type { Frame } from '../core/frame.js';
import { applySchema, inferSchema } from '../data/infer.js';
import { readTable } from '../data/read.js';
import { binaryTarget, type BinaryTarget } from '../data/target.js';
import { TELCO } from '../../test/fixtures.js';
import { checkBaseline } from './baseline-check.js';

let frame: Frame;
let target: BinaryTarget;
let rows: Record<string, string>[];

beforeAll(async () => {
  const table = await readTable(TELCO);
  frame = applySchema(table.frame, inferSchema(table.frame, table.columns, { target: 'churn' }));
  target = binaryTarget(frame, 'churn', { label: 'Yes', source: 'config' });
  const [header, ...lines] = readFileSync(TELCO, 'utf8').trim().split('\n');
  const names = header!.split(',');
  rows = lines.map((line) => Object.fromEntries(line.split(',').map((field, i) => [names[i]!, field])));
});

function thrown(run: () => unknown): FlywheelError {
  try {
    run();
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error('expected a FlywheelError');
}

describe('the baseline, measured on the data', () => {
  it('scores a rule by where it fires: rows, share, precision, recall and ROC-AUC', () => {
    const report = checkBaseline({ kind: 'rules', expression: 'tenure < 6 and contract == "Month-to-month"' }, frame, { target });
    const fired = rows.filter((r) => Number(r.tenure) < 6 && r.contract === 'Month-to-month');
    const hits = fired.filter((r) => r.churn === 'Yes').length;
    const positives = rows.filter((r) => r.churn === 'Yes').length;
    const tpr = hits / positives;
    const fpr = (fired.length - hits) / (rows.length - positives);
    expect(report).toMatchObject({ kind: 'rules', expression: 'tenure < 6 and contract == "Month-to-month"', fires_rows: 1318 });
    expect(report.fires_pct).toBeCloseTo((100 * 1318) / 7043, 10);
    expect(report.precision).toBeCloseTo(hits / fired.length, 12);
    expect(report.recall).toBeCloseTo(tpr, 12);
    // A 0/1 score's ROC curve has one inner point, so its area is (1 + TPR − FPR) / 2.
    expect(report.roc_auc).toBeCloseTo((1 + tpr - fpr) / 2, 12);
  });

  it('reports where a rule fires without a target, and leaves out precision when it never fires', () => {
    expect(checkBaseline({ kind: 'rules', expression: 'total_charges is missing' }, frame)).toEqual({
      kind: 'rules',
      expression: 'total_charges is missing',
      fires_rows: 11,
      fires_pct: (100 * 11) / 7043,
    });
    const never = checkBaseline({ kind: 'rules', expression: 'tenure < 0' }, frame, { target });
    expect(never).toMatchObject({ fires_rows: 0, recall: 0, roc_auc: 0.5 });
    expect(never.precision).toBeUndefined();
  });

  it('scores a constant as the score every row gets', () => {
    const report = checkBaseline({ kind: 'constant', value: 0.25 }, frame, { target });
    const rate = 1869 / 7043;
    expect(report).toMatchObject({ kind: 'constant', value: 0.25, roc_auc: 0.5 });
    expect(report.log_loss).toBeCloseTo(-(rate * Math.log(0.25) + (1 - rate) * Math.log(0.75)), 12);
    expect(checkBaseline({ kind: 'none' }, frame, { target })).toEqual({ kind: 'none' });
    expect(checkBaseline(undefined, frame, { target })).toEqual({ kind: 'unanswered' });
  });

  it('points at the position of a rule that does not parse or type-check', () => {
    const error = thrown(() => checkBaseline({ kind: 'rules', expression: 'tenur < 6 and contract == "Month-to-month"' }, frame, { target }));
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('baseline: unknown column "tenur" at position 1: did you mean "tenure"?\ntenur < 6 and contract == "Month-to-month"\n^^^^^');
    expect(thrown(() => checkBaseline({ kind: 'rules', expression: 'tenure < 6 and and' }, frame)).message).toMatch(/^baseline: expected a value, found "and" at position 16\n/);
  });

  it('refuses a rule that reads the target column', () => {
    const error = thrown(() => checkBaseline({ kind: 'rules', expression: 'tenure < 6 or churn == "Yes"' }, frame, { targetColumn: 'churn' }));
    expect(error.message).toBe('baseline: the rule reads the target column "churn" at position 15\ntenure < 6 or churn == "Yes"\n              ^^^^^');
  });
});
