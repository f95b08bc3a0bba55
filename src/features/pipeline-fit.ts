// Fitting a pipeline on the training rows: load the feature columns, run the user's steps in the
// order written (each fitted on what the previous ones produced), then the default and required
// steps (default-pipeline.ts), and record every fitted state, the features it yields and which rows
// each step saw. Names a step gives are checked here, with the closest column suggested.

import { FlywheelError } from '../core/errors.js';
import { isCoded, type ColumnType, type Frame } from '../core/frame.js';
import type { ColumnRole } from '../core/config.js';
import { featureStepsSchema, type FeatureStep, type FeatureStepInput } from '../core/feature-spec.js';
import { didYouMean } from '../core/suggest.js';
import type { FeatureEncoding } from '../models/estimator.js';
import { fitBucketize } from './bucketize.js';
import { fitClip } from './clip.js';
import { fitCross } from './cross.js';
import { fitDateParts } from './date-parts.js';
import { completePipeline, type ColumnMeta } from './default-pipeline.js';
import type { FitContext, InputKind, OutputProps, StepOrigin } from './fit-context.js';
import { columnsReadBy, type FittedStep } from './fitted-step.js';
import { stratifiedFolds, TARGET_ENCODING_FOLDS } from './folds.js';
import { fitImpute } from './impute.js';
import { fitLog1p } from './log1p.js';
import { fitOneHot } from './one-hot.js';
import { fitOrdinal } from './ordinal.js';
import { coerceColumn, isInputType, type PipelineInputColumn } from './pipeline-input.js';
import { fitRatio } from './ratio.js';
import { expressionStepColumns, fitExpression } from './expression-step.js';
import { fitScale } from './scale.js';
import { fitTargetEncoding } from './target-encoding.js';
import { WorkingSet } from './working-set.js';

/** A column of the schema the pipeline is fitted for (data/infer.ts's SchemaColumn fits). */
export interface PipelineSchemaColumn {
  name: string;
  type: ColumnType;
  role: ColumnRole;
}

export interface FitPipelineOptions {
  schema: readonly PipelineSchemaColumn[];
  /** The `features:` steps; columns they do not transform get the default treatment. */
  steps?: readonly FeatureStepInput[] | undefined;
  encoding: FeatureEncoding;
  /** Seeds the out-of-fold folds of target encoding. */
  seed: number;
}

export interface StepProvenance {
  step: string;
  columns: string[];
  fitted_on_rows: number;
}

export interface FittedParts {
  steps: FittedStep[];
  inputColumns: PipelineInputColumn[];
  featureNames: string[];
  categoricalFeatures: number[];
  warnings: string[];
  provenance: StepProvenance[];
  /** The training rows' features (out-of-fold where target encoding applies). */
  trainWork: WorkingSet;
}

/** Steps that add a column and leave their sources as they are (the sources keep their default). */
const DERIVING = new Set<string>(['ratio', 'cross', 'expression']);

export function fitSteps(train: Frame, y: Uint8Array, options: FitPipelineOptions): FittedParts {
  const specs = parseSteps(options.steps ?? []);
  const session = new FitSession(train, y, options, specs);
  specs.forEach((spec, i) => session.run(spec, 'features', `features.${i} (${spec.step})`));
  const left = completePipeline({
    encoding: options.encoding,
    work: session.work,
    meta: (name) => session.meta(name),
    run: (spec, origin) => session.run(spec, origin, `${origin === 'default' ? 'default' : `required (${options.encoding} encoding)`} ${spec.step}`),
    warn: (message) => session.warnings.push(message),
  });
  return session.finish(left);
}

function parseSteps(steps: readonly FeatureStepInput[]): FeatureStep[] {
  const parsed = featureStepsSchema.safeParse(steps);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `features.${issue.path.map(String).join('.')}: ${issue.message}`);
  throw new FlywheelError('config_invalid', problems.join('\n'), {
    hint: 'see docs/features.md for the steps and their options',
    details: { problems },
  });
}

