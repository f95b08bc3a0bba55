import { describe, expect, it } from 'vitest';
import { delongSentence, differenceVerdict } from './evaluation-comparisons.js';
import { higherIsBetter, metricLabel } from './evaluation-metrics.js';

const delong = { auc_a: 0.8, auc_b: 0.83, difference: 0.03, se: 0.01, z: 3, p_value: 0.0027, ci: [0.0104, 0.0496] as [number, number] };

describe('comparison verdicts', () => {
  it('call a DeLong difference significant below the 5% level and say which run is higher', () => {
    expect(delongSentence('baseline', delong)).toBe("This run's ROC-AUC is higher than the baseline's by 0.03 (95% interval [0.0104, 0.0496], p = 0.0027): the difference is significant at the 5% level.");
    const lower = { ...delong, auc_b: 0.77, difference: -0.03, ci: [-0.0496, -0.0104] as [number, number] };
    expect(delongSentence('champion', lower)).toContain("is lower than the champion's by 0.03");
    expect(delongSentence('champion', { ...delong, p_value: 0.2 })).toContain('is not significant at the 5% level');
  });

  it('judge a paired bootstrap difference by its interval and the direction of the metric', () => {
    expect(differenceVerdict('roc_auc', { value: 0.02, ci: [0.01, 0.03] }).text).toBe('significantly better');
    expect(differenceVerdict('roc_auc', { value: -0.02, ci: [-0.03, -0.01] }).text).toBe('significantly worse');
    expect(differenceVerdict('log_loss', { value: -0.02, ci: [-0.03, -0.01] }).text).toBe('significantly better');
    expect(differenceVerdict('expected_cost', { value: 5, ci: [1, 9] }).text).toBe('significantly worse');
    expect(differenceVerdict('recall_at_precision@0.9', { value: 0.05, ci: [0.01, 0.09] }).text).toBe('significantly better');
    expect(differenceVerdict('custom', { value: 0.05, ci: [0.01, 0.09] }).text).toBe('significantly higher');
    expect(differenceVerdict('roc_auc', { value: 0.01, ci: [-0.01, 0.03] }).text).toBe('not significant');
    expect(differenceVerdict('roc_auc', { value: 0.01 }).text).toBe('no interval');
  });

  it('name metrics for readers, parameter included, and leave unknown keys as they are', () => {
    expect(metricLabel('roc_auc')).toBe('ROC-AUC');
    expect(metricLabel('recall_at_precision@0.9')).toBe('recall at precision 0.9');
    expect(metricLabel('my_metric')).toBe('my_metric');
    expect(higherIsBetter('brier')).toBe(false);
    expect(higherIsBetter('my_metric')).toBeUndefined();
  });
});
