import { describe, expect, it } from 'vitest';
import { temporalLeakage } from './temporal-leakage.js';
import { leakageInput, numeric } from './test-frames.js';

const DAY = 86_400_000;
const N = 100;
const times = Array.from({ length: N }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);

function input(assignment: Uint8Array, method: string, values = times) {
  return leakageInput([numeric('signup', values, 'datetime'), numeric('x', values.map((_, i) => i % 7))], { time: 'signup', split: { assignment, method } });
}

/** Oldest 60 train, next 20 valid, newest 20 test. */
const temporal = Uint8Array.from(times, (_, i) => (i < 60 ? 0 : i < 80 ? 1 : 2));
/** Every fifth row to test, the next to valid. */
const random = Uint8Array.from(times, (_, i) => (i % 5 === 0 ? 2 : i % 5 === 1 ? 1 : 0));

describe('temporal_leakage', () => {
  it('warns that a random split ignores the time column, with counts', () => {
    const findings = temporalLeakage.run(input(random, 'stratified'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: 'warning', columns: ['signup'] });
    expect(findings[0]!.evidence).toMatchObject({ issue: 'random_split', method: 'stratified', test_rows: 20, test_rows_before_train_end: 20, test_rows_before_train_start: 1 });
  });

  it('finds nothing under a temporal split', () => {
    expect(temporalLeakage.run(input(temporal, 'temporal'))).toEqual([]);
  });

  it('blocks a split that tests on rows older than all of training', () => {
    const backwards = temporal.map((s) => (s === 0 ? 2 : s === 2 ? 0 : s));
    const [found] = temporalLeakage.run(input(backwards, 'file'));
    expect(found).toMatchObject({ severity: 'blocking', evidence: expect.objectContaining({ issue: 'test_before_all_train', share: 1 }) as unknown });
  });

  it('warns when a few test rows of a non-random split predate the newest training row', () => {
    const assignment = Uint8Array.from(temporal);
    assignment[50] = 2;
    const [found] = temporalLeakage.run(input(assignment, 'file'));
    expect(found).toMatchObject({ severity: 'warning', evidence: expect.objectContaining({ issue: 'test_before_train', test_rows_before_train_end: 1, test_rows: 21 }) as unknown });
  });

  it('notes timestamps shared by train and test (info when few, warning when many)', () => {
    const tied = Array.from(times);
    tied[80] = tied[59]!; // one test row at the last training moment
    const [few] = temporalLeakage.run(input(temporal, 'temporal', tied));
    expect(few).toMatchObject({ severity: 'info', evidence: expect.objectContaining({ issue: 'shared_timestamps', test_rows_sharing_timestamp: 1 }) as unknown });
    const daily = times.map((t, i) => t - (i % 2) * DAY); // pairs of rows on one day
    const findings = temporalLeakage.run(input(random, 'stratified', daily));
    expect(findings.map((f) => [f.evidence.issue, f.severity])).toEqual([
      ['random_split', 'warning'],
      ['shared_timestamps', 'warning'],
    ]);
  });

  it('says so when no dated training rows are left', () => {
    const [found] = temporalLeakage.run(input(temporal, 'temporal', times.map((t, i) => (i < 60 ? NaN : t))));
    expect(found).toMatchObject({ severity: 'info', evidence: expect.objectContaining({ issue: 'insufficient_data', train_rows: 0, rows_missing_time: 60 }) as unknown });
  });
});
