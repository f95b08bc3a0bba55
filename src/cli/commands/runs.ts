// `flywheel runs`: the tracked runs of a project, newest first; `flywheel runs show RUN` for one in full.

import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import { openStore } from '../../store/open-store.js';
import { loadProject } from '../../workflow/project.js';
import { listRuns, showRun, type RunSummary } from '../../workflow/runs.js';
import { contextOf } from '../context.js';
import { bytes, table } from '../render.js';

function metricText(valid: Record<string, unknown> | null, name: string): string {
  const m = valid?.[name] as { value?: number; ci?: [number, number] } | undefined;
  if (m?.value === undefined) return '-';
  return m.ci === undefined ? m.value.toFixed(4) : `${m.value.toFixed(4)} [${m.ci[0].toFixed(3)}, ${m.ci[1].toFixed(3)}]`;
}

export function registerRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .description('list the tracked runs (newest first), or show one with `flywheel runs show RUN`')
    .option('--model <kind>', 'only runs of this model kind')
    .option('--limit <n>', 'at most this many runs', '50')
    .action(async (flags: { model?: string; limit: string }, command: Command) => {
      const ctx = contextOf(command);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new FlywheelError('usage', `--limit ${flags.limit} is not a positive integer`, { hint: 'write e.g. --limit 20' });
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openStore(project.config.store, { projectRoot: project.root });
      try {
        const result = await listRuns(store, { kind: flags.model, limit });
        ctx.emit({ runs: result }, (r) => renderRuns(r.runs));
      } finally {
        await store.close();
      }
    });
  runs
    .command('show')
    .argument('<run>', 'a run id, or a unique prefix of 6 or more characters')
    .description('one run in full: params, metrics with intervals, info (timings, provenance, accepted risks), artifacts')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openStore(project.config.store, { projectRoot: project.root });
      try {
        const detail = await showRun(store, id);
        ctx.emit(detail, (d) =>
          [
            `run ${d.run.id} (${d.run.kind}, ${d.run.status})`,
            `snapshot ${d.run.snapshotHash.slice(0, 12)}, split ${d.run.splitHash.slice(0, 12)}, seed ${d.run.seed}; flywheel ${d.run.code.packageVersion}, node ${d.run.code.nodeVersion}${d.run.code.gitCommit === undefined ? '' : `, commit ${d.run.code.gitCommit.slice(0, 12)}`}`,
            `params  ${JSON.stringify(d.run.params)}`,
            `metrics ${JSON.stringify(d.run.metrics, null, 2)}`,
            `info    ${JSON.stringify(d.run.info ?? {}, null, 2)}`,
            `tags    ${JSON.stringify(d.run.tags)}`,
            ...d.artifacts.map((a) => `artifact ${a.name}: ${bytes(a.bytes)}, sha256 ${a.sha256.slice(0, 16)}…`),
          ].join('\n'),
        );
      } finally {
        await store.close();
      }
    });
}

function renderRuns(runs: RunSummary[]): string {
  if (runs.length === 0) return 'no runs yet: `flywheel train` records one per rung';
  return table(
    ['run', 'model', 'status', 'created', 'valid roc_auc [95% CI]', 'verdict', 'split'],
    runs.map((r) => [r.run_id.slice(0, 8), r.model, r.status, r.created_at.replace('T', ' ').slice(0, 19), metricText(r.valid, 'roc_auc'), r.verdict ?? '-', r.split.slice(0, 8)]),
  );
}
