// The `problem:` section of flywheel.yaml: the problem card a team fills in before any model is
// trained. Pure data (zod schemas and their types) so that core's config schema can embed it; every
// answer is optional so an unfilled card still loads, and framing/ lists what is still unanswered.
// docs/problem-card.md documents every key.

import { z } from 'zod';
import { DURATION_PATTERN } from './duration.js';
import { FlywheelError } from './errors.js';
import { closestNames } from './suggest.js';

/**
 * The ML metrics a card can name, each declared once: the value written in parentheses (if any),
 * its direction, and the range of the metric's values (for checking target_performance).
 */
export const ML_METRICS = {
  roc_auc: { param: undefined, higherIsBetter: true, bounded: true },
  average_precision: { param: undefined, higherIsBetter: true, bounded: true },
  log_loss: { param: undefined, higherIsBetter: false, bounded: false },
  recall_at_precision: { param: 'p', higherIsBetter: true, bounded: true },
  precision_at_recall: { param: 'r', higherIsBetter: true, bounded: true },
  precision_at_k: { param: 'k', higherIsBetter: true, bounded: true },
  expected_cost: { param: undefined, higherIsBetter: false, bounded: false },
} as const satisfies Record<string, { param: 'p' | 'r' | 'k' | undefined; higherIsBetter: boolean; bounded: boolean }>;

export type MlMetricName = keyof typeof ML_METRICS;
export const ML_METRIC_NAMES = Object.keys(ML_METRICS) as MlMetricName[];

/** A parsed ML metric: `recall_at_precision(0.9)` is { name: 'recall_at_precision', param: 0.9 }. */
export interface MlMetric {
  name: MlMetricName;
  /** recall_at_precision: the precision (0, 1]; precision_at_recall: the recall (0, 1]; precision_at_k: rows (an integer ≥ 1) or a share of rows (0, 1). */
  param?: number;
}

export const LABEL_SOURCES = ['human_annotation', 'crowdsourcing', 'weak_supervision', 'programmatic'] as const;
export type LabelSource = (typeof LABEL_SOURCES)[number];

export const DEPLOYMENT_MODES = ['batch', 'online'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** prediction_time's answer when predictions are made on request (the request's own time). */
export const AT_REQUEST = 'at request';

/** A label delay such as `30d` or `12h` (the duration syntax of core/duration.ts). */
export const LABEL_DELAY_PATTERN = DURATION_PATTERN;

const METRIC_FORMS = ML_METRIC_NAMES.map((name) => {
  const param = ML_METRICS[name].param;
  return param === undefined ? name : `${name}(${param})`;
}).join(', ');

const METRIC_TEXT = /^([A-Za-z_][A-Za-z0-9_-]*)\s*(?:\(\s*([^()]*?)\s*\))?$/;

type MetricParse = { ok: true; metric: MlMetric } | { ok: false; message: string; hint: string };

