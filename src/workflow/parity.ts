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
  /** The version both paths score (default champion; the server serves its champion). */
  modelVersion?: string | undefined;
  seed?: number | undefined;
}

export interface ParityMismatch {
  /** The row's 0-based position in the project's data file. */
  row: number;
  batch: number;
  server: number | null;
  /** The server's per-record error, when it gave one instead of a score. */
  server_error?: string;
  /** Features whose values differ between the Frame path and the JSON-records path. */
  features: { name: string; batch: number; records: number }[];
}

export interface ParityResult {
  model: string;
  model_version: number;
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

export async function checkParity(project: Project, store: Store, options: ParityOptions): Promise<ParityResult> {
  const sample = options.sample ?? 200;
  if (!Number.isInteger(sample) || sample < 1) throw new FlywheelError('usage', `--sample ${sample} is not a positive number of rows`, { hint: 'write e.g. --sample 500' });
  const resolved = await resolveModelVersion(project, store, options.modelVersion ?? 'champion');
  const dataset = await readDataset(project.dataPath, {}, project.config);
  const rows = sampleRows(dataset.frame.nRows, sample, options.seed ?? project.config.seed);
  const records = recordsOf(dataset.frame, rows);

  // The batch path reads a file through DuckDB, as `flywheel predict` does for any input.
  const dir = await mkdtemp(join(tmpdir(), 'flywheel-parity-'));
  let batchScores: Float64Array;
  try {
    const input = join(dir, 'sample.jsonl');
    await writeFile(input, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const output = join(dir, 'scores.parquet');
    await predictFile(project, store, { modelVersion: String(resolved.version), input, output, idColumn: undefined });
    const scored = await readTable(output, { format: 'parquet' });
    const column = scored.frame.column('score');
    if (isCoded(column)) throw new FlywheelError('internal', 'the batch output has a non-numeric score column');
    batchScores = column.values;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const served = await scoreOverHttp(options.url, records, 100);
  const servedVersion = served.find((p) => p.model_version !== undefined)?.model_version;
  if (servedVersion !== undefined && servedVersion !== resolved.version) {
    throw new FlywheelError('usage', `the server at ${options.url} serves version ${servedVersion}, but parity checks version ${resolved.version}`, {
      hint: 'check the version the server is serving (`GET /v1/models`), or pass --model-version to match it',
    });
  }
  const { pipeline } = resolved.loaded;
  const fromFrame = pipeline.transform(dataset.frame.take(rows));
  const fromRecords = pipeline.transform(records);
  const mismatches: ParityMismatch[] = [];
  let maxDiff = 0;
  for (let i = 0; i < rows.length; i++) {
    const p = served[i];
    const score = typeof p?.score === 'number' ? p.score : null;
    const diff = score === null ? Infinity : Math.abs(score - batchScores[i]!);
    if (Number.isFinite(diff)) maxDiff = Math.max(maxDiff, diff);
    if (diff <= PARITY_TOLERANCE) continue;
    const features: ParityMismatch['features'] = [];
    for (let f = 0; f < pipeline.featureNames.length; f++) {
      const a = fromFrame.data[f * fromFrame.nRows + i]!;
      const b = fromRecords.data[f * fromRecords.nRows + i]!;
      if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) features.push({ name: pipeline.featureNames[f]!, batch: a, records: b });
    }
    const error = p?.error === undefined ? undefined : typeof p.error === 'string' ? p.error : (p.error.message ?? 'error');
    mismatches.push({ row: rows[i]!, batch: batchScores[i]!, server: score, ...(error === undefined ? {} : { server_error: error }), features });
  }
  return {
    model: resolved.name,
    model_version: resolved.version,
    url: options.url,
    rows: rows.length,
    tolerance: PARITY_TOLERANCE,
    max_abs_difference: maxDiff,
    mismatches,
    ok: mismatches.length === 0,
  };
}
