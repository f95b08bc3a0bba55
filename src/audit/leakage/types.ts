// The leakage audit's contract: what a check reads (LeakageInput), what it reports (Finding, with
// snake_case JSON other tools rely on) and how a check declares itself (LeakageCheck). Checks are
// small pure functions listed in registry.ts; runner.ts runs them and reports what it had to skip.

import type { Frame } from '../../core/frame.js';
import type { SchemaColumn } from '../../data/infer.js';
import type { BinaryTarget } from '../../data/target.js';

/** Most severe first: the order findings are sorted in. `blocking` fails `flywheel audit` (exit 1). */
export const SEVERITIES = ['blocking', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  /** The check's registry name (target_leakage, id_like, …). */
  check: string;
  severity: Severity;
  /** The columns the finding is about (empty when it concerns the split or the runs). */
  columns: string[];
  /** What was found, with the numbers that matter. */
  message: string;
  /** What to do about it. */
  hint: string;
  /** The statistics behind the finding, snake_case keys (documented per check in docs/leakage.md). */
  evidence: Record<string, unknown>;
}

/** A check that could not run, and what it needed. */
export interface Skipped {
  check: string;
  needs: string;
}

/** Inputs a check may need beyond the frame and schema. */
export const NEEDS = ['target', 'time', 'entity', 'split', 'prediction_time'] as const;
export type Need = (typeof NEEDS)[number];

/** A run's recorded pipeline provenance (tracking's run info.pipeline_provenance), read defensively. */
export interface LeakageRunInput {
  run_id: string;
  pipeline_provenance?: unknown;
}

export interface LeakageInput {
  /** The typed Frame (schema applied). */
  frame: Frame;
  schema: readonly SchemaColumn[];
  target?: BinaryTarget | undefined;
  /** Name of the time column. */
  time?: string | undefined;
  /** Name of the entity column. */
  entity?: string | undefined;
  split?: { assignment: Uint8Array; method: string } | undefined;
  /** A datetime column holding the moment each prediction is made. */
  predictionTime?: { column: string } | undefined;
  /** Fitted runs whose pipeline provenance pipeline_leakage reports on. */
  runs?: readonly LeakageRunInput[] | undefined;
  seed: number;
}

/** An input whose declared needs are present (the runner checks before calling `run`). */
export interface LeakageCheck {
  name: string;
  description: string;
  needs: readonly Need[];
  run(input: LeakageInput): Finding[];
}

export interface LeakageReport {
  findings: Finding[];
  skipped: Skipped[];
}
