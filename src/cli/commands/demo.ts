// `flywheel demo`: the workflow end to end on bundled data, in a fresh folder.

import type { Command } from 'commander';
import { runDemo } from '../../workflow/demo.js';
import { contextOf } from '../context.js';
import { renderDescription, renderSplit } from './data.js';
import { renderLadder } from './train.js';
import { renderFrame } from './frame.js';
import { renderAudit } from './audit.js';
import { renderEvaluation } from './evaluate.js';
import { renderPromotion } from './registry.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the workflow on the bundled Telco churn data in a fresh folder (non-interactive)')
    .option('--dir <dir>', 'the folder to create (default: flywheel-demo, or flywheel-demo-2, … if taken)')
    .addHelpText('after', '\nThe demo folder is an ordinary project: cd into it and run any other command.')
    .action(async (flags: { dir?: string }, command: Command) => {
      const ctx = contextOf(command);
      const result = await runDemo({ dir: flags.dir, cwd: ctx.cwd, onStep: (step, detail) => ctx.progress(`${step.padEnd(9)} ${detail}`) });
      ctx.emit(result, (r) => {
        return [
          '',
          renderDescription(r.describe),
          '',
          renderSplit(r.split),
          '',
          renderFrame(r.frame),
          '',
          renderAudit(r.audit),
          '',
          renderLadder(r.ladder),
          '',
          renderEvaluation(r.evaluation),
          '',
          renderPromotion(r.promotion),
          '',
          `demo project ready in ${r.project}`,
          `see it in the dashboard: npx flywheel ui --project ${r.project}`,
          'try:',
          ...r.next.map((n) => `  ${n}`),
        ].join('\n');
      });
    });
}
