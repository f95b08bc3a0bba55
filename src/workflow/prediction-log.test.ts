import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTable } from '../data/read.js';
import type { PredictionRecord, Store } from '../store/types.js';
import { scratchDir, TELCO } from '../../test/fixtures.js';
import { initProject } from './init.js';
import { exportLog, logPages, OutcomeIndex, queryLog } from './prediction-log.js';
import { loadProject, type Project } from './project.js';
import { openLogProject } from '../../test/log-project.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

let dir: string;
let project: Project;
let store: Store;

beforeEach(async () => {
  ({ dir, project, store } = await openLogProject()); // label_delay: 30d
});

afterEach(async () => {
  await store.close();
});

function prediction(requestId: string, atMs: number, extra: Partial<PredictionRecord> = {}): PredictionRecord {
  return { requestId, atMs, model: 'churn', modelVersion: 1, variant: 'champion', features: { tenure: 12, contract: 'One year' }, score: 0.25, decision: 0, shadow: false, ...extra };
}

describe('the outcome join', () => {
  it('joins by request id, and by unit id only when the outcome falls within the label-delay window', async () => {
    expect(project.config.problem?.label_delay).toBe('30d');
    await store.predictions.logPredictions([
      prediction('r1', T0, { unitId: 'u1' }),
      prediction('r2', T0, { unitId: 'u2' }),
      prediction('r3', T0, { unitId: 'u3' }),
      prediction('r4', T0 + 40 * DAY, { unitId: 'u1' }),
      prediction('r5', T0 + 50 * DAY, { unitId: 'u5' }),
    ]);
    await store.predictions.logOutcomes([
      { requestId: 'r1', unitId: 'u1', atMs: T0 + DAY, label: 'Yes' },
      { unitId: 'u2', atMs: T0 + 29 * DAY, label: 'No' },
      { unitId: 'u3', atMs: T0 + 31 * DAY, label: 'Yes' },
      { unitId: 'u1', atMs: T0 + 41 * DAY, label: 'No', value: 12.5 },
      // Before the prediction: not its label.
      { unitId: 'u5', atMs: T0 + 49 * DAY, label: 'Yes' },
    ]);
    const result = await queryLog(project, store, { withOutcomes: true });
    const outcomes = Object.fromEntries(result.predictions.map((p) => [p.request_id, p.outcome]));
    expect(outcomes.r1).toMatchObject({ label: 'Yes', matched_by: 'request_id' });
    expect(outcomes.r2).toMatchObject({ label: 'No', matched_by: 'unit_id', at: new Date(T0 + 29 * DAY).toISOString() });
    expect(outcomes.r3).toBeNull();
    expect(outcomes.r4).toMatchObject({ label: 'No', value: 12.5, matched_by: 'unit_id' });
    expect(outcomes.r5).toBeNull();
    expect(result.outcomes).toEqual({ joined: 3, by_request_id: 1, by_unit_id: 2, label_delay: '30d' });
  });

  it('joins nothing by unit id when the label delay is unknown', () => {
    const index = new OutcomeIndex([{ unitId: 'u1', atMs: T0 + 1, label: 'Yes' }, { requestId: 'r9', atMs: T0 + 1, label: 'No' }], undefined);
    expect(index.match(prediction('r1', T0, { unitId: 'u1' }))).toBeUndefined();
    expect(index.match(prediction('r9', T0, { unitId: 'u1' }))).toMatchObject({ label: 'No', matchedBy: 'request_id' });
  });
});

describe('reading the log', () => {
  it('pages through live and shadow records logged at the same moment without losing or repeating one', async () => {
    const records = Array.from({ length: 23 }, (_, i) => [
      prediction(`q${i}`, T0 + Math.floor(i / 4) * 1000),
      prediction(`q${i}`, T0 + Math.floor(i / 4) * 1000, { variant: 'shadow', modelVersion: 2, shadow: true }),
    ]).flat();
    await store.predictions.logPredictions(records);
    const seen: string[] = [];
    for await (const page of logPages(store.predictions, {}, 7)) seen.push(...page.map((r) => `${r.requestId}/${r.variant}`));
    expect(seen).toHaveLength(46);
    expect(new Set(seen).size).toBe(46);
    const shadows: string[] = [];
    for await (const page of logPages(store.predictions, { modelVersion: 2 }, 5)) shadows.push(...page.map((r) => r.variant));
    expect(shadows).toEqual(Array(23).fill('shadow'));
  });

  it('reads only the project model, newest first, filters by window, variant and version, and stops at the limit', async () => {
    await store.predictions.logPredictions([
      prediction('a', T0),
      prediction('b', T0 + DAY, { variant: 'canary', modelVersion: 3 }),
      prediction('c', T0 + 2 * DAY),
      prediction('d', T0 + 3 * DAY),
      // Another project's model logging into the same (shared) store.
      prediction('other', T0 + DAY, { model: 'attrition' }),
    ]);
    const windowed = await queryLog(project, store, { sinceMs: T0 + DAY, untilMs: T0 + 3 * DAY });
    expect(windowed.predictions.map((p) => p.request_id)).toEqual(['c', 'b']);
    expect(windowed.total_in_window).toBe(2);
    expect((await queryLog(project, store, { variant: 'canary' })).predictions.map((p) => p.request_id)).toEqual(['b']);
    // The newest two, not the oldest.
    expect((await queryLog(project, store, { modelVersion: 1, limit: 2 })).predictions.map((p) => p.request_id)).toEqual(['d', 'c']);
    await expect(queryLog(project, store, { limit: 0 })).rejects.toThrow(/--limit 0 is not a positive whole number/);
    await expect(queryLog(project, store, { sinceMs: T0 + DAY, untilMs: T0 })).rejects.toThrow(/is not after --since/);
  });
});

