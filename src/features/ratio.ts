// ratio: a new column `<numerator>_per_<denominator>`, appended after the other columns. Division by
// zero and a missing numerator or denominator give a missing value. The two source columns stay as
// they are (and get their own treatment); the new column gets the default treatment of a number
// unless a later step names it.

import { z } from 'zod';
import type { FeatureStepOf } from '../core/feature-spec.js';
import { originSchema, type FitContext } from './fit-context.js';
import { NUMBERS_HINT } from './scale.js';
import type { WorkingSet } from './working-set.js';

export const ratioStateSchema = z.strictObject({
  step: z.literal('ratio'),
  origin: originSchema,
  numerator: z.string(),
  denominator: z.string(),
  output: z.string(),
});
export type RatioState = z.output<typeof ratioStateSchema>;

export function ratioName(numerator: string, denominator: string): string {
  return `${numerator}_per_${denominator}`;
}

export function fitRatio(spec: FeatureStepOf<'ratio'>, ctx: FitContext): RatioState {
  ctx.input(spec.numerator, ['numeric', 'boolean'], NUMBERS_HINT);
  ctx.input(spec.denominator, ['numeric', 'boolean'], NUMBERS_HINT);
  const output = ratioName(spec.numerator, spec.denominator);
  ctx.checkNewName(output);
  const state: RatioState = { step: 'ratio', origin: ctx.origin, numerator: spec.numerator, denominator: spec.denominator, output };
  applyRatio(state, ctx.work);
  ctx.output(output, { complete: false });
  return state;
}

export function applyRatio(state: RatioState, work: WorkingSet): void {
  const a = work.numeric(state.numerator).values;
  const b = work.numeric(state.denominator).values;
  const values = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const r = a[i]! / b[i]!;
    // x/0 is ±Infinity or NaN; NaN inputs give NaN: all of these are "missing".
    values[i] = Number.isFinite(r) ? r : NaN;
  }
  work.append({ name: state.output, type: 'numeric', values });
}