class FitSession {
  readonly work: WorkingSet;
  readonly warnings: string[] = [];
  private readonly metas = new Map<string, ColumnMeta>();
  private readonly schema = new Map<string, PipelineSchemaColumn>();
  private readonly loaded: PipelineInputColumn[] = [];
  /** Columns a step replaced, and which step: for "was already replaced by …" messages. */
  private readonly replacedBy = new Map<string, string>();
  private readonly states: FittedStep[] = [];
  private readonly provenance: StepProvenance[] = [];
  private folds: Uint8Array | undefined;

  constructor(
    train: Frame,
    private readonly y: Uint8Array,
    private readonly options: FitPipelineOptions,
    specs: readonly FeatureStep[],
  ) {
    for (const column of options.schema) this.schema.set(column.name, column);
    const named = new Set(specs.flatMap(namesOf));
    const claimed = new Set(specs.filter((s) => !DERIVING.has(s.step)).flatMap(namesOf));
    const columns = [];
    for (const column of options.schema) {
      if (!isInputType(column.type)) continue;
      // Feature columns, and a time column a step names explicitly (date parts of the signup date, say).
      const feature = column.role === 'feature';
      if (!feature && !(column.role === 'time' && named.has(column.name))) continue;
      const input = { name: column.name, type: column.type };
      columns.push(coerceColumn(train.column(column.name), input));
      this.loaded.push(input);
      this.metas.set(column.name, { claimed: claimed.has(column.name), complete: false, categorical: false, feature: feature || claimed.has(column.name) });
    }
    this.work = new WorkingSet(train.nRows, columns);
  }

  meta(name: string): ColumnMeta {
    const meta = this.metas.get(name);
    if (meta === undefined) throw new Error(`no metadata for pipeline column "${name}"`);
    return meta;
  }

  run(spec: FeatureStep, origin: StepOrigin, label: string): string[] {
    const before = new Set(this.work.names);
    const outputs = new Map<string, OutputProps>();
    const ctx: FitContext = {
      encoding: this.options.encoding,
      origin,
      label,
      work: this.work,
      y: this.y,
      folds: () => (this.folds ??= stratifiedFolds(this.y, TARGET_ENCODING_FOLDS, this.options.seed)),
      input: (name, accepts, hint) => this.input(label, spec.step, name, accepts, hint),
      isComplete: (name) => this.meta(name).complete,
      checkNewName: (name) => this.checkNewName(label, name),
      output: (name, props) => outputs.set(name, props),
    };
    const state = fitOne(spec, ctx);
    const after = new Set(this.work.names);
    for (const name of before) if (!after.has(name)) this.replacedBy.set(name, label);
    const claims = origin !== 'features' || !DERIVING.has(spec.step);
    for (const [name, props] of outputs) {
      this.metas.set(name, {
        claimed: claims,
        complete: props.complete,
        categorical: props.categorical ?? false,
        feature: true,
        ...(spec.step === 'cross' ? { maxLevels: spec.max_levels } : {}),
      });
    }
    this.states.push(state);
    this.provenance.push({ step: spec.step, columns: columnsReadBy(state), fitted_on_rows: this.work.nRows });
    return [...outputs.keys()];
  }

