// ordinal: each training level becomes its rank in text order (0, 1, 2 …). Missing values and levels
// unseen in training become NaN in the 'native' encoding (the model's own missing-value handling,
// and the column is reported as categorical), and -1 — below every code — in the dense encodings.

import { z } from 'zod';
import type { FeatureStepOf } from '../core/feature-spec.js';
import { originSchema, type FitContext } from './fit-context.js';
import { asCoded, countCodes, matchLevels, presentLevels } from './levels.js';
import type { WorkingSet } from './working-set.js';

/** The code of missing and unseen levels in the dense encodings. */
export const DENSE_UNSEEN_CODE = -1;

export const ordinalStateSchema = z.strictObject({
  step: z.literal('ordinal'),
  origin: originSchema,
  /** Code of missing and unseen values; null means NaN. */
  unseen: z.number().nullable(),
  /** Native categorical codes (reported in categorical_features). */
  categorical: z.boolean(),
  columns: z.array(z.strictObject({ column: z.string(), levels: z.array(z.string()) })).min(1),
});
export type OrdinalState = z.output<typeof ordinalStateSchema>;

export function fitOrdinal(spec: Pick<FeatureStepOf<'ordinal'>, 'columns'>, ctx: FitContext): OrdinalState {
  const native = ctx.encoding === 'native';
  const entries = spec.columns.map((name) => {
    const column = asCoded(ctx.input(name, ['categorical', 'numeric', 'boolean', 'datetime']));
    return { column: name, levels: presentLevels(column, countCodes(column).counts) };
  });
  const state: OrdinalState = { step: 'ordinal', origin: ctx.origin, unseen: native ? null : DENSE_UNSEEN_CODE, categorical: native, columns: entries };
  applyOrdinal(state, ctx.work);
  for (const entry of entries) ctx.output(entry.column, { complete: !native, categorical: native });
  return state;
}

export function applyOrdinal(state: OrdinalState, work: WorkingSet): void {
  const unseen = state.unseen ?? NaN;
  for (const entry of state.columns) {
    const column = asCoded(work.get(entry.column));
    const rank = matchLevels(column.levels, entry.levels);
    const valueOfCode = Float64Array.from(rank, (r) => (r < 0 ? unseen : r));
    const codes = column.codes;
    const values = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      values[i] = code < 0 ? unseen : valueOfCode[code]!;
    }
    work.replace(entry.column, [{ name: entry.column, type: 'numeric', values }]);
  }
}
