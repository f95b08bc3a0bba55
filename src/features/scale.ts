// scale (standard): subtract the training mean and divide by the training population standard
// deviation; a column with zero spread is divided by 1, so it is centred and never divided by zero.
// Missing values stay missing.

import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import type { NumericColumn } from '../core/frame.js';
import type { FeatureStepOf } from '../core/feature-spec.js';
import { originSchema, type FitContext } from './fit-context.js';
import { meanAndStd } from './train-stats.js';
import type { WorkingSet } from './working-set.js';

export const scaleStateSchema = z.strictObject({
  step: z.literal('scale'),
  origin: originSchema,
  method: z.literal('standard'),
  columns: z.array(z.strictObject({ column: z.string(), mean: z.number(), std: z.number().positive() })).min(1),
});
export type ScaleState = z.output<typeof scaleStateSchema>;

export const NUMBERS_HINT = 'use one_hot, ordinal or target_encoding for categorical columns, and date_parts for datetimes';

export function fitScale(spec: FeatureStepOf<'scale'>, ctx: FitContext): ScaleState {
  const entries = spec.columns.map((name) => {
    const column = ctx.input(name, ['numeric', 'boolean'], NUMBERS_HINT) as NumericColumn;
    const { mean, std, present } = meanAndStd(column.values);
    if (present === 0) {
      throw new FlywheelError('data_invalid', `${ctx.label}: column "${name}" is missing on every training row, so it cannot be scaled`, {
        hint: 'impute it first, or leave it out of the features',
      });
    }
    return { column: name, mean, std: std > 0 ? std : 1 };
  });
  const state: ScaleState = { step: 'scale', origin: ctx.origin, method: spec.method, columns: entries };
  const complete = entries.map((e) => ctx.isComplete(e.column));
  applyScale(state, ctx.work);
  entries.forEach((e, k) => ctx.output(e.column, { complete: complete[k]! }));
  return state;
}

export function applyScale(state: ScaleState, work: WorkingSet): void {
  for (const { column: name, mean, std } of state.columns) {
    const input = work.numeric(name).values;
    const values = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) values[i] = (input[i]! - mean) / std;
    work.replace(name, [{ name, type: 'numeric', values }]);
  }
}
