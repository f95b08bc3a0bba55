// one_hot: one 0/1 column `<col>=<level>` per kept level. The kept levels are the `max_levels` most
// frequent on train (ties by level text); rarer training levels and levels first seen at scoring time
// go to `<col>=__other__`, which exists when train had more levels than the cap (otherwise an unseen
// level is all zeros: a column that was always 0 in training carries no weight in any model).
// Missing values go to `<col>=__missing__` when train had missing values, else all zeros.

import { z } from 'zod';
import type { NumericColumn } from '../core/frame.js';
import type { FeatureStepOf } from '../core/feature-spec.js';
import { originSchema, type FitContext } from './fit-context.js';
import { asCoded, compareText, countCodes, matchLevels } from './levels.js';
import type { WorkingSet } from './working-set.js';

export const OTHER_LEVEL = '__other__';
export const MISSING_LEVEL = '__missing__';

export const oneHotStateSchema = z.strictObject({
  step: z.literal('one_hot'),
  origin: originSchema,
  max_levels: z.number().int().min(1),
  columns: z
    .array(
      z.strictObject({
        column: z.string(),
        /** Kept levels, in output order (by text). */
        levels: z.array(z.string()),
        other: z.boolean(),
        missing: z.boolean(),
      }),
    )
    .min(1),
});
export type OneHotState = z.output<typeof oneHotStateSchema>;
type OneHotEntry = OneHotState['columns'][number];

export function oneHotNames(entry: OneHotEntry): string[] {
  return [...entry.levels, ...(entry.other ? [OTHER_LEVEL] : []), ...(entry.missing ? [MISSING_LEVEL] : [])].map((level) => `${entry.column}=${level}`);
}

export function fitOneHot(spec: Pick<FeatureStepOf<'one_hot'>, 'columns' | 'max_levels'>, ctx: FitContext): OneHotState {
  const entries = spec.columns.map((name): OneHotEntry => {
    const column = asCoded(ctx.input(name, ['categorical', 'numeric', 'boolean', 'datetime']));
    const { counts, missing } = countCodes(column);
    const byText = new Map<string, number>();
    for (let code = 0; code < counts.length; code++) {
      if (counts[code]! > 0) byText.set(column.levels[code]!, (byText.get(column.levels[code]!) ?? 0) + counts[code]!);
    }
    const ranked = [...byText].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
    const levels = ranked
      .slice(0, spec.max_levels)
      .map(([text]) => text)
      .sort(compareText);
    const entry = { column: name, levels, other: ranked.length > spec.max_levels, missing: missing > 0 };
    for (const output of oneHotNames(entry)) if (output !== name) ctx.checkNewName(output);
    return entry;
  });
  const state: OneHotState = { step: 'one_hot', origin: ctx.origin, max_levels: spec.max_levels, columns: entries };
  applyOneHot(state, ctx.work);
  for (const entry of entries) for (const output of oneHotNames(entry)) ctx.output(output, { complete: true });
  return state;
}

export function applyOneHot(state: OneHotState, work: WorkingSet): void {
  for (const entry of state.columns) {
    const column = asCoded(work.get(entry.column));
    const n = column.codes.length;
    const names = oneHotNames(entry);
    const outputs: NumericColumn[] = names.map((name) => ({ name, type: 'numeric', values: new Float64Array(n) }));
    const otherIndex = entry.other ? entry.levels.length : -1;
    const missingIndex = entry.missing ? names.length - 1 : -1;
    const target = matchLevels(column.levels, entry.levels);
    // Each code's output column (-1: none), looked up once per level, not once per row.
    for (let k = 0; k < target.length; k++) if (target[k]! < 0) target[k] = otherIndex;
    const codes = column.codes;
    for (let i = 0; i < n; i++) {
      const code = codes[i]!;
      const j = code < 0 ? missingIndex : target[code]!;
      if (j >= 0) outputs[j]!.values[i] = 1;
    }
    work.replace(entry.column, outputs);
  }
}
