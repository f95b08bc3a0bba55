// `flywheel log` (the prediction log, with outcomes joined, and its export as the next training set),
// `flywheel feedback import` (outcomes from a file) and `flywheel shadow report` (live vs shadow).

import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { FlywheelError } from '../../core/errors.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/types.js';
import { importFeedback, type FeedbackImportResult } from '../../workflow/feedback.js';
import { exportLog, queryLog, type ExportLogResult, type LogQueryResult } from '../../workflow/prediction-log.js';
import { loadProject, type Project } from '../../workflow/project.js';
import { parseTime } from '../../workflow/run-filters.js';
import { shadowReport, type ShadowComparison, type ShadowReport } from '../../workflow/shadow-report.js';
import { contextOf, type CommandContext } from '../context.js';
import { bytes, int, pct, table } from '../render.js';

async function withStore<T>(ctx: CommandContext, work: (project: Project, store: Store) => Promise<T>): Promise<T> {
  const project = loadProject(ctx.cwd, ctx.options.project);
  const store = await openStore(project.config.store, { projectRoot: project.root });
  try {
    return await work(project, store);
  } finally {
    await store.close();
  }
}

/** A progress bar on an interactive terminal (never with --json); `update` is a no-op elsewhere. */
function rowsBar(ctx: CommandContext): { update: (done: number, total: number) => void; stop: () => void } {
  if (ctx.options.json === true || process.stderr.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      if (bar === undefined) {
        bar = new cliProgress.SingleBar({ format: '  [{bar}] {value}/{total} rows | ETA {eta}s', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

function window(flags: { since?: string; until?: string }): { sinceMs?: number; untilMs?: number } {
  return {
    ...(flags.since === undefined ? {} : { sinceMs: parseTime(flags.since, '--since') }),
    ...(flags.until === undefined ? {} : { untilMs: parseTime(flags.until, '--until') }),
  };
}

function positiveInt(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new FlywheelError('usage', `${flag} ${text} is not a positive whole number`, { hint: `write e.g. ${flag} 3` });
  return n;
}

interface LogFlags {
  since?: string;
  until?: string;
  variant?: string;
  modelVersion?: string;
  limit?: string;
  export?: string;
  withOutcomes?: boolean;
  labelledOnly?: boolean;
  featuresOnly?: boolean;
}

export function registerLogCommands(program: Command): void {
  program
    .command('log')
    .description('the prediction log: list logged predictions, join outcomes, export them as the next training set')
    .option('--since <time>', 'from this time (ISO date, or a duration such as 7d meaning that long ago)')
    .option('--until <time>', 'up to this time, exclusive')
    .option('--variant <name>', 'only this variant (champion, canary, shadow, …)')
    .option('--model-version <n>', 'only predictions of this model version')
    .option('--limit <n>', 'list the newest this many records, newest first (not for --export)', '20')
    .option('--with-outcomes', 'join the outcomes: by request id, else by unit id within the label delay')
    .option('--export <file>', 'write the records to .parquet, .csv or .jsonl instead of listing them')
    .option('--labelled-only', 'with --export: only predictions with a joined label (a training set)')
    .option('--features-only', 'with --export: only the feature columns and the label, no request metadata')
    .addHelpText(
      'after',
      `
An export has the raw feature columns as logged, then label (with --with-outcomes or --labelled-only),
then request_id, unit_id, at, variant, model_version, score, decision and latency_ms (left out with
--features-only). Shadow scores are left out unless --variant names a shadow variant, so each
request is one row. The next training set:
  flywheel log --labelled-only --features-only --export next.parquet
  flywheel init retrain --data next.parquet --target label

Examples:
  flywheel log --since 1d --limit 5
  flywheel log --with-outcomes --variant canary --json
  flywheel log --since 2026-10-01 --labelled-only --export next.parquet`,
    )
    .action(async (flags: LogFlags, command: Command) => {
      const ctx = contextOf(command);
      const filter = { ...window(flags), variant: flags.variant, modelVersion: positiveInt(flags.modelVersion, '--model-version') };
      if (flags.export !== undefined) {
        const bar = rowsBar(ctx);
        const result = await withStore(ctx, (project, store) =>
          exportLog(project, store, { ...filter, output: resolve(ctx.cwd, flags.export!), withOutcomes: flags.withOutcomes, labelledOnly: flags.labelledOnly, metadata: flags.featuresOnly !== true, onProgress: ({ done, total }) => bar.update(done, total) }),
        ).finally(bar.stop);
        ctx.emit(result, renderExport);
        return;
      }
      if (flags.labelledOnly === true || flags.featuresOnly === true) {
        throw new FlywheelError('usage', `${flags.labelledOnly === true ? '--labelled-only' : '--features-only'} applies to --export`, { hint: 'add --export FILE, or use --with-outcomes to list the labels' });
      }
      const result = await withStore(ctx, (project, store) => queryLog(project, store, { ...filter, limit: positiveInt(flags.limit, '--limit'), withOutcomes: flags.withOutcomes }));
      ctx.emit(result, renderLog);
    });

  const feedback = program.command('feedback').description('outcomes (labels that arrive after the prediction)');
  feedback
    .command('import')
    .argument('<file>', 'outcomes: CSV, Parquet or JSON lines')
    .description('import outcomes into the store and report how many match a logged prediction')
    .option('--request-id-column <col>', 'the request id each outcome belongs to (default: request_id when present)')
    .option('--unit-id-column <col>', 'the unit (customer, user…) of outcomes without a request id (default: unit_id when present)')
    .option('--label-column <col>', 'the label', 'label')
    .option('--value-column <col>', 'a numeric outcome value stored with the label (revenue, cost)')
    .option('--time-column <col>', 'when the outcome happened (default: now)')
    .option('--batch-rows <n>', 'outcomes per transaction', '10000')
    .addHelpText(
      'after',
      `
Outcomes with a request id match that request; outcomes with only a unit id match the unit's
predictions made at most the problem card's label_delay before them. Unmatched outcomes are kept.

Examples:
  flywheel feedback import labels.csv
  flywheel feedback import churned.parquet --unit-id-column customer_id --label-column churned --time-column churn_date`,
    )
    .action(async (file: string, flags: { requestIdColumn?: string; unitIdColumn?: string; labelColumn: string; valueColumn?: string; timeColumn?: string; batchRows: string }, command: Command) => {
      const ctx = contextOf(command);
      const bar = rowsBar(ctx);
      const result = await withStore(ctx, (project, store) =>
        importFeedback(project, store, {
          file: resolve(ctx.cwd, file),
          requestIdColumn: flags.requestIdColumn,
          unitIdColumn: flags.unitIdColumn,
          labelColumn: flags.labelColumn,
          valueColumn: flags.valueColumn,
          timeColumn: flags.timeColumn,
          batchRows: positiveInt(flags.batchRows, '--batch-rows'),
          onProgress: ({ done, total }) => bar.update(done, total),
        }),
      ).finally(bar.stop);
      ctx.emit(result, renderFeedback);
    });

  const shadow = program.command('shadow').description('shadow deployments');
  shadow
    .command('report')
    .description('how the shadow model would have decided on the requests the live model scored')
    .option('--since <time>', 'from this time (ISO date, or a duration such as 7d)')
    .option('--until <time>', 'up to this time, exclusive')
    .option('--variant <name>', 'only this shadow variant')
    .action(async (flags: { since?: string; until?: string; variant?: string }, command: Command) => {
      const ctx = contextOf(command);
      const report = await withStore(ctx, (project, store) => shadowReport(project, store, { ...window(flags), shadowVariant: flags.variant }));
      ctx.emit(report, renderShadow);
    });
}

function time(iso: string): string {
  return iso.replace('T', ' ').slice(0, 19);
}

function featureText(features: Record<string, unknown>): string {
  const text = Object.entries(features)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return Object.keys(features).length > 4 ? `${text} …` : text;
}

export function renderLog(r: LogQueryResult): string {
  if (r.predictions.length === 0) return `no predictions logged${r.window.since === null && r.window.until === null ? '' : ' in this window'}`;
  const withOutcomes = r.outcomes !== null;
  const rows = r.predictions.map((p) => [
    time(p.at),
    p.request_id.length > 12 ? `${p.request_id.slice(0, 12)}…` : p.request_id,
    `${p.variant}${p.shadow ? '*' : ''}`,
    `v${p.model_version}`,
    p.score.toFixed(4),
    String(p.decision),
    ...(withOutcomes ? [p.outcome === null || p.outcome === undefined ? '-' : `${p.outcome.label} (${p.outcome.matched_by === 'request_id' ? 'request' : 'unit'})`] : []),
    featureText(p.features),
  ]);
  const headers = ['at (UTC)', 'request', 'variant', 'version', 'score', 'decision', ...(withOutcomes ? ['outcome'] : []), 'features'];
  const lines = [
    table(headers, rows, ['l', 'l', 'l', 'l', 'r', 'r']),
    '',
    `${int(r.predictions.length)} listed${r.predictions.some((p) => p.shadow) ? ' (* shadow)' : ''}; ${int(r.total_in_window)} records in the window (every variant and version)`,
  ];
  if (r.outcomes !== null) {
    lines.push(
      `outcomes joined: ${int(r.outcomes.joined)} (${int(r.outcomes.by_request_id)} by request id, ${int(r.outcomes.by_unit_id)} by unit id${r.outcomes.label_delay === null ? '; no label_delay in the problem card, so none by unit id' : ` within ${r.outcomes.label_delay}`})`,
    );
  }
  return lines.join('\n');
}

export function renderExport(r: ExportLogResult): string {
  return [
    `wrote ${int(r.rows)} rows to ${r.output} (${r.format}, ${bytes(r.bytes)})`,
    `  features  ${r.feature_columns.length === 0 ? '(none logged)' : r.feature_columns.join(', ')}`,
    ...(r.columns.length > r.feature_columns.length ? [`  columns   ${r.columns.slice(r.feature_columns.length).join(', ')}`] : []),
    ...(r.labelled === null ? [] : [`  labelled  ${int(r.labelled)} predictions have an outcome${r.label_delay === null ? ' (by request id; no label_delay in the problem card)' : ` (by request id, or unit id within ${r.label_delay})`}`]),
  ].join('\n');
}

export function renderFeedback(r: FeedbackImportResult): string {
  const skipped = r.skipped.no_label + r.skipped.no_id;
  return [
    `imported ${int(r.imported)} outcomes of ${int(r.rows)} rows in ${int(r.batches)} transaction${r.batches === 1 ? '' : 's'}`,
    `  matched    ${int(r.matched.total)} (${int(r.matched.by_request_id)} by request id, ${int(r.matched.by_unit_id)} by unit id${r.label_delay === null ? '' : ` within ${r.label_delay}`})`,
    `  unmatched  ${int(r.unmatched)} (kept: they may match predictions logged later or elsewhere)`,
    ...(skipped > 0 ? [`  skipped    ${int(skipped)} (${int(r.skipped.no_label)} without a label, ${int(r.skipped.no_id)} without a request or unit id)`] : []),
    ...(r.label_delay === null && r.columns.unit_id !== null ? ['  note: the problem card states no label_delay, so outcomes without a request id match nothing'] : []),
  ].join('\n');
}

function num(v: number | null, digits = 4): string {
  return v === null ? '-' : v.toFixed(digits);
}

function renderComparison(s: ShadowComparison): string {
  const live = Object.entries(s.live_variants).map(([v, n]) => `${v} ${int(n)}`).join(', ');
  const head = `shadow ${s.shadow_variant} (v${s.shadow_model_versions.join(', v')}) vs live ${live} (v${s.live_model_versions.join(', v')}): ${int(s.pairs)} paired requests`;
  if (s.status === 'insufficient-data') return `${head}\n  insufficient data: at least 2 paired requests are needed for the comparison`;
  const d = s.abs_score_difference!;
  const rows = [
    ['decision agreement', pct(s.agreement!)],
    ['live + → shadow −', `${int(s.flips.live_positive_shadow_negative)} (${pct(s.flips.live_positive_shadow_negative / s.pairs)})`],
    ['live − → shadow +', `${int(s.flips.live_negative_shadow_positive)} (${pct(s.flips.live_negative_shadow_positive / s.pairs)})`],
    ['positive rate live / shadow', `${pct(s.positive_rate.live!)} / ${pct(s.positive_rate.shadow!)}`],
    ['mean score live / shadow', `${num(s.mean_score.live)} / ${num(s.mean_score.shadow)}`],
    ['score correlation Pearson', num(s.correlation.pearson)],
    ['score correlation Spearman', num(s.correlation.spearman)],
    ['|score difference| mean / p50 / p99', `${num(d.mean)} / ${num(d.p50)} / ${num(d.p99)}`],
    [
      'latency ms live / shadow (p50, p99)',
      s.latency === null
        ? 'not in the log'
        : `${s.latency.live === null ? '-' : `${s.latency.live.p50_ms.toFixed(1)}, ${s.latency.live.p99_ms.toFixed(1)}`} / ${s.latency.shadow === null ? '-' : `${s.latency.shadow.p50_ms.toFixed(1)}, ${s.latency.shadow.p99_ms.toFixed(1)}`}`,
    ],
  ];
  return `${head}\n${table(['', ''], rows).split('\n').slice(1).map((line) => `  ${line}`).join('\n')}`;
}

export function renderShadow(r: ShadowReport): string {
  if (r.shadows.length === 0) return `no request in the window was scored by a shadow model (${int(r.live_requests)} live requests)`;
  return [
    ...r.shadows.map(renderComparison),
    '',
    `${int(r.live_requests)} live requests in the window${r.unpaired_shadow_records > 0 ? `; ${int(r.unpaired_shadow_records)} shadow records without their live record in the window were left out` : ''}`,
  ].join('\n');
}
