// A recursive-descent parser for rules expressions. Precedence, loosest first:
//   or (||)  <  and (&&)  <  not (!)  <  comparison (== != < <= > >=, in, not in, is [not] missing)
//   <  + -  <  * /  <  unary -  <  literals, columns, ( … )
// Comparisons do not chain (`a < b < c` is an error, not a surprise).

import type { ArithmeticOp, CompareOp, ExpressionAst, ExpressionNode, LiteralNode } from './ast.js';
import { expressionError } from './expression-error.js';
import { tokenize, type Token } from './tokenize.js';

export interface ParseExpressionOptions {
  /** What the expression is, leading every message (`baseline: …`); default "expression". */
  context?: string;
}

const COMPARE_OPS: readonly string[] = ['==', '!=', '<', '<=', '>', '>='] satisfies CompareOp[];

/** Parse a rules expression such as `tenure < 6 and contract == "Month-to-month"`. */
export function parseExpression(text: string, options: ParseExpressionOptions = {}): ExpressionAst {
  const context = options.context ?? 'expression';
  const parser = new Parser(text, context, tokenize(text, context));
  return { source: text, context, root: parser.parseAll() };
}

function describeToken(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the expression';
    case 'string':
      return `the text ${JSON.stringify(token.value)}`;
    case 'name':
      return `the column name "${token.value}"`;
    case 'number':
      return `the number ${token.value}`;
    default:
      return `"${token.value}"`;
  }
}

