// The `features:` section of flywheel.yaml: a list of pipeline steps, each naming the columns it works
// on and its options. Pure data (zod schemas and their types) so that core's config schema can embed
// it; fitting and applying the steps lives in features/. docs/features.md documents every key.

import { z } from 'zod';
import { didYouMean } from './suggest.js';

export const FEATURE_STEP_KINDS = [
  'impute',
  'scale',
  'one_hot',
  'ordinal',
  'target_encoding',
  'log1p',
  'clip',
  'ratio',
  'date_parts',
  'bucketize',
  'cross',
  'expression',
] as const;
export type FeatureStepKind = (typeof FEATURE_STEP_KINDS)[number];

export const IMPUTE_STRATEGIES = ['median', 'most_frequent', 'constant'] as const;
export type ImputeStrategy = (typeof IMPUTE_STRATEGIES)[number];

/** Date parts in their default order; all computed in UTC. */
export const DATE_PARTS = ['month', 'day_of_week', 'is_weekend', 'hour'] as const;
export type DatePart = (typeof DATE_PARTS)[number];

/** one_hot and cross: the most frequent levels kept as their own columns. */
export const DEFAULT_MAX_LEVELS = 20;
/** target_encoding: weight (in rows) of the prior in each level's smoothed mean. */
export const DEFAULT_SMOOTHING = 10;
/** bucketize: quantile bins when no edges are given. */
export const DEFAULT_N_BINS = 10;

const columnName = z.string().min(1, 'a column name cannot be empty');

const columnList = z
  .array(columnName)
  .min(1, 'list at least one column')
  .superRefine((names, ctx) => {
    const seen = new Set<string>();
    for (const [i, name] of names.entries()) {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `column "${name}" is listed twice`, path: [i] });
      seen.add(name);
    }
  });

const imputeStep = z
  .strictObject({
    step: z.literal('impute'),
    columns: columnList,
    strategy: z.enum(IMPUTE_STRATEGIES).default('median'),
    /** strategy constant: the fill value (a number, a level's text, or true/false for booleans). */
    value: z.union([z.number(), z.string(), z.boolean()]).optional(),
    /** Add `<col>__missing` (1 where the value was missing) after the column. */
    indicator: z.boolean().default(false),
  })
  .superRefine((step, ctx) => {
    if (step.strategy === 'constant' && step.value === undefined) {
      ctx.addIssue({ code: 'custom', message: 'strategy "constant" needs a value: the number or text to fill in', path: ['value'] });
    }
    if (step.strategy !== 'constant' && step.value !== undefined) {
      ctx.addIssue({ code: 'custom', message: `value is only read with strategy "constant" (found strategy "${step.strategy}")`, path: ['value'] });
    }
  });

const scaleStep = z.strictObject({
  step: z.literal('scale'),
  columns: columnList,
  /** standard: subtract the training mean, divide by the training (population) standard deviation. */
  method: z.enum(['standard']).default('standard'),
});

const maxLevels = z.number().int().min(1).default(DEFAULT_MAX_LEVELS);

const oneHotStep = z.strictObject({ step: z.literal('one_hot'), columns: columnList, max_levels: maxLevels });

const ordinalStep = z.strictObject({ step: z.literal('ordinal'), columns: columnList });

const targetEncodingStep = z.strictObject({
  step: z.literal('target_encoding'),
  columns: columnList,
  smoothing: z.number().min(0).default(DEFAULT_SMOOTHING),
});

const log1pStep = z.strictObject({ step: z.literal('log1p'), columns: columnList });

const quantile = z.number().min(0).max(1);

const clipStep = z
  .strictObject({
    step: z.literal('clip'),
    columns: columnList,
    lower: z.number().optional(),
    upper: z.number().optional(),
    q_low: quantile.optional(),
    q_high: quantile.optional(),
  })
  .superRefine((step, ctx) => {
    if (step.lower === undefined && step.upper === undefined && step.q_low === undefined && step.q_high === undefined) {
      ctx.addIssue({ code: 'custom', message: 'clip needs a bound: lower and/or upper, or the quantiles q_low and/or q_high', path: [] });
    }
    if (step.lower !== undefined && step.q_low !== undefined) ctx.addIssue({ code: 'custom', message: 'give lower or q_low, not both', path: ['q_low'] });
    if (step.upper !== undefined && step.q_high !== undefined) ctx.addIssue({ code: 'custom', message: 'give upper or q_high, not both', path: ['q_high'] });
    if (step.lower !== undefined && step.upper !== undefined && step.lower > step.upper) {
      ctx.addIssue({ code: 'custom', message: `lower (${step.lower}) must not be above upper (${step.upper})`, path: ['upper'] });
    }
    if (step.q_low !== undefined && step.q_high !== undefined && step.q_low > step.q_high) {
      ctx.addIssue({ code: 'custom', message: `q_low (${step.q_low}) must not be above q_high (${step.q_high})`, path: ['q_high'] });
    }
  });

