// pipeline_leakage: preprocessing (imputation medians, scaling, encodings) fitted on rows the model is
// later scored on. Flywheel's pipeline is fitted on the train side only by construction (fitPipeline
// takes only trainFrame's rows; transform never refits); given runs, their recorded provenance shows
// which rows each fitted step saw, and a step that saw more than the train side is blocking.

import { plural } from './check-inputs.js';
import type { Finding, LeakageCheck, LeakageInput, LeakageRunInput } from './types.js';

interface StepRows {
  step: string;
  columns: string[];
  fitted_on_rows: number;
}

type RunRows =
  | { run_id: string; status: 'no_provenance' }
  | { run_id: string; status: 'ok'; side: string; split?: string; train_rows: number; rows_sha256?: string; steps: StepRows[] };

export const pipelineLeakage: LeakageCheck = {
  name: 'pipeline_leakage',
  description: 'preprocessing fitted on more than the training rows (recorded per run)',
  needs: [],
  run(input: LeakageInput): Finding[] {
    const runs = (input.runs ?? []).map(readRun);
    const findings: Finding[] = [];
    for (const run of runs) {
      if (run.status !== 'ok') continue;
      const trainRows = run.train_rows;
      const over = run.steps.filter((s) => s.fitted_on_rows > trainRows);
      if (run.side !== 'train' || over.length > 0) {
        findings.push({
          check: 'pipeline_leakage',
          severity: 'blocking',
          columns: [...new Set(over.flatMap((s) => s.columns))],
          message:
            run.side !== 'train'
              ? `run ${run.run_id} fitted its pipeline on the "${run.side}" side, not on train`
              : `run ${run.run_id}: ${plural(over.length, 'pipeline step')} (${over.map((s) => `${s.step} on ${s.fitted_on_rows} rows`).join(', ')}) saw more rows than the ${trainRows} training rows`,
          hint: 'refit the run with the current Flywheel (steps are fitted on the train side only); a pipeline fitted outside Flywheel must be fitted on training rows only',
          evidence: { issue: 'fitted_beyond_train', run_id: run.run_id, side: run.side, split: run.split, train_rows: trainRows, steps: over },
        });
      }
    }
    const missing = runs.filter((r) => r.status === 'no_provenance').map((r) => r.run_id);
    const checked = runs.length - missing.length;
    const parts = [
      'every pipeline step is fitted on the training rows only, by construction: the pipeline accepts only the train side of the split, and transform (training, batch scoring, serving) never refits',
    ];
    if (runs.length > 0) parts.push(`${plural(checked, 'run')} checked from its recorded provenance`);
    if (missing.length > 0) parts.push(`${plural(missing.length, 'run')} recorded no provenance, so which rows their steps saw is unknown (${missing.join(', ')})`);
    findings.push({
      check: 'pipeline_leakage',
      severity: 'info',
      columns: [],
      message: parts.join('; '),
      hint: missing.length > 0 ? 'refit runs without provenance to record it' : 'nothing to do; fit any pipeline you build outside Flywheel on the training rows only',
      evidence: { issue: 'fitted_on_train_by_construction', runs },
    });
    return findings;
  },
};

/** A run's provenance as recorded by training (run info.pipeline_provenance), or no_provenance when absent or malformed. */
function readRun(run: LeakageRunInput): RunRows {
  const p = run.pipeline_provenance as { fitted_rows?: Record<string, unknown>; steps?: unknown } | null | undefined;
  const fitted = p?.fitted_rows;
  if (fitted === undefined || fitted === null || typeof fitted !== 'object' || typeof fitted.rows !== 'number' || !Array.isArray(p?.steps)) {
    return { run_id: run.run_id, status: 'no_provenance' };
  }
  const steps: StepRows[] = [];
  for (const raw of p.steps as unknown[]) {
    const s = raw as Partial<StepRows> | null;
    if (s === null || typeof s !== 'object' || typeof s.fitted_on_rows !== 'number') return { run_id: run.run_id, status: 'no_provenance' };
    steps.push({ step: String(s.step), columns: Array.isArray(s.columns) ? s.columns.map(String) : [], fitted_on_rows: s.fitted_on_rows });
  }
  return {
    run_id: run.run_id,
    status: 'ok',
    side: String(fitted.side),
    ...(typeof fitted.split === 'string' ? { split: fitted.split } : {}),
    train_rows: fitted.rows,
    ...(typeof fitted.rows_sha256 === 'string' ? { rows_sha256: fitted.rows_sha256 } : {}),
    steps,
  };
}
