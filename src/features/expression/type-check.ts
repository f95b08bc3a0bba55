// Type checking a rules expression against a Frame's columns before it runs: unknown columns (with the
// closest names suggested), comparisons of values of different kinds (a categorical column with a
// number, a numeric column with text), arithmetic on text or dates, and conditions where values belong.

import { didYouMean } from '../../core/suggest.js';
import { isCoded, type Frame } from '../../core/frame.js';
import { parseDatetimeValue } from '../value-parsing.js';
import type { CompareOp, ExpressionAst, ExpressionNode, Span } from './ast.js';
import { expressionError } from './expression-error.js';

/**
 * What a node produces. number: numeric columns, arithmetic and number literals; boolean: boolean
 * columns (stored 0/1) and true/false; datetime: datetime columns (epoch ms); category: categorical,
 * text and id columns (compared by level text); string: quoted text; condition: comparisons and logic.
 */
export type ExpressionType = 'number' | 'boolean' | 'datetime' | 'category' | 'string' | 'condition';

/** The type of every node of a checked expression (the evaluator dispatches on them). */
export type ExpressionTypes = ReadonlyMap<ExpressionNode, ExpressionType>;

const NUMERIC: ReadonlySet<ExpressionType> = new Set(['number', 'boolean']);
const TEXT: ReadonlySet<ExpressionType> = new Set(['category', 'string']);
const COLUMN_LIST_LIMIT = 20;

/** Check an expression against the Frame's columns; throws a FlywheelError pointing at the first problem. */
export function checkExpression(ast: ExpressionAst, frame: Frame): void {
  typeExpression(ast, frame);
}

