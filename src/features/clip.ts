// clip: bound a column to [lower, upper], given as numbers or as training quantiles (q_low, q_high,
// by linear interpolation). Missing values stay missing.

import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import type { FeatureStepOf } from '../core/feature-spec.js';
import type { NumericColumn } from '../core/frame.js';
import { originSchema, type FitContext } from './fit-context.js';
import { NUMBERS_HINT } from './scale.js';
import { quantileOfSorted, sortedPresent } from './train-stats.js';
import type { WorkingSet } from './working-set.js';

export const clipStateSchema = z.strictObject({
  step: z.literal('clip'),
  origin: originSchema,
  columns: z.array(z.strictObject({ column: z.string(), lower: z.number().nullable(), upper: z.number().nullable() })).min(1),
});
export type ClipState = z.output<typeof clipStateSchema>;

export function fitClip(spec: FeatureStepOf<'clip'>, ctx: FitContext): ClipState {
  const entries = spec.columns.map((name) => {
    const values = (ctx.input(name, ['numeric', 'boolean'], NUMBERS_HINT) as NumericColumn).values;
    let sorted: Float64Array | undefined;
    const quantile = (q: number): number => {
      sorted ??= sortedPresent(values);
      if (sorted.length === 0) {
        throw new FlywheelError('data_invalid', `${ctx.label}: column "${name}" is missing on every training row, so it has no quantiles`, {
          hint: 'give lower / upper as numbers, or leave the column out of the features',
        });
      }
      return quantileOfSorted(sorted, q);
    };
    const lower = spec.lower ?? (spec.q_low === undefined ? null : quantile(spec.q_low));
    const upper = spec.upper ?? (spec.q_high === undefined ? null : quantile(spec.q_high));
    return { column: name, lower, upper };
  });
  const state: ClipState = { step: 'clip', origin: ctx.origin, columns: entries };
  const complete = entries.map((e) => ctx.isComplete(e.column));
  applyClip(state, ctx.work);
  entries.forEach((e, k) => ctx.output(e.column, { complete: complete[k]! }));
  return state;
}

export function applyClip(state: ClipState, work: WorkingSet): void {
  for (const { column: name, lower, upper } of state.columns) {
    const lo = lower ?? -Infinity;
    const hi = upper ?? Infinity;
    const input = work.numeric(name).values;
    const values = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const v = input[i]!;
      values[i] = v < lo ? lo : v > hi ? hi : v;
    }
    work.replace(name, [{ name, type: 'numeric', values }]);
  }
}
