import { describe, expect, it } from 'vitest';
import { targetLeakage } from './target-leakage.js';
import { coded, labels, leakageInput, normals, numeric } from './test-frames.js';

const N = 400;
const y = labels(N, 0.3, 1);
/** A feature whose AUC is about Φ(shift/√2): 2.4 gives ≈ 0.95, 1.0 gives ≈ 0.76. */
const signal = (shift: number, seed: number) => normals(N, seed).map((e, i) => e + shift * y[i]!);
const noise = (seed: number) => normals(N, seed);

describe('target_leakage', () => {
  it('blocks a copy of the label that the other features cannot match', () => {
    const input = leakageInput([numeric('weak', signal(1, 2)), numeric('noise', noise(3)), numeric('copy', y)], { y });
    const findings = targetLeakage.run(input);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ check: 'target_leakage', severity: 'blocking', columns: ['copy'] });
    expect(findings[0]!.evidence).toMatchObject({ single_auc: 1, purity: 1, holdout: 'seeded_holdout', others_features: 2 });
    expect(findings[0]!.evidence.margin as number).toBeGreaterThanOrEqual(0.05);
  });

  it('warns about a strong feature (AUC about 0.95) that the others cannot match', () => {
    const input = leakageInput([numeric('weak', signal(0.5, 2)), numeric('strong', signal(2.4, 4))], { y });
    const findings = targetLeakage.run(input);
    expect(findings.map((f) => [f.columns[0], f.severity])).toEqual([['strong', 'warning']]);
    expect(findings[0]!.evidence.single_auc as number).toBeGreaterThan(0.9);
    expect(findings[0]!.evidence.single_auc as number).toBeLessThan(0.99);
  });

  it('does not flag a strong feature when the other features together do as well', () => {
    const others = [5, 6, 7, 8, 9, 10].map((seed) => numeric(`x${seed}`, signal(1.5, seed)));
    const input = leakageInput([numeric('strong', signal(2.4, 4)), ...others], { y });
    expect(targetLeakage.run(input)).toEqual([]);
  });

  it('reports a near-certain feature the others match as info, not as a leak', () => {
    const others = [5, 6, 7, 8, 9, 10, 11, 12].map((seed) => numeric(`x${seed}`, signal(2, seed)));
    const input = leakageInput([numeric('copy', y), ...others], { y });
    const findings = targetLeakage.run(input);
    expect(findings.map((f) => [f.columns[0], f.severity])).toEqual([['copy', 'info']]);
    expect(findings[0]!.evidence.margin as number).toBeLessThan(0.05);
  });

  it('leaves two near-certain copies out of each other\'s yardstick, so both are blocking', () => {
    const input = leakageInput([numeric('weak', signal(1, 2)), numeric('copy_a', y), coded('copy_b', y.map((v) => (v === 1 ? 'yes' : 'no')))], { y });
    const findings = targetLeakage.run(input);
    expect(findings.map((f) => [f.columns[0], f.severity])).toEqual([
      ['copy_a', 'blocking'],
      ['copy_b', 'blocking'],
    ]);
    expect(findings[0]!.evidence.others_excluded).toEqual(['copy_b']);
  });

  it('treats missingness as signal: a date present only on positive rows is blocking', () => {
    const day = 86_400_000;
    const closed = y.map((v, i) => (v === 1 ? Date.UTC(2024, 0, 1) + (i % 50) * day : NaN));
    const input = leakageInput([numeric('weak', signal(1, 2)), numeric('closed_at', closed, 'datetime')], { y });
    const [found] = targetLeakage.run(input);
    expect(found).toMatchObject({ severity: 'blocking', columns: ['closed_at'] });
    expect(found!.evidence).toMatchObject({ single_auc: 1, missing_as: 'low', direction: 'higher_is_positive' });
  });

  it('scores categories out of fold: a code unique to each row carries no signal', () => {
    const input = leakageInput([numeric('weak', signal(1, 2)), coded('code', y.map((_, i) => `c${i}`))], { y });
    expect(targetLeakage.run(input)).toEqual([]);
  });

  it('uses the split\'s train and valid sides as its holdout when a split is given', () => {
    const assignment = Uint8Array.from(y, (_, i) => (i % 5 === 0 ? 1 : i % 5 === 1 ? 2 : 0));
    const input = leakageInput([numeric('weak', signal(1, 2)), numeric('copy', y)], { y, split: { assignment, method: 'stratified' } });
    expect(targetLeakage.run(input)[0]!.evidence).toMatchObject({ holdout: 'split_train_valid', holdout_rows: N / 5 });
  });

  it('reads only model-input features: ignored columns and ids are left to other checks', () => {
    const input = leakageInput([numeric('weak', signal(1, 2)), numeric('copy', y), coded('ref', y.map((v, i) => `${v}-${i}`), 'id')], { y, roles: { copy: { role: 'ignore' } } });
    expect(targetLeakage.run(input)).toEqual([]);
  });

  it('says it cannot judge with fewer than 10 rows of a class, instead of passing silently', () => {
    const few = Array.from({ length: 40 }, (_, i) => (i < 6 ? 1 : 0));
    const [found] = targetLeakage.run(leakageInput([numeric('copy', few)], { y: few }));
    expect(found).toMatchObject({ severity: 'info', columns: [], evidence: { status: 'insufficient_data', positives: 6, negatives: 34, min_rows_per_class: 10 } });
  });
});
