import { describe, expect, it } from 'vitest';
import { estimateDataNeeds, type DataNeedsOptions } from './data-needs.js';

/** Telco's class balance: 1869 churners of 7043 customers. */
const TELCO_COUNTS = { positive: 'Yes', negative: 'No', positiveCount: 1869, negativeCount: 5174 };
const base: DataNeedsOptions = { featureCount: 19, classCounts: TELCO_COUNTS, availableRows: 4226, availableIsTraining: true };

describe('the data-needs estimate', () => {
  it('asks 20 minority-class events per feature when no target performance is given, and shows each step', () => {
    const needs = estimateDataNeeds(base);
    // 20 × 19 = 380 events; 380 / (1869 / 7043) = 1431.96… → 1432 rows.
    expect(needs).toMatchObject({ status: 'estimated', estimate_rows: 1432, available_rows: 4226, short: false });
    expect(needs.reasoning).toEqual([
      'task complexity: 19 candidate features',
      'minority class: "Yes" in 1869 of 7043 rows (rate 0.265)',
      'events per feature: 10 × 2^((0.8 − 0.7) / 0.1) = 20 for no target_performance, so an assumed roc_auc of 0.8; 10 at roc_auc ≤ 0.7 (Peduzzi et al. 1996), doubling with each 0.1 above',
      'minority-class events needed: 20 × 19 = 380',
      'rows to hold them: 380 / (1869 / 7043) = 1432',
      'label noise: not on the card (labels.expected_noise), so labels are taken as clean',
      'overall event rate within ±0.05 (Riley et al. 2019, criterion iii): (1.96 / 0.05)² × 0.265 × 0.735 = 300 rows',
      'estimate: max(1432, 300) = 1432 rows',
      'available: 4226 training rows, enough (3 × the estimate)',
      'the rule is for linear models: trees, boosting and neural networks may need over 10 times as many events per feature for stable performance (van der Ploeg et al. 2014)',
    ]);
  });

  it('doubles the events per feature for each 0.1 of roc_auc target above 0.7', () => {
    const at = (target: number) => estimateDataNeeds({ ...base, mlMetric: { name: 'roc_auc' }, targetPerformance: target }).estimate_rows;
    expect(at(0.65)).toBe(Math.ceil(Math.ceil(10 * 19) / (1869 / 7043)));
    expect(at(0.9)).toBe(Math.ceil((40 * 19) / (1869 / 7043)));
    expect(at(0.9)!).toBeGreaterThan(at(0.8)!);
  });

  it('reads a target on another metric as the assumed roc_auc, and says so', () => {
    const needs = estimateDataNeeds({ ...base, mlMetric: { name: 'recall_at_precision', param: 0.9 }, targetPerformance: 0.5 });
    expect(needs.estimate_rows).toBe(1432);
    expect(needs.reasoning[2]).toMatch(/target_performance is on recall_at_precision\(0\.9\), which this rule does not translate/);
  });

  it('inflates the estimate by 1 / (1 − 2η)² for label noise η', () => {
    const needs = estimateDataNeeds({ ...base, labelNoise: 0.1 });
    expect(needs.estimate_rows).toBe(Math.ceil(1432 / 0.8 ** 2));
    expect(needs.reasoning[5]).toMatch(/^label noise 0\.1: × 1 \/ \(1 − 2 × 0\.1\)² = × 1\.56 → 2238 rows/);
  });

  it('flags the data short when fewer rows are available than estimated', () => {
    const needs = estimateDataNeeds({ ...base, featureCount: 60, availableRows: 3000 });
    // 20 × 60 = 1200 events; 1200 / (1869 / 7043) = 4521.9… → 4522 rows.
    expect(needs).toMatchObject({ estimate_rows: 4522, short: true });
    expect(needs.reasoning).toContain('available: 3000 training rows, short by 1522 (66% of the estimate)');
  });

  it('keeps the Riley floor for a tiny feature set', () => {
    expect(estimateDataNeeds({ ...base, featureCount: 1 }).estimate_rows).toBe(300);
  });

  it('counts the rarer class as the minority whichever is positive', () => {
    const flipped = estimateDataNeeds({ ...base, classCounts: { positive: 'No', negative: 'Yes', positiveCount: 5174, negativeCount: 1869 } });
    expect(flipped.estimate_rows).toBe(1432);
    expect(flipped.reasoning[1]).toBe('minority class: "Yes" in 1869 of 7043 rows (rate 0.265)');
  });

  it('makes no estimate without a target, or with labels that are half wrong', () => {
    expect(estimateDataNeeds({ ...base, classCounts: undefined })).toMatchObject({ status: 'no_target', estimate_rows: null, short: false });
    expect(estimateDataNeeds({ ...base, labelNoise: 0.5 })).toMatchObject({ status: 'uninformative_labels', estimate_rows: null, short: true });
  });

  it('says when the available rows are the whole data rather than the training split', () => {
    const needs = estimateDataNeeds({ ...base, availableRows: 7043, availableIsTraining: false });
    expect(needs.reasoning).toContain('available: 7043 rows in all (the training split will hold only part of them), enough (4.9 × the estimate)');
  });
});
