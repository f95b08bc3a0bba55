// How a shadow model would have decided on the live traffic: for every request scored by a live
// variant and by a shadow model, the two decisions and scores side by side — agreement, flips in each
// direction, score correlation (Pearson and Spearman) and the distribution of score differences.
// Computing is kept apart from rendering; too few pairs is an explicit status, never a silent pass.

import { FlywheelError } from '../core/errors.js';
import type { PredictionRecord, Store, TimeWindow } from '../store/types.js';
import { logPages } from './prediction-log.js';
import { registeredModelName } from '../registry/model-name.js';
import type { Project } from './project.js';

/** Fewer paired requests than this and the report says `insufficient-data` instead of statistics. */
export const MIN_SHADOW_PAIRS = 2;

export interface ShadowReportOptions extends TimeWindow {
  /** Only this shadow variant (default: every shadow variant in the window). */
  shadowVariant?: string | undefined;
}

export interface LatencySummary {
  mean_ms: number;
  p50_ms: number;
  p99_ms: number;
}

export interface ShadowComparison {
  shadow_variant: string;
  shadow_model_versions: number[];
  /** Live variants the shadow was paired with, and how many requests each. */
  live_variants: Record<string, number>;
  live_model_versions: number[];
  pairs: number;
  status: 'ok' | 'insufficient-data';
  /** Share of pairs where the two decisions agree. */
  agreement: number | null;
  flips: { live_positive_shadow_negative: number; live_negative_shadow_positive: number };
  positive_rate: { live: number | null; shadow: number | null };
  /** Null when either side's scores are constant (correlation undefined). */
  correlation: { pearson: number | null; spearman: number | null };
  abs_score_difference: { mean: number; p50: number; p99: number; max: number } | null;
  mean_score: { live: number | null; shadow: number | null };
  /** Present when the log records latency; null otherwise. */
  latency: { live: LatencySummary | null; shadow: LatencySummary | null } | null;
}

export interface ShadowReport {
  window: { since: string | null; until: string | null };
  /** Requests in the window with a live record. */
  live_requests: number;
  /** Shadow records whose request has no live record in the window (left out). */
  unpaired_shadow_records: number;
  shadows: ShadowComparison[];
}

/** What the report keeps of a record (not its features, so memory grows slowly with the window). */
interface Scored {
  variant: string;
  modelVersion: number;
  score: number;
  decision: number;
  latencyMs: number | undefined;
}

function scored(record: PredictionRecord): Scored {
  const latency = record.latencyMs;
  return {
    variant: record.variant,
    modelVersion: record.modelVersion,
    score: record.score,
    decision: record.decision,
    latencyMs: latency !== undefined && Number.isFinite(latency) ? latency : undefined,
  };
}

interface PairAccumulator {
  shadowVersions: Set<number>;
  liveVersions: Set<number>;
  liveVariants: Map<string, number>;
  live: number[];
  shadow: number[];
  liveDecisions: number[];
  shadowDecisions: number[];
  liveLatency: number[];
  shadowLatency: number[];
}

export async function shadowReport(project: Project, store: Store, options: ShadowReportOptions = {}): Promise<ShadowReport> {
  const window: TimeWindow = { ...(options.sinceMs === undefined ? {} : { sinceMs: options.sinceMs }), ...(options.untilMs === undefined ? {} : { untilMs: options.untilMs }) };
  const model = registeredModelName(project.config);
  // Live and shadow records of one request are logged together, so they sit next to each other in
  // time order; requests are held only until both sides are seen.
  const liveByRequest = new Map<string, Scored>();
  const shadowWaiting = new Map<string, Scored[]>();
  const bySide = new Map<string, PairAccumulator>();
  const add = (live: Scored, shadow: Scored) => {
    let acc = bySide.get(shadow.variant);
    if (acc === undefined) {
      acc = { shadowVersions: new Set(), liveVersions: new Set(), liveVariants: new Map(), live: [], shadow: [], liveDecisions: [], shadowDecisions: [], liveLatency: [], shadowLatency: [] };
      bySide.set(shadow.variant, acc);
    }
    acc.shadowVersions.add(shadow.modelVersion);
    acc.liveVersions.add(live.modelVersion);
    acc.liveVariants.set(live.variant, (acc.liveVariants.get(live.variant) ?? 0) + 1);
    acc.live.push(live.score);
    acc.shadow.push(shadow.score);
    acc.liveDecisions.push(live.decision);
    acc.shadowDecisions.push(shadow.decision);
    if (live.latencyMs !== undefined) acc.liveLatency.push(live.latencyMs);
    if (shadow.latencyMs !== undefined) acc.shadowLatency.push(shadow.latencyMs);
  };
  let liveRequests = 0;
  for await (const page of logPages(store.predictions, { ...window, model })) {
    for (const record of page) {
      if (!record.shadow) {
        if (liveByRequest.has(record.requestId)) continue;
        const live = scored(record);
        liveByRequest.set(record.requestId, live);
        liveRequests++;
        for (const shadow of shadowWaiting.get(record.requestId) ?? []) add(live, shadow);
        shadowWaiting.delete(record.requestId);
      } else if (options.shadowVariant === undefined || record.variant === options.shadowVariant) {
        const live = liveByRequest.get(record.requestId);
        if (live !== undefined) add(live, scored(record));
        else shadowWaiting.set(record.requestId, [...(shadowWaiting.get(record.requestId) ?? []), scored(record)]);
      }
    }
  }
  if (options.shadowVariant !== undefined && !bySide.has(options.shadowVariant)) {
    const seen = await shadowVariantsIn(store, { ...window, model });
    throw new FlywheelError('not_found', `no request in the window was scored by shadow variant "${options.shadowVariant}"`, {
      hint: seen.length === 0 ? 'the log has no shadow records in this window' : `shadow variants in the window: ${seen.join(', ')}`,
    });
  }
  let unpaired = 0;
  for (const list of shadowWaiting.values()) unpaired += list.length;
  return {
    window: { since: options.sinceMs === undefined ? null : new Date(options.sinceMs).toISOString(), until: options.untilMs === undefined ? null : new Date(options.untilMs).toISOString() },
    live_requests: liveRequests,
    unpaired_shadow_records: unpaired,
    shadows: [...bySide].sort(([a], [b]) => a.localeCompare(b)).map(([variant, acc]) => compare(variant, acc)),
  };
}