function readMlMetric(text: string): MetricParse {
  const match = METRIC_TEXT.exec(text.trim());
  if (match === null) {
    return { ok: false, message: `"${text}" is not a metric; the metrics are ${METRIC_FORMS}`, hint: 'write a metric name, with its value in parentheses where it takes one, such as recall_at_precision(0.9)' };
  }
  const [, written, paramText] = match as unknown as [string, string, string | undefined];
  if (!Object.hasOwn(ML_METRICS, written)) {
    const closest = closestNames(written, ML_METRIC_NAMES, 1)[0] as MlMetricName | undefined;
    const suggestion = closest === undefined ? undefined : ML_METRICS[closest].param !== undefined && paramText !== undefined ? `${closest}(${paramText})` : closest;
    return {
      ok: false,
      message: `unknown metric "${written}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; the metrics are ${METRIC_FORMS}`,
      hint: suggestion === undefined ? `choose one of ${METRIC_FORMS}` : `write ml_metric: ${suggestion}`,
    };
  }
  const name = written as MlMetricName;
  const param = ML_METRICS[name].param;
  if (param === undefined) {
    if (paramText !== undefined) return { ok: false, message: `${name} takes no value in parentheses (found "${text.trim()}")`, hint: `write ml_metric: ${name}` };
    return { ok: true, metric: { name } };
  }
  const example = param === 'k' ? `${name}(100)` : `${name}(0.9)`;
  if (paramText === undefined || paramText === '') {
    return { ok: false, message: `${name} needs its ${paramWord(param)} in parentheses, such as ${example}`, hint: `write ml_metric: ${example}` };
  }
  const value = Number(paramText);
  const valid = Number.isFinite(value) && (param === 'k' ? (Number.isInteger(value) && value >= 1) || (value > 0 && value < 1) : value > 0 && value <= 1);
  if (!valid) {
    const allowed = param === 'k' ? 'a whole number of rows (such as 100) or a share of the rows between 0 and 1 (such as 0.05)' : 'a number above 0 and at most 1';
    return { ok: false, message: `${name}(${paramText}): the ${paramWord(param)} must be ${allowed}`, hint: `write ml_metric: ${example}` };
  }
  return { ok: true, metric: { name, param: value } };
}

function paramWord(param: 'p' | 'r' | 'k'): string {
  return { p: 'precision', r: 'recall', k: 'k' }[param];
}

/** Parse `roc_auc` or `recall_at_precision(0.9)`; a FlywheelError suggesting the closest metric otherwise. */
export function parseMlMetric(text: string): MlMetric {
  const parsed = readMlMetric(text);
  if (!parsed.ok) throw new FlywheelError('config_invalid', `ml_metric: ${parsed.message}`, { hint: parsed.hint });
  return parsed.metric;
}

/** The metric as written in flywheel.yaml: `recall_at_precision(0.9)`. */
export function formatMlMetric(metric: MlMetric): string {
  return metric.param === undefined ? metric.name : `${metric.name}(${metric.param})`;
}

/** The metric's key in JSON output (DESIGN.md): `recall_at_precision@0.9`. */
export function mlMetricKey(metric: MlMetric): string {
  return metric.param === undefined ? metric.name : `${metric.name}@${metric.param}`;
}

/** An answer left empty in YAML (`key:` with nothing after it, or `""`) counts as unanswered. */
function answer<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v), schema.optional());
}

const text = answer(z.string().trim());

const mlMetricSchema = z.string().transform((value, ctx): MlMetric => {
  const parsed = readMlMetric(value);
  if (parsed.ok) return parsed.metric;
  ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
  return z.NEVER;
});

/** What the model has to beat: nothing, a constant score for every row, or a hand-written rule. */
export type Baseline = { kind: 'none' } | { kind: 'constant'; value: number } | { kind: 'rules'; expression: string };

const BASELINE_FORMS = 'none, a constant score from 0 to 1, or a rule such as tenure < 6 and contract == "Month-to-month"';

const baselineSchema = z
  .union([z.number(), z.string()], { error: (issue) => (issue.code === 'invalid_union' ? `must be ${BASELINE_FORMS}` : undefined) })
  .transform((value, ctx): Baseline => {
    if (typeof value === 'string') return value.trim().toLowerCase() === 'none' ? { kind: 'none' } : { kind: 'rules', expression: value.trim() };
    if (value >= 0 && value <= 1) return { kind: 'constant', value };
    ctx.issues.push({ code: 'custom', message: `a constant baseline is the score every row gets, a probability from 0 to 1 (found ${value})`, input: value });
    return z.NEVER;
  });

const costsSchema = z
  .strictObject({
    /** The cost of acting on a case that did not need it, in the business metric's unit. */
    false_positive: answer(z.number().min(0)),
    /** The cost of missing a case that needed action, in the same unit. */
    false_negative: answer(z.number().min(0)),
  })
  .superRefine((costs, ctx) => {
    if (costs.false_positive === 0 && costs.false_negative === 0) {
      ctx.addIssue({ code: 'custom', message: 'at least one of the two costs must be above 0', path: ['false_negative'] });
    }
  });

