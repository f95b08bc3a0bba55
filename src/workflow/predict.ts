// Batch scoring: a registered model version (by number or alias) applied to a file of any size,
// chunk by chunk through DuckDB, with the same pipeline `transform` training and the server use. The
// output keeps an id column and adds score, decision (at the package's threshold) and model_version.

import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FlywheelError } from '../core/errors.js';
import { ALIASES } from '../registry/aliases.js';
import { registeredModelName } from '../registry/model-name.js';
import { quoteLiteral } from '../data/duckdb.js';
import { checkWritable, DEFAULT_CHUNK_ROWS, describeSource, missingColumnsError, openChunkWriter, openTableStream, outputFormatOf, type OutputFormat } from '../data/stream.js';
import { loadModelPackage, type LoadedPackage } from '../tracking/model-package.js';
import type { Store } from '../store/types.js';
import { ScorePool, TWO_THREAD_MIN_ROWS } from './score-pool.js';
import type { Project } from './project.js';

export interface PredictOptions {
  /** A version number ("3") or an alias (champion, challenger, shadow, canary). */
  modelVersion: string;
  input: string;
  output: string;
  /** The column kept to identify rows (default: the project's entity column when the file has it, else a 0-based `row`). */
  idColumn?: string | undefined;
  chunkRows?: number | undefined;
  /** Threads the model scores on (1 or 2); default 2 for files of TWO_THREAD_MIN_ROWS rows or more. */
  threads?: number | undefined;
  /** Called after each chunk is scored. */
  onProgress?: ((progress: { done: number; total: number }) => void) | undefined;
  /** Stops scoring between chunks; the partial output is removed and nothing is written. */
  signal?: AbortSignal | undefined;
  /** Called once the rows are counted, before scoring starts. */
  onStart?: ((info: { total: number; model: string; version: number }) => void) | undefined;
}

export interface PredictResult {
  model: string;
  model_version: number;
  /** The alias asked for, when one was. */
  alias: string | null;
  input: string;
  output: string;
  format: OutputFormat;
  rows: number;
  id_column: string;
  threshold: number;
  /** Rows with decision 1. */
  positives: number;
  mean_score: number | null;
  chunk_rows: number;
  /** Threads the model scored on: 2 for large files when the built package runs on two cores. */
  threads: number;
  bytes: number;
  seconds: number;
}

export interface ResolvedVersion {
  name: string;
  version: number;
  alias: string | null;
  loaded: LoadedPackage;
}

/** The model version named by a number or an alias; an unknown one lists what exists. */
export async function resolveModelVersion(project: Project, store: Store, ref: string): Promise<ResolvedVersion> {
  const name = registeredModelName(project.config);
  const text = ref.trim().replace(/^v(?=\d+$)/, '');
  const isNumber = /^\d+$/.test(text);
  const version = isNumber ? Number(text) : await store.registry.getAlias(name, text);
  const record = version === undefined ? undefined : await store.registry.getVersion(name, version);
  if (record === undefined) {
    const versions = await store.registry.listVersions(name);
    const aliases = await store.registry.aliases(name).catch(() => ({}) as Record<string, number>);
    const known = [
      ...versions.map((v) => String(v.version)),
      ...Object.entries(aliases).map(([alias, v]) => `${alias} (= ${v})`),
    ];
    const what = isNumber ? `version ${text}` : ALIASES.includes(text as (typeof ALIASES)[number]) ? `no version is ${text}` : `"${text}" is not a version or a set alias`;
    throw new FlywheelError('not_found', `${isNumber ? `${name} has no ${what}` : `${name}: ${what}`}`, {
      hint: versions.length === 0 ? 'register a model first: `flywheel promote RUN --to champion`' : `known: ${known.join(', ')}`,
      details: { model: name, versions: versions.map((v) => v.version), aliases },
    });
  }
  return { name, version: record.version, alias: isNumber ? null : text, loaded: loadModelPackage(record.package) };
}

function entityColumn(project: Project): string | undefined {
  return Object.entries(project.config.columns ?? {}).find(([, spec]) => spec?.role === 'entity')?.[0];
}

