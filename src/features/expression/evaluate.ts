// Evaluating a checked rules expression over a Frame, column at a time: 1 where the rule fires.
// Missing values follow one rule: a comparison (==, !=, <, …, in, not in) with a missing value is
// false, and so is a boolean column's missing value used as a condition. Arithmetic with a missing
// value, and division by zero, give a missing value. `not` flips its operand's result, so
// `not (tenure < 6)` fires where tenure is missing while `tenure >= 6` does not; `is missing` and
// `is not missing` are the only tests that fire on missing values.

import { isCoded, type Frame } from '../../core/frame.js';
import type { ArithmeticOp, CompareOp, ExpressionAst, ExpressionNode, LiteralNode } from './ast.js';
import { isoDateMs, typeExpression, type ExpressionType, type ExpressionTypes } from './type-check.js';

type Value =
  | { kind: 'numbers'; values: Float64Array }
  | { kind: 'scalar'; value: number }
  | { kind: 'codes'; codes: Int32Array; levels: readonly string[] }
  | { kind: 'text'; value: string }
  | { kind: 'fired'; fired: Uint8Array };

type NumberOperand = number | Float64Array;

const NUMBER_TESTS: Readonly<Record<CompareOp, (x: number, y: number) => boolean>> = {
  '==': (x, y) => x === y,
  '!=': (x, y) => x !== y,
  '<': (x, y) => x < y,
  '<=': (x, y) => x <= y,
  '>': (x, y) => x > y,
  '>=': (x, y) => x >= y,
};

const ARITHMETIC: Readonly<Record<ArithmeticOp, (x: number, y: number) => number>> = {
  '+': (x, y) => x + y,
  '-': (x, y) => x - y,
  '*': (x, y) => x * y,
  // Division by zero is missing rather than ±Infinity, which would compare above every threshold.
  '/': (x, y) => (y === 0 ? NaN : x / y),
};

/** Check the expression against the Frame, then evaluate it: 1 where the rule fires, 0 elsewhere. */
export function evaluateExpression(ast: ExpressionAst, frame: Frame): Uint8Array {
  const types = typeExpression(ast, frame);
  return new Evaluator(frame, types).condition(ast.root);
}

class Evaluator {
  private readonly n: number;

  constructor(
    private readonly frame: Frame,
    private readonly types: ExpressionTypes,
  ) {
    this.n = frame.nRows;
  }

  private typeOf(node: ExpressionNode): ExpressionType {
    return this.types.get(node)!;
  }

  /** A node used as a condition: comparisons and logic, a boolean column (missing is false), true/false. */
  condition(node: ExpressionNode): Uint8Array {
    const value = this.value(node);
    if (value.kind === 'fired') return value.fired;
    if (value.kind === 'scalar') return new Uint8Array(this.n).fill(value.value === 1 ? 1 : 0);
    if (value.kind === 'numbers') {
      const out = new Uint8Array(this.n);
      for (let i = 0; i < this.n; i++) if (value.values[i] === 1) out[i] = 1;
      return out;
    }
    throw new Error(`internal: a ${value.kind} value reached a condition; the type check should have refused it`);
  }

  private value(node: ExpressionNode): Value {
    switch (node.kind) {
      case 'number':
        return { kind: 'scalar', value: node.value };
      case 'boolean':
        return { kind: 'scalar', value: node.value ? 1 : 0 };
      case 'string':
        return { kind: 'text', value: node.value };
      case 'column': {
        const column = this.frame.column(node.name);
        return isCoded(column) ? { kind: 'codes', codes: column.codes, levels: column.levels } : { kind: 'numbers', values: column.values };
      }
      case 'negate':
        return this.arithmetic('-', 0, this.number(node.operand));
      case 'arithmetic':
        return this.arithmetic(node.op, this.number(node.left), this.number(node.right));
      case 'compare':
        return { kind: 'fired', fired: this.compare(node.op, node.left, node.right) };
      case 'in':
        return { kind: 'fired', fired: this.inList(node.operand, node.items, node.negated) };
      case 'missing':
        return { kind: 'fired', fired: this.missing(node.operand, node.negated) };
      case 'not': {
        const fired = this.condition(node.operand);
        const out = new Uint8Array(this.n);
        for (let i = 0; i < this.n; i++) out[i] = 1 - fired[i]!;
        return { kind: 'fired', fired: out };
      }
      case 'logical': {
        const left = this.condition(node.left);
        const right = this.condition(node.right);
        const out = new Uint8Array(this.n);
        if (node.op === 'and') for (let i = 0; i < this.n; i++) out[i] = left[i]! & right[i]!;
        else for (let i = 0; i < this.n; i++) out[i] = left[i]! | right[i]!;
        return { kind: 'fired', fired: out };
      }
    }
  }

