// duplicate_leakage: identical feature rows in train and test (every feature column equal). A test row
// that is a copy of a training row is scored on something the model has seen, so the test score says
// how well the model remembers, not how it generalises. Duplicates that a tiny feature space makes
// inevitable (few low-cardinality columns) are reported for information only.

import { TEST, TRAIN, VALID } from '../../data/split.js';
import { featureColumns, percent, rounded, splitOf } from './check-inputs.js';
import { chanceEqualRows, rowKeys } from './row-hash.js';
import type { Finding, LeakageCheck, LeakageInput } from './types.js';

/** Share of test rows copied from train above which duplicates are blocking (above 0: warning). */
export const DUPLICATE_BLOCKING_SHARE = 0.1;
/** Duplicates at most this many times what independent columns would give by chance are expected, not copies. */
export const DUPLICATE_CHANCE_FACTOR = 2;
/** Row indexes shown in the evidence. */
const EXAMPLE_ROWS = 5;

export const duplicateLeakage: LeakageCheck = {
  name: 'duplicate_leakage',
  description: 'test rows whose features are identical to a training row',
  needs: ['split'],
  run(input: LeakageInput): Finding[] {
    const split = splitOf(input);
    const names = featureColumns(input).map((c) => c.name);
    if (names.length === 0) return [];
    const columns = names.map((n) => input.frame.column(n));
    const n = input.frame.nRows;
    const keys = rowKeys(columns, n);
    const trainKeys = new Set<number>();
    let trainRows = 0;
    for (let i = 0; i < n; i++) {
      if (split.assignment[i] === TRAIN) {
        trainKeys.add(keys[i]!);
        trainRows++;
      }
    }
    const found = { test: 0, testRows: 0, valid: 0, validRows: 0, examples: [] as number[] };
    for (let i = 0; i < n; i++) {
      const side = split.assignment[i];
      if (side === TEST) {
        found.testRows++;
        if (trainKeys.has(keys[i]!)) {
          found.test++;
          if (found.examples.length < EXAMPLE_ROWS) found.examples.push(i);
        }
      } else if (side === VALID) {
        found.validRows++;
        if (trainKeys.has(keys[i]!)) found.valid++;
      }
    }
    if (found.test === 0 && found.valid === 0) return [];
    const share = found.testRows === 0 ? 0 : found.test / found.testRows;
    // Expected share of test rows equal to some training row if the features were independent draws.
    const chance = chanceEqualRows(columns, n);
    const expectedShare = 1 - Math.pow(1 - chance, trainRows);
    const byChance = byChanceShare(share, expectedShare);
    const evidence = {
      feature_columns: names.length,
      test_rows_in_train: found.test,
      test_rows: found.testRows,
      share_of_test: rounded(share),
      valid_rows_in_train: found.valid,
      valid_rows: found.validRows,
      expected_share_by_chance: rounded(expectedShare, 6),
      example_test_rows: found.examples,
    };
    if (found.test === 0) {
      return [
        {
          check: 'duplicate_leakage',
          severity: byChanceShare(found.valid / Math.max(1, found.validRows), expectedShare) ? 'info' : 'warning',
          columns: [],
          message: `${found.valid} of ${found.validRows} valid rows ${found.valid === 1 ? 'has' : 'have'} the same features as a training row (none of the test rows do): model selection partly rewards memorising`,
          hint: 'drop exact duplicate rows before splitting, or split by the entity they belong to',
          evidence,
        },
      ];
    }
    const severity = byChance ? 'info' : share > DUPLICATE_BLOCKING_SHARE ? 'blocking' : 'warning';
    return [
      {
        check: 'duplicate_leakage',
        severity,
        columns: [],
        message: byChance
          ? `${found.test} of ${found.testRows} test rows (${percent(share)}) ${found.test === 1 ? 'has' : 'have'} the same features as a training row, about what ${names.length} low-cardinality feature columns give by chance (${percent(expectedShare)})`
          : `${found.test} of ${found.testRows} test rows (${percent(share)}) ${found.test === 1 ? 'is' : 'are'} identical to a training row on all ${names.length} feature columns: the test score partly measures memory`,
        hint: byChance
          ? 'nothing to do unless the rows are copies of one record; more informative features will separate them'
          : 'drop exact duplicate rows before splitting (keep one copy), or split by the entity the copies belong to (--entity)',
        evidence,
      },
    ];
  },
};

function byChanceShare(share: number, expectedShare: number): boolean {
  return share <= DUPLICATE_CHANCE_FACTOR * expectedShare;
}
