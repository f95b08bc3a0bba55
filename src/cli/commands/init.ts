// `flywheel init`: start a project from a data file.

import type { Command } from 'commander';
import { initProject } from '../../workflow/init.js';
import { contextOf } from '../context.js';
import { int, pct } from '../render.js';

interface InitFlags {
  data: string;
  target: string;
  time?: string;
  entity?: string;
  positive?: string;
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .argument('[dir]', 'the project folder (created when missing)', '.')
    .description('start a project: check the data and its target, write a commented flywheel.yaml with the inferred schema, create the store')
    .requiredOption('--data <file>', 'the data file (CSV, TSV, Parquet or JSON lines; .gz allowed); not copied')
    .requiredOption('--target <col>', 'the binary label column')
    .option('--time <col>', 'the column of event times: splits become temporal')
    .option('--entity <col>', 'the column identifying a customer, user, …: splits keep each entity on one side')
    .option('--positive <label>', "the class to predict, as the label's text (default: the minority class)")
    .addHelpText(
      'after',
      `
Examples:
  flywheel init churn --data data/churn.csv --target churned
  flywheel init --data events.parquet --target converted --time event_time --entity user_id

The data path is written relative to flywheel.yaml. Nothing is written when a check fails.`,
    )
    .action(async (dir: string, flags: InitFlags, command: Command) => {
      const ctx = contextOf(command);
      const result = await initProject({ dir, ...flags, cwd: ctx.cwd });
      ctx.emit(result, (r) => {
        const t = r.description.target!;
        return [
          `wrote ${r.config}`,
          `data      ${r.data} (${int(r.description.rows)} rows × ${r.description.columns.length} columns)`,
          `target    ${t.name}: positive ${JSON.stringify(t.positive)} (${t.positive_source === 'minority' ? 'the minority class' : 'as given'}), ${pct(t.positive_rate)} of rows`,
          `store     ${r.store}`,
          '',
          'next: review the column types in flywheel.yaml and fill in its problem card, then `flywheel frame`, `flywheel audit` and `flywheel train`',
        ].join('\n');
      });
    });
}
