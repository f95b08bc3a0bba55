import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import type { ExpressionNode } from './ast.js';
import { expressionColumns } from './ast.js';
import { parseExpression } from './parse.js';

/** The tree as an S-expression: `(and (< tenure 6) (== contract "M"))`. */
function show(node: ExpressionNode): string {
  switch (node.kind) {
    case 'number':
    case 'boolean':
      return String(node.value);
    case 'string':
      return JSON.stringify(node.value);
    case 'column':
      return node.name;
    case 'negate':
      return `(neg ${show(node.operand)})`;
    case 'not':
      return `(not ${show(node.operand)})`;
    case 'missing':
      return `(${node.negated ? 'present' : 'missing'} ${show(node.operand)})`;
    case 'in':
      return `(${node.negated ? 'not-in' : 'in'} ${show(node.operand)} [${node.items.map(show).join(' ')}])`;
    case 'arithmetic':
    case 'compare':
    case 'logical':
      return `(${node.op} ${show(node.left)} ${show(node.right)})`;
  }
}

const tree = (text: string) => show(parseExpression(text).root);

function parseError(text: string): FlywheelError {
  try {
    parseExpression(text, { context: 'baseline' });
  } catch (error) {
    if (error instanceof FlywheelError) return error;
    throw error;
  }
  throw new Error(`expected "${text}" not to parse`);
}

describe('parsing rules expressions', () => {
  it('binds and tighter than or, and not tighter than and', () => {
    expect(tree('a < 1 or b < 2 and c < 3')).toBe('(or (< a 1) (and (< b 2) (< c 3)))');
    expect(tree('not a < 1 and b < 2')).toBe('(and (not (< a 1)) (< b 2))');
    expect(tree('(a < 1 or b < 2) and c < 3')).toBe('(and (or (< a 1) (< b 2)) (< c 3))');
  });

  it('binds * and / tighter than + and -, both left to right, and arithmetic tighter than comparison', () => {
    expect(tree('a + b * c > 1')).toBe('(> (+ a (* b c)) 1)');
    expect(tree('a - b - c == 0')).toBe('(== (- (- a b) c) 0)');
    expect(tree('a / b / c <= 2')).toBe('(<= (/ (/ a b) c) 2)');
    expect(tree('(a + b) * c >= 1')).toBe('(>= (* (+ a b) c) 1)');
    expect(tree('-a < -2')).toBe('(< (neg a) -2)');
  });

  it('reads every comparison operator', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) expect(tree(`a ${op} 1`)).toBe(`(${op} a 1)`);
  });

  it('reads the symbol spellings of and, or and not', () => {
    expect(tree('a < 1 || b < 2 && !(c < 3)')).toBe('(or (< a 1) (and (< b 2) (not (< c 3))))');
  });

  it('reads keywords in any case', () => {
    expect(tree('a < 1 AND NOT b Is Missing OR c IN [1]')).toBe('(or (and (< a 1) (not (missing b))) (in c [1]))');
  });

  it('reads in, not in, is missing and is not missing', () => {
    expect(tree('contract in ["One year", \'Two year\']')).toBe('(in contract ["One year" "Two year"])');
    expect(tree('tenure not in [1, -2, 3.5,]')).toBe('(not-in tenure [1 -2 3.5])');
    expect(tree('flag in [true, false]')).toBe('(in flag [true false])');
    expect(tree('total_charges is missing')).toBe('(missing total_charges)');
    expect(tree('total_charges is not missing')).toBe('(present total_charges)');
  });

  it('reads numbers, escaped text, booleans and backquoted column names', () => {
    expect(tree('x == 1.5e3 or x == .5')).toBe('(or (== x 1500) (== x 0.5))');
    expect(tree(String.raw`name == "say \"hi\"" or name == 'it\'s'`)).toBe(String.raw`(or (== name "say \"hi\"") (== name "it's"))`);
    expect(tree('`mean radius` > 15 and `and` == true')).toBe('(and (> mean radius 15) (== and true))');
  });

  it('keeps each node’s source span', () => {
    const ast = parseExpression('tenure < 6 and contract == "Month-to-month"');
    expect(ast.root).toMatchObject({ kind: 'logical', start: 0, end: 43 });
    if (ast.root.kind !== 'logical') throw new Error('expected and');
    expect(ast.root.left).toMatchObject({ kind: 'compare', start: 0, end: 10 });
    expect(ast.root.right).toMatchObject({ kind: 'compare', start: 15, end: 43 });
    if (ast.root.right.kind !== 'compare') throw new Error('expected ==');
    expect(ast.root.right.right).toMatchObject({ kind: 'string', value: 'Month-to-month', start: 27, end: 43 });
  });

  it('lists the columns an expression reads, each once', () => {
    expect(expressionColumns(parseExpression('tenure < 6 and (tenure > 1 or `mean radius` is missing)'))).toEqual(['tenure', 'mean radius']);
  });
});

describe('parse errors', () => {
  it('point at the position with a caret line, in a config_invalid error', () => {
    const error = parseError('tenure < 6 and and contract == "x"');
    expect(error.code).toBe('config_invalid');
    expect(error.message).toBe('baseline: expected a value, found "and" at position 16\ntenure < 6 and and contract == "x"\n               ^^^');
    expect(error.details).toMatchObject({ position: 16, length: 3 });
  });

  it('refuse chained comparisons', () => {
    expect(parseError('0 < tenure < 6').message).toMatch(/^baseline: comparisons do not chain at position 12\n/);
  });

  it('name the end of the expression when it stops too soon', () => {
    expect(parseError('tenure < 6 and').message).toBe('baseline: expected a value, found the end of the expression at position 15\ntenure < 6 and\n              ^');
    expect(parseError('(tenure < 6').message).toMatch(/^baseline: expected "\)" to close the "\(" at position 1, found the end of the expression at position 12/);
    expect(parseError('   ').message).toMatch(/^baseline: the expression is empty/);
  });

  it('explain a single = and a single & with the operator to use', () => {
    const error = parseError('tenure = 6');
    expect(error.message).toBe('baseline: a single "=" at position 8\ntenure = 6\n       ^');
    expect(error.hint).toBe('compare with ==, such as contract == "Month-to-month"');
    expect(parseError('a < 1 & b < 2').hint).toBe('join conditions with and (or &&)');
  });

  it('report unclosed text and backquotes, and unexpected words after a condition', () => {
    expect(parseError('contract == "Month').message).toBe('baseline: text with no closing quote at position 13\ncontract == "Month\n            ^^^^^^');
    expect(parseError('`mean radius > 1').message).toMatch(/^baseline: a column name with no closing backquote at position 1/);
    expect(parseError('tenure < 6 contract == "x"').message).toMatch(/^baseline: unexpected the column name "contract" at position 12/);
    expect(parseError('x not y').message).toMatch(/^baseline: expected "in" after "not", found the column name "y" at position 7/);
    expect(parseError('x in []').message).toMatch(/^baseline: an empty list at position 6/);
    expect(parseError('x in [y]').message).toMatch(/^baseline: expected a number, quoted text, true or false in the list, found the column name "y"/);
    expect(parseError('6months > 1').hint).toMatch(/backquotes/);
  });

  it('quote a long expression as a window around the error', () => {
    const long = `${'a < 1 and '.repeat(12)}b <`;
    const [, quote, carets] = parseError(long).message.split('\n');
    expect(quote!.startsWith('…')).toBe(true);
    expect(quote!.length).toBeLessThanOrEqual(74);
    expect(carets!.indexOf('^')).toBe(quote!.length);
  });
});
