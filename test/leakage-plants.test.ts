// The leakage audit on real data: each leak is planted into a shipped dataset (edited as CSV text and
// read back through readDataset, so schema inference sees it as a user's file would) and must be found
// at the stated severity; and every shipped dataset, unplanted, must raise no blocking finding.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLeakageAudit, type Finding, type LeakageInput, type LeakageReport } from '../src/audit/leakage/index.js';
import { projectConfigSchema, type ColumnOverride, type SplitMethod } from '../src/core/config.js';
import { Rng } from '../src/core/rng.js';
import { makeSplit, type Split } from '../src/data/split.js';
import { readDataset, type Dataset, type DatasetOptions } from '../src/workflow/dataset.js';
import { BINARY_DATASETS, dataset, scratchDir, TELCO, TELCO_SPLIT } from './fixtures.js';

const SEED = 42;
const DAY_MS = 86_400_000;

interface Csv {
  header: string[];
  rows: string[][];
}

function readCsv(path: string): Csv {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l !== '');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Write an edited copy of a dataset and read it back as a user's file (with optional flywheel.yaml column overrides). */
async function planted(csv: Csv, options: DatasetOptions & { target: string }, columns?: Record<string, ColumnOverride>): Promise<Dataset> {
  const path = join(scratchDir('flywheel-leakage-'), 'planted.csv');
  writeFileSync(path, [csv.header, ...csv.rows].map((r) => r.join(',')).join('\n') + '\n');
  const config = columns === undefined ? undefined : projectConfigSchema.parse({ version: 1, data: path, target: options.target, columns });
  return readDataset(path, options, config);
}

async function splitOf(ds: Dataset, method: SplitMethod): Promise<Split> {
  return makeSplit(ds.snapshotHash, ds.frame.nRows, { method, valid: 0.2, test: 0.2, seed: SEED }, {
    y: ds.target!.y,
    ...(ds.time === undefined ? {} : { time: ds.frame.column(ds.time) }),
    ...(ds.entity === undefined ? {} : { entity: ds.frame.column(ds.entity) }),
  });
}

function audit(ds: Dataset, extra: Partial<LeakageInput> = {}): LeakageReport {
  return runLeakageAudit({ frame: ds.frame, schema: ds.schema.columns, target: ds.target, time: ds.time, entity: ds.entity, seed: SEED, ...extra });
}

function of(report: LeakageReport, check: string, column?: string): Finding[] {
  return report.findings.filter((f) => f.check === check && (column === undefined || f.columns.includes(column)));
}

function blocking(report: LeakageReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'blocking');
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const telco = readCsv(TELCO);
const CHURN = telco.header.indexOf('churn');
const TENURE = telco.header.indexOf('tenure');

describe('planted target leakage', () => {
  it('finds a noise-free copy of the churn label (renamed levels) as blocking, and nothing else blocking', async () => {
    const csv = { header: [...telco.header, 'account_status'], rows: telco.rows.map((r) => [...r, r[CHURN] === 'Yes' ? 'closed' : 'open']) };
    const ds = await planted(csv, { target: 'churn' });
    const report = audit(ds, { split: await splitOf(ds, 'stratified') });
    const [found] = of(report, 'target_leakage', 'account_status');
    expect(found).toMatchObject({ severity: 'blocking', columns: ['account_status'] });
    expect(found!.evidence).toMatchObject({ single_auc: 1, purity: 1, holdout: 'split_train_valid' });
    expect(found!.evidence.others_auc as number).toBeLessThan(0.9);
    expect(blocking(report).map((f) => f.check)).toEqual(['target_leakage']);
  });

  it('finds a cancellation date after the prediction time as a post-outcome column (blocking), not the signup date', async () => {
    const start = Date.UTC(2024, 0, 1);
    const csv = {
      header: [...telco.header, 'prediction_date', 'signup_date', 'cancel_date'],
      rows: telco.rows.map((r, i) => {
        const predicted = start + (i % 365) * DAY_MS;
        const signup = predicted - Number(r[TENURE]) * 30 * DAY_MS - (i % 28) * DAY_MS;
        const cancel = r[CHURN] === 'Yes' ? isoDate(predicted + (1 + (i % 60)) * DAY_MS) : '';
        return [...r, isoDate(predicted), isoDate(signup), cancel];
      }),
    };
    const ds = await planted(csv, { target: 'churn' });
    const report = audit(ds, { predictionTime: { column: 'prediction_date' } });
    const [found] = of(report, 'post_outcome_column', 'cancel_date');
    expect(found).toMatchObject({ severity: 'blocking', columns: ['cancel_date', 'prediction_date'] });
    expect(found!.evidence).toMatchObject({ share_later: 1, rows_later: ds.target!.positiveCount });
    expect(of(report, 'post_outcome_column', 'signup_date')).toEqual([]);
    // Present only for churners, the date also separates the classes on its own.
    expect(of(report, 'target_leakage', 'cancel_date')[0]?.severity).toBe('blocking');
    expect(report.skipped.map((s) => s.check)).not.toContain('post_outcome_column');
  });

  it('skips the post-outcome check, saying what it needs, without a prediction time', async () => {
    const ds = await readDataset(TELCO, { target: 'churn' });
    expect(audit(ds).skipped).toContainEqual({ check: 'post_outcome_column', needs: 'a prediction-time column (the datetime at which each prediction is made)' });
  });
});

