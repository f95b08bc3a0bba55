// Reading tracked runs back: a listing with each run's headline metric, and one run in full.

import { FlywheelError } from '../core/errors.js';
import { closestNames } from '../core/suggest.js';
import type { ListRunsOptions, RunNote, RunRecord, Store } from '../store/types.js';
import { actorName } from '../tracking/actor.js';
import { requireRun } from './run-data.js';

export interface RunSummary {
  run_id: string;
  model: string;
  status: string;
  created_at: string;
  snapshot: string;
  split: string;
  seed: number;
  /** Validation metrics as stored: `{ roc_auc: { value, ci }, … }`. */
  valid: Record<string, unknown> | null;
  /** Every split's metrics as stored. */
  metrics: Record<string, unknown>;
  verdict: string | null;
  tags: Record<string, string>;
}

function summary(run: RunRecord): RunSummary {
  return {
    run_id: run.id,
    model: run.kind,
    status: run.status,
    created_at: new Date(run.createdAtMs).toISOString(),
    snapshot: run.snapshotHash,
    split: run.splitHash,
    seed: run.seed,
    valid: (run.metrics.valid as Record<string, unknown> | undefined) ?? null,
    metrics: run.metrics,
    verdict: typeof run.info?.verdict === 'string' ? run.info.verdict : null,
    tags: run.tags,
  };
}

export async function listRuns(store: Store, options: ListRunsOptions = {}): Promise<RunSummary[]> {
  const runs = await store.runs.listRuns({ ...options, limit: options.limit ?? 50 });
  const asked = options.metric ?? (options.sort?.by === 'metric' ? options.sort : undefined);
  if (asked !== undefined && (runs.length === 0 || options.sort?.by === 'metric')) await checkMetricKnown(store, asked);
  return runs.map(summary);
}

/** A metric filter or sort naming a metric no recent run has is a typo, not an empty result. */
async function checkMetricKnown(store: Store, asked: { split: string; name: string }): Promise<void> {
  const recent = await store.runs.listRuns({ limit: 200 });
  if (recent.length === 0) return;
  const known = [...new Set(recent.flatMap((r) => Object.entries(r.metrics).flatMap(([split, m]) => Object.keys((m ?? {}) as object).map((name) => `${split}.${name}`))))].sort();
  const key = `${asked.split}.${asked.name}`;
  if (known.includes(key)) return;
  const closest = closestNames(key, known, 1)[0];
  throw new FlywheelError('usage', `no run has the metric ${key}${closest === undefined ? '' : ` (did you mean ${closest}?)`}`, {
    hint: `the runs' metrics are ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}`,
  });
}

/** Add or overwrite tags on a run (`key=value` pairs parsed by the caller). */
export async function tagRun(store: Store, idOrPrefix: string, tags: Record<string, string>): Promise<RunRecord> {
  const run = await requireRun(store, idOrPrefix);
  await store.runs.setTags(run.id, tags);
  return (await store.runs.getRun(run.id))!;
}

/** Append a note to a run, signed by the actor (FLYWHEEL_ACTOR or the OS user). */
export async function noteRun(store: Store, idOrPrefix: string, text: string): Promise<RunNote> {
  const run = await requireRun(store, idOrPrefix);
  if (text.trim() === '') throw new FlywheelError('usage', 'the note is empty', { hint: 'write e.g. flywheel runs note RUN "dropped the leaky column"' });
  const note: RunNote = { runId: run.id, text: text.trim(), author: actorName(), atMs: Date.now() };
  await store.runs.addNote(note);
  return note;
}

export interface RunDetail {
  run: RunRecord;
  artifacts: { name: string; sha256: string; bytes: number }[];
  notes: RunNote[];
  /** How many times this run's test split has been looked at. */
  test_looks: number;
}

export async function showRun(store: Store, idOrPrefix: string): Promise<RunDetail> {
  const run = await requireRun(store, idOrPrefix);
  const artifacts = (await store.runs.listArtifacts(run.id)).map((a) => ({ name: a.name, sha256: a.sha256, bytes: a.bytes }));
  return { run, artifacts, notes: await store.runs.listNotes(run.id), test_looks: await store.runs.countTestLooks(run.splitHash) };
}