/** Check and type every node; the root must be a condition (or a boolean column). */
export function typeExpression(ast: ExpressionAst, frame: Frame): ExpressionTypes {
  const types = new Map<ExpressionNode, ExpressionType>();
  const fail = (span: Span, problem: string, hint: string, suggestion?: string): never => {
    throw expressionError(ast.source, ast.context, span, problem, { hint, suggestion });
  };

  const describe = (node: ExpressionNode): string => {
    switch (node.kind) {
      case 'column':
        return `${frame.column(node.name).type} column "${node.name}"`;
      case 'number':
        return `the number ${node.value}`;
      case 'string':
        return `the text ${JSON.stringify(node.value)}`;
      case 'boolean':
        return String(node.value);
      case 'negate':
      case 'arithmetic':
        return 'a calculation';
      default:
        return 'a condition';
    }
  };

  const needCondition = (node: ExpressionNode, where: string): void => {
    const type = typeOf(node);
    if (type === 'condition' || type === 'boolean') return;
    const example = node.kind === 'column' && type === 'number' ? `${node.name} > 0` : node.kind === 'column' && type === 'category' ? `${node.name} == "…"` : 'tenure < 6';
    fail(node, `${where} needs a condition, found ${describe(node)}`, `a condition is a comparison such as ${example}, a test such as x is missing, or a boolean column`);
  };

  const needNumber = (node: ExpressionNode, operator: string): void => {
    const type = typeOf(node);
    if (NUMERIC.has(type)) return;
    const why = type === 'datetime' ? 'dates are compared, not calculated with' : type === 'condition' ? 'conditions combine with and / or' : 'text has no arithmetic';
    fail(node, `cannot use ${describe(node)} in arithmetic ("${operator}")`, `arithmetic works on numeric columns and numbers; ${why}`);
  };

  const checkComparison = (op: CompareOp, left: ExpressionNode, right: ExpressionNode, at: Span): void => {
    const lt = typeOf(left);
    const rt = typeOf(right);
    if (lt === 'condition' || rt === 'condition') {
      fail(lt === 'condition' ? left : right, 'cannot compare a condition', 'combine conditions with and / or, and compare columns with values');
    }
    if (NUMERIC.has(lt) && NUMERIC.has(rt)) return;
    if (TEXT.has(lt) && TEXT.has(rt)) {
      if (op === '==' || op === '!=') return;
      fail(at, `text compares with == and != only, not "${op}"`, 'to match several levels use in, such as contract in ["One year", "Two year"]');
    }
    if (lt === 'datetime' && rt === 'datetime') return;
    if ((lt === 'datetime' && rt === 'string') || (lt === 'string' && rt === 'datetime')) {
      const literal = (lt === 'string' ? left : right) as Extract<ExpressionNode, { kind: 'string' }>;
      if (isoDateMs(literal.value) === undefined) {
        fail(literal, `${JSON.stringify(literal.value)} is not an ISO date`, 'write dates and times as "2024-03-01" or "2024-03-01T12:30:00" (UTC unless an offset such as +02:00 is given)');
      }
      return;
    }
    const [column, other] = lt === 'category' || lt === 'datetime' || (left.kind === 'column' && right.kind !== 'column') ? [left, right] : [right, left];
    fail(at, `cannot compare ${describe(column)} with ${describe(other)}`, mismatchHint(column, typeOf(column)));
  };

  const mismatchHint = (node: ExpressionNode, type: ExpressionType): string => {
    const name = node.kind === 'column' ? node.name : undefined;
    if (type === 'category' && name !== undefined) {
      const column = frame.column(name);
      const level = isCoded(column) ? column.levels[0] : undefined;
      return `compare "${name}" with a level in quotes, such as ${name} == ${JSON.stringify(level ?? 'some level')}`;
    }
    if (type === 'datetime' && name !== undefined) return `compare "${name}" with an ISO date in quotes, such as ${name} >= "2024-03-01"`;
    if (type === 'boolean' && name !== undefined) return `"${name}" is boolean: compare it with true or false (or 1 and 0), or use it alone as a condition`;
    if (type === 'number' && name !== undefined) return `"${name}" holds numbers: compare it with a number written without quotes, such as ${name} > 0`;
    return 'compare values of the same kind: numbers with numbers, text with quoted text, dates with ISO dates in quotes';
  };

  function typeOf(node: ExpressionNode): ExpressionType {
    const known = types.get(node);
    if (known !== undefined) return known;
    const type = computeType(node);
    types.set(node, type);
    return type;
  }

  function computeType(node: ExpressionNode): ExpressionType {
    switch (node.kind) {
      case 'number':
        return 'number';
      case 'string':
        return 'string';
      case 'boolean':
        return 'boolean';
      case 'column': {
        if (!frame.has(node.name)) {
          const names = frame.names;
          const level = levelNamed(frame, node.name);
          if (level !== undefined) {
            fail(node, `unknown column "${node.name}"`, `text values go in quotes, such as ${level.column} == ${JSON.stringify(level.level)}`, `it looks like a value of column "${level.column}"; put it in quotes`);
          }
          const suggestion = didYouMean(node.name, names);
          const listed = names.length <= COLUMN_LIST_LIMIT ? names.join(', ') : `${names.slice(0, COLUMN_LIST_LIMIT).join(', ')}, … (${names.length} in all)`;
          const hint = `the columns are: ${listed}; names with spaces or symbols go in backquotes, text values in quotes`;
          fail(node, `unknown column "${node.name}"`, hint, suggestion);
        }
        const column = frame.column(node.name);
        if (isCoded(column)) return 'category';
        return column.type === 'numeric' ? 'number' : column.type;
      }
      case 'negate':
        needNumber(node.operand, '-');
        return 'number';
      case 'arithmetic':
        needNumber(node.left, node.op);
        needNumber(node.right, node.op);
        return 'number';
      case 'compare':
        checkComparison(node.op, node.left, node.right, node);
        return 'condition';
      case 'in':
        if (typeOf(node.operand) === 'condition') fail(node.operand, 'cannot test whether a condition is in a list', 'in tests a column against a list of values, such as contract in ["One year", "Two year"]');
        for (const item of node.items) checkComparison('==', node.operand, item, item);
        return 'condition';
      case 'missing':
        if (typeOf(node.operand) === 'condition') {
          fail(node.operand, `"is ${node.negated ? 'not ' : ''}missing" applies to a column or a calculation, not a condition`, 'a condition is never missing: it fires or it does not');
        }
        return 'condition';
      case 'not':
        needCondition(node.operand, '"not"');
        return 'condition';
      case 'logical':
        needCondition(node.left, `"${node.op}"`);
        needCondition(node.right, `"${node.op}"`);
        return 'condition';
    }
  }

  const root = typeOf(ast.root);
  if (root !== 'condition' && root !== 'boolean') {
    needCondition(ast.root, 'a rule');
  }
  return types;
}

/**
 * A categorical level that a bare word (an unquoted value) was probably meant to be: the same text,
 * or its start up to a separator (`Month` for "Month-to-month", which the tokenizer splits at "-").
 */
function levelNamed(frame: Frame, word: string): { column: string; level: string } | undefined {
  const lower = word.toLowerCase();
  for (const column of frame.columns) {
    if (column.type !== 'categorical') continue;
    const level = column.levels.find((l) => {
      const text = l.toLowerCase();
      return text === lower || (text.startsWith(lower) && /^[\s_-]/.test(text.slice(lower.length)));
    });
    if (level !== undefined) return { column: column.name, level };
  }
  return undefined;
}

/** Epoch milliseconds of an ISO date or time (UTC unless it carries an offset), or undefined. */
export function isoDateMs(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const ms = parseDatetimeValue(text);
  return ms === undefined || Number.isNaN(ms) ? undefined : ms;
}