class Parser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly context: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseAll(): ExpressionNode {
    if (this.peek().kind === 'end') {
      throw this.error(this.peek(), 'the expression is empty', 'write a condition, such as tenure < 6 and contract == "Month-to-month"');
    }
    const root = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      const closing = next.kind === 'operator' && (next.value === ')' || next.value === ']');
      throw this.error(next, `unexpected ${describeToken(next)}`, closing ? `remove the extra "${next.value}" or add its opening partner` : 'join conditions with and / or');
    }
    return root;
  }

  private parseOr(): ExpressionNode {
    let left = this.parseAnd();
    while (this.acceptWord('or', '||')) {
      const right = this.parseAnd();
      left = { kind: 'logical', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): ExpressionNode {
    let left = this.parseNot();
    while (this.acceptWord('and', '&&')) {
      const right = this.parseNot();
      left = { kind: 'logical', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(): ExpressionNode {
    const token = this.peek();
    if (this.acceptWord('not', '!')) {
      const operand = this.parseNot();
      return { kind: 'not', operand, start: token.start, end: operand.end };
    }
    return this.parseComparison();
  }

  private parseComparison(): ExpressionNode {
    const left = this.parseAdditive();
    const node = this.parseComparisonTail(left);
    if (node !== left && this.atComparison()) {
      throw this.error(this.peek(), 'comparisons do not chain', 'join two comparisons with and, such as 0 < tenure and tenure < 6');
    }
    return node;
  }

  private atComparison(): boolean {
    const token = this.peek();
    if (token.kind === 'operator') return COMPARE_OPS.includes(token.value);
    if (token.kind !== 'keyword') return false;
    const next = this.peek(1);
    return token.value === 'in' || token.value === 'is' || (token.value === 'not' && next.kind === 'keyword' && next.value === 'in');
  }

  private parseComparisonTail(left: ExpressionNode): ExpressionNode {
    const token = this.peek();
    if (token.kind === 'operator' && COMPARE_OPS.includes(token.value)) {
      this.position++;
      const right = this.parseAdditive();
      return { kind: 'compare', op: token.value as CompareOp, left, right, start: left.start, end: right.end };
    }
    if (token.kind !== 'keyword') return left;
    if (token.value === 'in') {
      this.position++;
      return this.parseList(left, false);
    }
    if (token.value === 'not') {
      const next = this.peek(1);
      if (next.kind === 'keyword' && next.value === 'in') {
        this.position += 2;
        return this.parseList(left, true);
      }
      throw this.error(next, `expected "in" after "not", found ${describeToken(next)}`, 'write x not in ["a", "b"], or put not before a whole condition: not (x == 1)');
    }
    if (token.value === 'is') {
      this.position++;
      const negated = this.acceptWord('not');
      const word = this.peek();
      if (word.kind === 'keyword' && word.value === 'missing') {
        this.position++;
        return { kind: 'missing', negated, operand: left, start: left.start, end: word.end };
      }
      throw this.error(word, `expected "missing" after "is${negated ? ' not' : ''}", found ${describeToken(word)}`, 'write x is missing or x is not missing; compare values with ==');
    }
    return left;
  }

  private parseList(operand: ExpressionNode, negated: boolean): ExpressionNode {
    const open = this.peek();
    if (!this.acceptOperator('[')) {
      throw this.error(open, `expected "[" after "${negated ? 'not in' : 'in'}", found ${describeToken(open)}`, 'list the values in brackets, such as contract in ["One year", "Two year"]');
    }
    const items: LiteralNode[] = [];
    while (!this.acceptOperator(']')) {
      if (items.length > 0) {
        const comma = this.peek();
        if (!this.acceptOperator(',')) {
          throw this.error(comma, `expected "," or "]" in the list, found ${describeToken(comma)}`, 'separate the values with commas and close the list with ]');
        }
        if (this.acceptOperator(']')) break;
      }
      items.push(this.parseLiteral());
    }
    const close = this.tokens[this.position - 1]!;
    if (items.length === 0) throw this.error({ start: open.start, end: close.end }, 'an empty list', 'list at least one value between the brackets');
    return { kind: 'in', negated, operand, items, start: operand.start, end: close.end };
  }

  private parseLiteral(): LiteralNode {
    const token = this.peek();
    const minus = token.kind === 'operator' && token.value === '-';
    const valueToken = minus ? this.peek(1) : token;
    if (valueToken.kind === 'number') {
      this.position += minus ? 2 : 1;
      return { kind: 'number', value: minus ? -valueToken.value : valueToken.value, start: token.start, end: valueToken.end };
    }
    if (!minus && token.kind === 'string') {
      this.position++;
      return { kind: 'string', value: token.value, start: token.start, end: token.end };
    }
    if (!minus && token.kind === 'keyword' && (token.value === 'true' || token.value === 'false')) {
      this.position++;
      return { kind: 'boolean', value: token.value === 'true', start: token.start, end: token.end };
    }
    throw this.error(valueToken, `expected a number, quoted text, true or false in the list, found ${describeToken(valueToken)}`, 'a list holds literal values only, such as [1, 2] or ["a", "b"]');
  }

  private parseAdditive(): ExpressionNode {
    let left = this.parseMultiplicative();
    for (;;) {
      const op = this.acceptOperator('+', '-');
      if (op === undefined) return left;
      const right = this.parseMultiplicative();
      left = { kind: 'arithmetic', op: op as ArithmeticOp, left, right, start: left.start, end: right.end };
    }
  }

  private parseMultiplicative(): ExpressionNode {
    let left = this.parseUnary();
    for (;;) {
      const op = this.acceptOperator('*', '/');
      if (op === undefined) return left;
      const right = this.parseUnary();
      left = { kind: 'arithmetic', op: op as ArithmeticOp, left, right, start: left.start, end: right.end };
    }
  }

  private parseUnary(): ExpressionNode {
    const token = this.peek();
    if (this.acceptOperator('-') !== undefined) {
      const operand = this.parseUnary();
      if (operand.kind === 'number') return { kind: 'number', value: -operand.value, start: token.start, end: operand.end };
      return { kind: 'negate', operand, start: token.start, end: operand.end };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ExpressionNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.position++;
        return { kind: 'number', value: token.value, start: token.start, end: token.end };
      case 'string':
        this.position++;
        return { kind: 'string', value: token.value, start: token.start, end: token.end };
      case 'name':
        this.position++;
        return { kind: 'column', name: token.value, start: token.start, end: token.end };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false') {
          this.position++;
          return { kind: 'boolean', value: token.value === 'true', start: token.start, end: token.end };
        }
        break;
      case 'operator':
        if (token.value === '(') {
          this.position++;
          const inner = this.parseOr();
          const close = this.peek();
          if (this.acceptOperator(')') === undefined) {
            throw this.error(close, `expected ")" to close the "(" at position ${token.start + 1}, found ${describeToken(close)}`, 'close every ( with a )');
          }
          // A group's parentheses belong to its span, so an error about the group underlines them too;
          // a lone column or literal keeps its own span (an unknown name is underlined exactly).
          if (inner.kind === 'column' || inner.kind === 'number' || inner.kind === 'string' || inner.kind === 'boolean') return inner;
          return { ...inner, start: token.start, end: close.end };
        }
        break;
      case 'end':
        break;
    }
    const keywordHint =
      token.kind === 'keyword' && token.value !== 'not'
        ? `"${token.value}" is a keyword; a column with that name goes in backquotes: \`${token.value}\``
        : 'a value is a column name, a number, quoted text, true or false';
    throw this.error(token, `expected a value, found ${describeToken(token)}`, keywordHint);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)]!;
  }

  /** Consume the next token when it is one of these keywords or operators. */
  private acceptWord(...words: string[]): boolean {
    const token = this.peek();
    if ((token.kind === 'keyword' || token.kind === 'operator') && words.includes(token.value)) {
      this.position++;
      return true;
    }
    return false;
  }

  private acceptOperator(...ops: string[]): string | undefined {
    const token = this.peek();
    if (token.kind === 'operator' && ops.includes(token.value)) {
      this.position++;
      return token.value;
    }
    return undefined;
  }

  private error(at: { start: number; end: number }, problem: string, hint: string): Error {
    return expressionError(this.source, this.context, at, problem, { hint });
  }
}
