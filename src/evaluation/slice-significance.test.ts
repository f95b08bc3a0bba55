import { describe, expect, it } from 'vitest';
import { holmRejections, normalUpperTail, oneSidedAlpha, worsePValue } from './slice-significance.js';

describe('the worse test', () => {
  it('has normal tail probabilities matching tables to 1e-7', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959963985)).toBeCloseTo(0.025, 7);
    expect(normalUpperTail(3.090232306)).toBeCloseTo(0.001, 7);
    expect(normalUpperTail(-1.644853627)).toBeCloseTo(0.95, 7);
  });

  it('steps down like Holm: stops at the first p-value above alpha / remaining', () => {
    expect(holmRejections([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, false, false, true]);
    expect(holmRejections([0.011, 0.02], 0.05)).toEqual([true, true]);
    expect(holmRejections([], 0.05)).toEqual([]);
  });

  it('turns the replicate spread into a one-sided p-value', () => {
    const replicates = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 0.1 : -0.1));
    // Standard deviation ≈ 0.1005, so a difference of 0.2 is z ≈ 1.99.
    expect(worsePValue(0.2, replicates)).toBeCloseTo(normalUpperTail(0.2 / Math.sqrt(1 / 99)), 10);
    expect(worsePValue(-0.2, replicates)).toBeGreaterThan(0.5);
    expect(worsePValue(0.2, [0.1, 0.2])).toBe(1);
  });

  it('matches the lower bound of a two-sided interval', () => {
    expect(oneSidedAlpha(0.95)).toBeCloseTo(0.025, 12);
  });
});