export async function predictFile(project: Project, store: Store, options: PredictOptions): Promise<PredictResult> {
  const startedMs = performance.now();
  const input = resolve(options.input);
  const output = resolve(options.output);
  if (input === output) throw new FlywheelError('usage', `the output ${options.output} is the input file`, { hint: 'write the scores to another file' });
  const format = outputFormatOf(output);
  const resolved = await resolveModelVersion(project, store, options.modelVersion);
  const { loaded } = resolved;
  const source = await describeSource(input);
  const available = source.columns.map((c) => c.name);
  const needed = loaded.pipeline.inputColumns.map((c) => c.name);
  const missing = needed.filter((n) => !available.includes(n));
  if (missing.length > 0) throw missingColumnsError(input, missing, available, 'the model reads');

  let idColumn: string | undefined = options.idColumn;
  if (idColumn !== undefined && !available.includes(idColumn)) throw missingColumnsError(input, [idColumn], available, 'named by the id column option');
  if (idColumn === undefined) {
    const entity = entityColumn(project);
    if (entity !== undefined && available.includes(entity)) idColumn = entity;
  }
  const reserved = ['score', 'decision', 'model_version'];
  if (idColumn !== undefined && reserved.includes(idColumn)) {
    throw new FlywheelError('usage', `the id column "${idColumn}" has the name of an output column`, { hint: `pick another --id-column (the output adds ${reserved.join(', ')})` });
  }
  await checkWritable(output);

  const threshold = loaded.json.threshold.value;
  const stream = await openTableStream(input, { columns: needed, chunkRows: options.chunkRows });
  // The decision is computed by DuckDB from the written score, with the same comparison as below.
  const writer = await openChunkWriter(output, {
    columns: [...(idColumn === undefined ? [{ name: 'row', type: 'BIGINT' as const }] : []), { name: 'score', type: 'DOUBLE' }],
    derived: [{ name: 'decision', sql: `CAST(p."score" >= CAST(${quoteLiteral(String(threshold))} AS DOUBLE) AS INTEGER)` }],
    ...(idColumn === undefined ? {} : { sourceColumns: { path: input, format: source.format, names: [idColumn] } }),
    constants: [{ name: 'model_version', value: resolved.version }],
  }).catch(async (error: unknown) => {
    await stream.close();
    throw error;
  });
  options.onStart?.({ total: stream.rows, model: resolved.name, version: resolved.version });
  const pool = new ScorePool(loaded, { useWorker: options.threads === undefined ? stream.rows >= TWO_THREAD_MIN_ROWS : options.threads >= 2 });
  let positives = 0;
  let scoreSum = 0;
  let done = 0;
  try {
    for await (const { offset, frame } of stream.chunks()) {
      if (options.signal?.aborted === true) {
        throw new FlywheelError('usage', `scoring was interrupted after ${done} of ${stream.rows} rows; ${options.output} was not written`, { hint: 'run the command again to score the file' });
      }
      const scores = await pool.score(frame);
      const n = scores.length;
      for (let i = 0; i < n; i++) {
        const s = scores[i]!;
        scoreSum += s;
        if (s >= threshold) positives++;
      }
      if (idColumn === undefined) {
        const rows = new Float64Array(n);
        for (let i = 0; i < n; i++) rows[i] = offset + i;
        await writer.appendColumns([rows, scores]);
      } else {
        await writer.appendColumns([scores]);
      }
      done += n;
      options.onProgress?.({ done, total: stream.rows });
    }
    if (done !== stream.rows) throw new Error(`predictFile: streamed ${done} rows of ${stream.rows}`);
    await pool.close();
    const summary = await writer.finish();
    return {
      model: resolved.name,
      model_version: resolved.version,
      alias: resolved.alias,
      input,
      output,
      format,
      rows: done,
      id_column: idColumn ?? 'row',
      threshold,
      positives,
      mean_score: done === 0 ? null : scoreSum / done,
      chunk_rows: options.chunkRows ?? DEFAULT_CHUNK_ROWS,
      threads: pool.threads,
      bytes: summary.bytes,
      seconds: (performance.now() - startedMs) / 1000,
    };
  } catch (error) {
    await pool.close();
    await writer.abort();
    await stream.close();
    throw error;
  }
}
