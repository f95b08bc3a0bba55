// cross: two categorical columns become one, `<a>_x_<b>`, whose levels are the pairs of levels seen
// (`<level a>|<level b>`); missing when either side is missing. It is appended after the other
// columns and then encoded like any categorical column (one-hot capped at the step's max_levels in
// the dense encodings, integer codes in 'native'), unless a later step names it.

import { z } from 'zod';
import type { CodedColumn } from '../core/frame.js';
import type { FeatureStepOf } from '../core/feature-spec.js';
import { originSchema, type FitContext } from './fit-context.js';
import { asCoded } from './levels.js';
import type { WorkingSet } from './working-set.js';

export const crossStateSchema = z.strictObject({
  step: z.literal('cross'),
  origin: originSchema,
  columns: z.tuple([z.string(), z.string()]),
  output: z.string(),
});
export type CrossState = z.output<typeof crossStateSchema>;

export function crossName(a: string, b: string): string {
  return `${a}_x_${b}`;
}

export function fitCross(spec: FeatureStepOf<'cross'>, ctx: FitContext): CrossState {
  const [a, b] = spec.columns as [string, string];
  for (const name of [a, b]) ctx.input(name, ['categorical', 'numeric', 'boolean', 'datetime']);
  const output = crossName(a, b);
  ctx.checkNewName(output);
  const state: CrossState = { step: 'cross', origin: ctx.origin, columns: [a, b], output };
  applyCross(state, ctx.work);
  ctx.output(output, { complete: false });
  return state;
}

export function applyCross(state: CrossState, work: WorkingSet): void {
  const a = asCoded(work.get(state.columns[0]));
  const b = asCoded(work.get(state.columns[1]));
  const nb = b.levels.length;
  const n = a.codes.length;
  const codes = new Int32Array(n);
  const levels: string[] = [];
  const codeOfPair = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const ca = a.codes[i]!;
    const cb = b.codes[i]!;
    if (ca < 0 || cb < 0) {
      codes[i] = -1;
      continue;
    }
    const pair = ca * nb + cb;
    let code = codeOfPair.get(pair);
    if (code === undefined) {
      code = levels.length;
      codeOfPair.set(pair, code);
      levels.push(`${a.levels[ca]}|${b.levels[cb]}`);
    }
    codes[i] = code;
  }
  const column: CodedColumn = { name: state.output, type: 'categorical', codes, levels };
  work.append(column);
}
