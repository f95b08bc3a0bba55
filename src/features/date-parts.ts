// date_parts: a datetime column becomes `<col>__month` (1–12), `<col>__day_of_week` (Monday 0 …
// Sunday 6), `<col>__is_weekend` (1 on Saturday and Sunday) and `<col>__hour` (0–23), all in UTC,
// computed with integer arithmetic on epoch milliseconds (no Date object per row). By default hour is
// included only when some training value has a time of day. Missing dates give missing parts.

import { z } from 'zod';
import { DATE_PARTS, type DatePart, type FeatureStepOf } from '../core/feature-spec.js';
import type { NumericColumn } from '../core/frame.js';
import { originSchema, type FitContext } from './fit-context.js';
import type { WorkingSet } from './working-set.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export const datePartsStateSchema = z.strictObject({
  step: z.literal('date_parts'),
  origin: originSchema,
  columns: z.array(z.strictObject({ column: z.string(), parts: z.array(z.enum(DATE_PARTS)).min(1) })).min(1),
});
export type DatePartsState = z.output<typeof datePartsStateSchema>;

export function datePartName(column: string, part: DatePart): string {
  return `${column}__${part}`;
}

/** month, day_of_week, is_weekend, and hour when any value is not at midnight UTC. */
export function defaultDateParts(values: Float64Array): DatePart[] {
  let hasTime = false;
  for (let i = 0; i < values.length && !hasTime; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && v - Math.floor(v / DAY_MS) * DAY_MS !== 0) hasTime = true;
  }
  return hasTime ? ['month', 'day_of_week', 'is_weekend', 'hour'] : ['month', 'day_of_week', 'is_weekend'];
}

export function fitDateParts(spec: Pick<FeatureStepOf<'date_parts'>, 'columns' | 'parts'>, ctx: FitContext): DatePartsState {
  const entries = spec.columns.map((name) => {
    const column = ctx.input(name, ['datetime'], 'date_parts reads datetime columns; if this column holds dates, set its type to datetime under columns: in flywheel.yaml') as NumericColumn;
    const parts = spec.parts ?? defaultDateParts(column.values);
    for (const part of parts) ctx.checkNewName(datePartName(name, part));
    return { column: name, parts: [...parts] };
  });
  const state: DatePartsState = { step: 'date_parts', origin: ctx.origin, columns: entries };
  const complete = entries.map((e) => ctx.isComplete(e.column));
  applyDateParts(state, ctx.work);
  entries.forEach((e, k) => {
    for (const part of e.parts) ctx.output(datePartName(e.column, part), { complete: complete[k]! });
  });
  return state;
}

export function applyDateParts(state: DatePartsState, work: WorkingSet): void {
  for (const entry of state.columns) {
    const input = work.numeric(entry.column).values;
    const n = input.length;
    const outputs: NumericColumn[] = entry.parts.map((part) => ({ name: datePartName(entry.column, part), type: 'numeric', values: new Float64Array(n) }));
    const month = outputs[entry.parts.indexOf('month')]?.values;
    const dayOfWeek = outputs[entry.parts.indexOf('day_of_week')]?.values;
    const weekend = outputs[entry.parts.indexOf('is_weekend')]?.values;
    const hour = outputs[entry.parts.indexOf('hour')]?.values;
    for (let i = 0; i < n; i++) {
      const ms = input[i]!;
      if (Number.isNaN(ms)) {
        for (const output of outputs) output.values[i] = NaN;
        continue;
      }
      const days = Math.floor(ms / DAY_MS);
      // 1970-01-01 was a Thursday (3 when Monday is 0).
      const dow = (((days + 3) % 7) + 7) % 7;
      if (month !== undefined) month[i] = monthOfDays(days);
      if (dayOfWeek !== undefined) dayOfWeek[i] = dow;
      if (weekend !== undefined) weekend[i] = dow >= 5 ? 1 : 0;
      if (hour !== undefined) hour[i] = Math.floor((ms - days * DAY_MS) / HOUR_MS);
    }
    work.replace(entry.column, outputs);
  }
}

/** Month (1–12) of a day count since 1970-01-01, by Howard Hinnant's civil-from-days algorithm. */
export function monthOfDays(days: number): number {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return mp < 10 ? mp + 3 : mp - 9;
}
