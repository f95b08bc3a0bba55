import { describe, expect, it } from 'vitest';
import { featureStepKeys, featureStepsSchema } from './feature-spec.js';

function issuesOf(steps: unknown): { path: string; message: string }[] {
  const parsed = featureStepsSchema.safeParse(steps);
  if (parsed.success) throw new Error('expected the steps to be rejected');
  return parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

describe('the features: section schema', () => {
  it('fills every default of a step written with its columns only', () => {
    const steps = featureStepsSchema.parse([
      { step: 'impute', columns: ['a'] },
      { step: 'scale', columns: ['a'] },
      { step: 'one_hot', columns: ['c'] },
      { step: 'target_encoding', columns: ['c'] },
      { step: 'cross', columns: ['c', 'd'] },
    ]);
    expect(steps).toEqual([
      { step: 'impute', columns: ['a'], strategy: 'median', indicator: false },
      { step: 'scale', columns: ['a'], method: 'standard' },
      { step: 'one_hot', columns: ['c'], max_levels: 20 },
      { step: 'target_encoding', columns: ['c'], smoothing: 10 },
      { step: 'cross', columns: ['c', 'd'], max_levels: 20 },
    ]);
  });

  it('suggests the closest step for a mistyped step name and lists the steps', () => {
    const [issue] = issuesOf([{ step: 'one-hot', columns: ['a'] }]);
    expect(issue!.path).toBe('0.step');
    expect(issue!.message).toMatch(/^unknown step "one-hot" \(did you mean "one_hot"\?\); the steps are "impute", "scale"/);
  });

  it('asks for the step key when a step has none', () => {
    expect(issuesOf([{ columns: ['a'] }])[0]!.message).toMatch(/^each feature step needs a "step:" key/);
  });

  it('rejects an unknown option of a step, and knows the keys of each step for suggestions', () => {
    expect(issuesOf([{ step: 'one_hot', columns: ['a'], max_level: 3 }])[0]).toMatchObject({ path: '0' });
    expect(featureStepKeys('one_hot')).toEqual(['step', 'columns', 'max_levels']);
    expect(featureStepKeys('nonsense')).toContain('smoothing');
  });

  it('needs a value for strategy constant, and reads a value with no other strategy', () => {
    expect(issuesOf([{ step: 'impute', columns: ['a'], strategy: 'constant' }])[0]).toEqual({
      path: '0.value',
      message: 'strategy "constant" needs a value: the number or text to fill in',
    });
    expect(issuesOf([{ step: 'impute', columns: ['a'], value: 0 }])[0]!.message).toBe('value is only read with strategy "constant" (found strategy "median")');
  });

  it('rejects a column listed twice, an empty column list and a cross of other than two columns', () => {
    expect(issuesOf([{ step: 'scale', columns: ['a', 'a'] }])[0]).toEqual({ path: '0.columns.1', message: 'column "a" is listed twice' });
    expect(issuesOf([{ step: 'scale', columns: [] }])[0]!.message).toBe('list at least one column');
    expect(issuesOf([{ step: 'cross', columns: ['a', 'b', 'c'] }])[0]!.message).toBe('cross takes exactly two columns');
  });

  it('needs a bound for clip and refuses a number and a quantile for the same side', () => {
    expect(issuesOf([{ step: 'clip', columns: ['a'] }])[0]!.message).toMatch(/^clip needs a bound/);
    expect(issuesOf([{ step: 'clip', columns: ['a'], lower: 0, q_low: 0.1 }])[0]!.message).toBe('give lower or q_low, not both');
    expect(issuesOf([{ step: 'clip', columns: ['a'], q_low: 0.9, q_high: 0.1 }])[0]!.message).toBe('q_low (0.9) must not be above q_high (0.1)');
  });

  it('refuses bucketize edges that do not increase, and n_bins with edges', () => {
    expect(issuesOf([{ step: 'bucketize', columns: ['a'], edges: [1, 1] }])[0]!.message).toBe('edges must be strictly increasing (1 then 1)');
    expect(issuesOf([{ step: 'bucketize', columns: ['a'], edges: [1], n_bins: 3 }])[0]!.message).toBe('give n_bins or edges, not both');
  });
});
