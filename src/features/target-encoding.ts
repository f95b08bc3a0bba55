// target_encoding: each level becomes the smoothed share of positives among its training rows,
// (positives + smoothing · prior) / (rows + smoothing), pulled toward the prior (the training
// positive rate) when the level is rare. Missing values are a level of their own. On the training
// rows the values are out-of-fold — each fold encoded with the statistics of the other folds — so a
// model never sees a row's own label inside its feature; scoring uses the full-training statistics,
// and unseen levels get the prior.

import { z } from 'zod';
import type { CodedColumn } from '../core/frame.js';
import type { FeatureStepOf } from '../core/feature-spec.js';
import { originSchema, type FitContext } from './fit-context.js';
import { TARGET_ENCODING_FOLDS } from './folds.js';
import { asCoded, compareText, matchLevels } from './levels.js';
import type { WorkingSet } from './working-set.js';

export const targetEncodingStateSchema = z.strictObject({
  step: z.literal('target_encoding'),
  origin: originSchema,
  smoothing: z.number().min(0),
  /** Out-of-fold folds used for the training rows (recorded, not used at scoring time). */
  folds: z.number().int().min(2),
  /** Training positive rate: the value of unseen levels. */
  prior: z.number(),
  columns: z
    .array(
      z.strictObject({
        column: z.string(),
        levels: z.array(z.string()),
        /** Encoded value of each level. */
        values: z.array(z.number()),
        /** Encoded value of a missing value. */
        missing: z.number(),
      }),
    )
    .min(1),
});
export type TargetEncodingState = z.output<typeof targetEncodingStateSchema>;

/** Smoothed mean; a level with no rows (possible with smoothing 0) gets the prior. */
function smoothed(positives: number, rows: number, smoothing: number, prior: number): number {
  return rows + smoothing > 0 ? (positives + smoothing * prior) / (rows + smoothing) : prior;
}

export function fitTargetEncoding(spec: FeatureStepOf<'target_encoding'>, ctx: FitContext): TargetEncodingState {
  const y = ctx.y;
  const n = y.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const prior = n === 0 ? 0 : positives / n;
  const m = spec.smoothing;
  const folds = ctx.folds();
  const k = TARGET_ENCODING_FOLDS;

  const entries: TargetEncodingState['columns'] = [];
  const trainValues: Float64Array[] = [];
  for (const name of spec.columns) {
    const column = asCoded(ctx.input(name, ['categorical', 'numeric', 'boolean', 'datetime']));
    const { slotOf, levels, slots } = slotsByText(column);
    // Per fold and slot (levels, then missing): rows and positives. Slot `levels.length` is missing.
    const rows = new Float64Array(k * slots);
    const pos = new Float64Array(k * slots);
    const codes = column.codes;
    for (let i = 0; i < n; i++) {
      const code = codes[i]!;
      const slot = code < 0 ? levels.length : slotOf[code]!;
      const cell = folds[i]! * slots + slot;
      rows[cell]!++;
      pos[cell]! += y[i]!;
    }
    const totalRows = new Float64Array(slots);
    const totalPos = new Float64Array(slots);
    const foldRows = new Float64Array(k);
    const foldPos = new Float64Array(k);
    for (let f = 0; f < k; f++) {
      for (let s = 0; s < slots; s++) {
        totalRows[s]! += rows[f * slots + s]!;
        totalPos[s]! += pos[f * slots + s]!;
        foldRows[f]! += rows[f * slots + s]!;
        foldPos[f]! += pos[f * slots + s]!;
      }
    }
    const full = Float64Array.from({ length: slots }, (_, s) => smoothed(totalPos[s]!, totalRows[s]!, m, prior));
    // Out of fold: a row in fold f is encoded with the other folds' counts and their own prior.
    const outOfFold = new Float64Array(k * slots);
    for (let f = 0; f < k; f++) {
      const otherRows = n - foldRows[f]!;
      const foldPrior = otherRows > 0 ? (positives - foldPos[f]!) / otherRows : prior;
      for (let s = 0; s < slots; s++) {
        outOfFold[f * slots + s] = smoothed(totalPos[s]! - pos[f * slots + s]!, totalRows[s]! - rows[f * slots + s]!, m, foldPrior);
      }
    }
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const code = codes[i]!;
      values[i] = outOfFold[folds[i]! * slots + (code < 0 ? levels.length : slotOf[code]!)]!;
    }
    // Only levels seen in training are kept; the rest of the slots are unused level-list entries.
    const kept = levels.map((level, s) => ({ level, s })).filter(({ s }) => totalRows[s]! > 0);
    entries.push({ column: name, levels: kept.map((e) => e.level), values: kept.map((e) => full[e.s]!), missing: full[levels.length]! });
    trainValues.push(values);
  }
  entries.forEach((entry, j) => ctx.work.replace(entry.column, [{ name: entry.column, type: 'numeric', values: trainValues[j]! }]));
  for (const entry of entries) ctx.output(entry.column, { complete: true });
  return { step: 'target_encoding', origin: ctx.origin, smoothing: m, folds: k, prior, columns: entries };
}

/** Slots by distinct level text (sorted), so two codes with the same text share statistics. */
function slotsByText(column: CodedColumn): { slotOf: Int32Array; levels: string[]; slots: number } {
  const levels = [...new Set(column.levels)].sort(compareText);
  const slotOf = matchLevels(column.levels, levels);
  return { slotOf, levels, slots: levels.length + 1 };
}

export function applyTargetEncoding(state: TargetEncodingState, work: WorkingSet): void {
  for (const entry of state.columns) {
    const column = asCoded(work.get(entry.column));
    const index = matchLevels(column.levels, entry.levels);
    const valueOfCode = Float64Array.from(index, (j) => (j < 0 ? state.prior : entry.values[j]!));
    const codes = column.codes;
    const values = new Float64Array(codes.length);
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i]!;
      values[i] = code < 0 ? entry.missing : valueOfCode[code]!;
    }
    work.replace(entry.column, [{ name: entry.column, type: 'numeric', values }]);
  }
}