  private input(label: string, step: string, name: string, accepts: readonly InputKind[], hint?: string) {
    if (this.work.has(name)) {
      const column = this.work.get(name);
      const kind: InputKind = isCoded(column) ? 'categorical' : column.type;
      if (!accepts.includes(kind)) {
        throw new FlywheelError('config_invalid', `${label}: column "${name}" is ${kind}; ${step} takes ${accepts.join(' or ')} columns`, {
          hint: hint ?? `remove "${name}" from the ${step} step`,
          details: { column: name, step },
        });
      }
      return column;
    }
    const replaced = this.replacedBy.get(name);
    if (replaced !== undefined) {
      throw new FlywheelError('config_invalid', `${label}: column "${name}" was already replaced by ${replaced}`, {
        hint: `name the columns that step made, or put ${step} before it`,
        details: { column: name, step },
      });
    }
    const raw = this.schema.get(name);
    if (raw !== undefined) {
      if (raw.role === 'target') {
        throw new FlywheelError('config_invalid', `${label}: column "${name}" is the target; a feature made from it would leak the label`, {
          hint: `remove "${name}" from the ${step} step`,
          details: { column: name, step },
        });
      }
      if (!isInputType(raw.type)) {
        throw new FlywheelError('config_invalid', `${label}: column "${name}" has type ${raw.type}, which is never a feature`, {
          hint: `if it holds categories, set its type under columns: in flywheel.yaml (${name}: { type: categorical })`,
          details: { column: name, step },
        });
      }
      throw new FlywheelError('config_invalid', `${label}: column "${name}" has the role ${raw.role}, not feature`, {
        hint: `give it the role feature under columns: in flywheel.yaml (${name}: { role: feature }), or remove it from the step`,
        details: { column: name, step },
      });
    }
    const known = [...new Set([...this.work.names, ...this.schema.keys()])];
    throw new FlywheelError('column_not_found', `${label}: column "${name}" is not in the data`, {
      hint: didYouMean(name, known) ?? `the feature columns are: ${this.work.names.join(', ')}`,
      details: { column: name, step },
    });
  }

  private checkNewName(label: string, name: string): void {
    if (!this.work.has(name) && !this.schema.has(name)) return;
    throw new FlywheelError('config_invalid', `${label} would add the column "${name}", but a column of that name already exists`, {
      hint: 'rename the data column, or leave one of the steps out',
      details: { column: name },
    });
  }

  finish(left: ReadonlySet<string>): FittedParts {
    const featureNames = this.work.names.filter((name) => !left.has(name));
    if (featureNames.length === 0) {
      throw new FlywheelError('data_invalid', 'no features are left: every feature column was left out (see the warnings) or there are none', {
        hint: 'give at least one column the role feature (columns: in flywheel.yaml), with values that vary on the training rows',
        details: { warnings: this.warnings },
      });
    }
    for (const name of featureNames) {
      if (isCoded(this.work.get(name))) throw new Error(`pipeline feature "${name}" is still categorical after the required steps`);
    }
    const read = new Set([...this.states.flatMap(columnsReadBy), ...featureNames]);
    return {
      steps: this.states,
      inputColumns: this.loaded.filter((c) => read.has(c.name)),
      featureNames,
      categoricalFeatures: featureNames.flatMap((name, j) => (this.meta(name).categorical ? [j] : [])),
      warnings: this.warnings,
      provenance: this.provenance,
      trainWork: this.work,
    };
  }
}

function namesOf(spec: FeatureStep): string[] {
  if (spec.step === 'expression') return expressionStepColumns(spec);
  return spec.step === 'ratio' ? [spec.numerator, spec.denominator] : spec.columns;
}

function fitOne(spec: FeatureStep, ctx: FitContext): FittedStep {
  switch (spec.step) {
    case 'impute':
      return fitImpute(spec, ctx);
    case 'scale':
      return fitScale(spec, ctx);
    case 'one_hot':
      return fitOneHot(spec, ctx);
    case 'ordinal':
      return fitOrdinal(spec, ctx);
    case 'target_encoding':
      return fitTargetEncoding(spec, ctx);
    case 'log1p':
      return fitLog1p(spec, ctx);
    case 'clip':
      return fitClip(spec, ctx);
    case 'ratio':
      return fitRatio(spec, ctx);
    case 'date_parts':
      return fitDateParts(spec, ctx);
    case 'bucketize':
      return fitBucketize(spec, ctx);
    case 'cross':
      return fitCross(spec, ctx);
    case 'expression':
      return fitExpression(spec, ctx);
  }
}
