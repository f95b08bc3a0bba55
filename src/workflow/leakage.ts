// The leakage checks for a project's dataset and split: what `audit` reports and what `train` runs
// before fitting (blocking findings stop it unless the risk is accepted).

import { AT_REQUEST } from '../core/problem-spec.js';
import { runLeakageAudit, type Finding, type Skipped } from '../audit/leakage/index.js';
import type { Split } from '../data/split.js';
import type { Store } from '../store/types.js';
import type { Dataset } from './dataset.js';
import type { Project } from './project.js';

export interface LeakageOutcome {
  findings: Finding[];
  skipped: Skipped[];
}

export async function leakageAudit(project: Project, store: Store, dataset: Dataset, split: Split, runIds: readonly string[] = []): Promise<LeakageOutcome> {
  const card = project.config.problem;
  const predictionColumn = card?.prediction_time !== undefined && card.prediction_time !== AT_REQUEST ? card.prediction_time : undefined;
  const runs = [];
  for (const id of runIds) {
    const run = await store.runs.getRun(id);
    if (run !== undefined) runs.push({ run_id: run.id, pipeline_provenance: run.info?.pipeline_provenance });
  }
  return runLeakageAudit({
    frame: dataset.frame,
    schema: dataset.schema.columns,
    target: dataset.target,
    time: dataset.time,
    entity: dataset.entity,
    split: { assignment: split.assignment, method: split.method },
    predictionTime: predictionColumn === undefined ? undefined : { column: predictionColumn },
    runs,
    seed: project.config.seed,
  });
}

