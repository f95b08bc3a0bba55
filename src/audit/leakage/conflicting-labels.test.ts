import { describe, expect, it } from 'vitest';
import { conflictingLabels } from './conflicting-labels.js';
import { coded, labels, leakageInput, normals, numeric } from './test-frames.js';

const N = 200;
const x = normals(N, 1);
const z = normals(N, 3);
const y = labels(N, 0.4, 2);
/** Rows 0-9 copied into rows 10-19. */
const copied = (v: number[]) => v.map((value, i) => (i >= 10 && i < 20 ? v[i - 10]! : value));

describe('conflicting_labels', () => {
  it('warns about identical feature rows with both labels, with counts', () => {
    const flipped = y.map((v, i) => (i >= 10 && i < 20 ? 1 - y[i - 10]! : v));
    const [found] = conflictingLabels.run(leakageInput([numeric('amount', copied(x)), numeric('age', copied(z))], { y: flipped }));
    expect(found).toMatchObject({ check: 'conflicting_labels', severity: 'warning' });
    expect(found!.evidence).toMatchObject({ conflicting_groups: 10, conflicting_rows: 20, min_errors: 10, share_of_rows: 0.1 });
  });

  it('finds nothing when equal rows agree', () => {
    expect(conflictingLabels.run(leakageInput([numeric('amount', copied(x)), numeric('age', copied(z))], { y: copied(y) }))).toEqual([]);
  });

  it('reports conflicts a tiny feature space makes inevitable as info', () => {
    const [found] = conflictingLabels.run(leakageInput([coded('plan', x.map((v) => (v > 0 ? 'a' : 'b')))], { y }));
    expect(found).toMatchObject({ severity: 'info', evidence: expect.objectContaining({ conflicting_groups: 2 }) as unknown });
  });
});
