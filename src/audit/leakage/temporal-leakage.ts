// temporal_leakage: with a time column, the model must be scored on rows that come after the ones it
// learned from. A random split interleaves past and future; a split whose test side is older than all
// of training trains on the future; timestamps shared by train and test let same-moment information
// (a batch, a day's conditions) cross the boundary.

import { EXCLUDED, TEST, TRAIN, VALID } from '../../data/split.js';
import { numericColumn, percent, plural, requiredName, rounded, splitOf } from './check-inputs.js';
import type { Finding, LeakageCheck, LeakageInput } from './types.js';

/** Share of test rows older than every training row at which the split trains on the future (blocking). */
export const BACKWARDS_BLOCKING_SHARE = 0.5;
/** Share of test rows sharing a timestamp with a training row at which that is a warning (below: info). */
export const SHARED_TIMESTAMP_WARNING_SHARE = 0.1;
/** Split methods that deal rows regardless of time. */
const RANDOM_METHODS = new Set(['stratified', 'group', 'random']);

export const temporalLeakage: LeakageCheck = {
  name: 'temporal_leakage',
  description: 'with a time column: a random split, test rows dated before training rows, timestamps shared by train and test',
  needs: ['time', 'split'],
  run(input: LeakageInput): Finding[] {
    const timeName = requiredName(input, 'time');
    const time = numericColumn(input, timeName, 'time column').values;
    const split = splitOf(input);
    const counts = { train: 0, missing: 0 };
    let trainMin = Infinity;
    let trainMax = -Infinity;
    const trainTimes = new Set<number>();
    for (let i = 0; i < time.length; i++) {
      const t = time[i]!;
      const side = split.assignment[i]!;
      if (side === EXCLUDED) continue;
      if (Number.isNaN(t)) {
        counts.missing++;
        continue;
      }
      if (side === TRAIN) {
        counts.train++;
        if (t < trainMin) trainMin = t;
        if (t > trainMax) trainMax = t;
        trainTimes.add(t);
      }
    }
    // The later sides: test, and valid (which selects the model).
    const later = { test: tally(), valid: tally() };
    for (let i = 0; i < time.length; i++) {
      const t = time[i]!;
      const side = split.assignment[i]!;
      if (Number.isNaN(t) || (side !== TEST && side !== VALID)) continue;
      const c = side === TEST ? later.test : later.valid;
      c.rows++;
      if (t < trainMax) c.beforeTrainEnd++;
      if (t < trainMin) c.beforeTrainStart++;
      if (trainTimes.has(t)) c.sharedTimestamp++;
    }
    if (counts.train === 0 || later.test.rows === 0) {
      return [
        {
          check: 'temporal_leakage',
          severity: 'info',
          columns: [timeName],
          message: `the split leaves ${counts.train === 0 ? 'no dated training rows' : 'no dated test rows'}, so train and test could not be compared in time`,
          hint: `check the split and the missing values of "${timeName}"`,
          evidence: { issue: 'insufficient_data', train_rows: counts.train, test_rows: later.test.rows, rows_missing_time: counts.missing },
        },
      ];
    }
    const test = later.test;
    const common = {
      method: split.method,
      test_rows: test.rows,
      test_rows_before_train_end: test.beforeTrainEnd,
      test_rows_before_train_start: test.beforeTrainStart,
      valid_rows: later.valid.rows,
      valid_rows_before_train_end: later.valid.beforeTrainEnd,
      rows_missing_time: counts.missing,
    };
    const findings: Finding[] = [];
    const backwards = test.beforeTrainStart / test.rows;
    if (backwards >= BACKWARDS_BLOCKING_SHARE) {
      findings.push({
        check: 'temporal_leakage',
        severity: 'blocking',
        columns: [timeName],
        message: `${test.beforeTrainStart} of ${test.rows} test rows (${percent(backwards)}) are older than every training row: the model is trained on the future and tested on the past`,
        hint: 'split by time so that test rows come after training rows: split: { method: temporal }',
        evidence: { issue: 'test_before_all_train', ...common, share: rounded(backwards) },
      });
    } else if (RANDOM_METHODS.has(split.method)) {
      findings.push({
        check: 'temporal_leakage',
        severity: 'warning',
        columns: [timeName],
        message: `the split is ${split.method}, not temporal, though "${timeName}" dates the rows: ${test.beforeTrainEnd} of ${test.rows} test rows (${percent(test.beforeTrainEnd / test.rows)}) are older than the newest training row, so the test score measures interpolation, not the future`,
        hint: `use the temporal split (split: { method: temporal }, the default with a time column; add gap: 7d if labels take time to arrive)`,
        evidence: { issue: 'random_split', ...common, share: rounded(test.beforeTrainEnd / test.rows) },
      });
    } else if (test.beforeTrainEnd > 0) {
      findings.push({
        check: 'temporal_leakage',
        severity: 'warning',
        columns: [timeName],
        message: `${test.beforeTrainEnd} of ${test.rows} test rows (${percent(test.beforeTrainEnd / test.rows)}) are older than the newest training row under the ${split.method} split`,
        hint: 'make every test row later than every training row (split: { method: temporal }, or fix the split file)',
        evidence: { issue: 'test_before_train', ...common, share: rounded(test.beforeTrainEnd / test.rows) },
      });
    }
    if (test.sharedTimestamp > 0) {
      const share = test.sharedTimestamp / test.rows;
      findings.push({
        check: 'temporal_leakage',
        severity: share >= SHARED_TIMESTAMP_WARNING_SHARE ? 'warning' : 'info',
        columns: [timeName],
        message: `${plural(test.sharedTimestamp, 'test row')} (${percent(share)}) share an exact "${timeName}" value with a training row: whatever happened at that moment is seen on both sides`,
        hint: 'split on a time boundary with a gap (split: { method: temporal, gap: 1d }) so that no moment is on both sides',
        evidence: { issue: 'shared_timestamps', ...common, test_rows_sharing_timestamp: test.sharedTimestamp, share: rounded(share) },
      });
    }
    return findings;
  },
};

function tally() {
  return { rows: 0, beforeTrainEnd: 0, beforeTrainStart: 0, sharedTimestamp: 0 };
}
