import { describe, expect, it } from 'vitest';
import { assignVariant, BUCKETS, unitBucket } from './traffic.js';

describe('unitBucket', () => {
  it('is deterministic per salt and unit, within [0, BUCKETS), and changes with the salt', () => {
    expect(unitBucket('s', 'unit-1')).toBe(unitBucket('s', 'unit-1'));
    const buckets = Array.from({ length: 1000 }, (_, i) => unitBucket('s', `unit-${i}`));
    expect(buckets.every((b) => Number.isInteger(b) && b >= 0 && b < BUCKETS)).toBe(true);
    const resalted = Array.from({ length: 1000 }, (_, i) => unitBucket('t', `unit-${i}`));
    expect(resalted.filter((b, i) => b === buckets[i]).length).toBeLessThan(10);
  });

  it('separates salt and unit, so ("ab", "c") and ("a", "bc") differ', () => {
    expect(unitBucket('ab', 'c')).not.toBe(unitBucket('a', 'bc'));
  });
});

describe('assignVariant', () => {
  it('sends everything to the champion with propensity 1 without a canary', () => {
    expect(assignVariant(undefined, 's', 'u', () => 0)).toEqual({ variant: 'champion', propensity: 1, assignment: 'unit' });
    expect(assignVariant(0, 's', undefined, () => 0)).toEqual({ variant: 'champion', propensity: 1, assignment: 'random' });
  });

  it('routes units whose bucket is below P% of the buckets to the canary, with propensities P and 1 − P', () => {
    const units = Array.from({ length: 20_000 }, (_, i) => `customer-${i}`);
    const assigned = units.map((u) => assignVariant(10, 'exp-1', u, () => 0.99));
    const canary = assigned.filter((a) => a.variant === 'canary');
    // Binomial(20000, 0.1): sd 0.0021; 4 sd.
    expect(canary.length / units.length).toBeGreaterThan(0.1 - 0.0085);
    expect(canary.length / units.length).toBeLessThan(0.1 + 0.0085);
    expect(canary.every((a) => a.propensity === 0.1 && a.assignment === 'unit')).toBe(true);
    expect(assigned.filter((a) => a.variant === 'champion').every((a) => a.propensity === 0.9)).toBe(true);
    units.forEach((u, i) => expect(assigned[i]!.variant).toBe(unitBucket('exp-1', u) < 1000 ? 'canary' : 'champion'));
  });

  it('keeps a unit on the canary when its share grows (a ramp only adds units)', () => {
    const units = Array.from({ length: 2000 }, (_, i) => `u${i}`);
    const at5 = new Set(units.filter((u) => assignVariant(5, 'ramp', u, Math.random).variant === 'canary'));
    const at20 = new Set(units.filter((u) => assignVariant(20, 'ramp', u, Math.random).variant === 'canary'));
    expect([...at5].every((u) => at20.has(u))).toBe(true);
    expect(at20.size).toBeGreaterThan(at5.size);
  });

  it('uses the draw for a request without a unit id', () => {
    expect(assignVariant(30, 's', undefined, () => 0.29)).toEqual({ variant: 'canary', propensity: 0.3, assignment: 'random' });
    expect(assignVariant(30, 's', undefined, () => 0.3)).toEqual({ variant: 'champion', propensity: 0.7, assignment: 'random' });
  });
});
