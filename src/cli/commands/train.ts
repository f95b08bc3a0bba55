// `flywheel train`: the baseline ladder from the command line, with a progress bar per rung.

import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { LADDER_KINDS, type LadderKind } from '../../core/config.js';
import { FlywheelError } from '../../core/errors.js';
import { describeParams } from '../../models/params.js';
import { modelKind } from '../../models/registry.js';
import { temporaryProject, withSplitFile } from '../../workflow/temporary-project.js';
import { loadProject, type Project, openProjectStore } from '../../workflow/project.js';
import { CALIBRATION_METHODS, type CalibrationMethod } from '../../workflow/fit-rung.js';
import { trainProject, type LadderResult, type TrainEvent } from '../../workflow/train.js';
import { contextOf, type CommandContext } from '../context.js';
import { bytes, int, table, times } from '../render.js';

interface TrainFlags {
  model?: string[];
  upTo?: string;
  param?: string[];
  splitFile?: string;
  evaluateTest?: boolean;
  acceptRisk?: string;
  calibrate?: string;
  data?: string;
  target?: string;
  time?: string;
  entity?: string;
  positive?: string;
  helpParams?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('fit the baseline ladder (dummy → rules → logistic → tree → gbt → mlp) and say which rung pays for its complexity')
    .option('--model <kind>', 'fit only this kind (repeatable)', collect)
    .option('--up-to <kind>', 'fit the ladder up to this kind')
    .option('--param <kind.name=value>', 'a model parameter, e.g. logistic.C=0.5 (or name=value with one --model); repeatable', collect)
    .option('--split-file <file>', 'use this split (CSV with columns row and split) instead of flywheel.yaml split:')
    .option('--evaluate-test', 'also score the frozen test split (recorded as a look at the test set)')
    .option('--accept-risk <reason>', 'train despite blocking leakage findings; the reason is recorded on every run')
    .option('--calibrate <method>', 'fit a calibrator on the validation scores and store it in the package: platt or isotonic')
    .option('--data <file>', 'train on a bare file (with --target) in a temporary project')
    .option('--target <col>', 'the label column, with --data')
    .option('--time <col>', 'the time column, with --data')
    .option('--entity <col>', 'the entity column, with --data')
    .option('--positive <label>', 'the positive class, with --data')
    .option('--help-params <kind>', "list a model kind's parameters (name, range, default) and exit")
    .addHelpText(
      'after',
      `
Every rung is a tracked run: params, metrics with 95% bootstrap intervals, fit time, latency, size,
snapshot and split hashes, seed, git commit; its fitted pipeline + model are stored as a model package.
A rung is climbed to only when it beats the incumbent by a significant margin of at least
ladder.min_improvement (flywheel.yaml) on the validation split.

Examples:
  flywheel train                                  # the whole ladder
  flywheel train --up-to logistic
  flywheel train --model logistic --param C=0.1
  flywheel train --data churn.csv --target churn  # no project needed
  flywheel train --help-params logistic`,
    )
    .action(async (flags: TrainFlags, command: Command) => {
      const ctx = contextOf(command);
      if (flags.helpParams !== undefined) {
        const kind = modelKind(flags.helpParams);
        const rows = describeParams(kind.params).map((p) => [p.name, p.type, p.default, p.doc]);
        ctx.emit({ kind: kind.kind, params: describeParams(kind.params) }, () => `${kind.kind}: ${kind.summary}\n\n${table(['param', 'type', 'default', 'meaning'], rows)}`);
        return;
      }
      const models = flags.model?.map(checkKind);
      const upTo = flags.upTo === undefined ? undefined : checkKind(flags.upTo);
      const params = parseParamFlags(flags.param ?? [], models);
      const project = await resolveProject(ctx, flags);
      const store = await openProjectStore(project);
      const progress = progressReporter(ctx);
      try {
        const result = await trainProject(project, store, { models, upTo, params, evaluateTest: flags.evaluateTest, acceptRisk: flags.acceptRisk, calibrate: checkCalibration(flags.calibrate), onEvent: progress.onEvent });
        progress.stop();
        ctx.emit(result, renderLadder);
      } finally {
        progress.stop();
        await store.close();
      }
    });
}

export function checkCalibration(method: string | undefined): CalibrationMethod | undefined {
  if (method === undefined || (CALIBRATION_METHODS as readonly string[]).includes(method)) return method as CalibrationMethod | undefined;
  throw new FlywheelError('usage', `--calibrate ${method}: the methods are ${CALIBRATION_METHODS.join(' and ')}`, { hint: 'write --calibrate platt (a sigmoid, for few validation rows) or --calibrate isotonic' });
}

export function checkKind(name: string): LadderKind {
  modelKind(name);
  return name as LadderKind;
}

