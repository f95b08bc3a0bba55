// impute: fill missing values with the training median, the most frequent training value, or a
// constant; optionally add `<col>__missing` (1 where the value was missing) right after the column.
// Numbers, booleans and datetimes take every strategy; categorical columns take most_frequent and constant.

import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import { isCoded, type CodedColumn, type Column, type NumericColumn } from '../core/frame.js';
import { IMPUTE_STRATEGIES, type FeatureStepOf } from '../core/feature-spec.js';
import { originSchema, type FitContext } from './fit-context.js';
import { compareText, countCodes } from './levels.js';
import { modeOfSorted, quantileOfSorted, sortedPresent } from './train-stats.js';
import { parseStoredNumber, showValue } from './value-parsing.js';
import type { WorkingSet } from './working-set.js';

export const imputeStateSchema = z.strictObject({
  step: z.literal('impute'),
  origin: originSchema,
  strategy: z.enum(IMPUTE_STRATEGIES),
  columns: z
    .array(
      z.strictObject({
        column: z.string(),
        /** A number for numeric-storage columns, a level's text for categorical ones. */
        fill: z.union([z.number(), z.string()]),
        indicator: z.boolean(),
      }),
    )
    .min(1),
});
export type ImputeState = z.output<typeof imputeStateSchema>;

export function indicatorName(column: string): string {
  return `${column}__missing`;
}

export function fitImpute(spec: FeatureStepOf<'impute'>, ctx: FitContext): ImputeState {
  const entries = spec.columns.map((name) => {
    const column = ctx.input(name, ['numeric', 'boolean', 'datetime', 'categorical']);
    const fill = isCoded(column) ? levelFill(spec, column, ctx) : numberFill(spec, column, ctx);
    if (spec.indicator) ctx.checkNewName(indicatorName(name));
    return { column: name, fill, indicator: spec.indicator };
  });
  const state: ImputeState = { step: 'impute', origin: ctx.origin, strategy: spec.strategy, columns: entries };
  applyImpute(state, ctx.work);
  for (const entry of entries) {
    ctx.output(entry.column, { complete: true });
    if (entry.indicator) ctx.output(indicatorName(entry.column), { complete: true });
  }
  return state;
}

function numberFill(spec: FeatureStepOf<'impute'>, column: NumericColumn, ctx: FitContext): number {
  if (spec.strategy === 'constant') {
    const value = parseStoredNumber(column.type, spec.value);
    if (value === undefined || Number.isNaN(value)) {
      throw new FlywheelError('config_invalid', `${ctx.label}: the fill value ${showValue(spec.value)} does not fit column "${column.name}", which is ${column.type}`, {
        hint: column.type === 'boolean' ? 'use value: true or value: false' : column.type === 'datetime' ? 'use an ISO date such as 2024-01-01' : 'use a number',
      });
    }
    return value;
  }
  const sorted = sortedPresent(column.values);
  if (sorted.length === 0) {
    throw new FlywheelError('data_invalid', `${ctx.label}: column "${column.name}" is missing on every training row, so it has no ${spec.strategy === 'median' ? 'median' : 'most frequent value'}`, {
      hint: 'use strategy: constant with a value, or leave the column out of the features',
    });
  }
  return spec.strategy === 'median' ? quantileOfSorted(sorted, 0.5) : modeOfSorted(sorted);
}

function levelFill(spec: FeatureStepOf<'impute'>, column: CodedColumn, ctx: FitContext): string {
  if (spec.strategy === 'median') {
    throw new FlywheelError('config_invalid', `${ctx.label}: column "${column.name}" is categorical and has no median`, {
      hint: 'use strategy: most_frequent, or strategy: constant with a value',
    });
  }
  if (spec.strategy === 'constant') return typeof spec.value === 'string' ? spec.value : String(spec.value);
  const byText = new Map<string, number>();
  const { counts } = countCodes(column);
  for (let code = 0; code < counts.length; code++) {
    if (counts[code]! > 0) byText.set(column.levels[code]!, (byText.get(column.levels[code]!) ?? 0) + counts[code]!);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [text, count] of byText) {
    if (count > bestCount || (count === bestCount && best !== undefined && compareText(text, best) < 0)) {
      best = text;
      bestCount = count;
    }
  }
  if (best === undefined) {
    throw new FlywheelError('data_invalid', `${ctx.label}: column "${column.name}" is missing on every training row, so it has no most frequent value`, {
      hint: 'use strategy: constant with a value, or leave the column out of the features',
    });
  }
  return best;
}

export function applyImpute(state: ImputeState, work: WorkingSet): void {
  for (const entry of state.columns) {
    const column = work.get(entry.column);
    const outputs: Column[] = [isCoded(column) ? fillCodes(column, String(entry.fill)) : fillValues(column, Number(entry.fill))];
    if (entry.indicator) outputs.push(missingIndicator(column));
    work.replace(entry.column, outputs);
  }
}

function fillValues(column: NumericColumn, fill: number): NumericColumn {
  const input = column.values;
  const values = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = input[i]!;
    values[i] = Number.isNaN(v) ? fill : v;
  }
  return { name: column.name, type: column.type, values };
}

function fillCodes(column: CodedColumn, fill: string): CodedColumn {
  let fillCode = column.levels.indexOf(fill);
  const levels = fillCode >= 0 ? column.levels : [...column.levels, fill];
  if (fillCode < 0) fillCode = levels.length - 1;
  const input = column.codes;
  const codes = new Int32Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const code = input[i]!;
    codes[i] = code < 0 ? fillCode : code;
  }
  return { name: column.name, type: column.type, codes, levels };
}

function missingIndicator(column: Column): NumericColumn {
  const n = isCoded(column) ? column.codes.length : column.values.length;
  const values = new Float64Array(n);
  if (isCoded(column)) for (let i = 0; i < n; i++) values[i] = column.codes[i]! < 0 ? 1 : 0;
  else for (let i = 0; i < n; i++) values[i] = Number.isNaN(column.values[i]!) ? 1 : 0;
  return { name: indicatorName(column.name), type: 'boolean', values };
}
