// bucketize: replace a number by its bin index 0 … k. Edges are explicit or the training quantiles at
// 1/n_bins … (n_bins-1)/n_bins (repeated quantiles merged, so heavy ties give fewer bins). Bin k holds
// edges[k-1] <= x < edges[k]. Missing values stay missing.

import { z } from 'zod';
import { FlywheelError } from '../core/errors.js';
import { DEFAULT_N_BINS, type FeatureStepOf } from '../core/feature-spec.js';
import type { NumericColumn } from '../core/frame.js';
import { originSchema, type FitContext } from './fit-context.js';
import { quantileOfSorted, sortedPresent } from './train-stats.js';
import type { WorkingSet } from './working-set.js';

export const bucketizeStateSchema = z.strictObject({
  step: z.literal('bucketize'),
  origin: originSchema,
  columns: z.array(z.strictObject({ column: z.string(), edges: z.array(z.number()) })).min(1),
});
export type BucketizeState = z.output<typeof bucketizeStateSchema>;

export function quantileEdges(values: Float64Array, nBins: number): number[] {
  const sorted = sortedPresent(values);
  const edges: number[] = [];
  for (let k = 1; k < nBins; k++) {
    const edge = quantileOfSorted(sorted, k / nBins);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

export function fitBucketize(spec: FeatureStepOf<'bucketize'>, ctx: FitContext): BucketizeState {
  const entries = spec.columns.map((name) => {
    const column = ctx.input(name, ['numeric'], 'bucketize reads numeric columns') as NumericColumn;
    if (spec.edges !== undefined) return { column: name, edges: [...spec.edges] };
    const edges = quantileEdges(column.values, spec.n_bins ?? DEFAULT_N_BINS);
    if (edges.length === 0 && sortedPresent(column.values).length === 0) {
      throw new FlywheelError('data_invalid', `${ctx.label}: column "${name}" is missing on every training row, so it has no quantiles`, {
        hint: 'give the bin edges explicitly (edges: [...]), or leave the column out of the features',
      });
    }
    return { column: name, edges };
  });
  const state: BucketizeState = { step: 'bucketize', origin: ctx.origin, columns: entries };
  const complete = entries.map((e) => ctx.isComplete(e.column));
  applyBucketize(state, ctx.work);
  entries.forEach((e, k) => ctx.output(e.column, { complete: complete[k]! }));
  return state;
}

export function applyBucketize(state: BucketizeState, work: WorkingSet): void {
  for (const { column: name, edges } of state.columns) {
    const input = work.numeric(name).values;
    const values = new Float64Array(input.length);
    const e = Float64Array.from(edges);
    for (let i = 0; i < input.length; i++) {
      const v = input[i]!;
      if (Number.isNaN(v)) {
        values[i] = NaN;
        continue;
      }
      // Number of edges <= v (binary search).
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (e[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      values[i] = lo;
    }
    work.replace(name, [{ name, type: 'numeric', values }]);
  }
}
