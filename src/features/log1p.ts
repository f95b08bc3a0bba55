// log1p: log(1 + x), for skewed non-negative amounts. Fitting refuses a training value at or below -1
// (its log is undefined or -Infinity) and names the column. At scoring time a value below the smallest
// training value is first raised to it, so the output is always finite and the step stays monotone.

import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import type { FeatureStepOf } from '../core/feature-spec.js';
import type { NumericColumn } from '../core/frame.js';
import { originSchema, type FitContext } from './fit-context.js';
import { NUMBERS_HINT } from './scale.js';
import type { WorkingSet } from './working-set.js';

export const log1pStateSchema = z.strictObject({
  step: z.literal('log1p'),
  origin: originSchema,
  /** `min`: the smallest training value (null when every training value was missing). */
  columns: z.array(z.strictObject({ column: z.string(), min: z.number().gt(-1).nullable() })).min(1),
});
export type Log1pState = z.output<typeof log1pStateSchema>;

export function fitLog1p(spec: FeatureStepOf<'log1p'>, ctx: FitContext): Log1pState {
  const entries = spec.columns.map((name) => {
    const values = (ctx.input(name, ['numeric', 'boolean'], NUMBERS_HINT) as NumericColumn).values;
    let min = Infinity;
    for (let i = 0; i < values.length; i++) if (values[i]! < min) min = values[i]!;
    if (min <= -1) {
      throw new FlywheelError('data_invalid', `${ctx.label}: column "${name}" has the value ${min} on the training rows; log1p needs values above -1`, {
        hint: `clip the column first (a clip step with lower: 0 before log1p), or remove "${name}" from the log1p step`,
        details: { column: name, value: min },
      });
    }
    return { column: name, min: min === Infinity ? null : min };
  });
  const state: Log1pState = { step: 'log1p', origin: ctx.origin, columns: entries };
  const complete = entries.map((e) => ctx.isComplete(e.column));
  applyLog1p(state, ctx.work);
  entries.forEach((e, k) => ctx.output(e.column, { complete: complete[k]! }));
  return state;
}

export function applyLog1p(state: Log1pState, work: WorkingSet): void {
  for (const { column: name, min } of state.columns) {
    const floor = min ?? -Infinity;
    const input = work.numeric(name).values;
    const values = new Float64Array(input.length);
    // NaN < floor is false, so missing values pass through as NaN.
    for (let i = 0; i < input.length; i++) values[i] = Math.log1p(input[i]! < floor ? floor : input[i]!);
    work.replace(name, [{ name, type: 'numeric', values }]);
  }
}
