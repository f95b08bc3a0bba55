// The flywheel.yaml schema (zod) and its loader. Validation errors name the key path and the line,
// say what is allowed, and suggest the closest known key for a mistyped one. Each capability adds its
// own section here; unknown keys are always rejected.

import { z } from 'zod';
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { featureStepKeys, featureStepsSchema } from './feature-spec.js';
import { problemKeysAt, problemSchema } from './problem-spec.js';
import { DURATION_PATTERN } from './duration.js';
import { COLUMN_TYPES } from './frame.js';

export { DURATION_PATTERN, durationMs } from './duration.js';
import { FlywheelError } from './errors.js';
import { didYouMean } from './suggest.js';

export const COLUMN_ROLES = ['target', 'time', 'entity', 'feature', 'ignore'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export const SPLIT_METHODS = ['stratified', 'temporal', 'group', 'file'] as const;
export type SplitMethod = (typeof SPLIT_METHODS)[number];

export const DEFAULT_STORE = 'sqlite:.flywheel/flywheel.db';
export const DEFAULT_ARTIFACTS = '.flywheel/';
export const DEFAULT_SEED = 42;

const columnOverrideSchema = z.strictObject({
  type: z.enum(COLUMN_TYPES).optional(),
  role: z.enum(COLUMN_ROLES).optional(),
});

const splitSchema = z
  .strictObject({
    method: z.enum(SPLIT_METHODS).optional(),
    valid: z.number().min(0).lt(1).default(0.2),
    test: z.number().gt(0).lt(1).default(0.2),
    gap: z.string().regex(DURATION_PATTERN, 'a duration such as 7d, 12h or 30m').optional(),
    file: z.string().min(1).optional(),
  })
  .superRefine((split, ctx) => {
    if (split.valid + split.test >= 1) {
      ctx.addIssue({ code: 'custom', message: `valid + test must be below 1 (found ${split.valid + split.test})`, path: ['test'] });
    }
    if (split.method === 'file' && split.file === undefined) {
      ctx.addIssue({ code: 'custom', message: 'method "file" needs a file: the CSV with columns row and split', path: ['file'] });
    }
    if (split.gap !== undefined && split.method !== undefined && split.method !== 'temporal') {
      ctx.addIssue({ code: 'custom', message: `a gap applies to temporal splits only (found method "${split.method}")`, path: ['gap'] });
    }
    if (split.file !== undefined && split.method !== undefined && split.method !== 'file') {
      ctx.addIssue({ code: 'custom', message: `a split file is only read with method "file" (found method "${split.method}")`, path: ['method'] });
    }
  });

/** The rungs of the baseline ladder, in climbing order (models/ holds their implementations). */
export const LADDER_KINDS = ['dummy', 'rules', 'logistic', 'tree', 'gbt', 'mlp'] as const;
export type LadderKind = (typeof LADDER_KINDS)[number];

/** Metrics a ladder can be judged by (the problem card's ML metric, once it exists, picks one). */
export const LADDER_METRICS = ['roc_auc', 'average_precision', 'log_loss', 'brier'] as const;

const ladderSchema = z.strictObject({
  /** The highest rung to fit. */
  up_to: z.enum(LADDER_KINDS).optional(),
  /** Only these rungs (in ladder order). */
  models: z.array(z.enum(LADDER_KINDS)).min(1).optional(),
  /** Per-kind model parameters, e.g. { logistic: { C: 0.5 } }; checked against each kind's table. */
  params: z.partialRecord(z.enum(LADDER_KINDS), z.record(z.string(), z.unknown())).default({}),
  /** The metric rungs are compared by, on the validation split (default: the card's ml_metric, else roc_auc). */
  metric: z.enum(LADDER_METRICS).optional(),
  /** A rung must beat the one below by at least this much, significantly (default: the card's, else 0.005). */
  min_improvement: z.number().min(0).optional(),
  /** Bootstrap replicates for intervals. */
  bootstrap: z.number().int().min(50).max(100_000).default(1000),
  /** Fit a calibrator on the validation scores of every rung: platt or isotonic (default: none). */
  calibrate: z.enum(['platt', 'isotonic']).optional(),
});

const gateSchema = z.strictObject({
  /** No slice's ROC-AUC may be significantly below the rest of the test rows by more than this. */
  max_slice_drop: z.number().min(0).max(1).default(0.05),
  /** The expected calibration error on the test split may be at most this. */
  max_ece: z.number().min(0).max(1).default(0.05),
});

const registrySchema = z.strictObject({
  /** The registered model's name (default: the target column's name). */
  model: z.string().trim().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only').optional(),
  /** The promotion gate's tolerances (docs/registry.md). */
  gate: gateSchema.default({ max_slice_drop: 0.05, max_ece: 0.05 }),
});

/** How the model server treats the prediction log's commits (docs/serving.md). */
export const SERVING_DURABILITY = ['normal', 'fsync'] as const;

const servingSchema = z.strictObject({
  /** Where `flywheel serve` listens (overridden by --host and --port). */
  host: z.string().trim().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  /** Largest request body accepted, in bytes (larger ones are answered 413). */
  max_body_bytes: z.number().int().min(1024).max(1024 ** 3).default(1024 * 1024),
  /** Most records one predict request may carry. */
  max_records: z.number().int().min(1).max(100_000).default(1000),
  /** A record field the model does not read: ignored (and still logged as received), or the record rejected. */
  unknown_columns: z.enum(['ignore', 'reject']).default('ignore'),
  /** A model input absent from a record: the record rejected, or the value treated as missing (null). */
  absent_columns: z.enum(['reject', 'missing']).default('reject'),
  /** How often the registry is read for alias changes (hot swap). */
  poll_interval: z.string().regex(DURATION_PATTERN, 'a duration such as 2s or 500ms').default('2s'),
  /** normal: a commit survives a killed server; fsync: it also survives a machine crash, at a cost. */
  durability: z.enum(SERVING_DURABILITY).default('normal'),
  /**
   * Group commit: the log writer waits at most this long, or for log_batch_records records, before a
   * commit; 0 commits at the next turn of the event loop, together with every request that arrived meanwhile.
   */
  log_flush_ms: z.number().min(0).max(1000).default(0),
  log_batch_records: z.number().int().min(1).max(100_000).default(512),
  /** Records waiting for a commit beyond which new requests are refused with 503. */
  log_queue_records: z.number().int().min(1).max(10_000_000).default(50_000),
  /** Shadow scoring jobs waiting beyond which new ones are dropped (and counted). */
  shadow_queue: z.number().int().min(0).max(1_000_000).default(1000),
  /** The share of the server's time shadow scoring may take; beyond it shadow jobs are dropped (and counted). */
  shadow_max_share: z.number().gt(0).max(1).default(0.5),
  /** The salt of the canary's unit hash (default: model name and canary version, so each canary experiment reshuffles). */
  traffic_salt: z.string().min(1).optional(),
  /** The NAME of the environment variable holding the admin bearer token; unset or empty, the admin routes are off. */
  admin_token_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').default('FLYWHEEL_ADMIN_TOKEN'),
});

export const projectConfigSchema = z.strictObject({
  version: z.literal(1),
  data: z.string().min(1),
  target: z.string().min(1),
  positive: z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v)).optional(),
  columns: z.record(z.string(), columnOverrideSchema).default({}),
  split: splitSchema.default({ valid: 0.2, test: 0.2 }),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(DEFAULT_SEED),
  store: z.string().min(1).default(DEFAULT_STORE),
  artifacts: z.string().min(1).default(DEFAULT_ARTIFACTS),
  /** The problem card (docs/problem-card.md): every answer optional here; `flywheel frame` lists what is open. */
  problem: problemSchema.optional(),
  /** Feature pipeline steps (docs/features.md); columns no step names get the default treatment. */
  features: featureStepsSchema.optional(),
  ladder: ladderSchema.default({ params: {}, bootstrap: 1000 }),
  /** The model registry and its promotion gate (docs/registry.md). */
  registry: registrySchema.default({ gate: { max_slice_drop: 0.05, max_ece: 0.05 } }),
  /** The model server (docs/serving.md). */
  serving: servingSchema.prefault({}),
});

