import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../core/frame.js';
import { applySchema, inferSchema } from '../../data/infer.js';
import { readTable } from '../../data/read.js';
import { TELCO } from '../../../test/fixtures.js';
import { categories, dates, frameOf, numbers } from '../test-frames.js';
import { evaluateExpression } from './evaluate.js';
import { parseExpression } from './parse.js';

let telco: Frame;
/** The Telco rows as plain text fields, read without DuckDB, to count rule firings independently. */
let rows: Record<string, string>[];

beforeAll(async () => {
  const table = await readTable(TELCO);
  telco = applySchema(table.frame, inferSchema(table.frame, table.columns, { target: 'churn' }));
  const [header, ...lines] = readFileSync(TELCO, 'utf8').trim().split('\n');
  const names = header!.split(',');
  rows = lines.map((line) => Object.fromEntries(line.split(',').map((field, i) => [names[i]!, field])));
});

const fires = (text: string, frame: Frame = telco) => evaluateExpression(parseExpression(text), frame);
const count = (text: string, frame: Frame = telco) => fires(text, frame).reduce((a, b) => a + b, 0);
const countRows = (test: (row: Record<string, string>) => boolean) => rows.filter(test).length;
const rowsFired = (text: string, frame: Frame) => [...fires(text, frame)];

describe('evaluating rules on the Telco data', () => {
  it('fires tenure < 6 and contract == "Month-to-month" on the rows a plain count finds', () => {
    const expected = countRows((r) => Number(r.tenure) < 6 && r.contract === 'Month-to-month');
    expect(expected).toBe(1318);
    expect(count('tenure < 6 and contract == "Month-to-month"')).toBe(expected);
  });

  it('compares categorical columns by level text with == and !=, and in / not in', () => {
    expect(count('contract != "Month-to-month"')).toBe(countRows((r) => r.contract !== 'Month-to-month'));
    expect(count(`payment_method in ["Electronic check", 'Mailed check']`)).toBe(countRows((r) => r.payment_method === 'Electronic check' || r.payment_method === 'Mailed check'));
    expect(count('internet_service not in ["DSL"]')).toBe(countRows((r) => r.internet_service !== 'DSL'));
    expect(count('contract == "no such level"')).toBe(0);
  });

  it('computes arithmetic before comparing', () => {
    expect(count('monthly_charges * tenure > total_charges + 100')).toBe(
      countRows((r) => r.total_charges !== '' && Number(r.monthly_charges) * Number(r.tenure) > Number(r.total_charges) + 100),
    );
    expect(count('(monthly_charges - 20) / 2 >= 40')).toBe(countRows((r) => (Number(r.monthly_charges) - 20) / 2 >= 40));
  });

  it('uses boolean columns alone as conditions or compared with true / 1', () => {
    const seniors = countRows((r) => r.senior_citizen === '1');
    expect(count('senior_citizen')).toBe(seniors);
    expect(count('senior_citizen == true')).toBe(seniors);
    expect(count('senior_citizen == 1')).toBe(seniors);
    expect(count('!senior_citizen || tenure >= 70')).toBe(countRows((r) => r.senior_citizen !== '1' || Number(r.tenure) >= 70));
  });

  it('finds the 11 rows with no total charges with is missing, and never fires a comparison on them', () => {
    expect(count('total_charges is missing')).toBe(11);
    expect(count('total_charges is not missing')).toBe(7043 - 11);
    expect(count('total_charges >= 0')).toBe(7043 - 11);
    expect(count('total_charges != 1')).toBe(7043 - 11);
    // `not` flips its operand: a missing value fails the comparison, so its negation fires.
    expect(count('not (total_charges >= 0)')).toBe(11);
  });
});