  /** A numeric operand: numbers and booleans as they are, datetimes as epoch ms, an ISO date literal as its ms. */
  private number(node: ExpressionNode): NumberOperand {
    const value = this.value(node);
    switch (value.kind) {
      case 'numbers':
        return value.values;
      case 'scalar':
        return value.value;
      case 'text':
        return isoDateMs(value.value)!;
      default:
        throw new Error(`internal: a ${value.kind} value used as a number; the type check should have refused it`);
    }
  }

  private arithmetic(op: ArithmeticOp, a: NumberOperand, b: NumberOperand): Value {
    const f = ARITHMETIC[op];
    if (typeof a === 'number' && typeof b === 'number') return { kind: 'scalar', value: f(a, b) };
    const out = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = f(typeof a === 'number' ? a : a[i]!, typeof b === 'number' ? b : b[i]!);
    return { kind: 'numbers', values: out };
  }

  private compare(op: CompareOp, left: ExpressionNode, right: ExpressionNode): Uint8Array {
    const lt = this.typeOf(left);
    const rt = this.typeOf(right);
    const textual = (lt === 'category' || lt === 'string') && (rt === 'category' || rt === 'string');
    if (textual) return this.compareText(op === '!=', this.value(left), this.value(right));
    const a = this.number(left);
    const b = this.number(right);
    const test = NUMBER_TESTS[op];
    const out = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const x = typeof a === 'number' ? a : a[i]!;
      const y = typeof b === 'number' ? b : b[i]!;
      if (!Number.isNaN(x) && !Number.isNaN(y) && test(x, y)) out[i] = 1;
    }
    return out;
  }

  /** == (or != when `unequal`) on level text; a missing level on either side never fires. */
  private compareText(unequal: boolean, a: Value, b: Value): Uint8Array {
    const out = new Uint8Array(this.n);
    if (a.kind === 'text' && b.kind === 'text') return out.fill((a.value === b.value) !== unequal ? 1 : 0);
    if (a.kind === 'text') [a, b] = [b, a];
    if (a.kind !== 'codes') throw new Error('internal: text comparison without a text column');
    const { codes } = a;
    if (b.kind === 'text') {
      const text = b.value;
      const fires = Uint8Array.from(a.levels, (level) => ((level === text) !== unequal ? 1 : 0));
      for (let i = 0; i < this.n; i++) {
        const code = codes[i]!;
        if (code >= 0) out[i] = fires[code]!;
      }
      return out;
    }
    if (b.kind !== 'codes') throw new Error('internal: text compared with a non-text value');
    // Two columns: translate the left column's codes into the right column's (-2 where the level is absent there).
    const index = new Map(b.levels.map((level, k) => [level, k]));
    const translate = Int32Array.from(a.levels, (level) => index.get(level) ?? -2);
    const other = b.codes;
    for (let i = 0; i < this.n; i++) {
      const x = codes[i]!;
      const y = other[i]!;
      if (x >= 0 && y >= 0) out[i] = (translate[x] === y) !== unequal ? 1 : 0;
    }
    return out;
  }

  private inList(operand: ExpressionNode, items: readonly LiteralNode[], negated: boolean): Uint8Array {
    const out = new Uint8Array(this.n);
    const value = this.value(operand);
    if (value.kind === 'codes' || value.kind === 'text') {
      const wanted = new Set(items.map((item) => String(item.value)));
      if (value.kind === 'text') return out.fill(wanted.has(value.value) !== negated ? 1 : 0);
      const fires = Uint8Array.from(value.levels, (level) => (wanted.has(level) !== negated ? 1 : 0));
      for (let i = 0; i < this.n; i++) {
        const code = value.codes[i]!;
        if (code >= 0) out[i] = fires[code]!;
      }
      return out;
    }
    const datetime = this.typeOf(operand) === 'datetime';
    const wanted = new Set(items.map((item) => (item.kind === 'string' ? (datetime ? isoDateMs(item.value)! : NaN) : Number(item.value))));
    const x = this.number(operand);
    for (let i = 0; i < this.n; i++) {
      const v = typeof x === 'number' ? x : x[i]!;
      if (!Number.isNaN(v)) out[i] = wanted.has(v) !== negated ? 1 : 0;
    }
    return out;
  }

  private missing(operand: ExpressionNode, negated: boolean): Uint8Array {
    const out = new Uint8Array(this.n);
    const value = this.value(operand);
    const hit = negated ? 0 : 1;
    switch (value.kind) {
      case 'codes':
        for (let i = 0; i < this.n; i++) out[i] = value.codes[i]! < 0 ? hit : 1 - hit;
        return out;
      case 'numbers':
        for (let i = 0; i < this.n; i++) out[i] = Number.isNaN(value.values[i]!) ? hit : 1 - hit;
        return out;
      case 'scalar':
        return out.fill(Number.isNaN(value.value) ? hit : 1 - hit);
      case 'text':
        return out.fill(1 - hit);
      case 'fired':
        throw new Error('internal: "is missing" on a condition; the type check should have refused it');
    }
  }
}
