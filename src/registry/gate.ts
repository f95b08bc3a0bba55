// The promotion gate: the conditions a model must meet on the frozen test set before it becomes the
// champion, each judged from an evaluation and the problem card, each reported with what was required
// and what was measured. Pure: the workflow evaluates, this decides.

import type { EvaluationResult } from '../evaluation/evaluation-result.js';

export interface GateCondition {
  name: 'beats_baseline' | 'no_weak_slice' | 'calibrated' | 'no_blocking_findings';
  passed: boolean;
  /** What was required, in words. */
  required: string;
  /** What was measured, in words. */
  measured: string;
}

export interface GateResult {
  passed: boolean;
  conditions: GateCondition[];
  /** Set when a failed gate was overridden with --force. */
  forced?: { reason: string };
}

export interface GateInputs {
  evaluation: Pick<EvaluationResult, 'comparisons' | 'slices' | 'calibration' | 'metrics'>;
  /** The comparison the candidate must win: the current champion's, else the rules baseline's (its `against` label). */
  against: string | undefined;
  /** The ML metric the gain is judged on (a key of the evaluation's test metrics). */
  metric: string;
  higherIsBetter: boolean;
  minImprovement: number;
  maxSliceDrop: number;
  maxEce: number;
  /** Blocking leakage findings on the run's snapshot and split; `accepted` when training accepted that finding's risk. */
  blockingFindings: { check: string; message: string; accepted?: boolean }[];
  /** The reason recorded when the blocking findings were accepted at training time. */
  acceptedRisk: string | undefined;
}

function fmt(x: number): string {
  return x.toFixed(4);
}

function beatsBaseline(inputs: GateInputs): GateCondition {
  const required = `${inputs.metric} on test at least ${inputs.minImprovement} above the ${inputs.against ?? 'baseline'}, with the 95% interval of the gain above 0`;
  const comparison = inputs.evaluation.comparisons.find((c) => c.against === inputs.against);
  if (inputs.against === undefined || comparison === undefined) {
    return { name: 'beats_baseline', passed: false, required, measured: 'no baseline or champion evaluated on the same test rows to compare with (train the rules rung, or promote a first champion with --force)' };
  }
  const diff = inputs.metric === 'roc_auc' && comparison.roc_auc !== null ? { value: comparison.roc_auc.difference, ci: comparison.roc_auc.ci } : comparison.differences[inputs.metric];
  if (diff === undefined || diff.ci === undefined) {
    return { name: 'beats_baseline', passed: false, required, measured: `no interval for the ${inputs.metric} difference against ${inputs.against}` };
  }
  const sign = inputs.higherIsBetter ? 1 : -1;
  const gain = sign * diff.value;
  const lower = Math.min(sign * diff.ci[0], sign * diff.ci[1]);
  const upper = Math.max(sign * diff.ci[0], sign * diff.ci[1]);
  const passed = gain >= inputs.minImprovement && lower > 0;
  return { name: 'beats_baseline', passed, required, measured: `gain ${gain >= 0 ? '+' : ''}${fmt(gain)} [${fmt(lower)}, ${fmt(upper)}] over ${inputs.against} (run ${comparison.run_id.slice(0, 8)})` };
}

/**
 * No slice may regress: on every slice, the candidate's ROC-AUC must not fall below the model it is
 * judged against by more than the tolerance with its whole interval under that model's value.
 * (A slice's AUC below the overall AUC is no failure by itself: slicing on a predictive feature
 * restricts its range, so within-slice AUCs are lower for every model; the report still shows them.)
 */
function noWeakSlice(inputs: GateInputs): GateCondition {
  const required = `no slice where ROC-AUC falls below the ${inputs.against ?? 'baseline'}'s by more than ${inputs.maxSliceDrop} (interval entirely below)`;
  const comparison = inputs.evaluation.comparisons.find((c) => c.against === inputs.against);
  if (comparison === undefined) return { name: 'no_weak_slice', passed: false, required, measured: 'no model evaluated on the same test rows to compare slices with' };
  const failing = comparison.slice_regressions;
  if (failing.length === 0) {
    const flagged = inputs.evaluation.slices.filter((s) => s.worse).length;
    return { name: 'no_weak_slice', passed: true, required, measured: `no regression over ${inputs.evaluation.slices.length} slices${flagged === 0 ? '' : ` (${flagged} below this model's overall ROC-AUC: see the report)`}` };
  }
  const list = failing
    .slice(0, 3)
    .map((s) => `${s.feature} = ${s.slice} (${fmt(s.roc_auc.value)} vs ${fmt(s.other_roc_auc)}, ${s.size} rows)`)
    .join('; ');
  return { name: 'no_weak_slice', passed: false, required, measured: `${failing.length} slice(s) regress: ${list}${failing.length > 3 ? '; …' : ''}` };
}

function calibrated(inputs: GateInputs): GateCondition {
  const ece = inputs.evaluation.calibration.ece;
  return {
    name: 'calibrated',
    passed: ece <= inputs.maxEce,
    required: `expected calibration error on test at most ${inputs.maxEce}`,
    measured: `ECE ${fmt(ece)}${ece > inputs.maxEce ? ' (refit with --calibrate platt or isotonic)' : ''}`,
  };
}

function noBlockingFindings(inputs: GateInputs): GateCondition {
  const required = 'no blocking leakage findings on the run\'s snapshot and split, or their risk accepted on the record';
  const n = inputs.blockingFindings.length;
  if (n === 0) return { name: 'no_blocking_findings', passed: true, required, measured: 'none' };
  const open = inputs.blockingFindings.filter((f) => f.accepted !== true);
  if (open.length === 0) return { name: 'no_blocking_findings', passed: true, required, measured: `${n} (${inputs.blockingFindings.map((f) => f.check).join(', ')}), accepted at training: "${inputs.acceptedRisk ?? ''}"` };
  return {
    name: 'no_blocking_findings',
    passed: false,
    required,
    measured: `${open.length} blocking, not accepted: ${open.map((f) => `${f.check}: ${f.message}`).join('; ')} — fix the data and retrain, retrain with --accept-risk "<why>", or promote with --force "<why>" (each recorded)`,
  };
}

export function evaluateGate(inputs: GateInputs): GateResult {
  const conditions = [beatsBaseline(inputs), noWeakSlice(inputs), calibrated(inputs), noBlockingFindings(inputs)];
  return { passed: conditions.every((c) => c.passed), conditions };
}