describe('exporting the log', () => {
  /** The first rows of the Telco file as logged requests: raw features as the server receives them. */
  async function logTelcoRows(n: number): Promise<string[]> {
    const lines = readFileSync(TELCO, 'utf8').trim().split('\n');
    const header = lines[0]!.split(',');
    const churn: string[] = [];
    const records: PredictionRecord[] = [];
    for (let i = 1; i <= n; i++) {
      const cells = lines[i]!.split(',');
      const features: Record<string, unknown> = {};
      header.forEach((name, j) => {
        if (name === 'churn') return;
        const text = cells[j]!;
        features[name] = text === '' ? null : Number.isNaN(Number(text)) ? text : Number(text);
      });
      churn.push(cells[0]!);
      records.push(prediction(`req-${i}`, T0 + i * 1000, { unitId: `cust-${i}`, features, score: i / (n + 1), decision: i % 2 }));
      records.push(prediction(`req-${i}`, T0 + i * 1000, { unitId: `cust-${i}`, features, variant: 'shadow', modelVersion: 2, shadow: true, score: 0.5 }));
    }
    await store.predictions.logPredictions(records);
    return churn;
  }

  it('writes raw features, the joined label and the metadata to Parquet that readTable reads back, one row per request', async () => {
    const churn = await logTelcoRows(60);
    // Labels for the first 50 requests: half by request id, half by unit id within the window.
    await store.predictions.logOutcomes(
      churn.slice(0, 50).map((label, i) => (i % 2 === 0 ? { requestId: `req-${i + 1}`, atMs: T0 + DAY, label } : { unitId: `cust-${i + 1}`, atMs: T0 + 2 * DAY, label })),
    );
    const output = join(dir, 'log.parquet');
    const result = await exportLog(project, store, { output, withOutcomes: true });
    expect(result).toMatchObject({ rows: 60, labelled: 50, label_delay: '30d' });
    const back = (await readTable(output)).frame;
    const features = readFileSync(TELCO, 'utf8').split('\n')[0]!.split(',').filter((c) => c !== 'churn');
    expect(back.names).toEqual([...features, 'label', 'request_id', 'unit_id', 'at', 'variant', 'model_version', 'score', 'decision', 'latency_ms']);
    expect(result.columns).toEqual(back.names);
    const labels = Array.from({ length: back.nRows }, (_, i) => back.cellText(back.column('label'), i));
    expect(labels).toEqual([...churn.slice(0, 50), ...Array(10).fill(undefined)]);
    expect(back.cellText(back.column('contract'), 0)).toBe('Month-to-month');
    expect(back.cellText(back.column('tenure'), 1)).toBe('34');
    expect(back.cellText(back.column('at'), 0)).toBe(new Date(T0 + 1000).toISOString());
    expect(new Set(Array.from({ length: back.nRows }, (_, i) => back.cellText(back.column('variant'), i)))).toEqual(new Set(['champion']));
  });

  it('writes only labelled rows, features and label, as a training set flywheel init takes as it is, to CSV too', async () => {
    const churn = await logTelcoRows(80);
    await store.predictions.logOutcomes(churn.map((label, i) => ({ requestId: `req-${i + 1}`, atMs: T0 + DAY, label })).slice(0, 70));
    const output = join(dir, 'next.csv');
    const result = await exportLog(project, store, { output, labelledOnly: true, metadata: false });
    expect(result).toMatchObject({ rows: 70, labelled: 70, format: 'csv' });
    expect(result.columns).toEqual([...result.feature_columns, 'label']);
    const next = scratchDir();
    await initProject({ dir: next, data: output, target: 'label', positive: 'Yes' });
    // Every exported column but the label is a feature of the new project: nothing from the old model leaks in.
    const roles = Object.entries(loadProject(next).config.columns).filter(([, spec]) => spec.role !== 'feature').map(([name]) => name);
    expect(roles).toEqual(['label']);
    const back = (await readTable(output)).frame;
    expect(back.nRows).toBe(70);
  });

  it('refuses an output whose format it cannot tell', async () => {
    await expect(exportLog(project, store, { output: join(dir, 'log.xlsx') })).rejects.toThrow(/cannot tell the output format/);
  });
});