export type ProjectConfig = z.output<typeof projectConfigSchema>;
export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type SplitConfig = ProjectConfig['split'];
export type ColumnOverride = z.output<typeof columnOverrideSchema>;
export type LadderConfig = ProjectConfig['ladder'];
export type RegistryConfig = ProjectConfig['registry'];
export type ServingConfig = ProjectConfig['serving'];

/** Known keys at a path of the schema, for "did you mean" suggestions. */
function knownKeysAt(path: readonly PropertyKey[], root: unknown): string[] {
  const top = Object.keys(projectConfigSchema.shape);
  if (path.length === 0) return top;
  if (path[0] === 'split') return ['method', 'valid', 'test', 'gap', 'file'];
  if (path[0] === 'columns' && path.length === 2) return ['type', 'role'];
  if (path[0] === 'ladder' && path.length === 1) return Object.keys(ladderSchema.shape);
  if (path[0] === 'registry' && path.length === 1) return Object.keys(registrySchema.shape);
  if (path[0] === 'registry' && path[1] === 'gate' && path.length === 2) return Object.keys(gateSchema.shape);
  if (path[0] === 'serving' && path.length === 1) return Object.keys(servingSchema.shape);
  if (path[0] === 'problem') return problemKeysAt(path.slice(1));
  if (path[0] === 'features' && path.length === 2) {
    const step = (root as { features?: { step?: unknown }[] }).features?.[Number(path[1])]?.step;
    return featureStepKeys(step);
  }
  return [];
}

