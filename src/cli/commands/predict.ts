// `flywheel predict`: batch scoring of a file of any size with a registered model version, with a
// progress bar over the rows.

import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { FlywheelError } from '../../core/errors.js';
import { predictFile, type PredictResult } from '../../workflow/predict.js';
import { loadProject, openProjectStore } from '../../workflow/project.js';
import { contextOf } from '../context.js';
import { bytes, int, pct } from '../render.js';

export function registerPredictCommand(program: Command): void {
  program
    .command('predict')
    .description('score a CSV, Parquet or JSON-lines file of any size with a registered model version')
    .requiredOption('--input <file>', 'the rows to score (CSV, TSV, Parquet, JSON lines; gzip ok)')
    .requiredOption('--output <file>', 'where to write the scores: .csv, .parquet or .jsonl')
    .option('--model-version <version>', 'a version number or an alias (champion, challenger, shadow, canary)', 'champion')
    .option('--id-column <col>', 'the column kept to identify rows (default: the entity column, else a 0-based row number)')
    .option('--chunk-rows <n>', 'rows scored at a time; memory grows with it', '100000')
    .option('--threads <n>', 'threads the model scores on: 1, or 2 (default: 2 for files of 200,000 rows or more, on two or more cores)')
    .addHelpText(
      'after',
      `
The file is streamed through DuckDB in chunks, so memory stays flat whatever its size. Each row gets
the model's probability of the positive class (score), the decision at the threshold stored with the
model (1 when score >= threshold) and the model version. Features are computed by the same pipeline
as in training and serving.

Examples:
  flywheel predict --input data/new_customers.csv --output scores.parquet
  flywheel predict --model-version 3 --input big.parquet --output scores.csv --id-column customer_id`,
    )
    .action(async (flags: { input: string; output: string; modelVersion: string; idColumn?: string; chunkRows: string; threads?: string }, command: Command) => {
      const ctx = contextOf(command);
      const chunkRows = Number(flags.chunkRows);
      if (!Number.isInteger(chunkRows) || chunkRows < 1) {
        throw new FlywheelError('usage', `--chunk-rows ${flags.chunkRows} is not a positive whole number`, { hint: 'write e.g. --chunk-rows 100000' });
      }
      const threads = flags.threads === undefined ? undefined : Number(flags.threads);
      if (threads !== undefined && threads !== 1 && threads !== 2) throw new FlywheelError('usage', `--threads ${flags.threads}: the model scores on 1 or 2 threads`, { hint: 'write --threads 1 or --threads 2' });
      const project = loadProject(ctx.cwd, ctx.options.project);
      const store = await openProjectStore(project);
      const interactive = ctx.options.json !== true && process.stderr.isTTY === true;
      let bar: cliProgress.SingleBar | undefined;
      // Ctrl-C stops between chunks, so the partial output is cleaned up rather than left behind.
      const interrupt = new AbortController();
      const onSigint = () => interrupt.abort();
      process.once('SIGINT', onSigint);
      try {
        const result = await predictFile(project, store, {
          modelVersion: flags.modelVersion,
          input: resolve(ctx.cwd, flags.input),
          output: resolve(ctx.cwd, flags.output),
          idColumn: flags.idColumn,
          chunkRows,
          threads,
          signal: interrupt.signal,
          onStart: ({ total, model, version }) => {
            ctx.progress(`scoring ${int(total)} rows with ${model} v${version}`);
            if (!interactive) return;
            bar = new cliProgress.SingleBar({ format: '  [{bar}] {value}/{total} rows | {percentage}% | ETA {eta}s', stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic);
            bar.start(total, 0);
          },
          onProgress: ({ done }) => bar?.update(done),
        });
        bar?.stop();
        ctx.emit(result, renderPrediction);
      } finally {
        process.off('SIGINT', onSigint);
        bar?.stop();
        await store.close();
      }
    });
}

export function renderPrediction(r: PredictResult): string {
  return [
    `scored ${int(r.rows)} rows with ${r.model} v${r.model_version}${r.alias === null ? '' : ` (${r.alias})`} in ${r.seconds.toFixed(2)} s`,
    `  output     ${r.output} (${r.format}, ${bytes(r.bytes)}): ${r.id_column}, score, decision, model_version`,
    `  decisions  ${int(r.positives)} positive (${r.rows === 0 ? '-' : pct(r.positives / r.rows)}) at threshold ${r.threshold.toFixed(4)}; mean score ${r.mean_score === null ? '-' : r.mean_score.toFixed(4)}`,
  ].join('\n');
}
