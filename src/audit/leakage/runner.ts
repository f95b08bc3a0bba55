// Runs the leakage checks: each check whose inputs are present runs; each one missing an input is
// reported in `skipped` with what it needs (never a silent pass). Findings come back most severe first.

import { FlywheelError } from '../../core/errors.js';
import { LEAKAGE_CHECKS } from './registry.js';
import { SEVERITIES, type Finding, type LeakageCheck, type LeakageInput, type LeakageReport, type Need, type Skipped } from './types.js';

/** What to provide for each need, as shown in `skipped`. */
export const NEED_DESCRIPTIONS: Readonly<Record<Need, string>> = {
  target: 'a binary target (--target or target: in flywheel.yaml)',
  time: 'a time column (--time or role: time)',
  entity: 'an entity column (--entity or role: entity)',
  split: 'a train/valid/test split',
  prediction_time: 'a prediction-time column (the datetime at which each prediction is made)',
};

export function runLeakageAudit(input: LeakageInput, checks: readonly LeakageCheck[] = LEAKAGE_CHECKS): LeakageReport {
  validate(input);
  const findings: Finding[] = [];
  const skipped: Skipped[] = [];
  for (const check of checks) {
    const missing = check.needs.filter((need) => !has(input, need));
    if (missing.length > 0) {
      skipped.push({ check: check.name, needs: missing.map((m) => NEED_DESCRIPTIONS[m]).join(' and ') });
      continue;
    }
    findings.push(...check.run(input));
  }
  // Stable sort: within a severity, checks keep registry order.
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);
  findings.sort((a, b) => rank(a) - rank(b));
  return { findings, skipped };
}

function has(input: LeakageInput, need: Need): boolean {
  switch (need) {
    case 'target':
      return input.target !== undefined;
    case 'time':
      return input.time !== undefined;
    case 'entity':
      return input.entity !== undefined;
    case 'split':
      return input.split !== undefined;
    case 'prediction_time':
      return input.predictionTime !== undefined;
  }
}

/** Inputs that disagree with the frame are user errors (a split for other data, a misspelt column). */
function validate(input: LeakageInput): void {
  const n = input.frame.nRows;
  if (input.target !== undefined && input.target.y.length !== n) {
    throw new FlywheelError('data_invalid', `the target has ${input.target.y.length} labels but the data has ${n} rows`, { hint: 'build the target from this data' });
  }
  if (input.split !== undefined && input.split.assignment.length !== n) {
    throw new FlywheelError('data_invalid', `the split assigns ${input.split.assignment.length} rows but the data has ${n}`, {
      hint: 'make the split from this data (the same snapshot)',
    });
  }
  if (input.time !== undefined) input.frame.column(input.time, 'time column');
  if (input.entity !== undefined) input.frame.column(input.entity, 'entity column');
  if (input.predictionTime !== undefined) input.frame.column(input.predictionTime.column, 'prediction-time column');
}
