// `flywheel runs`: the tracked runs of a project, newest first; `flywheel runs show RUN` for one in full.

import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import { loadProject, openProjectStore } from '../../workflow/project.js';
import { listRuns, noteRun, showRun, tagRun, type RunDetail, type RunSummary } from '../../workflow/runs.js';
import { parseRunFilters, parseTagPairs } from '../../workflow/run-filters.js';
import type { Store } from '../../store/types.js';
import { contextOf } from '../context.js';
import { bytes, table, times } from '../render.js';

function metricText(valid: Record<string, unknown> | null, name: string): string {
  const m = valid?.[name] as { value?: number; ci?: [number, number] } | undefined;
  if (m?.value === undefined) return '-';
  return m.ci === undefined ? m.value.toFixed(4) : `${m.value.toFixed(4)} [${m.ci[0].toFixed(3)}, ${m.ci[1].toFixed(3)}]`;
}

interface RunsFlags {
  model?: string;
  status?: string;
  tag?: string[];
  metric?: string;
  since?: string;
  until?: string;
  sort?: string;
  asc?: boolean;
  limit: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function withStore<T>(command: Command, work: (store: Store) => Promise<T>): Promise<T> {
  const ctx = contextOf(command);
  const project = loadProject(ctx.cwd, ctx.options.project);
  const store = await openProjectStore(project);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function registerRunsCommand(program: Command): void {
  const runs = program
    .command('runs')
    .description('list the tracked runs (newest first), filter and sort them; `runs show RUN`, `runs tag`, `runs note`')
    .option('--model <kind>', 'only runs of this model kind')
    .option('--status <status>', 'only running, finished or failed runs')
    .option('--tag <key=value>', 'only runs with this tag (repeatable: all must match)', collect)
    .option('--metric <filter>', 'only runs with this metric, optionally bounded: valid.roc_auc>=0.8')
    .option('--since <time>', 'created at or after: a date (2026-11-01) or a duration ago (7d)')
    .option('--until <time>', 'created before: a date or a duration ago')
    .option('--sort <key>', 'created (default) or a metric such as valid.roc_auc (best first)')
    .option('--asc', 'with a metric --sort: smallest first (for log_loss, brier)')
    .option('--limit <n>', 'at most this many runs', '50')
    .addHelpText('after', '\nExamples:\n  flywheel runs --model gbt --sort valid.roc_auc\n  flywheel runs --tag ladder=true --since 7d --metric "valid.roc_auc>=0.8"\n  flywheel runs --json --limit 1000 > runs.json')
    .action(async (flags: RunsFlags, command: Command) => {
      const ctx = contextOf(command);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new FlywheelError('usage', `--limit ${flags.limit} is not a positive integer`, { hint: 'write e.g. --limit 20' });
      const filters = parseRunFilters({ kind: flags.model, status: flags.status, tags: flags.tag, metric: flags.metric, since: flags.since, until: flags.until, sort: flags.sort, ascending: flags.asc, limit });
      const result = await withStore(command, (store) => listRuns(store, filters));
      const shown = filters.sort?.by === 'metric' ? `${filters.sort.split}.${filters.sort.name}` : filters.metric !== undefined ? `${filters.metric.split}.${filters.metric.name}` : 'valid.roc_auc';
      ctx.emit({ runs: result }, (r) => renderRuns(r.runs, shown));
    });
  runs
    .command('tag')
    .argument('<run>', 'a run id or unique prefix')
    .argument('<pairs...>', 'key=value tags to add or overwrite')
    .description('tag a run, e.g. `flywheel runs tag 1a2b3c reviewed=yes team=growth`')
    .action(async (id: string, pairs: string[], _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const tags = parseTagPairs(pairs, 'tag');
      const run = await withStore(command, (store) => tagRun(store, id, tags));
      ctx.emit({ run_id: run.id, tags: run.tags }, (r) => `run ${r.run_id.slice(0, 8)} tags: ${Object.entries(r.tags).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    });
  runs
    .command('note')
    .argument('<run>', 'a run id or unique prefix')
    .argument('<text>', 'the note')
    .description('append a note to a run (signed with FLYWHEEL_ACTOR or the OS user)')
    .action(async (id: string, text: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const note = await withStore(command, (store) => noteRun(store, id, text));
      ctx.emit({ run_id: note.runId, text: note.text, author: note.author, at: new Date(note.atMs).toISOString() }, () => `noted on run ${note.runId.slice(0, 8)} by ${note.author}`);
    });
  runs
    .command('show')
    .argument('<run>', 'a run id, or a unique prefix of 6 or more characters')
    .description('one run in full: params, metrics with intervals, info (timings, provenance, accepted risks), artifacts')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const detail = await withStore(command, (store) => showRun(store, id));
      ctx.emit(detailJson(detail), () => renderDetail(detail));
    });
}

function renderDetail(d: RunDetail): string {
  return [
    `run ${d.run.id} (${d.run.kind}, ${d.run.status})`,
    `snapshot ${d.run.snapshotHash.slice(0, 12)}, split ${d.run.splitHash.slice(0, 12)}, seed ${d.run.seed}; flywheel ${d.run.code.packageVersion}, node ${d.run.code.nodeVersion}${d.run.code.gitCommit === undefined ? '' : `, commit ${d.run.code.gitCommit.slice(0, 12)}`}`,
    `params  ${JSON.stringify(d.run.params)}`,
    `metrics ${JSON.stringify(d.run.metrics, null, 2)}`,
    `info    ${JSON.stringify(d.run.info ?? {}, null, 2)}`,
    `tags    ${JSON.stringify(d.run.tags)}`,
    ...d.artifacts.map((a) => `artifact ${a.name}: ${bytes(a.bytes)}, sha256 ${a.sha256.slice(0, 16)}…`),
    `test set of split ${d.run.splitHash.slice(0, 12)} viewed ${times(d.test_looks)}`,
    ...d.notes.map((n) => `note (${n.author}, ${new Date(n.atMs).toISOString().slice(0, 16).replace('T', ' ')}): ${n.text}`),
  ].join('\n');
}

/** A run in full as JSON output spells it: snake_case keys, ISO times. */
function detailJson(d: RunDetail): Record<string, unknown> {
  const r = d.run;
  return {
    run: {
      run_id: r.id,
      ...(r.name === undefined ? {} : { name: r.name }),
      model: r.kind,
      status: r.status,
      created_at: new Date(r.createdAtMs).toISOString(),
      finished_at: r.finishedAtMs === undefined ? null : new Date(r.finishedAtMs).toISOString(),
      snapshot: r.snapshotHash,
      split: r.splitHash,
      seed: r.seed,
      params: r.params,
      metrics: r.metrics,
      tags: r.tags,
      code: { git_commit: r.code.gitCommit ?? null, package_version: r.code.packageVersion, node_version: r.code.nodeVersion },
      parent_id: r.parentId ?? null,
      info: r.info ?? {},
    },
    artifacts: d.artifacts,
    notes: d.notes.map((n) => ({ text: n.text, author: n.author, at: new Date(n.atMs).toISOString() })),
    test_looks: d.test_looks,
  };
}

function renderRuns(runs: RunSummary[], shown: string): string {
  if (runs.length === 0) return 'no runs match: `flywheel train` records one per rung';
  const [split, name] = [shown.slice(0, shown.indexOf('.')), shown.slice(shown.indexOf('.') + 1)];
  return table(
    ['run', 'model', 'status', 'created', `${shown} [95% CI]`, 'verdict', 'split'],
    runs.map((r) => [r.run_id.slice(0, 8), r.model, r.status, r.created_at.replace('T', ' ').slice(0, 19), metricText((r.metrics[split] as Record<string, unknown> | undefined) ?? null, name), r.verdict ?? '-', r.split.slice(0, 8)]),
  );
}
