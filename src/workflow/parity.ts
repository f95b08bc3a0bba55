// `parity`: train/serve skew caught before it costs anything. A seeded sample of the project's rows is
// scored twice by the same model version — through the batch path (`predictFile`: a file read by
// DuckDB in chunks) and through a live model server over HTTP (JSON records) — and every score that
// differs by more than 1e-12 is reported with its row and the features that differ between the two
// input paths. The server is reached by URL, so this module needs no server code.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlywheelError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { isCoded } from '../core/frame.js';
import { readTable } from '../data/read.js';
import type { Store } from '../store/types.js';
import { readDataset } from './dataset.js';
import { predictFile, resolveModelVersion } from './predict.js';
import type { Project } from './project.js';
import { recordsOf } from './records.js';

/** Scores that differ by more than this are a parity failure. */
export const PARITY_TOLERANCE = 1e-12;

export interface ParityOptions {
  /** The live server's base URL, e.g. http://127.0.0.1:8080. */
  url: string;
  /** How many rows to check (default 200). */
  sample?: number | undefined;
  seed?: number | undefined;
}

export interface ParityMismatch {
  /** The row's 0-based position in the project's data file. */
  row: number;
  /** The version that scored the row (the server's answer says which: champion or canary). */
  model_version: number | null;
  batch: number | null;
  server: number | null;
  /** The server's per-record error, when it gave one instead of a score. */
  server_error?: string;
  /** Features whose values differ between the Frame path and the JSON-records path. */
  features: { name: string; batch: number; records: number }[];
}

export interface ParityResult {
  model: string;
  /** The versions that answered, with how many rows each. */
  versions: { version: number; rows: number }[];
  url: string;
  rows: number;
  tolerance: number;
  max_abs_difference: number;
  mismatches: ParityMismatch[];
  ok: boolean;
}

interface ServedPrediction {
  score?: number;
  model_version?: number;
  error?: string | { message?: string };
}

async function scoreOverHttp(url: string, records: Record<string, unknown>[], batch: number): Promise<ServedPrediction[]> {
  const out: ServedPrediction[] = [];
  for (let start = 0; start < records.length; start += batch) {
    const body = JSON.stringify({ records: records.slice(start, start + batch) });
    let response: Response;
    try {
      response = await fetch(`${url.replace(/\/$/, '')}/v1/predict`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': `parity-${Date.now()}-${start}` }, body });
    } catch (error) {
      throw new FlywheelError('usage', `cannot reach the model server at ${url}: ${error instanceof Error ? error.message : String(error)}`, { hint: 'start it with `flywheel serve`, or leave out --url to let parity start one' });
    }
    const json = (await response.json().catch(() => ({}))) as { predictions?: ServedPrediction[]; error?: { message?: string } | string };
    if (!response.ok || json.predictions === undefined) {
      const message = typeof json.error === 'string' ? json.error : (json.error?.message ?? response.statusText);
      throw new FlywheelError('check_failed', `the model server at ${url} answered ${response.status}: ${message}`, { hint: 'check `GET /readyz`: a champion must be promoted' });
    }
    out.push(...json.predictions);
  }
  return out;
}

/** `count` distinct row positions out of `n`, seeded, in ascending order. */
function sampleRows(n: number, count: number, seed: number): Uint32Array {
  const rows = Uint32Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  const k = Math.min(count, n);
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(n - i);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows.slice(0, k).sort();
}

/** Batch scores of the sampled records by one version, through `predictFile` on a JSON-lines file. */
async function batchScores(project: Project, store: Store, version: number, records: Record<string, unknown>[]): Promise<Float64Array> {
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-parity-'));
  try {
    const input = join(dir, 'sample.jsonl');
    await writeFile(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const output = join(dir, 'scores.parquet');
    await predictFile(project, store, { modelVersion: String(version), input, output });
    const column = (await readTable(output, { format: 'parquet' })).frame.column('score');
    if (isCoded(column)) throw new FlywheelError('internal', 'the batch output has a non-numeric score column');
    return column.values;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function checkParity(project: Project, store: Store, options: ParityOptions): Promise<ParityResult> {
  const sample = options.sample ?? 200;
  if (!Number.isInteger(sample) || sample < 1) throw new FlywheelError('usage', `--sample ${sample} is not a positive number of rows`, { hint: 'write e.g. --sample 500' });
  const champion = await resolveModelVersion(project, store, 'champion');
  const dataset = await readDataset(project.dataPath, {}, project.config);
  const rows = sampleRows(dataset.frame.nRows, sample, options.seed ?? project.config.seed);
  // What a client sends: the raw columns the model reads, nothing else (never the label).
  const inputs = new Set(champion.loaded.pipeline.inputColumns.map((c) => c.name));
  const records = recordsOf(dataset.frame, rows).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => inputs.has(k))));

  const served = await scoreOverHttp(options.url, records, 100);
  // The server may answer some rows with a canary: each row is compared with the version that answered it.
  const versionOf = (i: number) => served[i]?.model_version ?? champion.version;
  const versions = [...new Set(rows.map((_, i) => versionOf(i)))].sort((a, b) => a - b);
  const batch = new Map<number, { scores: Float64Array; loaded: Awaited<ReturnType<typeof resolveModelVersion>>['loaded'] }>();
  for (const version of versions) {
    const resolved = version === champion.version ? champion : await resolveModelVersion(project, store, String(version));
    batch.set(version, { scores: await batchScores(project, store, version, records), loaded: resolved.loaded });
  }
  const frameRows = dataset.frame.take(rows);
  const mismatches: ParityMismatch[] = [];
  let maxDiff = 0;
  for (let i = 0; i < rows.length; i++) {
    const p = served[i];
    const version = versionOf(i);
    const { scores, loaded } = batch.get(version)!;
    const score = typeof p?.score === 'number' ? p.score : null;
    const diff = score === null ? Infinity : Math.abs(score - scores[i]!);
    if (Number.isFinite(diff)) maxDiff = Math.max(maxDiff, diff);
    if (diff <= PARITY_TOLERANCE) continue;
    const { pipeline } = loaded;
    const fromFrame = pipeline.transform(frameRows.take(Uint32Array.of(i)));
    const fromRecords = pipeline.transform([records[i]!]);
    const features: ParityMismatch['features'] = [];
    for (let f = 0; f < pipeline.featureNames.length; f++) {
      const a = fromFrame.data[f]!;
      const b = fromRecords.data[f]!;
      if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) features.push({ name: pipeline.featureNames[f]!, batch: a, records: b });
    }
    const error = p?.error === undefined ? undefined : typeof p.error === 'string' ? p.error : (p.error.message ?? 'error');
    mismatches.push({ row: rows[i]!, model_version: p?.model_version ?? null, batch: scores[i]!, server: score, ...(error === undefined ? {} : { server_error: error }), features });
  }
  return {
    model: champion.name,
    versions: versions.map((version) => ({ version, rows: rows.filter((_, i) => versionOf(i) === version).length })),
    url: options.url,
    rows: rows.length,
    tolerance: PARITY_TOLERANCE,
    max_abs_difference: maxDiff,
    mismatches,
    ok: mismatches.length === 0,
  };
}
