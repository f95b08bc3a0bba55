// conflicting_labels: rows with identical features but different labels. Whatever the split, no model
// can get all of them right; many of them usually mean copied records relabelled later, a label that
// depends on something not in the features (often the outcome's timing), or a join that fanned out.

import { featureColumns, percent, plural, rounded, targetOf } from './check-inputs.js';
import { chanceEqualRows, rowKeys } from './row-hash.js';
import type { Finding, LeakageCheck, LeakageInput } from './types.js';
import { DUPLICATE_CHANCE_FACTOR } from './duplicate-leakage.js';

export const conflictingLabels: LeakageCheck = {
  name: 'conflicting_labels',
  description: 'identical feature rows that carry different labels',
  needs: ['target'],
  run(input: LeakageInput): Finding[] {
    const y = targetOf(input).y;
    const names = featureColumns(input).map((c) => c.name);
    if (names.length === 0) return [];
    const columns = names.map((n) => input.frame.column(n));
    const n = input.frame.nRows;
    const keys = rowKeys(columns, n);
    const tally = new Map<number, { rows: number; positives: number }>();
    for (let i = 0; i < n; i++) {
      const t = tally.get(keys[i]!);
      if (t === undefined) tally.set(keys[i]!, { rows: 1, positives: y[i]! });
      else {
        t.rows++;
        t.positives += y[i]!;
      }
    }
    let groups = 0;
    let rows = 0;
    let unavoidable = 0;
    let duplicatedRows = 0;
    for (const t of tally.values()) {
      if (t.rows > 1) duplicatedRows += t.rows;
      if (t.positives === 0 || t.positives === t.rows) continue;
      groups++;
      rows += t.rows;
      unavoidable += Math.min(t.positives, t.rows - t.positives);
    }
    if (groups === 0) return [];
    // Rows expected to have an exact twin if the feature columns were independent draws.
    const expectedShare = 1 - Math.pow(1 - chanceEqualRows(columns, n), n - 1);
    const byChance = duplicatedRows / n <= DUPLICATE_CHANCE_FACTOR * expectedShare;
    return [
      {
        check: 'conflicting_labels',
        severity: byChance ? 'info' : 'warning',
        columns: [],
        message: `${plural(groups, 'set')} of identical feature rows ${groups === 1 ? 'carries' : 'carry'} both labels (${rows} rows, ${percent(rows / n)}): any model misclassifies at least ${unavoidable} of them${byChance ? ', as expected from so few distinct feature values' : ''}`,
        hint: byChance
          ? 'nothing to do unless these rows are copies of one record'
          : 'look at a few of these rows: copies of one record relabelled later, a join that fanned out, or a label decided by something not in the features',
        evidence: {
          conflicting_groups: groups,
          conflicting_rows: rows,
          share_of_rows: rounded(rows / n),
          min_errors: unavoidable,
          duplicated_rows: duplicatedRows,
          expected_duplicated_share_by_chance: rounded(expectedShare, 6),
        },
      },
    ];
  },
};
