// The rules-expression language (docs/problem-card.md, "Rules expressions"): parse a rule such as
// `tenure < 6 and contract == "Month-to-month"`, check it against a Frame's columns, and evaluate it
// to 1 where it fires. Used by the problem card's baseline and, later, the rules rung.

export { parseExpression, type ParseExpressionOptions } from './parse.js';
export { checkExpression, type ExpressionType } from './type-check.js';
export { evaluateExpression } from './evaluate.js';
export { expressionColumns, columnReferences, type ExpressionAst, type ExpressionNode, type ColumnNode, type LiteralNode, type CompareOp, type ArithmeticOp, type Span } from './ast.js';
export { expressionError, type ExpressionErrorOptions } from './expression-error.js';
