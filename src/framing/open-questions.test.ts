import { describe, expect, it } from 'vitest';
import { problemSchema } from '../core/problem-spec.js';
import { openQuestions, QUESTIONS } from './open-questions.js';

const FULL = {
  objective: 'Keep subscribers who would otherwise leave',
  business_metric: 'monthly revenue retained',
  ml_metric: 'roc_auc',
  disagreement: 'AUC rises by ranking loyal customers better, who never needed an offer',
  baseline: 'none',
  min_improvement: 0.02,
  costs: { false_positive: 10, false_negative: 200 },
  prediction_time: 'at request',
  labels: { source: 'programmatic', expected_noise: 0.05 },
  label_delay: '30d',
  deployment: { mode: 'batch' },
};

describe('the open questions of a problem card', () => {
  it('asks every question of a card that is not there, in the card’s order', () => {
    const open = openQuestions(undefined);
    expect(open.map((q) => q.key)).toEqual(['objective', 'business_metric', 'ml_metric', 'disagreement', 'baseline', 'min_improvement', 'costs', 'prediction_time', 'labels', 'label_delay', 'deployment']);
    expect(open[1]).toEqual({ key: 'business_metric', question: 'What business metric does this model move?' });
  });

  it('asks nothing of a fully answered card, target_performance being optional', () => {
    expect(openQuestions(problemSchema.parse(FULL))).toEqual([]);
  });

  it('requires the disagreement case to close the card', () => {
    const { disagreement: _, ...rest } = FULL;
    expect(openQuestions(problemSchema.parse(rest))).toEqual([{ key: 'disagreement', question: QUESTIONS.disagreement }]);
    expect(openQuestions(problemSchema.parse({ ...FULL, disagreement: '   ' })).map((q) => q.key)).toEqual(['disagreement']);
  });

  it('asks for the missing half of a section that is partly answered', () => {
    const card = problemSchema.parse({ ...FULL, costs: { false_negative: 200 }, labels: { expected_noise: 0.1 } });
    expect(openQuestions(card).map((q) => q.key)).toEqual(['costs.false_positive', 'labels.source']);
  });

  it('asks for a latency budget only when predictions are made online', () => {
    expect(openQuestions(problemSchema.parse({ ...FULL, deployment: { mode: 'online' } }))).toEqual([
      { key: 'deployment.latency_budget_ms', question: 'Within how many milliseconds must an online prediction answer?' },
    ]);
    expect(openQuestions(problemSchema.parse({ ...FULL, deployment: { mode: 'online', latency_budget_ms: 50 } }))).toEqual([]);
    expect(openQuestions(problemSchema.parse({ ...FULL, deployment: {} })).map((q) => q.key)).toEqual(['deployment.mode']);
  });
});