describe('missing values', () => {
  const frame = frameOf(numbers('x', [1, null, 3, null]), numbers('y', [1, 1, null, null]), categories('c', ['a', null, 'b', 'a']), numbers('flag', [1, null, 0, 1], 'boolean'));

  it('make every comparison false, even != and not in', () => {
    expect(rowsFired('x == 1', frame)).toEqual([1, 0, 0, 0]);
    expect(rowsFired('x != 1', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('x < y + 10', frame)).toEqual([1, 0, 0, 0]);
    expect(rowsFired('c != "a"', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('c not in ["a"]', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('x not in [1]', frame)).toEqual([0, 0, 1, 0]);
  });

  it('are tested with is missing and is not missing, also on a calculation', () => {
    expect(rowsFired('x is missing', frame)).toEqual([0, 1, 0, 1]);
    expect(rowsFired('c is not missing', frame)).toEqual([1, 0, 1, 1]);
    expect(rowsFired('x + y is missing', frame)).toEqual([0, 1, 1, 1]);
  });

  it('count as false in a boolean column used as a condition, and not flips that', () => {
    expect(rowsFired('flag', frame)).toEqual([1, 0, 0, 1]);
    expect(rowsFired('not flag', frame)).toEqual([0, 1, 1, 0]);
  });

  it('come from division by zero', () => {
    expect(rowsFired('x / (y - 1) is missing', frame)).toEqual([1, 1, 1, 1]);
  });
});

describe('every operator', () => {
  const frame = frameOf(numbers('n', [0, 1, 2, 3]), categories('c', ['a', 'b', 'a', 'c']), categories('d', ['a', 'a', 'b', 'c']));

  it('compares numbers with == != < <= > >=', () => {
    expect(rowsFired('n == 1', frame)).toEqual([0, 1, 0, 0]);
    expect(rowsFired('n != 1', frame)).toEqual([1, 0, 1, 1]);
    expect(rowsFired('n < 1', frame)).toEqual([1, 0, 0, 0]);
    expect(rowsFired('n <= 1', frame)).toEqual([1, 1, 0, 0]);
    expect(rowsFired('n > 1', frame)).toEqual([0, 0, 1, 1]);
    expect(rowsFired('n >= 1', frame)).toEqual([0, 1, 1, 1]);
    expect(rowsFired('1 < n', frame)).toEqual([0, 0, 1, 1]);
  });

  it('adds, subtracts, multiplies, divides and negates', () => {
    expect(rowsFired('n + 1 == 2', frame)).toEqual([0, 1, 0, 0]);
    expect(rowsFired('n - 1 == 1', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('n * 2 == 4', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('n / 2 == 1.5', frame)).toEqual([0, 0, 0, 1]);
    expect(rowsFired('-n == -3', frame)).toEqual([0, 0, 0, 1]);
    expect(rowsFired('2 + 3 * n == 11', frame)).toEqual([0, 0, 0, 1]);
  });

  it('combines with and, or and not', () => {
    expect(rowsFired('n > 0 and c == "a"', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('n > 2 or c == "b"', frame)).toEqual([0, 1, 0, 1]);
    expect(rowsFired('not c == "a"', frame)).toEqual([0, 1, 0, 1]);
    expect(rowsFired('n in [0, 3]', frame)).toEqual([1, 0, 0, 1]);
  });

  it('compares two categorical columns by level text', () => {
    expect(rowsFired('c == d', frame)).toEqual([1, 0, 0, 1]);
    expect(rowsFired('c != d', frame)).toEqual([0, 1, 1, 0]);
  });

  it('evaluates constant conditions to every row or none', () => {
    expect(rowsFired('true', frame)).toEqual([1, 1, 1, 1]);
    expect(rowsFired('1 > 2', frame)).toEqual([0, 0, 0, 0]);
    expect(rowsFired('"a" == "a"', frame)).toEqual([1, 1, 1, 1]);
  });
});

describe('datetime columns', () => {
  const frame = frameOf(dates('signup', ['2024-01-15', '2024-03-01T00:00:00Z', '2024-03-01T12:30:00Z', null]));

  it('compare with ISO date strings, read as UTC', () => {
    expect(rowsFired('signup < "2024-03-01"', frame)).toEqual([1, 0, 0, 0]);
    expect(rowsFired('signup >= "2024-03-01"', frame)).toEqual([0, 1, 1, 0]);
    expect(rowsFired('signup == "2024-03-01T12:30:00"', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('signup > "2024-03-01T13:00:00+02:00"', frame)).toEqual([0, 0, 1, 0]);
    expect(rowsFired('signup in ["2024-01-15", "2024-03-01"]', frame)).toEqual([1, 1, 0, 0]);
  });
});

describe('backquoted column names', () => {
  it('reach columns whose names have spaces', () => {
    const frame = frameOf(numbers('mean radius', [10, 15, 20]), categories('plan type', ['x', 'y', 'x']));
    expect(rowsFired('`mean radius` > 12 and `plan type` == "x"', frame)).toEqual([0, 0, 1]);
  });
});
