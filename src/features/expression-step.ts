// expression: a new 0/1 column `name`, 1 where a rules expression fires (docs/problem-card.md has the
// language), e.g. the problem card's baseline rule `tenure < 6 and contract == "Month-to-month"`. It
// reads the raw columns it names (they keep their own treatment) and learns nothing from the rows.

import { z } from 'zod';
import type { FeatureStepOf } from '../core/feature-spec.js';
import { Frame } from '../core/frame.js';
import { evaluateExpression, expressionColumns, parseExpression, checkExpression, type ExpressionAst } from './expression/index.js';
import { originSchema, type FitContext } from './fit-context.js';
import type { WorkingSet } from './working-set.js';

export const expressionStateSchema = z.strictObject({
  step: z.literal('expression'),
  origin: originSchema,
  name: z.string(),
  expression: z.string(),
  columns: z.array(z.string()),
});
export type ExpressionState = z.output<typeof expressionStateSchema>;

/** Parsed expressions by source text: a pipeline applies the same few expressions many times. */
const parsed = new Map<string, ExpressionAst>();

function astOf(expression: string): ExpressionAst {
  let ast = parsed.get(expression);
  if (ast === undefined) {
    ast = parseExpression(expression);
    parsed.set(expression, ast);
  }
  return ast;
}

export function expressionStepColumns(spec: FeatureStepOf<'expression'>): string[] {
  return expressionColumns(astOf(spec.expression));
}

export function fitExpression(spec: FeatureStepOf<'expression'>, ctx: FitContext): ExpressionState {
  const ast = astOf(spec.expression);
  const columns = expressionColumns(ast);
  for (const name of columns) ctx.input(name, ['numeric', 'boolean', 'datetime', 'categorical'], 'an expression reads raw columns');
  checkExpression(ast, new Frame(columns.map((name) => ctx.work.get(name))));
  ctx.checkNewName(spec.name);
  const state: ExpressionState = { step: 'expression', origin: ctx.origin, name: spec.name, expression: spec.expression, columns };
  applyExpression(state, ctx.work);
  ctx.output(spec.name, { complete: true });
  return state;
}

export function applyExpression(state: ExpressionState, work: WorkingSet): void {
  const fired = evaluateExpression(astOf(state.expression), new Frame(state.columns.map((name) => work.get(name))));
  work.append({ name: state.name, type: 'numeric', values: Float64Array.from(fired) });
}