describe('planted id-like columns', () => {
  const sorted = { header: ['row_number', ...telco.header], rows: [...telco.rows].sort((a, b) => (a[CHURN] === b[CHURN] ? 0 : a[CHURN] === 'Yes' ? -1 : 1)).map((r, i) => [String(i + 1), ...r]) };

  it('warns about a row number of rows sorted by the label (inferred as an id, so not a feature)', async () => {
    const ds = await planted(sorted, { target: 'churn' });
    expect(ds.schema.columns.find((c) => c.name === 'row_number')).toMatchObject({ type: 'id', role: 'ignore' });
    const [found] = of(audit(ds), 'id_like', 'row_number');
    expect(found).toMatchObject({ severity: 'warning' });
    expect(found!.evidence).toMatchObject({ auc: 1, used_as_feature: false });
    expect(blocking(audit(ds))).toEqual([]);
  });

  it('blocks the same row number when flywheel.yaml makes it a numeric feature', async () => {
    const ds = await planted(sorted, { target: 'churn' }, { row_number: { type: 'numeric', role: 'feature' } });
    const report = audit(ds);
    expect(of(report, 'id_like', 'row_number')[0]).toMatchObject({ severity: 'blocking', evidence: expect.objectContaining({ reason: 'monotone_row_number', used_as_feature: true }) as unknown });
    expect(of(report, 'target_leakage', 'row_number')[0]?.severity).toBe('blocking');
  });

  it('warns about a customer id whose prefix encodes the label', async () => {
    const rng = new Rng(SEED);
    const csv = {
      header: ['customer_id', ...telco.header],
      rows: telco.rows.map((r, i) => [`${r[CHURN] === 'Yes' ? 'CX' : 'AC'}-${String(rng.nextInt(1e6)).padStart(6, '0')}${i}`, ...r]),
    };
    const ds = await planted(csv, { target: 'churn' });
    const [found] = of(audit(ds), 'id_like', 'customer_id');
    expect(found).toMatchObject({ severity: 'warning', evidence: expect.objectContaining({ reason: 'id_type', auc: 1 }) as unknown });
  });

  it('does not take telco total_charges (93% unique, not integers) for an id', async () => {
    const ds = await readDataset(TELCO, { target: 'churn' });
    expect(of(audit(ds), 'id_like')).toEqual([]);
  });
});

describe('planted group leakage', () => {
  // Three consecutive rows per customer, as monthly snapshots of one account would be.
  const csv = { header: ['customer_id', ...telco.header], rows: telco.rows.map((r, i) => [`cust-${Math.floor(i / 3)}`, ...r]) };

  it('blocks customers on both sides of a random split when the entity is declared', async () => {
    const ds = await planted(csv, { target: 'churn', entity: 'customer_id' });
    const report = audit(ds, { split: await splitOf(ds, 'stratified') });
    const [found] = of(report, 'group_leakage');
    expect(found).toMatchObject({ severity: 'blocking', columns: ['customer_id'] });
    expect(found!.evidence.entities_in_train_and_test as number).toBeGreaterThan(500);
    expect(found!.evidence.share_of_test as number).toBeGreaterThan(0.5);
  });

  it('finds nothing under the group split', async () => {
    const ds = await planted(csv, { target: 'churn', entity: 'customer_id' });
    const report = audit(ds, { split: await splitOf(ds, 'group') });
    expect(of(report, 'group_leakage')).toEqual([]);
    expect(blocking(report)).toEqual([]);
  });

  it('without an entity column, suggests customer_id (info) and reports the group check as skipped', async () => {
    const ds = await planted(csv, { target: 'churn' });
    const report = audit(ds, { split: await splitOf(ds, 'stratified') });
    expect(of(report, 'entity_candidates')[0]).toMatchObject({ severity: 'info', columns: ['customer_id'] });
    expect(report.skipped).toContainEqual({ check: 'group_leakage', needs: 'an entity column (--entity or role: entity)' });
  });
});

