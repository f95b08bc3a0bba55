// `flywheel store migrate`: bring a store's schema up to date and say which migrations ran.
// `flywheel store copy --from URL --to URL`: move a project's records between stores (SQLite ⇄ PostgreSQL).

import type { Command } from 'commander';
import { isFlywheelError } from '../../core/errors.js';
import { migrateStore, openStore, redactStoreUrl } from '../../store/open-store.js';
import { copyStore, type StoreCopyCounts } from '../../store/store-copy.js';
import { loadProject } from '../../workflow/project.js';
import { contextOf, type CommandContext } from '../context.js';
import { int, table } from '../render.js';

/** The project (for its store URL and the folder relative SQLite paths resolve against), if there is one. */
function projectOrNone(ctx: CommandContext): { root: string; store: string } | undefined {
  try {
    const project = loadProject(ctx.cwd, ctx.options.project);
    return { root: project.root, store: project.config.store };
  } catch (error) {
    if (isFlywheelError(error) && error.code === 'project_not_found' && ctx.options.project === undefined) return undefined;
    throw error;
  }
}

const COUNT_LABELS: Record<keyof StoreCopyCounts, string> = {
  snapshots: 'snapshots',
  splits: 'splits',
  runs: 'runs',
  artifacts: 'run artifacts',
  notes: 'run notes',
  testLooks: 'test looks',
  modelVersions: 'model versions',
  aliasEvents: 'alias events',
  predictions: 'predictions',
  outcomes: 'outcomes',
};

const COUNT_JSON_KEYS: Record<keyof StoreCopyCounts, string> = {
  snapshots: 'snapshots',
  splits: 'splits',
  runs: 'runs',
  artifacts: 'artifacts',
  notes: 'notes',
  testLooks: 'test_looks',
  modelVersions: 'model_versions',
  aliasEvents: 'alias_events',
  predictions: 'predictions',
  outcomes: 'outcomes',
};

export function registerStoreCommands(program: Command): void {
  const store = program.command('store').description('the store: `store migrate` updates its schema, `store copy` moves records between stores');

  store
    .command('migrate')
    .description('apply the pending schema migrations of the project’s store (or of --url) and list them')
    .option('--url <url>', 'the store to migrate (default: FLYWHEEL_STORE_URL, else store: in flywheel.yaml)')
    .addHelpText('after', '\nEvery command migrates its store when it opens it; run this to do it at a chosen moment (before upgrading servers).\n\nExamples:\n  flywheel store migrate\n  flywheel store migrate --url postgres://flywheel@db.internal:5432/churn')
    .action(async (flags: { url?: string }, command: Command) => {
      const ctx = contextOf(command);
      const project = flags.url === undefined ? loadProject(ctx.cwd, ctx.options.project) : undefined;
      const root = project?.root ?? projectOrNone(ctx)?.root ?? ctx.cwd;
      const configured = flags.url ?? project!.config.store;
      const result = await migrateStore(configured, { projectRoot: root, ignoreEnvironment: flags.url !== undefined });
      ctx.emit({ url: result.url, applied: result.applied, schema_version: result.schemaVersion }, (r) =>
        r.applied.length === 0
          ? `store ${r.url} is at schema version ${r.schema_version}; nothing to apply`
          : `store ${r.url}: applied migration${r.applied.length === 1 ? '' : 's'} ${r.applied.join(', ')}; now at schema version ${r.schema_version}`,
      );
    });

  store
    .command('copy')
    .description('copy every record of one store into another: snapshot records, splits, runs, registry, prediction log')
    .option('--from <url>', 'the source store (default: the project’s store)')
    .requiredOption('--to <url>', 'the target store: postgres://user@host:5432/db or sqlite:PATH')
    .option('--force', 'copy into a target that already holds records')
    .addHelpText(
      'after',
      `
Snapshot files (Parquet) are not in the store: they stay under the artifacts folder, so point every
machine's artifacts: at the same shared path. Then set store: (or FLYWHEEL_STORE_URL) to the target.

Examples:
  flywheel store copy --to postgres://flywheel@db.internal:5432/churn
  flywheel store copy --from postgres://flywheel@db.internal/churn --to sqlite:.flywheel/backup.db`,
    )
    .action(async (flags: { from?: string; to: string; force?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const project = flags.from === undefined ? loadProject(ctx.cwd, ctx.options.project) : undefined;
      const root = project?.root ?? projectOrNone(ctx)?.root ?? ctx.cwd;
      const fromUrl = flags.from ?? project!.config.store;
      const from = await openStore(fromUrl, { projectRoot: root, ignoreEnvironment: flags.from !== undefined });
      try {
        const to = await openStore(flags.to, { projectRoot: root, ignoreEnvironment: true });
        try {
          const started = Date.now();
          const counts = await copyStore(from, to, { force: flags.force === true, onStep: (step) => ctx.progress(`copying ${step}…`) });
          const seconds = (Date.now() - started) / 1000;
          const json = Object.fromEntries(Object.entries(counts).map(([key, n]) => [COUNT_JSON_KEYS[key as keyof StoreCopyCounts], n]));
          ctx.emit({ from: redactStoreUrl(from.url), to: redactStoreUrl(to.url), copied: json, seconds }, (r) =>
            [
              `copied ${r.from} → ${r.to} in ${r.seconds.toFixed(1)} s`,
              table(
                ['records', 'copied'],
                (Object.keys(counts) as (keyof StoreCopyCounts)[]).map((key) => [COUNT_LABELS[key], int(counts[key])]),
                ['l', 'r'],
              ),
            ].join('\n'),
          );
        } finally {
          await to.close();
        }
      } finally {
        await from.close();
      }
    });
}
