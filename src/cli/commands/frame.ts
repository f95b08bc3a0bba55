// `flywheel frame`: is the problem well posed? Lists the card's open questions (exit 1 while any remain).

import type { Command } from 'commander';
import { frameProject, type FrameResult } from '../../workflow/frame.js';
import { loadProject } from '../../workflow/project.js';
import { contextOf } from '../context.js';
import { int, pct } from '../render.js';

export function registerFrameCommand(program: Command): void {
  program
    .command('frame')
    .description('check the problem card (problem: in flywheel.yaml): open questions, the baseline on the data, whether there is enough data')
    .addHelpText(
      'after',
      `
Exits 1 while questions are open, so CI can gate on a finished card. The card's keys, the rules
expression language and the data-needs heuristic are in docs/problem-card.md.`,
    )
    .action(async (_flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const project = loadProject(ctx.cwd, ctx.options.project);
      const result = await frameProject(project);
      ctx.emit(result, renderFrame);
      if (!result.ok) ctx.setExitCode(1);
    });
}

export function renderFrame(r: FrameResult): string {
  const lines: string[] = [];
  if (r.open_questions.length === 0) lines.push('problem card: complete');
  else {
    lines.push(`problem card: ${r.open_questions.length} open question${r.open_questions.length === 1 ? '' : 's'} (answer them under problem: in flywheel.yaml)`);
    for (const q of r.open_questions) lines.push(`  - ${q.key}: ${q.question}`);
  }
  const b = r.baseline;
  lines.push('');
  if (b.kind === 'rules') {
    lines.push(`baseline rule: ${b.expression}`);
    lines.push(
      `  fires on ${int(b.fires_rows ?? 0)} rows (${(b.fires_pct ?? 0).toFixed(1)}%)${b.precision === undefined ? '' : `; precision ${pct(b.precision)}`}${b.recall === undefined ? '' : `, recall ${pct(b.recall)}`}${b.roc_auc === undefined ? '' : `, ROC-AUC ${b.roc_auc.toFixed(4)}`}`,
    );
  } else if (b.kind === 'constant') lines.push(`baseline: the constant score ${b.value}`);
  else lines.push(`baseline: ${b.kind === 'none' ? 'none (the current process has no model)' : 'not stated'}`);
  const d = r.data_needs;
  lines.push('');
  lines.push(
    d.estimate_rows === null
      ? `data needs: no estimate (${d.status})`
      : `data needs: about ${int(d.estimate_rows)} training rows; ${int(d.available_rows)} available${d.short ? ' — SHORT' : ''}`,
  );
  for (const step of d.reasoning) lines.push(`  - ${step}`);
  if (r.cost_threshold !== undefined) lines.push('', `cost-optimal threshold for calibrated scores: ${r.cost_threshold.threshold.toFixed(3)} (${r.cost_threshold.reasoning})`);
  return lines.join('\n');
}
