// group_leakage: rows of one entity (a customer, a patient) on both sides of the split. The model then
// meets in test the very entities it memorised in training, and the test score overstates how it will
// do on new ones. The group split (the default with an entity column) keeps each entity on one side.

import { TEST, TRAIN, VALID } from '../../data/split.js';
import { percent, plural, requiredName, rounded, splitOf } from './check-inputs.js';
import { groupsOf } from './groups.js';
import type { Finding, LeakageCheck, LeakageInput } from './types.js';

const SIDE_BIT = { [TRAIN]: 1, [VALID]: 2, [TEST]: 4 } as Record<number, number>;

export const groupLeakage: LeakageCheck = {
  name: 'group_leakage',
  description: 'entities (the entity column) with rows on both sides of the split',
  needs: ['entity', 'split'],
  run(input: LeakageInput): Finding[] {
    const entityName = requiredName(input, 'entity');
    const groups = groupsOf(input.frame.column(entityName, 'entity column'));
    const assignment = splitOf(input).assignment;
    const sides = new Uint8Array(groups.sizes.length);
    for (let i = 0; i < assignment.length; i++) {
      const g = groups.groupOf[i]!;
      if (g >= 0) sides[g]! |= SIDE_BIT[assignment[i]!] ?? 0;
    }
    const overlap = { test: 0, valid: 0, testRows: 0, validRows: 0, testTotal: 0, validTotal: 0 };
    for (const s of sides) {
      if ((s & 1) !== 0 && (s & 4) !== 0) overlap.test++;
      if ((s & 1) !== 0 && (s & 2) !== 0) overlap.valid++;
    }
    for (let i = 0; i < assignment.length; i++) {
      const side = assignment[i]!;
      const g = groups.groupOf[i]!;
      if (side === TEST) {
        overlap.testTotal++;
        if (g >= 0 && (sides[g]! & 1) !== 0) overlap.testRows++;
      } else if (side === VALID) {
        overlap.validTotal++;
        if (g >= 0 && (sides[g]! & 1) !== 0) overlap.validRows++;
      }
    }
    const evidence = {
      method: splitOf(input).method,
      entities: groups.sizes.length,
      entities_in_train_and_test: overlap.test,
      test_rows_of_shared_entities: overlap.testRows,
      test_rows: overlap.testTotal,
      share_of_test: rounded(overlap.testTotal === 0 ? 0 : overlap.testRows / overlap.testTotal),
      entities_in_train_and_valid: overlap.valid,
      valid_rows_of_shared_entities: overlap.validRows,
      valid_rows: overlap.validTotal,
    };
    const hint = `split by entity so that each "${entityName}" is on one side only: split: { method: group } (the default with an entity column)`;
    if (overlap.test > 0) {
      return [
        {
          check: 'group_leakage',
          severity: 'blocking',
          columns: [entityName],
          message: `${plural(overlap.test, 'entity', 'entities')} of "${entityName}" have rows in both train and test: ${overlap.testRows} of ${overlap.testTotal} test rows (${percent(overlap.testRows / overlap.testTotal)}) belong to entities the model trained on`,
          hint,
          evidence,
        },
      ];
    }
    if (overlap.valid > 0) {
      return [
        {
          check: 'group_leakage',
          severity: 'warning',
          columns: [entityName],
          message: `${plural(overlap.valid, 'entity', 'entities')} of "${entityName}" have rows in both train and valid (${overlap.validRows} of ${overlap.validTotal} valid rows): model selection rewards memorising entities`,
          hint,
          evidence,
        },
      ];
    }
    return [];
  },
};
