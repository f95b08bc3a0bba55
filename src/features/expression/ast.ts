// The syntax tree of a rules expression. Every node keeps its source span (0-based offsets into the
// expression text, end exclusive) so that type errors can point at the text they are about.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/';

export interface NumberNode extends Span {
  readonly kind: 'number';
  readonly value: number;
}

export interface StringNode extends Span {
  readonly kind: 'string';
  readonly value: string;
}

export interface BooleanNode extends Span {
  readonly kind: 'boolean';
  readonly value: boolean;
}

export interface ColumnNode extends Span {
  readonly kind: 'column';
  readonly name: string;
}

/** A literal inside `in [...]`; a leading minus is folded into the number. */
export type LiteralNode = NumberNode | StringNode | BooleanNode;

export interface NegateNode extends Span {
  readonly kind: 'negate';
  readonly operand: ExpressionNode;
}

export interface ArithmeticNode extends Span {
  readonly kind: 'arithmetic';
  readonly op: ArithmeticOp;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface CompareNode extends Span {
  readonly kind: 'compare';
  readonly op: CompareOp;
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export interface InNode extends Span {
  readonly kind: 'in';
  /** `not in` */
  readonly negated: boolean;
  readonly operand: ExpressionNode;
  readonly items: readonly LiteralNode[];
}

export interface MissingNode extends Span {
  readonly kind: 'missing';
  /** `is not missing` */
  readonly negated: boolean;
  readonly operand: ExpressionNode;
}

export interface NotNode extends Span {
  readonly kind: 'not';
  readonly operand: ExpressionNode;
}

export interface LogicalNode extends Span {
  readonly kind: 'logical';
  readonly op: 'and' | 'or';
  readonly left: ExpressionNode;
  readonly right: ExpressionNode;
}

export type ExpressionNode =
  | NumberNode
  | StringNode
  | BooleanNode
  | ColumnNode
  | NegateNode
  | ArithmeticNode
  | CompareNode
  | InNode
  | MissingNode
  | NotNode
  | LogicalNode;

/** A parsed expression: its tree, and the text and context its error messages quote. */
export interface ExpressionAst {
  readonly source: string;
  /** What the expression is, for messages: `baseline: unknown column …`. */
  readonly context: string;
  readonly root: ExpressionNode;
}

/** The nodes directly below a node, left to right. */
export function childrenOf(node: ExpressionNode): readonly ExpressionNode[] {
  switch (node.kind) {
    case 'number':
    case 'string':
    case 'boolean':
    case 'column':
      return [];
    case 'negate':
    case 'not':
    case 'missing':
      return [node.operand];
    case 'in':
      return [node.operand, ...node.items];
    case 'arithmetic':
    case 'compare':
    case 'logical':
      return [node.left, node.right];
  }
}

/** Every column reference, in source order (a column named twice appears twice). */
export function columnReferences(ast: ExpressionAst): ColumnNode[] {
  const out: ColumnNode[] = [];
  const visit = (node: ExpressionNode): void => {
    if (node.kind === 'column') out.push(node);
    for (const child of childrenOf(node)) visit(child);
  };
  visit(ast.root);
  return out;
}

/** The columns an expression reads, each once, in order of first use. */
export function expressionColumns(ast: ExpressionAst): string[] {
  return [...new Set(columnReferences(ast).map((c) => c.name))];
}
