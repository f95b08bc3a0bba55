import { describe, expect, it } from 'vitest';
import { entityCandidates } from './entity-candidates.js';
import { coded, leakageInput, numeric } from './test-frames.js';

const N = 120;
const repeated = Array.from({ length: N }, (_, i) => `cust-${Math.floor(i / 3)}`);

describe('entity_candidates', () => {
  it('suggests a key whose values repeat over a few rows each (info)', () => {
    const [found] = entityCandidates.run(leakageInput([coded('customer', repeated), coded('plan', repeated.map((_, i) => ['a', 'b', 'c'][i % 3]!))]));
    expect(found).toMatchObject({ check: 'entity_candidates', severity: 'info', columns: ['customer'] });
    expect(found!.evidence).toEqual({ issue: 'suggested_entities', candidates: [{ column: 'customer', distinct: 40, distinct_share: 0.3333, median_rows_per_value: 3 }] });
  });

  it('suggests integer keys with an id-like name, not unique ids or plain numbers', () => {
    const account = Array.from({ length: N }, (_, i) => 1000 + Math.floor(i / 2));
    const findings = entityCandidates.run(
      leakageInput([numeric('account_id', account), numeric('amount', account), coded('order_id', repeated.map((_, i) => `o${i}`), 'id')]),
    );
    expect(findings.map((f) => f.columns)).toEqual([['account_id']]);
  });

  it('warns that an entity column unique on every row cannot define groups', () => {
    const [found] = entityCandidates.run(leakageInput([coded('order_id', repeated.map((_, i) => `o${i}`))], { entity: 'order_id' }));
    expect(found).toMatchObject({ severity: 'warning', columns: ['order_id'], evidence: { issue: 'all_unique', rows: N, distinct: N } });
  });

  it('is silent about a declared entity that repeats', () => {
    expect(entityCandidates.run(leakageInput([coded('customer', repeated)], { entity: 'customer' }))).toEqual([]);
  });
});
