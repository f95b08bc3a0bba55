// The check a split passes before either backend stores it: one valid byte per snapshot row, and
// counts that tally those bytes. Backend-neutral, so SQLite and PostgreSQL reject the same splits
// with the same messages.

import { FlywheelError } from '../core/errors.js';
import type { SplitRecord } from './types.js';

/** Throws unless `assignment` has one valid byte per snapshot row and `counts` tally those bytes. */
export function checkAssignment(split: SplitRecord, snapshotRows: number): void {
  const where = `split ${split.hash}`;
  if (!(split.assignment instanceof Uint8Array)) {
    throw new FlywheelError('data_invalid', `${where}: assignment must be a Uint8Array, found ${typeof split.assignment}`);
  }
  if (split.assignment.length !== snapshotRows) {
    throw new FlywheelError(
      'data_invalid',
      `${where}: assignment has ${split.assignment.length} rows but snapshot ${split.snapshotHash} has ${snapshotRows}`,
      { hint: 'a split assigns every row of its snapshot, in row order' },
    );
  }
  const tally = [0, 0, 0, 0];
  for (let i = 0; i < split.assignment.length; i++) {
    const side = split.assignment[i]!;
    if (side > 3) {
      throw new FlywheelError('data_invalid', `${where}: row ${i} is assigned ${side}; expected 0 (train), 1 (valid), 2 (test) or 3 (excluded)`);
    }
    tally[side]!++;
  }
  const { train, valid, test } = split.counts;
  if (train !== tally[0] || valid !== tally[1] || test !== tally[2]) {
    throw new FlywheelError(
      'data_invalid',
      `${where}: counts say train ${train}, valid ${valid}, test ${test} but the assignment has ${tally[0]}, ${tally[1]}, ${tally[2]}`,
      { hint: 'compute counts from the assignment' },
    );
  }
}
