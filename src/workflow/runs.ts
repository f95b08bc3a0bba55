// Reading tracked runs back: a listing with each run's headline metric, and one run in full.

import { FlywheelError } from '../core/errors.js';
import type { RunRecord, Store } from '../store/types.js';

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
    verdict: typeof run.info?.verdict === 'string' ? run.info.verdict : null,
    tags: run.tags,
  };
}

export async function listRuns(store: Store, options: { kind?: string | undefined; limit?: number | undefined } = {}): Promise<RunSummary[]> {
  const runs = await store.runs.listRuns({ ...(options.kind === undefined ? {} : { kind: options.kind }), limit: options.limit ?? 50 });
  return runs.map(summary);
}

export interface RunDetail {
  run: RunRecord;
  artifacts: { name: string; sha256: string; bytes: number }[];
}

export async function showRun(store: Store, idOrPrefix: string): Promise<RunDetail> {
  const run = await store.runs.getRun(idOrPrefix);
  if (run === undefined) {
    throw new FlywheelError('not_found', `no run ${idOrPrefix} in this project's store`, { hint: 'list the runs with `flywheel runs`; a unique prefix of 6 or more characters is enough' });
  }
  const artifacts = (await store.runs.listArtifacts(run.id)).map((a) => ({ name: a.name, sha256: a.sha256, bytes: a.bytes }));
  return { run, artifacts };
}