/** Parse and validate flywheel.yaml text. `fileName` is used in messages only. */
export function parseProjectConfig(text: string, fileName = 'flywheel.yaml'): ProjectConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = lineCounter.linePos(first.pos[0]);
    throw new FlywheelError('config_invalid', `${fileName} line ${pos.line}: ${first.message.split('\n')[0]}`, {
      hint: 'fix the YAML syntax at that line (indentation, a missing colon or an unclosed quote)',
      details: { file: fileName, line: pos.line },
    });
  }
  const value: unknown = doc.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new FlywheelError('config_invalid', `${fileName} must be a YAML mapping of keys (version, data, target, …)`, {
      hint: 'run `flywheel init --data FILE --target COL` to write one',
    });
  }
  const parsed = projectConfigSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;

  const problems = parsed.error.issues
    .map((issue) => describeIssue(issue, doc, lineCounter, fileName, value))
    .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const [first, ...rest] = problems;
  const message = [first!.message, ...rest.map((p) => `also: ${p.message}`)].join('\n');
  throw new FlywheelError('config_invalid', message, {
    hint: first!.hint,
    details: { file: fileName, problems: problems.map((p) => ({ path: p.path, line: p.line, message: p.message })) },
  });
}

interface Problem {
  path: string;
  line: number | undefined;
  message: string;
  hint: string;
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, lineCounter: LineCounter, fileName: string, root: unknown): Problem {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const keyPath = [...path, key];
    const line = lineOfKey(doc, lineCounter, path, key);
    const known = knownKeysAt(path, root);
    const suggestion = didYouMean(key, known);
    return {
      path: formatPath(keyPath),
      line,
      message: `${where(fileName, line)}unknown key "${formatPath(keyPath)}"${issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : ''}`,
      hint: suggestion ?? `the keys allowed here are: ${known.join(', ')}`,
    };
  }
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  const line = missing && path.length <= 1 ? undefined : lineOfValue(doc, lineCounter, path);
  const allowed = allowedText(issue);
  const message = missing
    ? `${where(fileName, line)}${formatPath(path)} is required`
    : `${where(fileName, line)}${formatPath(path)}: ${allowed ?? issue.message}`;
  return {
    path: formatPath(path),
    line,
    message,
    hint: missing ? `add "${formatPath(path)}:" to ${fileName} (see ${docFor(path)})` : `see ${docFor(path)} for what ${formatPath(path)} accepts`,
  };
}

function allowedText(issue: z.core.$ZodIssue): string | undefined {
  const found = 'input' in issue ? ` (found ${JSON.stringify(issue.input)})` : '';
  switch (issue.code) {
    case 'invalid_value':
      if (issue.values.length === 1) return `must be ${JSON.stringify(issue.values[0])}${found}`;
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${found}`;
    case 'invalid_type':
      return `must be ${issue.expected === 'number' ? 'a number' : issue.expected === 'int' ? 'an integer' : issue.expected === 'string' ? 'text' : `of type ${issue.expected}`}${found}`;
    case 'too_small':
      return `must be ${issue.inclusive ? 'at least' : 'above'} ${String(issue.minimum)}${found}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'below'} ${String(issue.maximum)}${found}`;
    case 'invalid_format':
      return `must be ${issue.message}${found}`;
    default:
      return undefined;
  }
}

/** The document that describes a key: each section with its own page, the rest in configuration.md. */
function docFor(path: readonly PropertyKey[]): string {
  const pages: Record<string, string> = { problem: 'docs/problem-card.md', features: 'docs/features.md', ladder: 'docs/ladder.md', registry: 'docs/registry.md', serving: 'docs/serving.md' };
  return pages[String(path[0])] ?? 'docs/configuration.md';
}

function where(fileName: string, line: number | undefined): string {
  return line === undefined ? `${fileName}: ` : `${fileName} line ${line}: `;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : path.map(String).join('.');
}

function lineOfValue(doc: Document, lineCounter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as unknown[], true) as { range?: [number, number, number] } | undefined;
    if (node?.range !== undefined) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

function lineOfKey(doc: Document, lineCounter: LineCounter, parentPath: readonly PropertyKey[], key: string): number | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath as unknown[], true);
  if (isMap(parent)) {
    for (const pair of parent.items) {
      const k = pair.key as { value?: unknown; range?: [number, number, number] } | null;
      if (k !== null && String(k.value) === key && k.range !== undefined) return lineCounter.linePos(k.range[0]).line;
    }
  }
  return lineOfValue(doc, lineCounter, parentPath);
}