const ratioStep = z.strictObject({ step: z.literal('ratio'), numerator: columnName, denominator: columnName });

const dateParts = z
  .array(z.enum(DATE_PARTS))
  .min(1, 'list at least one part')
  .superRefine((parts, ctx) => {
    if (new Set(parts).size !== parts.length) ctx.addIssue({ code: 'custom', message: 'a part is listed twice', path: [] });
  });

const datePartsStep = z.strictObject({
  step: z.literal('date_parts'),
  columns: columnList,
  /** Default: month, day_of_week, is_weekend, and hour when any training value has a time of day. */
  parts: dateParts.optional(),
});

const bucketizeStep = z
  .strictObject({
    step: z.literal('bucketize'),
    columns: columnList,
    /** Quantile bins fitted on train (default 10); ignored when edges are given. */
    n_bins: z.number().int().min(2).optional(),
    /** Explicit inner edges, strictly increasing: bin k holds edges[k-1] <= x < edges[k]. */
    edges: z.array(z.number()).min(1).optional(),
  })
  .superRefine((step, ctx) => {
    if (step.n_bins !== undefined && step.edges !== undefined) ctx.addIssue({ code: 'custom', message: 'give n_bins or edges, not both', path: ['edges'] });
    const edges = step.edges ?? [];
    for (let i = 1; i < edges.length; i++) {
      if (!(edges[i]! > edges[i - 1]!)) {
        ctx.addIssue({ code: 'custom', message: `edges must be strictly increasing (${edges[i - 1]} then ${edges[i]})`, path: ['edges', i] });
        break;
      }
    }
  });

const crossStep = z
  .strictObject({
    step: z.literal('cross'),
    columns: z.array(columnName).length(2, 'cross takes exactly two columns'),
    max_levels: maxLevels,
  })
  .superRefine((step, ctx) => {
    if (step.columns[0] === step.columns[1]) ctx.addIssue({ code: 'custom', message: 'cross needs two different columns', path: ['columns'] });
  });

/** A 0/1 column where a rules expression fires (the expression language of docs/problem-card.md). */
const expressionStep = z.strictObject({
  step: z.literal('expression'),
  name: columnName,
  expression: z.string().min(1, 'write the rule, e.g. tenure < 6 and contract == "Month-to-month"'),
});

const STEP_SCHEMAS = {
  impute: imputeStep,
  scale: scaleStep,
  one_hot: oneHotStep,
  ordinal: ordinalStep,
  target_encoding: targetEncodingStep,
  log1p: log1pStep,
  clip: clipStep,
  ratio: ratioStep,
  date_parts: datePartsStep,
  bucketize: bucketizeStep,
  cross: crossStep,
  expression: expressionStep,
} as const satisfies Record<FeatureStepKind, unknown>;

function unknownStepMessage(input: unknown): string {
  const step = input !== null && typeof input === 'object' ? (input as { step?: unknown }).step : undefined;
  const kinds = FEATURE_STEP_KINDS.map((k) => `"${k}"`).join(', ');
  if (step === undefined) return `each feature step needs a "step:" key, one of ${kinds}`;
  const suggestion = typeof step === 'string' ? didYouMean(step, FEATURE_STEP_KINDS) : undefined;
  return `unknown step ${JSON.stringify(step)}${suggestion === undefined ? '' : ` (${suggestion})`}; the steps are ${kinds}`;
}

/** One step of the `features:` list, told apart by its `step:` key. */
export const featureStepSchema = z.discriminatedUnion(
  'step',
  [imputeStep, scaleStep, oneHotStep, ordinalStep, targetEncodingStep, log1pStep, clipStep, ratioStep, datePartsStep, bucketizeStep, crossStep, expressionStep],
  { error: (issue) => (issue.code === 'invalid_union' ? unknownStepMessage(issue.input) : undefined) },
);

/** The `features:` section of flywheel.yaml: steps run in the order written. */
export const featureStepsSchema = z.array(featureStepSchema);

/** A step as validated (defaults filled in). */
export type FeatureStep = z.output<typeof featureStepSchema>;
/** A step as written (defaults optional): what fitPipeline accepts. */
export type FeatureStepInput = z.input<typeof featureStepSchema>;
export type FeatureStepOf<K extends FeatureStepKind> = Extract<FeatureStep, { step: K }>;

/**
 * The keys a step of this kind accepts (every step's keys when the kind is unknown), for the
 * closest-key suggestion on an unknown key at `features.N`.
 */
export function featureStepKeys(step: unknown): string[] {
  if (typeof step === 'string' && step in STEP_SCHEMAS) return Object.keys(STEP_SCHEMAS[step as FeatureStepKind].shape);
  return [...new Set(Object.values(STEP_SCHEMAS).flatMap((schema) => Object.keys(schema.shape)))];
}
