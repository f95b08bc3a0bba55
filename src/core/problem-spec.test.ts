import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN } from './config.js';
import { FlywheelError } from './errors.js';
import { formatMlMetric, LABEL_DELAY_PATTERN, mlMetricKey, parseMlMetric, problemKeysAt, problemSchema } from './problem-spec.js';

function issuesOf(card: unknown): { path: string; message: string }[] {
  const parsed = problemSchema.safeParse(card);
  if (parsed.success) throw new Error('expected the card to be rejected');
  return parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

describe('the problem: section schema', () => {
  it('loads a fully answered card, parsing the metric and the baseline', () => {
    const card = problemSchema.parse({
      objective: 'Keep subscribers who would otherwise leave',
      business_metric: 'monthly revenue retained',
      ml_metric: 'recall_at_precision(0.8)',
      disagreement: 'AUC rises by ranking long-tenure customers better, but they never churn anyway',
      baseline: 'tenure < 6 and contract == "Month-to-month"',
      min_improvement: 0.02,
      costs: { false_positive: 10, false_negative: 200 },
      prediction_time: 'at request',
      labels: { source: 'programmatic', expected_noise: 0.05 },
      label_delay: '30d',
      deployment: { mode: 'online', latency_budget_ms: 50 },
      target_performance: 0.6,
    });
    expect(card.ml_metric).toEqual({ name: 'recall_at_precision', param: 0.8 });
    expect(card.baseline).toEqual({ kind: 'rules', expression: 'tenure < 6 and contract == "Month-to-month"' });
    expect(card.costs).toEqual({ false_positive: 10, false_negative: 200 });
    expect(card.deployment).toEqual({ mode: 'online', latency_budget_ms: 50 });
  });

  it('loads an empty card, and one whose answers are left blank', () => {
    expect(problemSchema.parse({})).toEqual({});
    const blank = problemSchema.parse({ objective: null, business_metric: '  ', ml_metric: null, baseline: '', costs: null, labels: { source: null } });
    expect(Object.values(blank).every((v) => v === undefined || (typeof v === 'object' && Object.values(v).every((x) => x === undefined)))).toBe(true);
  });

  it('suggests the closest metric for a misspelled one, keeping its value in parentheses', () => {
    expect(issuesOf({ ml_metric: 'roc_auk' })[0]).toEqual({
      path: 'ml_metric',
      message:
        'unknown metric "roc_auk" (did you mean "roc_auc"?); the metrics are roc_auc, average_precision, log_loss, recall_at_precision(p), precision_at_recall(r), precision_at_k(k), expected_cost',
    });
    expect(issuesOf({ ml_metric: 'recall_at_precison(0.9)' })[0]!.message).toMatch(/^unknown metric "recall_at_precison" \(did you mean "recall_at_precision\(0\.9\)"\?\)/);
  });

  it('asks for the value of a parameterised metric and refuses one out of range', () => {
    expect(issuesOf({ ml_metric: 'precision_at_k' })[0]!.message).toBe('precision_at_k needs its k in parentheses, such as precision_at_k(100)');
    expect(issuesOf({ ml_metric: 'recall_at_precision(1.5)' })[0]!.message).toBe('recall_at_precision(1.5): the precision must be a number above 0 and at most 1');
    expect(issuesOf({ ml_metric: 'precision_at_k(2.5)' })[0]!.message).toMatch(/^precision_at_k\(2\.5\): the k must be a whole number of rows/);
    expect(issuesOf({ ml_metric: 'roc_auc(0.5)' })[0]!.message).toBe('roc_auc takes no value in parentheses (found "roc_auc(0.5)")');
  });

  it('reads the three baseline forms: the word none, a constant score, and a rule', () => {
    expect(problemSchema.parse({ baseline: 'none' }).baseline).toEqual({ kind: 'none' });
    expect(problemSchema.parse({ baseline: 'None' }).baseline).toEqual({ kind: 'none' });
    expect(problemSchema.parse({ baseline: 0.27 }).baseline).toEqual({ kind: 'constant', value: 0.27 });
    expect(problemSchema.parse({ baseline: ' senior_citizen ' }).baseline).toEqual({ kind: 'rules', expression: 'senior_citizen' });
  });

  it('refuses a constant baseline outside 0 to 1 and a baseline of another kind', () => {
    expect(issuesOf({ baseline: 3 })[0]!.message).toBe('a constant baseline is the score every row gets, a probability from 0 to 1 (found 3)');
    expect(issuesOf({ baseline: true })[0]!.message).toBe('must be none, a constant score from 0 to 1, or a rule such as tenure < 6 and contract == "Month-to-month"');
  });

  it('checks the ranges of costs, label noise, latency and the minimum improvement', () => {
    expect(issuesOf({ costs: { false_positive: -1 } })[0]!.path).toBe('costs.false_positive');
    expect(issuesOf({ costs: { false_positive: 0, false_negative: 0 } })[0]!.message).toBe('at least one of the two costs must be above 0');
    expect(issuesOf({ labels: { expected_noise: 0.6 } })[0]!.path).toBe('labels.expected_noise');
    expect(issuesOf({ labels: { source: 'humans' } })[0]!.path).toBe('labels.source');
    expect(issuesOf({ deployment: { mode: 'online', latency_budget_ms: 0 } })[0]!.path).toBe('deployment.latency_budget_ms');
    expect(issuesOf({ min_improvement: 0 })[0]!.path).toBe('min_improvement');
    expect(issuesOf({ label_delay: '30 days' })[0]!.path).toBe('label_delay');
  });

  it('keeps a bounded metric’s target and improvement between 0 and 1', () => {
    expect(issuesOf({ ml_metric: 'roc_auc', target_performance: 85 })[0]).toEqual({
      path: 'target_performance',
      message: 'roc_auc lies between 0 and 1, so the target must too (found 85)',
    });
    expect(issuesOf({ ml_metric: 'average_precision', min_improvement: 2 })[0]!.path).toBe('min_improvement');
    expect(problemSchema.parse({ ml_metric: 'log_loss', target_performance: 1.4 }).target_performance).toBe(1.4);
  });

  it('rejects an unknown key and knows the keys at each level for suggestions', () => {
    expect(issuesOf({ objectve: 'x' })[0]).toMatchObject({ path: '' });
    expect(issuesOf({ costs: { fp: 1 } })[0]).toMatchObject({ path: 'costs' });
    expect(problemKeysAt([])).toContain('disagreement');
    expect(problemKeysAt(['costs'])).toEqual(['false_positive', 'false_negative']);
    expect(problemKeysAt(['labels'])).toEqual(['source', 'expected_noise']);
    expect(problemKeysAt(['deployment'])).toEqual(['mode', 'latency_budget_ms']);
  });

  it('spells "at request" one way whatever the case and separators', () => {
    expect(problemSchema.parse({ prediction_time: 'At_Request' }).prediction_time).toBe('at request');
    expect(problemSchema.parse({ prediction_time: 'scored_at' }).prediction_time).toBe('scored_at');
  });

  it('reads label delays with the same duration pattern as the rest of flywheel.yaml', () => {
    expect(LABEL_DELAY_PATTERN.source).toBe(DURATION_PATTERN.source);
    expect(problemSchema.parse({ label_delay: '2w' }).label_delay).toBe('2w');
  });
});

describe('parseMlMetric', () => {
  it('parses plain and parameterised metrics, and formats them back', () => {
    expect(parseMlMetric('roc_auc')).toEqual({ name: 'roc_auc' });
    expect(parseMlMetric(' precision_at_recall( 0.5 ) ')).toEqual({ name: 'precision_at_recall', param: 0.5 });
    expect(parseMlMetric('precision_at_k(100)')).toEqual({ name: 'precision_at_k', param: 100 });
    expect(parseMlMetric('precision_at_k(0.05)')).toEqual({ name: 'precision_at_k', param: 0.05 });
    expect(formatMlMetric({ name: 'recall_at_precision', param: 0.9 })).toBe('recall_at_precision(0.9)');
    expect(mlMetricKey({ name: 'recall_at_precision', param: 0.9 })).toBe('recall_at_precision@0.9');
  });

  it('throws a config_invalid FlywheelError with the suggestion as the hint', () => {
    const error = (() => {
      try {
        parseMlMetric('averge_precision');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FlywheelError);
    expect(error).toMatchObject({ code: 'config_invalid', hint: 'write ml_metric: average_precision' });
    expect((error as Error).message).toMatch(/^ml_metric: unknown metric "averge_precision" \(did you mean "average_precision"\?\)/);
  });
});
