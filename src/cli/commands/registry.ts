// `flywheel promote`, `rollback` and `models` (with `models history`): the model registry.

import type { Command } from 'commander';
import { FlywheelError } from '../../core/errors.js';
import type { AliasEvent } from '../../store/types.js';
import { loadProject, type Project, openProjectStore } from '../../workflow/project.js';
import { listModelVersions, modelHistory, promoteRun, rollback, type ModelHistory, type ModelsListing, type PromoteResult } from '../../workflow/registry.js';
import { parseTime } from '../../workflow/run-filters.js';
import type { Store } from '../../store/types.js';
import { contextOf, type CommandContext } from '../context.js';
import { table, times } from '../render.js';
import { aliasEventJson, modelHistoryJson, modelsJson } from '../../workflow/registry-json.js';

async function withStore<T>(ctx: CommandContext, work: (project: Project, store: Store) => Promise<T>): Promise<T> {
  const project = loadProject(ctx.cwd, ctx.options.project);
  const store = await openProjectStore(project);
  try {
    return await work(project, store);
  } finally {
    await store.close();
  }
}

function time(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function registerRegistryCommands(program: Command): void {
  program
    .command('promote')
    .argument('<run>', 'the run whose model to promote (id or unique prefix)')
    .requiredOption('--to <alias>', 'champion, challenger, shadow or canary')
    .option('--traffic <percent>', 'share of units a canary serves, e.g. 5')
    .option('--force <reason>', 'promote despite a failed gate; the reason is recorded')
    .option('--reason <text>', 'why (recorded with the alias change)')
    .description('register a run’s model and point an alias at it; champion only through the promotion gate')
    .addHelpText(
      'after',
      `
Promotion to champion runs the gate on the frozen test set (it counts as a look): the model must beat
the current champion (or, before there is one, the rules baseline) on the ML metric by at least the
card's min_improvement with the interval's lower bound above 0; no slice where it falls below that
model on the same slice by more than registry.gate.max_slice_drop; ECE at most registry.gate.max_ece;
blocking leakage findings (re-checked on the run's snapshot) absent or accepted. A failed gate exits 1 and changes nothing, unless --force "<reason>".
Every alias change is recorded: who (FLYWHEEL_ACTOR or the OS user), when, from, to, why.

Examples:
  flywheel promote 1a2b3c4d --to champion
  flywheel promote 5e6f7a8b --to canary --traffic 5
  flywheel promote 1a2b3c4d --to champion --force "baseline rule retired; approved by risk team"`,
    )
    .action(async (runId: string, flags: { to: string; traffic?: string; force?: string; reason?: string }, command: Command) => {
      const ctx = contextOf(command);
      const traffic = flags.traffic === undefined ? undefined : Number(flags.traffic.replace(/%$/, ''));
      if (traffic !== undefined && Number.isNaN(traffic)) throw new FlywheelError('usage', `--traffic ${flags.traffic} is not a number`, { hint: 'write e.g. --traffic 5' });
      const result = await withStore(ctx, (project, store) => promoteRun(project, store, runId, { to: flags.to, traffic, force: flags.force, reason: flags.reason, evaluate: { onStep: (s) => ctx.progress(s) } }));
      if (!result.promoted) ctx.setExitCode(1);
      ctx.emit({ ...result, event: result.event === null ? null : aliasEventJson(result.event) }, () => renderPromotion(result));
    });

  program
    .command('rollback')
    .description('point an alias (default champion) back at the version it held before its last change')
    .option('--alias <alias>', 'the alias to roll back', 'champion')
    .option('--to-version <n>', 'an explicit version to return to')
    .option('--reason <text>', 'why (recorded)')
    .action(async (flags: { alias: string; toVersion?: string; reason?: string }, command: Command) => {
      const ctx = contextOf(command);
      const toVersion = flags.toVersion === undefined ? undefined : Number(flags.toVersion);
      if (toVersion !== undefined && (!Number.isInteger(toVersion) || toVersion < 1)) throw new FlywheelError('usage', `--to-version ${flags.toVersion} is not a version number`, { hint: '`flywheel models` lists the versions' });
      const event = await withStore(ctx, (project, store) => rollback(project, store, { alias: flags.alias, toVersion, reason: flags.reason }));
      ctx.emit(aliasEventJson(event), () => `${event.name}: ${event.alias} ${event.previousVersion === null ? '-' : `v${event.previousVersion}`} → ${event.version === null ? '(removed)' : `v${event.version}`} (${event.actor}: ${event.reason})`);
    });

  const models = program
    .command('models')
    .description('the registered model versions and their aliases; `models history` for every alias change')
    .action(async (_flags: unknown, command: Command) => {
      const ctx = contextOf(command);
      const listing = await withStore(ctx, (project, store) => listModelVersions(project, store));
      ctx.emit(modelsJson(listing), () => renderModels(listing));
    });
  models
    .command('history')
    .description('every alias change (who, when, from, to, why); --at TIME shows the aliases as they stood then')
    .option('--at <time>', 'an ISO date-time (or a duration ago, e.g. 3d)')
    .action(async (flags: { at?: string }, command: Command) => {
      const ctx = contextOf(command);
      const atMs = flags.at === undefined ? undefined : parseTime(flags.at, '--at');
      const history = await withStore(ctx, (project, store) => modelHistory(project, store, atMs));
      ctx.emit(modelHistoryJson(history), () => renderHistory(history));
    });
}

export function renderPromotion(r: PromoteResult): string {
  const lines: string[] = [];
  if (r.gate !== null) {
    lines.push(`promotion gate for ${r.model} ${r.alias}${r.evaluation === null ? '' : ` (test set viewed ${times(r.evaluation.test_looks)})`}:`);
    for (const c of r.gate.conditions) lines.push(`  ${c.passed ? 'pass' : 'FAIL'}  ${c.name}: ${c.measured}\n        required: ${c.required}`);
    if (r.gate.forced !== undefined) lines.push(`  gate failed, overridden: "${r.gate.forced.reason}" (recorded)`);
  }
  if (r.promoted) lines.push(`${r.model} v${r.version} is now ${r.alias}${r.previous_version === null ? '' : ` (was v${r.previous_version})`}${r.registered ? '; registered as a new version' : ''}`);
  else lines.push(`not promoted: the gate failed; nothing changed. Fix the failing conditions, or override with --force "<reason>" (recorded)`);
  return lines.join('\n');
}

function renderModels(m: ModelsListing): string {
  if (m.versions.length === 0) return `no versions of ${m.model} yet: \`flywheel promote RUN --to champion\` registers one`;
  return [
    `model ${m.model}`,
    table(
      ['version', 'aliases', 'kind', 'run', 'test roc_auc', 'registered', 'sha256'],
      m.versions.map((v) => [
        `v${v.version}`,
        v.aliases.map((a) => (a === 'canary' && v.traffic_percent !== null ? `canary (${v.traffic_percent}%)` : a)).join(', ') || '-',
        v.kind ?? '-',
        v.runId?.slice(0, 8) ?? '-',
        v.test_roc_auc === null ? '-' : v.test_roc_auc.toFixed(4),
        time(v.createdAtMs),
        v.sha256.slice(0, 12),
      ]),
    ),
  ].join('\n');
}

function eventRow(e: AliasEvent): string[] {
  const traffic = (e.gate as { traffic_percent?: number } | undefined)?.traffic_percent;
  const to = e.version === null ? '(removed)' : `v${e.version}${traffic === undefined ? '' : ` (${traffic}%)`}`;
  return [time(e.atMs), e.alias, e.previousVersion === null ? '-' : `v${e.previousVersion}`, to, e.actor, e.reason];
}

function renderHistory(h: ModelHistory): string {
  const lines = [h.events.length === 0 ? `no alias changes for ${h.model} yet` : table(['when (UTC)', 'alias', 'from', 'to', 'who', 'why'], h.events.map(eventRow))];
  if (h.at !== undefined) {
    const entries = Object.entries(h.at.aliases);
    lines.push('', `at ${h.at.time}: ${entries.length === 0 ? 'no aliases were set' : entries.map(([a, v]) => `${a} v${v}`).join(', ')}`);
  }
  return lines.join('\n');
}