describe('planted temporal leakage', () => {
  const start = Date.UTC(2018, 0, 1);
  const rng = new Rng(SEED);
  const csv = {
    header: [...telco.header, 'signup_date'],
    rows: telco.rows.map((r) => [...r, isoDate(start + (72 - Number(r[TENURE])) * 30 * DAY_MS + rng.nextInt(30) * DAY_MS)]),
  };

  it('warns that a random split ignores the signup dates, with counts', async () => {
    const ds = await planted(csv, { target: 'churn', time: 'signup_date' });
    const report = audit(ds, { split: await splitOf(ds, 'stratified') });
    const found = of(report, 'temporal_leakage').find((f) => f.evidence.issue === 'random_split');
    expect(found).toMatchObject({ severity: 'warning', columns: ['signup_date'] });
    expect(found!.evidence.test_rows_before_train_end as number).toBeGreaterThan(0.9 * (found!.evidence.test_rows as number));
    expect(blocking(report)).toEqual([]);
  });

  it('raises no split warning under the temporal split', async () => {
    const ds = await planted(csv, { target: 'churn', time: 'signup_date' });
    const report = audit(ds, { split: await splitOf(ds, 'temporal') });
    expect(of(report, 'temporal_leakage').filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('blocks a split whose test rows are older than all of training', async () => {
    const ds = await planted(csv, { target: 'churn', time: 'signup_date' });
    const temporal = await splitOf(ds, 'temporal');
    // Oldest 20% to test, newest 60% to train: trained on the future.
    const assignment = temporal.assignment.map((s) => (s === 0 ? 2 : s === 2 ? 0 : s));
    const report = audit(ds, { split: { assignment, method: 'file' } });
    expect(of(report, 'temporal_leakage')[0]).toMatchObject({ severity: 'blocking', evidence: expect.objectContaining({ issue: 'test_before_all_train' }) as unknown });
  });
});

describe('planted duplicates and conflicting labels', () => {
  const credit = readCsv(dataset('credit_data.csv'));
  const STATUS = credit.header.indexOf('Status');

  function withCopies(share: number, flip: boolean): Csv {
    const rng = new Rng(SEED);
    const copies = credit.rows.filter(() => rng.next() < share).map((r) => {
      const copy = [...r];
      if (flip) copy[STATUS] = copy[STATUS] === 'good' ? 'bad' : 'good';
      return copy;
    });
    return { header: credit.header, rows: [...credit.rows, ...copies] };
  }

  it('blocks when copied rows put more than 10% of test in train', async () => {
    const ds = await planted(withCopies(0.3, false), { target: 'Status' });
    const report = audit(ds, { split: await splitOf(ds, 'stratified') });
    const [found] = of(report, 'duplicate_leakage');
    expect(found).toMatchObject({ severity: 'blocking' });
    expect(found!.evidence.share_of_test as number).toBeGreaterThan(0.1);
  });

  it('warns when a few copied rows cross the split', async () => {
    const ds = await planted(withCopies(0.03, false), { target: 'Status' });
    const [found] = of(audit(ds, { split: await splitOf(ds, 'stratified') }), 'duplicate_leakage');
    expect(found).toMatchObject({ severity: 'warning' });
    expect(found!.evidence.share_of_test as number).toBeLessThan(0.1);
  });

  it('warns about copies whose labels were flipped, with counts', async () => {
    const ds = await planted(withCopies(0.05, true), { target: 'Status' });
    const [found] = of(audit(ds), 'conflicting_labels');
    expect(found).toMatchObject({ severity: 'warning' });
    expect(found!.evidence.conflicting_groups as number).toBeGreaterThan(150);
    expect(found!.evidence.min_errors).toBe(found!.evidence.conflicting_groups);
  });
});

describe('no false alarm on the shipped datasets', () => {
  for (const d of BINARY_DATASETS) {
    it(`${d.file}: no blocking finding under a stratified split`, async () => {
      const ds = await readDataset(d.path, { target: d.target, positive: d.positive });
      const report = audit(ds, { split: await splitOf(ds, 'stratified') });
      expect(blocking(report)).toEqual([]);
      expect(of(report, 'target_leakage')).toEqual([]);
      expect(of(report, 'id_like')).toEqual([]);
    });
  }

  for (const [file, path, target, splitFile] of [
    ['telco_churn.csv', TELCO, 'churn', TELCO_SPLIT],
    ['breast_cancer.csv', dataset('breast_cancer.csv'), 'target', dataset('breast_cancer.split.csv')],
    ['credit_data.csv', dataset('credit_data.csv'), 'Status', dataset('credit_data.split.csv')],
  ] as const) {
    it(`${file}: no blocking finding under its shipped split file`, async () => {
      const ds = await readDataset(path, { target });
      const split = await makeSplit(ds.snapshotHash, ds.frame.nRows, { method: 'file', file: splitFile, valid: 0.2, test: 0.25, seed: SEED }, { y: ds.target!.y });
      expect(blocking(audit(ds, { split }))).toEqual([]);
    });
  }

  it("breast_cancer.csv: the strong single features (worst perimeter, AUC 0.975) are matched by the others, so not flagged", async () => {
    const ds = await readDataset(dataset('breast_cancer.csv'), { target: 'target' });
    const report = audit(ds);
    expect(of(report, 'target_leakage')).toEqual([]);
  });
});
