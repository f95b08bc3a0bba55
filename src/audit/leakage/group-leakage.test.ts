import { describe, expect, it } from 'vitest';
import { groupLeakage } from './group-leakage.js';
import { assignmentOf, coded, leakageInput, numeric } from './test-frames.js';

// Customers a, b, c, d with two rows each.
const who = coded('customer', ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd']);
const x = numeric('x', [1, 2, 3, 4, 5, 6, 7, 8]);

describe('group_leakage', () => {
  it('blocks entities with rows in both train and test, with counts', () => {
    const split = { assignment: assignmentOf(['train', 'test', 'train', 'train', 'test', 'test', 'valid', 'valid']), method: 'stratified' };
    const [found] = groupLeakage.run(leakageInput([who, x], { entity: 'customer', split }));
    expect(found).toMatchObject({ check: 'group_leakage', severity: 'blocking', columns: ['customer'] });
    expect(found!.evidence).toMatchObject({ entities: 4, entities_in_train_and_test: 1, test_rows_of_shared_entities: 1, test_rows: 3, share_of_test: 0.3333 });
  });

  it('warns when entities are shared by train and valid only', () => {
    const split = { assignment: assignmentOf(['train', 'valid', 'train', 'train', 'test', 'test', 'valid', 'valid']), method: 'stratified' };
    const [found] = groupLeakage.run(leakageInput([who, x], { entity: 'customer', split }));
    expect(found).toMatchObject({ severity: 'warning', evidence: expect.objectContaining({ entities_in_train_and_valid: 1, valid_rows_of_shared_entities: 1 }) as unknown });
  });

  it('finds nothing when every entity is on one side (a group split); missing keys belong to no group', () => {
    const withMissing = coded('customer', ['a', 'a', 'b', 'b', undefined, undefined, 'd', 'd']);
    const split = { assignment: assignmentOf(['train', 'train', 'valid', 'valid', 'train', 'test', 'test', 'test']), method: 'group' };
    expect(groupLeakage.run(leakageInput([withMissing, x], { entity: 'customer', split }))).toEqual([]);
  });

  it('reads numeric entity keys too', () => {
    const split = { assignment: assignmentOf(['train', 'test', 'train', 'train']), method: 'stratified' };
    const [found] = groupLeakage.run(leakageInput([numeric('account', [7, 7, 8, 8]), numeric('x', [1, 2, 3, 4])], { entity: 'account', split }));
    expect(found?.severity).toBe('blocking');
  });
});