async function shadowVariantsIn(store: Store, window: TimeWindow & { model: string }): Promise<string[]> {
  const seen = new Set<string>();
  for await (const page of logPages(store.predictions, window)) for (const r of page) if (r.shadow) seen.add(r.variant);
  return [...seen].sort();
}

function compare(variant: string, acc: PairAccumulator): ShadowComparison {
  const n = acc.live.length;
  const live = Float64Array.from(acc.live);
  const shadow = Float64Array.from(acc.shadow);
  let agree = 0;
  let posNeg = 0;
  let negPos = 0;
  let livePos = 0;
  let shadowPos = 0;
  for (let i = 0; i < n; i++) {
    const l = acc.liveDecisions[i]!;
    const s = acc.shadowDecisions[i]!;
    if (l === s) agree++;
    else if (l === 1) posNeg++;
    else negPos++;
    livePos += l;
    shadowPos += s;
  }
  const base = {
    shadow_variant: variant,
    shadow_model_versions: [...acc.shadowVersions].sort((a, b) => a - b),
    live_variants: Object.fromEntries([...acc.liveVariants].sort(([a], [b]) => a.localeCompare(b))),
    live_model_versions: [...acc.liveVersions].sort((a, b) => a - b),
    pairs: n,
    flips: { live_positive_shadow_negative: posNeg, live_negative_shadow_positive: negPos },
    latency: acc.liveLatency.length === 0 && acc.shadowLatency.length === 0 ? null : { live: latencySummary(acc.liveLatency), shadow: latencySummary(acc.shadowLatency) },
  };
  if (n < MIN_SHADOW_PAIRS) {
    return {
      ...base,
      status: 'insufficient-data',
      agreement: null,
      positive_rate: { live: null, shadow: null },
      correlation: { pearson: null, spearman: null },
      abs_score_difference: null,
      mean_score: { live: null, shadow: null },
    };
  }
  const diff = Float64Array.from(live, (l, i) => Math.abs(l - shadow[i]!)).sort();
  return {
    ...base,
    status: 'ok',
    agreement: agree / n,
    positive_rate: { live: livePos / n, shadow: shadowPos / n },
    correlation: { pearson: pearson(live, shadow), spearman: spearman(live, shadow) },
    abs_score_difference: { mean: mean(diff), p50: quantileSorted(diff, 0.5), p99: quantileSorted(diff, 0.99), max: diff[n - 1]! },
    mean_score: { live: mean(live), shadow: mean(shadow) },
  };
}

function latencySummary(values: readonly number[]): LatencySummary | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return { mean_ms: mean(sorted), p50_ms: quantileSorted(sorted, 0.5), p99_ms: quantileSorted(sorted, 0.99) };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** The q-quantile of sorted values by linear interpolation between order statistics (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

/** Pearson's r; null when either side is constant. */
export function pearson(x: Float64Array, y: Float64Array): number | null {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Ranks from 1, ties sharing their average rank (scipy.stats.rankdata's default). */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]!] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Spearman's rho: Pearson's r of the average ranks; null when either side is constant. */
export function spearman(x: Float64Array, y: Float64Array): number | null {
  return pearson(averageRanks(x), averageRanks(y));
}
