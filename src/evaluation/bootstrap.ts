// Percentile bootstrap intervals, stratified by class and seeded: each replicate is a vector of row
// multiplicities (positives resampled among positives, negatives among negatives), so metrics reuse
// one sort per score vector. Paired replicates (the same rows for two models) give intervals for a
// difference between models evaluated on the same rows.

import { Rng } from '../core/rng.js';
import { computeMetric, descendingOrder, type MetricName } from './metrics.js';

export interface MetricValue {
  value: number;
  /** 95% (or `level`) percentile interval; absent when it could not be computed. */
  ci?: [number, number];
}

export interface BootstrapOptions {
  replicates?: number;
  level?: number;
  seed: number;
}

export const DEFAULT_REPLICATES = 1000;

/** Row multiplicities of `replicates` stratified resamples of the rows. */
export function stratifiedReplicates(y: Uint8Array, replicates: number, seed: number): Float64Array[] {
  const rng = new Rng(seed);
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? positives : negatives).push(i);
  const out: Float64Array[] = [];
  for (let r = 0; r < replicates; r++) {
    const w = new Float64Array(y.length);
    for (let k = 0; k < positives.length; k++) w[positives[rng.nextInt(positives.length)]!]!++;
    for (let k = 0; k < negatives.length; k++) w[negatives[rng.nextInt(negatives.length)]!]!++;
    out.push(w);
  }
  return out;
}

export function percentileInterval(values: number[], level: number): [number, number] | undefined {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length < 10) return undefined;
  const alpha = (1 - level) / 2;
  const pick = (q: number) => {
    const pos = q * (finite.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return finite[lo]! + (finite[hi]! - finite[lo]!) * (pos - lo);
  };
  return [pick(alpha), pick(1 - alpha)];
}

/** Metric values with bootstrap intervals for one score vector. */
export function metricsWithIntervals(names: readonly MetricName[], scores: Float64Array, y: Uint8Array, options: BootstrapOptions): Record<string, MetricValue> {
  const order = descendingOrder(scores);
  const replicates = stratifiedReplicates(y, options.replicates ?? DEFAULT_REPLICATES, options.seed);
  const out: Record<string, MetricValue> = {};
  for (const name of names) {
    const value = computeMetric(name, scores, y, undefined, order);
    const samples = replicates.map((w) => computeMetric(name, scores, y, w, order));
    const ci = percentileInterval(samples, options.level ?? 0.95);
    out[name] = ci === undefined ? { value } : { value, ci };
  }
  return out;
}

/** The difference metric(b) − metric(a) on the same rows, with a paired bootstrap interval. */
export function pairedDifference(name: MetricName, a: Float64Array, b: Float64Array, y: Uint8Array, options: BootstrapOptions): MetricValue {
  const orderA = descendingOrder(a);
  const orderB = descendingOrder(b);
  const value = computeMetric(name, b, y, undefined, orderB) - computeMetric(name, a, y, undefined, orderA);
  const replicates = stratifiedReplicates(y, options.replicates ?? DEFAULT_REPLICATES, options.seed);
  const samples = replicates.map((w) => computeMetric(name, b, y, w, orderB) - computeMetric(name, a, y, w, orderA));
  const ci = percentileInterval(samples, options.level ?? 0.95);
  return ci === undefined ? { value } : { value, ci };
}

/**
 * A metric's value with a stratified bootstrap interval, for any metric computed from row weights
 * (`compute(undefined)` is the point estimate; `compute(w)` one replicate, `w` the row multiplicities).
 */
export function bootstrapMetric(compute: (w?: Float64Array) => number, y: Uint8Array, options: BootstrapOptions, replicates = stratifiedReplicates(y, options.replicates ?? DEFAULT_REPLICATES, options.seed)): MetricValue {
  const value = compute(undefined);
  const ci = percentileInterval(
    replicates.map((w) => compute(w)),
    options.level ?? 0.95,
  );
  return ci === undefined ? { value } : { value, ci };
}