/** `kind.name=value`, or `name=value` when exactly one kind is being fitted. */
export function parseParamFlags(flags: readonly string[], models: readonly LadderKind[] | undefined): Partial<Record<LadderKind, Record<string, unknown>>> {
  const out: Partial<Record<LadderKind, Record<string, unknown>>> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new FlywheelError('usage', `--param ${flag} is not of the form name=value`, { hint: 'write e.g. --param logistic.C=0.5' });
    const key = flag.slice(0, eq).trim();
    const value = flag.slice(eq + 1).trim();
    let kind: string;
    let name: string;
    const dot = key.indexOf('.');
    if (dot > 0 && (LADDER_KINDS as readonly string[]).includes(key.slice(0, dot))) {
      kind = key.slice(0, dot);
      name = key.slice(dot + 1);
    } else if (models?.length === 1) {
      kind = models[0]!;
      name = key;
    } else {
      throw new FlywheelError('usage', `--param ${flag} does not say which model it is for`, { hint: `prefix it with the kind, e.g. --param logistic.${key}=${value}` });
    }
    checkKind(kind);
    (out[kind as LadderKind] ??= {})[name] = value;
  }
  return out;
}

export async function resolveProject(ctx: CommandContext, flags: Pick<TrainFlags, 'data' | 'target' | 'time' | 'entity' | 'positive' | 'splitFile'>): Promise<Project> {
  if (flags.data === undefined) return withSplitFile(loadProject(ctx.cwd, ctx.options.project), flags.splitFile, ctx.cwd);
  const project = await temporaryProject({ ...flags, data: flags.data, cwd: ctx.cwd });
  ctx.progress(`temporary project in ${project.root} (its store keeps the runs)`);
  return project;
}

function progressReporter(ctx: CommandContext): { onEvent: (e: TrainEvent) => void; stop: () => void } {
  const interactive = ctx.options.json !== true && process.stderr.isTTY === true;
  let bar: cliProgress.SingleBar | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    stop: stopBar,
    onEvent(event) {
      if (ctx.options.json === true) return;
      switch (event.type) {
        case 'prepared':
          ctx.progress(`snapshot ${event.snapshot.slice(0, 12)}, split ${event.split.slice(0, 12)}; rungs: ${event.rungs.join(' → ')}`);
          break;
        case 'rung-start':
          ctx.progress(`[${event.index + 1}/${event.total}] ${event.kind}: fitting`);
          break;
        case 'rung-progress':
          if (!interactive) break;
          if (bar === undefined) {
            bar = new cliProgress.SingleBar({ format: `      ${event.kind} [{bar}] {value}/{total} | ETA {eta}s`, stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic);
            bar.start(event.total, event.done);
          }
          bar.update(event.done);
          break;
        case 'rung-end': {
          stopBar();
          break;
        }
      }
    },
  };
}

function fmt(v: number | undefined, digits = 4): string {
  return v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits);
}

export function renderLadder(r: LadderResult): string {
  const m = r.metric;
  const rows = r.runs.map((run) => {
    const v = run.metrics.valid?.[m];
    const gain = run.gain === null ? '—' : `${run.gain.value >= 0 ? '+' : ''}${fmt(run.gain.value)} [${fmt(run.gain.ci?.[0])}, ${fmt(run.gain.ci?.[1])}] vs ${run.gain.vs}`;
    return [
      run.model,
      fmt(v?.value),
      v?.ci === undefined ? '-' : `[${fmt(v.ci[0], 3)}, ${fmt(v.ci[1], 3)}]`,
      gain,
      `${run.fit_seconds.toFixed(2)}s`,
      run.latency_us_per_row.toFixed(0),
      bytes(run.model_bytes),
      run.verdict,
    ];
  });
  const testLine = r.runs.some((run) => run.metrics.test !== undefined)
    ? ['', `test (${int(r.rows.test)} rows; the frozen test set, now viewed ${r.test_looks === undefined ? 'again' : times(r.test_looks)}): ${r.runs.map((run) => `${run.model} ${fmt(run.metrics.test?.[m]?.value)}`).join(', ')}`]
    : [];
  return [
    `ladder on the validation split (${int(r.rows.valid)} rows; trained on ${int(r.rows.train)}): ${m} with 95% bootstrap intervals; positive class ${JSON.stringify(r.target.positive)}`,
    '',
    table(['rung', m, '95% CI', 'gain over incumbent [95% CI]', 'fit', 'µs/row', 'size', 'verdict'], rows, ['l', 'r', 'l', 'l', 'r', 'r', 'r', 'l']),
    '',
    ...r.runs.map((run) => `${run.model.padEnd(8)} ${run.verdict_text}`),
    ...r.runs.flatMap((run) => run.warnings.map((w) => `warning (${run.model}): ${w}`)),
    ...testLine,
    '',
    `recommended: ${r.verdict.text} (run ${r.verdict.run_id.slice(0, 8)})`,
  ].join('\n');
}

