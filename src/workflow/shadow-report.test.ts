import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PredictionRecord, Store } from '../store/types.js';
import type { Project } from './project.js';
import { averageRanks, pearson, shadowReport, spearman } from './shadow-report.js';
import { openLogProject } from '../../test/log-project.js';

let project: Project;
let store: Store;
const T0 = Date.UTC(2026, 10, 1);

beforeEach(async () => {
  ({ project, store } = await openLogProject());
});

afterEach(async () => {
  await store.close();
});

function record(requestId: string, atMs: number, variant: string, score: number, shadow: boolean, modelVersion = shadow ? 2 : 1): PredictionRecord {
  return { requestId, atMs, model: 'churn', modelVersion, variant, features: { tenure: 3 }, score, decision: score >= 0.5 ? 1 : 0, shadow };
}

describe('shadowReport', () => {
  it('compares live and shadow decisions and scores on a hand-made log (values checked with SciPy)', async () => {
    const live = [0.9, 0.2, 0.6, 0.4, 0.1];
    const shadow = [0.8, 0.3, 0.4, 0.7, 0.1];
    const records = live.flatMap((score, i) => [record(`r${i}`, T0 + i * 1000, 'champion', score, false), record(`r${i}`, T0 + i * 1000, 'shadow', shadow[i]!, true)]);
    // A request the shadow did not score, and a shadow record whose live record is outside the window.
    records.push(record('live-only', T0 + 9000, 'champion', 0.99, false));
    records.push(record('early', T0 - 5000, 'champion', 0.5, false), record('early', T0 + 10_000, 'shadow', 0.5, true));
    await store.predictions.logPredictions(records);

    const report = await shadowReport(project, store, { sinceMs: T0 });
    expect(report.live_requests).toBe(6);
    expect(report.unpaired_shadow_records).toBe(1);
    expect(report.shadows).toHaveLength(1);
    const s = report.shadows[0]!;
    expect(s).toMatchObject({
      shadow_variant: 'shadow',
      shadow_model_versions: [2],
      live_variants: { champion: 5 },
      live_model_versions: [1],
      pairs: 5,
      status: 'ok',
      flips: { live_positive_shadow_negative: 1, live_negative_shadow_positive: 1 },
      positive_rate: { live: 0.4, shadow: 0.4 },
      latency: null,
    });
    expect(s.agreement).toBeCloseTo(0.6, 12);
    // scipy.stats.pearsonr / spearmanr on the same scores.
    expect(s.correlation.pearson).toBeCloseTo(0.8057468460259015, 12);
    expect(s.correlation.spearman).toBeCloseTo(0.9, 12);
    // numpy: mean, percentile 50 and 99 (linear) of |live - shadow| = [0.1, 0.1, 0.2, 0.3, 0].
    expect(s.abs_score_difference!.mean).toBeCloseTo(0.14, 12);
    expect(s.abs_score_difference!.p50).toBeCloseTo(0.1, 12);
    expect(s.abs_score_difference!.p99).toBeCloseTo(0.296, 12);
    expect(s.abs_score_difference!.max).toBeCloseTo(0.3, 12);
  });

  it('summarises latency per side when the log records it', async () => {
    const latencies = [[4, 9], [6, 11], [5, 30], [100, 12]];
    await store.predictions.logPredictions(
      latencies.flatMap(([live, shadow], i) => [
        { ...record(`l${i}`, T0 + i, 'champion', 0.3 + i / 10, false), latencyMs: live! },
        { ...record(`l${i}`, T0 + i, 'shadow', 0.2 + i / 10, true), latencyMs: shadow! },
      ]),
    );
    const { latency } = (await shadowReport(project, store)).shadows[0]!;
    // numpy.percentile(x, [50, 99]) of [4, 6, 5, 100] and [9, 11, 30, 12].
    expect(latency!.live).toEqual({ mean_ms: 28.75, p50_ms: 5.5, p99_ms: expect.closeTo(97.18, 10) as number });
    expect(latency!.shadow).toEqual({ mean_ms: 15.5, p50_ms: 11.5, p99_ms: expect.closeTo(29.46, 10) as number });
  });

  it('says insufficient-data with a single pair instead of reporting statistics', async () => {
    await store.predictions.logPredictions([record('a', T0, 'champion', 0.7, false), record('a', T0, 'shadow', 0.2, true)]);
    const report = await shadowReport(project, store);
    expect(report.shadows[0]).toMatchObject({ pairs: 1, status: 'insufficient-data', agreement: null, correlation: { pearson: null, spearman: null } });
    expect(report.shadows[0]!.flips.live_positive_shadow_negative).toBe(1);
  });

  it('reports no comparison when the log has no shadow records, and names the variants it has when asked for another', async () => {
    await store.predictions.logPredictions([record('a', T0, 'champion', 0.7, false), record('b', T0, 'champion', 0.2, false)]);
    expect((await shadowReport(project, store)).shadows).toEqual([]);
    await store.predictions.logPredictions([record('c', T0 + 1, 'champion', 0.7, false), record('c', T0 + 1, 'shadow-gbt', 0.6, true)]);
    await expect(shadowReport(project, store, { shadowVariant: 'shadow' })).rejects.toMatchObject({ code: 'not_found', hint: 'shadow variants in the window: shadow-gbt' });
  });
});

describe('rank statistics', () => {
  it('gives ties their average rank and matches SciPy on tied scores', () => {
    expect(Array.from(averageRanks(Float64Array.of(0.5, 0.5, 0.2, 0.9, 0.7)))).toEqual([2.5, 2.5, 1, 5, 4]);
    const x = Float64Array.of(0.5, 0.5, 0.2, 0.9, 0.7);
    const y = Float64Array.of(0.1, 0.3, 0.3, 0.3, 0.9);
    expect(spearman(x, y)).toBeCloseTo(0.34412360080584264, 12);
    expect(pearson(x, y)).toBeCloseTo(0.3034330424545041, 12);
    expect(pearson(x, Float64Array.of(1, 1, 1, 1, 1))).toBeNull();
  });
});
