import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean, editDistance } from './suggest.js';

describe('name suggestions', () => {
  it('computes the edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('sede', 'seed')).toBe(1);
  });

  it('suggests the closest names, ignoring case and separators', () => {
    expect(closestNames('Churn', ['churn', 'tenure', 'contract'])).toEqual(['churn']);
    expect(closestNames('total-charges', ['total_charges', 'monthly_charges'])).toEqual(['total_charges']);
    expect(didYouMean('sed', ['seed', 'split', 'store'])).toBe('did you mean "seed"?');
  });

  it('suggests nothing when no name is close', () => {
    expect(didYouMean('zzzzzz', ['seed', 'split'])).toBeUndefined();
  });
});
