// `flywheel learning-curve`: would more data help? The measurement behind the problem card's estimate.

import type { Command } from 'commander';
import { LADDER_KINDS, type LadderKind } from '../../core/config.js';
import { FlywheelError } from '../../core/errors.js';
import { modelKind } from '../../models/registry.js';
import { learningCurve, type LearningCurveResult } from '../../workflow/learning-curve.js';
import { loadProject, openProjectStore } from '../../workflow/project.js';
import { contextOf } from '../context.js';
import { int, table } from '../render.js';
import { parseParamFlags } from './train.js';

export function registerLearningCurveCommand(program: Command): void {
  program
    .command('learning-curve')
    .description('fit one rung on growing fractions of the train rows and show whether more data would help')
    .option('--model <kind>', `the rung to fit (${LADDER_KINDS.join(', ')}; default: the latest ladder's recommendation, else logistic)`)
    .option('--fractions <list>', 'fractions of the train rows, e.g. 0.1,0.25,0.5,1')
    .option('--param <name=value>', 'a model parameter; repeatable', (v: string, prev: string[] = []) => [...prev, v])
    .addHelpText('after', '\nEach point is scored on the same validation rows with a 95% bootstrap interval; the change over the\nlast doubling (50% → 100%) has a paired interval: when it includes 0, the curve has flattened.')
    .action(async (flags: { model?: string; fractions?: string; param?: string[] }, command: Command) => {
      const ctx = contextOf(command);
      if (flags.model !== undefined) modelKind(flags.model);
      const kind = flags.model as LadderKind | undefined;
      const fractions = flags.fractions?.split(',').map((f) => Number(f.trim()));
      if (fractions?.some((f) => !Number.isFinite(f))) throw new FlywheelError('usage', `--fractions ${flags.fractions} is not a list of numbers`, { hint: 'write e.g. --fractions 0.1,0.25,0.5,1' });
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openProjectStore(project);
      try {
        const params = kind === undefined ? undefined : parseParamFlags(flags.param ?? [], [kind])[kind];
        const result = await learningCurve(project, store, {
          kind,
          fractions,
          params,
          onPoint: (fraction, rows) => ctx.progress(`fitting on ${Math.round(fraction * 100)}% of train (${int(rows)} rows)`),
        });
        ctx.emit(result, renderCurve);
      } finally {
        await store.close();
      }
    });
}

function renderCurve(r: LearningCurveResult): string {
  return [
    `learning curve of ${r.model}: ${r.metric} on ${int(r.valid_rows)} validation rows`,
    '',
    table(
      ['train rows', 'share', r.metric, '95% CI'],
      r.points.map((p) => [int(p.train_rows), `${Math.round(p.fraction * 100)}%`, p.metric.value.toFixed(4), p.metric.ci === undefined ? '-' : `[${p.metric.ci[0].toFixed(3)}, ${p.metric.ci[1].toFixed(3)}]`]),
      ['r', 'r', 'r', 'l'],
    ),
    '',
    r.text,
  ].join('\n');
}
