// `flywheel data describe | snapshot | split`: the data layer from the command line.

import type { Command } from 'commander';
import { describeDataset, type DataDescription } from '../../workflow/describe.js';
import { readDataset, snapshotProject, splitDataset, splitReport, type SplitReport } from '../../workflow/dataset.js';
import { loadProject, openProjectStore } from '../../workflow/project.js';
import { contextOf } from '../context.js';
import { bytes, int, pct, shortHash, table } from '../render.js';

interface DescribeOptions {
  data?: string;
  target?: string;
  time?: string;
  entity?: string;
  positive?: string;
}

export function registerDataCommands(program: Command): void {
  const data = program
    .command('data')
    .description('look at the data: schema, target balance, snapshots and splits')
    .addHelpText('after', '\nRun `flywheel data <command> --help` for each command.');

  data
    .command('describe')
    .description('schema (types, roles, missing), row count, target balance and snapshot hash of the data')
    .option('--data <file>', 'describe a bare file instead of the project data (CSV, TSV, Parquet, JSON lines)')
    .option('--target <col>', 'the label column (with --data; in a project, flywheel.yaml says)')
    .option('--time <col>', 'the column of event times (with --data)')
    .option('--entity <col>', 'the column identifying a customer, user, … (with --data)')
    .option('--positive <label>', "the positive class, as the label's text (default: the minority class)")
    .addHelpText(
      'after',
      `
Examples:
  flywheel data describe                                  # the project's data (flywheel.yaml)
  flywheel data describe --data churn.csv --target churn  # any file, no project needed
  flywheel data describe --json | jq .target`,
    )
    .action(async (opts: DescribeOptions, command: Command) => {
      const ctx = contextOf(command);
      let description: DataDescription;
      if (opts.data !== undefined) {
        const dataset = await readDataset(opts.data, opts);
        description = describeDataset(dataset, ctx.cwd);
      } else {
        const project = loadProject(ctx.cwd, ctx.options.project);
        const dataset = await readDataset(project.dataPath, { positive: opts.positive }, project.config);
        description = describeDataset(dataset, ctx.cwd);
      }
      ctx.emit(description, renderDescription);
    });

  data
    .command('snapshot')
    .description("save an immutable Parquet copy of the project's data, named by its content hash, and record it")
    .addHelpText('after', '\nLoading unchanged data again finds the same snapshot and writes nothing new.')
    .action(async (_opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openProjectStore(project);
      try {
        const outcome = await snapshotProject(project, store);
        const result = {
          snapshot: outcome.dataset.snapshotHash,
          path: outcome.relativePath,
          created: outcome.created,
          rows: outcome.dataset.frame.nRows,
          columns: outcome.dataset.frame.columns.length,
        };
        ctx.emit(result, (r) => `${r.created ? 'wrote' : 'unchanged:'} snapshot ${shortHash(r.snapshot)} (${int(r.rows)} rows × ${r.columns} columns) at ${r.path}`);
      } finally {
        await store.close();
      }
    });

  data
    .command('split')
    .description('snapshot the data and split it into train / valid / test as flywheel.yaml says; record the split')
    .addHelpText(
      'after',
      `
Methods (split.method in flywheel.yaml): stratified (default), temporal (default with a time column;
split.gap leaves a gap), group (default with an entity column), file (split.file: CSV of row,split).
The same seed and data always give the same rows on each side; the split hash names that assignment.`,
    )
    .action(async (_opts: unknown, command: Command) => {
      const ctx = contextOf(command);
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openProjectStore(project);
      try {
        const snap = await snapshotProject(project, store);
        const result = splitReport(await splitDataset(project, store, snap.dataset), snap.dataset.target?.y);
        ctx.emit(result, renderSplit);
      } finally {
        await store.close();
      }
    });
}

export function renderDescription(d: DataDescription): string {
  const lines = [`${d.source}  (${d.format}, ${int(d.rows)} rows × ${d.columns.length} columns, ${bytes(d.bytes)})`, `snapshot  ${d.snapshot}`];
  if (d.target !== null) {
    const t = d.target;
    const why = t.positive_source === 'minority' ? 'the minority class' : t.positive_source === 'flag' ? 'from --positive' : 'from flywheel.yaml';
    lines.push(`target    ${t.name}: positive ${JSON.stringify(t.positive)} (${why}) ${int(t.positive_count)} = ${pct(t.positive_rate)}; negative ${JSON.stringify(t.negative)} ${int(t.negative_count)}`);
  }
  if (d.time !== null) lines.push(`time      ${d.time}`);
  if (d.entity !== null) lines.push(`entity    ${d.entity}`);
  lines.push('');
  lines.push(
    table(
      ['column', 'type', 'role', 'missing', 'distinct', 'why this type'],
      d.columns.map((c) => [c.name, c.type, c.role, c.missing === 0 ? '0' : `${int(c.missing)} (${c.missing_pct.toFixed(1)}%)`, int(c.distinct), c.reason]),
      ['l', 'l', 'l', 'r', 'r', 'l'],
    ),
  );
  if (d.warnings.length > 0) lines.push('', ...d.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n');
}

export function renderSplit(r: SplitReport): string {
  const sides = ['train', 'valid', 'test'] as const;
  const rows = r.counts.train + r.counts.valid + r.counts.test + r.counts.excluded;
  return [
    `split ${shortHash(r.split)} (${r.method}, seed ${r.seed}) of snapshot ${shortHash(r.snapshot)}${r.created ? '' : ' — unchanged'}`,
    table(
      ['side', 'rows', 'share', 'positive rate'],
      sides.map((s) => [s, int(r.counts[s]), pct(r.counts[s] / rows), r.positive_rate[s] === null ? '-' : pct(r.positive_rate[s])]),
      ['l', 'r', 'r', 'r'],
    ),
    ...(r.counts.excluded > 0 ? [`${int(r.counts.excluded)} rows fall in the gap and are left out`] : []),
  ].join('\n');
}

