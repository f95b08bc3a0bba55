import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { categories, dates, frameOf, numbers } from '../test-frames.js';
import { parseExpression } from './parse.js';
import { checkExpression } from './type-check.js';

const frame = frameOf(
  numbers('tenure', [1, 2]),
  categories('contract', ['Month-to-month', 'One year']),
  numbers('senior_citizen', [0, 1], 'boolean'),
  dates('signup', ['2024-01-01', '2024-02-01']),
  numbers('mean radius', [1, 2]),
);

function checkError(text: string): FlywheelError {
  try {
    checkExpression(parseExpression(text, { context: 'baseline' }), frame);
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" to fail the type check`);
}

describe('type checking an expression against the columns', () => {
  it('accepts well-typed rules', () => {
    for (const text of [
      'tenure < 6 and contract == "Month-to-month"',
      'senior_citizen or tenure * 2 > 3',
      'signup >= "2024-01-15" and `mean radius` is not missing',
      'contract in ["One year"] and senior_citizen == false',
    ]) {
      expect(() => checkExpression(parseExpression(text), frame)).not.toThrow();
    }
  });

  it('suggests the closest column for an unknown one and points at it', () => {
    const error = checkError('tenur < 6 and contract == "Month-to-month"');
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('baseline: unknown column "tenur" at position 1: did you mean "tenure"?\ntenur < 6 and contract == "Month-to-month"\n^^^^^');
    expect(error.hint).toMatch(/^the columns are: tenure, contract, senior_citizen, signup, mean radius;/);
  });

  it('points at a bare word that is a level and asks for quotes', () => {
    const error = checkError('contract == Month-to-month');
    expect(error.message).toMatch(/^baseline: unknown column "Month" at position 13: it looks like a value of column "contract"; put it in quotes\n/);
    expect(error.hint).toBe('text values go in quotes, such as contract == "Month-to-month"');
  });

  it('refuses comparing a categorical column with a number, suggesting a level in quotes', () => {
    const error = checkError('tenure < 6 and contract == 1');
    expect(error.message).toBe('baseline: cannot compare categorical column "contract" with the number 1 at position 16\ntenure < 6 and contract == 1\n               ^^^^^^^^^^^^^');
    expect(error.hint).toBe('compare "contract" with a level in quotes, such as contract == "Month-to-month"');
    expect(checkError('contract in ["One year", 2]').message).toMatch(/^baseline: cannot compare categorical column "contract" with the number 2 at position 26/);
  });

  it('refuses comparing a numeric column with text', () => {
    const error = checkError('"6" > tenure');
    expect(error.message).toMatch(/^baseline: cannot compare numeric column "tenure" with the text "6" at position 1\n/);
    expect(error.hint).toBe('"tenure" holds numbers: compare it with a number written without quotes, such as tenure > 0');
  });

  it('compares datetime columns with ISO dates only', () => {
    expect(checkError('signup < 20240101').message).toMatch(/^baseline: cannot compare datetime column "signup" with the number 20240101 at position 1/);
    expect(checkError('signup < "March 2024"').message).toMatch(/^baseline: "March 2024" is not an ISO date at position 10\nsignup < "March 2024"\n {9}\^{12}$/);
    expect(checkError('signup < "2024-02-30"').message).toMatch(/is not an ISO date/);
  });

  it('orders text with == and != only', () => {
    expect(checkError('contract < "One year"').message).toMatch(/^baseline: text compares with == and != only, not "<" at position 1/);
  });

  it('refuses arithmetic on text and dates', () => {
    expect(checkError('contract + 1 > 2').message).toMatch(/^baseline: cannot use categorical column "contract" in arithmetic \("\+"\) at position 1/);
    expect(checkError('signup - 1 > 2').hint).toMatch(/dates are compared, not calculated with/);
  });

  it('needs conditions around and, or, not and at the top', () => {
    expect(checkError('tenure').message).toMatch(/^baseline: a rule needs a condition, found numeric column "tenure" at position 1/);
    expect(checkError('tenure < 6 and contract').message).toMatch(/^baseline: "and" needs a condition, found categorical column "contract" at position 16/);
    expect(checkError('not tenure').hint).toMatch(/such as tenure > 0/);
    expect(checkError('(tenure < 6) == true').message).toMatch(/^baseline: cannot compare a condition at position 1/);
    expect(checkError('(tenure < 6) is missing').message).toMatch(/applies to a column or a calculation, not a condition/);
  });
});
