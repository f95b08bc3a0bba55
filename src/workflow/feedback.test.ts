import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PredictionRecord, Store } from '../store/types.js';
import { importFeedback } from './feedback.js';
import type { Project } from './project.js';
import { openLogProject } from '../../test/log-project.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 9, 1);

let dir: string;
let project: Project;
let store: Store;

beforeEach(async () => {
  ({ dir, project, store } = await openLogProject()); // label_delay: 30d
  const logged = (requestId: string, unitId: string, atMs: number): PredictionRecord => ({ requestId, unitId, atMs, model: 'churn', modelVersion: 1, variant: 'champion', features: {}, score: 0.5, decision: 1, shadow: false });
  await store.predictions.logPredictions([logged('r1', 'u1', T0), logged('r2', 'u2', T0), logged('r3', 'u3', T0)]);
});

afterEach(async () => {
  await store.close();
});

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '');

describe('importFeedback', () => {
  it('imports every outcome with an id and a label, counting matches by request id and by unit id within the label delay', async () => {
    const file = join(dir, 'outcomes.csv');
    writeFileSync(
      file,
      [
        'request_id,customer,churned,revenue,happened_at',
        `r1,u1,Yes,10.5,${iso(T0 + DAY)}`,
        `,u2,No,,${iso(T0 + 29 * DAY)}`,
        `,u3,Yes,3,${iso(T0 + 31 * DAY)}`,
        `r404,u1,No,,${iso(T0 + DAY)}`,
        `,nobody,No,,${iso(T0 + DAY)}`,
        `r2,u2,,,${iso(T0 + DAY)}`,
        `,,Yes,,${iso(T0 + DAY)}`,
      ].join('\n'),
    );
    const result = await importFeedback(project, store, { file, unitIdColumn: 'customer', labelColumn: 'churned', valueColumn: 'revenue', timeColumn: 'happened_at', batchRows: 2 });
    expect(result).toMatchObject({
      rows: 7,
      imported: 5,
      skipped: { no_label: 1, no_id: 1 },
      matched: { total: 2, by_request_id: 1, by_unit_id: 1 },
      unmatched: 3,
      label_delay: '30d',
      columns: { request_id: 'request_id', unit_id: 'customer', label: 'churned', value: 'revenue', time: 'happened_at' },
    });
    // Unmatched outcomes are kept: they may belong to predictions logged elsewhere or later.
    const stored = await store.predictions.readOutcomes();
    expect(stored).toHaveLength(5);
    expect(stored.find((o) => o.requestId === 'r1')).toEqual({ requestId: 'r1', unitId: 'u1', atMs: T0 + DAY, label: 'Yes', value: 10.5 });
    expect(stored.find((o) => o.requestId === 'r404')).toMatchObject({ label: 'No' });
    expect(stored.find((o) => o.unitId === 'u3')).toMatchObject({ atMs: T0 + 31 * DAY, value: 3 });
  });

  it('reads JSON lines, stamps outcomes without a time with the import time, and keeps numeric labels as their text', async () => {
    const file = join(dir, 'outcomes.jsonl');
    writeFileSync(file, ['{"request_id": "r1", "label": 1}', '{"request_id": "r3", "label": 0}', '{"request_id": "zz", "label": 1}'].join('\n'));
    const nowMs = T0 + 5 * DAY;
    const result = await importFeedback(project, store, { file, nowMs });
    expect(result).toMatchObject({ imported: 3, matched: { by_request_id: 2 }, unmatched: 1, batches: 1 });
    expect((await store.predictions.readOutcomes()).map((o) => [o.requestId, o.label, o.atMs])).toEqual([
      ['r1', '1', nowMs],
      ['r3', '0', nowMs],
      ['zz', '1', nowMs],
    ]);
  });

  it('names a missing label column with the closest name, and asks for an id column when there is none', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'request_id,labels\nr1,Yes\n');
    await expect(importFeedback(project, store, { file })).rejects.toThrow(/lacks the column named by the options: "label" \(did you mean "labels"\)/);
    writeFileSync(file, 'customer,label\nu1,Yes\n');
    await expect(importFeedback(project, store, { file })).rejects.toMatchObject({ code: 'column_not_found', message: expect.stringMatching(/no request_id or unit_id column/) });
    expect(await store.predictions.readOutcomes()).toEqual([]);
  });
});
