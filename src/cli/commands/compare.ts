// `flywheel compare RUN RUN…` and `flywheel reproduce RUN`: runs side by side, and a run refitted.

import type { Command } from 'commander';
import { compareRuns, type CompareResult, type CompareRow } from '../../workflow/compare.js';
import { loadProject, openProjectStore } from '../../workflow/project.js';
import { reproduceRun, type ReproduceResult } from '../../workflow/reproduce.js';
import { contextOf } from '../context.js';
import { table, times } from '../render.js';

export function registerCompareCommands(program: Command): void {
  program
    .command('compare')
    .argument('<runs...>', 'two or more run ids (or unique prefixes); the first is the reference')
    .option('--test', 'compare on the frozen test split (a counted look) instead of validation')
    .description('runs side by side: params and metrics (differences marked *), DeLong and paired bootstrap against the first')
    .addHelpText('after', '\nExamples:\n  flywheel compare 1a2b3c 4d5e6f\n  flywheel compare 1a2b3c 4d5e6f 7a8b9c --json')
    .action(async (ids: string[], flags: { test?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openProjectStore(project);
      try {
        ctx.emit(await compareRuns(project, store, ids, { test: flags.test === true }), renderCompare);
      } finally {
        await store.close();
      }
    });

  program
    .command('reproduce')
    .argument('<run>', 'a run id or unique prefix')
    .description('refit a run from its recorded snapshot, split, seed, params and feature steps; exit 1 unless model hash and metrics are identical')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openProjectStore(project);
      try {
        const result = await reproduceRun(project, store, id);
        if (!result.identical) ctx.setExitCode(1);
        ctx.emit(result, renderReproduce);
      } finally {
        await store.close();
      }
    });
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'number') return Number.isInteger(v) || Math.abs(v) >= 1e-3 || v === 0 ? String(Number.isInteger(v) ? v : Number(v.toFixed(4))) : v.toExponential(2);
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function rows(list: CompareRow[]): string[][] {
  return list.map((r) => [`${r.differs ? '*' : ' '} ${r.name}`, ...r.values.map(cell)]);
}

function renderCompare(r: CompareResult): string {
  const headers = ['', ...r.runs.map((run) => `${run.run_id.slice(0, 8)} ${run.model}`)];
  const lines = ['params (* = differs)', table(headers, rows(r.params)), '', 'metrics', table(headers, rows(r.metrics)), ''];
  if (r.statistics === null) lines.push(`no statistical comparison: ${r.statistics_refused ?? 'not computed'}`);
  else {
    lines.push(`against ${r.statistics.reference.slice(0, 8)} on the same ${r.statistics.rows} ${r.statistics.split} rows (this run − reference):`);
    for (const p of r.statistics.pairs) {
      const d = p.roc_auc;
      const auc = d === null ? 'roc_auc: n/a' : `roc_auc ${d.difference >= 0 ? '+' : ''}${d.difference.toFixed(4)} [${d.ci[0].toFixed(4)}, ${d.ci[1].toFixed(4)}] DeLong p = ${d.p_value.toPrecision(3)}`;
      const others = Object.entries(p.differences)
        .map(([n, v]) => `${n} ${v.value >= 0 ? '+' : ''}${v.value.toFixed(4)}${v.ci === undefined ? '' : ` [${v.ci[0].toFixed(4)}, ${v.ci[1].toFixed(4)}]`}`)
        .join('; ');
      lines.push(`  ${p.run_id.slice(0, 8)}: ${auc}; ${others}`);
    }
    if (r.test_looks !== undefined) lines.push(`test set viewed ${times(r.test_looks)}`);
  }
  return lines.join('\n');
}

function renderReproduce(r: ReproduceResult): string {
  return [
    `${r.identical ? 'reproduced' : 'NOT reproduced'}: run ${r.run_id.slice(0, 8)} (${r.model}) refitted in ${r.fit_seconds.toFixed(2)} s`,
    `model hash: recorded ${r.model_hash.recorded?.slice(0, 16) ?? '-'}…, refitted ${r.model_hash.reproduced.slice(0, 16)}… ${r.model_hash.identical ? '(identical)' : '(DIFFERENT)'}`,
    table(
      ['valid metric', 'recorded', 'refitted', ''],
      r.metrics.map((m) => [m.name, m.recorded === null ? '-' : String(m.recorded), String(m.reproduced), m.identical ? 'identical' : 'DIFFERENT']),
    ),
    ...r.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
}
