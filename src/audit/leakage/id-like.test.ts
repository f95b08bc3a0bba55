import { describe, expect, it } from 'vitest';
import { idLike } from './id-like.js';
import { coded, labels, leakageInput, normals, numeric } from './test-frames.js';

const N = 300;
const y = labels(N, 0.3, 1);
const sortedY = [...y].sort((a, b) => b - a);

describe('id_like', () => {
  it('blocks a row number of rows sorted by the label when the model reads it as a feature', () => {
    const [found] = idLike.run(leakageInput([numeric('row', sortedY.map((_, i) => i + 1))], { y: sortedY }));
    expect(found).toMatchObject({ check: 'id_like', severity: 'blocking', columns: ['row'] });
    expect(found!.evidence).toMatchObject({ reason: 'monotone_row_number', auc: 1, used_as_feature: true, direction: 'lower_is_positive' });
  });

  it('only warns about an id the model does not read (type id, role ignore)', () => {
    const ids = sortedY.map((_, i) => `A-${i + 1}`);
    const [found] = idLike.run(leakageInput([coded('customer_id', ids, 'id')], { y: sortedY, roles: { customer_id: { type: 'id', role: 'ignore' } } }));
    expect(found).toMatchObject({ severity: 'warning', evidence: expect.objectContaining({ reason: 'monotone_row_number', used_as_feature: false }) as unknown });
  });

  it('orders text ids naturally, so a label-encoding prefix is found', () => {
    const ids = y.map((v, i) => `${v === 1 ? 'Z' : 'B'}${(i * 7919) % 100_003}`);
    const [found] = idLike.run(leakageInput([coded('ref', ids, 'id')], { y, roles: { ref: { role: 'ignore' } } }));
    expect(found).toMatchObject({ severity: 'warning', evidence: expect.objectContaining({ reason: 'id_type', auc: 1 }) as unknown });
  });

  it('does not flag ids assigned independently of the label (interval covers 0.5)', () => {
    const ids = y.map((_, i) => `u${(i * 7919) % 100_003}`);
    expect(idLike.run(leakageInput([coded('ref', ids, 'id')], { y }))).toEqual([]);
  });

  it('does not take continuous measurements or mostly-unique integer amounts for ids', () => {
    const charges = normals(N, 3).map((e, i) => 50 + 20 * e + 30 * y[i]!);
    // 97% distinct integers (like attrition's MonthlyRate): below the 99% an integer id needs.
    const amounts = y.map((v, i) => (i < 9 ? 1000 : 1000 + i + 500 * v));
    expect(idLike.run(leakageInput([numeric('total_charges', charges), numeric('monthly_rate', amounts)], { y }))).toEqual([]);
  });

  it('reports an id it cannot judge (one class among its present rows) as info', () => {
    const ids = y.map((v, i) => (v === 1 ? undefined : `id${i}`));
    const [found] = idLike.run(leakageInput([coded('ref', ids, 'id')], { y }));
    expect(found).toMatchObject({ severity: 'info', evidence: expect.objectContaining({ status: 'insufficient_data' }) as unknown });
  });

  it('skips the target, time and entity columns', () => {
    const rows = sortedY.map((_, i) => i + 1);
    expect(idLike.run(leakageInput([numeric('day', rows), numeric('who', rows)], { y: sortedY, time: 'day', entity: 'who' }))).toEqual([]);
  });
});
