import { describe, expect, it } from 'vitest';
import { duplicateLeakage } from './duplicate-leakage.js';
import { coded, leakageInput, normals, numeric } from './test-frames.js';

const N = 200;
const base = normals(N, 1);
/** Every fifth row to test, the next to valid. */
const assignment = Uint8Array.from(base, (_, i) => (i % 5 === 0 ? 2 : i % 5 === 1 ? 1 : 0));
const split = { assignment, method: 'stratified' };

/** Rows whose features copy a training row: test row i takes the values of training row i + 2. */
function withCopies(testRows: number): number[] {
  const values = [...base];
  let copied = 0;
  for (let i = 0; i < N && copied < testRows; i += 5, copied++) values[i] = base[i + 2]!;
  return values;
}

function input(values: number[]) {
  return leakageInput([numeric('amount', values), coded('plan', values.map((_, i) => ['a', 'b'][i % 2]!)), numeric('ignored', values.map((_, i) => i))], {
    split,
    roles: { ignored: { role: 'ignore' } },
  });
}

describe('duplicate_leakage', () => {
  it('blocks when more than 10% of test rows copy a training row (all feature columns, ignored columns aside)', () => {
    const [found] = duplicateLeakage.run(input(withCopies(10)));
    expect(found).toMatchObject({ check: 'duplicate_leakage', severity: 'blocking', columns: [] });
    expect(found!.evidence).toMatchObject({ feature_columns: 2, test_rows_in_train: 10, test_rows: 40, share_of_test: 0.25, example_test_rows: [0, 5, 10, 15, 20] });
  });

  it('warns when a few test rows copy a training row', () => {
    const [found] = duplicateLeakage.run(input(withCopies(2)));
    expect(found).toMatchObject({ severity: 'warning', evidence: expect.objectContaining({ test_rows_in_train: 2, share_of_test: 0.05 }) as unknown });
  });

  it('finds nothing without duplicates', () => {
    expect(duplicateLeakage.run(input(base))).toEqual([]);
  });

  it('reports duplicates a tiny feature space makes inevitable as info', () => {
    const tiny = leakageInput([coded('a', base.map((v) => (v > 0 ? 'y' : 'n'))), coded('b', base.map((_, i) => (i % 3 === 0 ? 'y' : 'n')))], { split });
    const [found] = duplicateLeakage.run(tiny);
    expect(found).toMatchObject({ severity: 'info' });
    expect(found!.evidence.expected_share_by_chance as number).toBeGreaterThan(0.9);
  });
});
