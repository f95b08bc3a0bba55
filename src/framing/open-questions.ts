// The problem card's unanswered keys, each asked as the question a person would put to the team.
// A card is closed when none is left; target_performance is optional (the data-needs estimate
// assumes a value without it), and a latency budget is asked for online deployments only.

import type { ProblemCard } from '../core/problem-spec.js';

export interface OpenQuestion {
  /** The key path in flywheel.yaml under `problem:`, such as `costs.false_negative`. */
  key: string;
  question: string;
}

/** Every question, keyed by the path it fills; one place to word them. */
export const QUESTIONS = {
  objective: 'What business objective does this model serve?',
  business_metric: 'What business metric does this model move?',
  ml_metric:
    'Which ML metric will judge the model (roc_auc, average_precision, log_loss, recall_at_precision(p), precision_at_recall(r), precision_at_k(k) or expected_cost)?',
  disagreement: 'In what concrete case would the ML metric improve while the business metric does not?',
  baseline: 'What must the model beat: nothing (none), a constant score, or a rule such as tenure < 6 and contract == "Month-to-month"?',
  min_improvement: 'How much must the ML metric improve over the baseline to be worth deploying?',
  costs: 'What does a false positive cost, and what does a false negative cost, in the same unit?',
  'costs.false_positive': 'What does a false positive cost (acting on a case that did not need it)?',
  'costs.false_negative': 'What does a false negative cost (missing a case that needed action)?',
  prediction_time: 'When is each prediction made: which column holds that moment, or is it "at request"?',
  labels: 'Where do the labels come from, and what share of them do you expect to be wrong?',
  'labels.source': 'Where do the labels come from (human_annotation, crowdsourcing, weak_supervision or programmatic)?',
  'labels.expected_noise': 'What share of the labels do you expect to be wrong (from 0 to 0.5)?',
  label_delay: 'How long after a prediction does its true label arrive (for example 30d)?',
  deployment: 'Will predictions be made in batches or online, and, online, within how many milliseconds?',
  'deployment.mode': 'Will predictions be made in batches or online?',
  'deployment.latency_budget_ms': 'Within how many milliseconds must an online prediction answer?',
} as const;

export type QuestionKey = keyof typeof QUESTIONS;

/** The card's unanswered keys as questions, in the card's key order; an absent card asks everything. */
export function openQuestions(card: ProblemCard | undefined): OpenQuestion[] {
  const c: ProblemCard = card ?? {};
  const open: QuestionKey[] = [];
  const top = (key: QuestionKey & keyof ProblemCard): void => {
    if (c[key] === undefined) open.push(key);
  };
  top('objective');
  top('business_metric');
  top('ml_metric');
  top('disagreement');
  top('baseline');
  top('min_improvement');
  if (c.costs === undefined) open.push('costs');
  else {
    if (c.costs.false_positive === undefined) open.push('costs.false_positive');
    if (c.costs.false_negative === undefined) open.push('costs.false_negative');
  }
  top('prediction_time');
  if (c.labels === undefined) open.push('labels');
  else {
    if (c.labels.source === undefined) open.push('labels.source');
    if (c.labels.expected_noise === undefined) open.push('labels.expected_noise');
  }
  top('label_delay');
  if (c.deployment === undefined) open.push('deployment');
  else {
    if (c.deployment.mode === undefined) open.push('deployment.mode');
    if (c.deployment.mode === 'online' && c.deployment.latency_budget_ms === undefined) open.push('deployment.latency_budget_ms');
  }
  return open.map((key) => ({ key, question: QUESTIONS[key] }));
}