const labelsSchema = z.strictObject({
  source: answer(z.enum(LABEL_SOURCES)),
  /** The share of labels expected to be wrong; 0.5 would be labels no better than a coin. */
  expected_noise: answer(z.number().min(0).max(0.5)),
});

const deploymentSchema = z.strictObject({
  mode: answer(z.enum(DEPLOYMENT_MODES)),
  latency_budget_ms: answer(z.number().gt(0)),
});

const predictionTimeSchema = z
  .string()
  .trim()
  .transform((value) => (value.toLowerCase().replace(/[\s_-]+/g, ' ') === AT_REQUEST ? AT_REQUEST : value));

export const problemSchema = z
  .strictObject({
    /** The business objective, in words. */
    objective: text,
    /** The business metric the model is meant to move. */
    business_metric: text,
    ml_metric: answer(mlMetricSchema),
    /** A concrete case where the ML metric improves and the business metric does not. */
    disagreement: text,
    baseline: answer(baselineSchema),
    /** The smallest gain over the baseline, on the ML metric, worth deploying. */
    min_improvement: answer(z.number().gt(0)),
    costs: answer(costsSchema),
    /** The column holding the moment each prediction is made, or "at request". */
    prediction_time: answer(predictionTimeSchema),
    labels: answer(labelsSchema),
    /** How long after a prediction its label arrives, such as 30d. */
    label_delay: answer(z.string().trim().regex(LABEL_DELAY_PATTERN, 'a duration such as 30d, 12h or 2w')),
    deployment: answer(deploymentSchema),
    /** The ML metric value the team hopes for (used by the data-needs estimate). */
    target_performance: answer(z.number()),
  })
  .superRefine((card, ctx) => {
    const metric = card.ml_metric;
    if (metric === undefined || !ML_METRICS[metric.name].bounded) {
      if (card.target_performance !== undefined && card.target_performance < 0) {
        ctx.addIssue({ code: 'custom', message: `must be at least 0 (found ${card.target_performance})`, path: ['target_performance'] });
      }
      return;
    }
    const name = formatMlMetric(metric);
    if (card.target_performance !== undefined && (card.target_performance < 0 || card.target_performance > 1)) {
      ctx.addIssue({ code: 'custom', message: `${name} lies between 0 and 1, so the target must too (found ${card.target_performance})`, path: ['target_performance'] });
    }
    if (card.min_improvement !== undefined && card.min_improvement >= 1) {
      ctx.addIssue({ code: 'custom', message: `${name} lies between 0 and 1, so an improvement must be below 1 (found ${card.min_improvement})`, path: ['min_improvement'] });
    }
  });

/** The card as validated: metric and baseline parsed, unanswered keys absent (or undefined). */
export type ProblemCard = z.output<typeof problemSchema>;
/** The card as written in flywheel.yaml. */
export type ProblemCardInput = z.input<typeof problemSchema>;
export type ProblemCosts = NonNullable<ProblemCard['costs']>;
export type ProblemLabels = NonNullable<ProblemCard['labels']>;
export type ProblemDeployment = NonNullable<ProblemCard['deployment']>;

export const PROBLEM_KEYS = Object.keys(problemSchema.shape) as (keyof ProblemCard)[];

/**
 * The keys accepted at a path inside the problem section (`[]` for the card itself, `['costs']` …),
 * for config.ts's closest-key suggestion on an unknown key.
 */
export function problemKeysAt(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return [...PROBLEM_KEYS];
  if (path.length > 1) return [];
  switch (path[0]) {
    case 'costs':
      return Object.keys(costsSchema.shape);
    case 'labels':
      return Object.keys(labelsSchema.shape);
    case 'deployment':
      return Object.keys(deploymentSchema.shape);
    default:
      return [];
  }
}
