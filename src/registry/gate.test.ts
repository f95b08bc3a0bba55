import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { evaluateGate, type GateInputs } from './gate.js';

function inputs(overrides: { gain?: [number, number, number]; ece?: number; regressions?: number; findings?: number; accepted?: string; against?: string } = {}): GateInputs {
  const [value, lo, hi] = overrides.gain ?? [0.03, 0.01, 0.05];
  const comparison: EvaluationResult['comparisons'][number] = {
    against: 'baseline',
    run_id: 'b0b0b0b0-0000',
    roc_auc: { auc_a: 0.8, auc_b: 0.8 + value, difference: value, se: 0.01, z: value / 0.01, p_value: 0.01, ci: [lo, hi] },
    differences: { log_loss: { value: -0.02, ci: [-0.03, -0.01] } },
    slice_regressions: Array.from({ length: overrides.regressions ?? 0 }, (_, i) => ({ feature: 'contract', slice: `level ${i}`, size: 100, roc_auc: { value: 0.6, ci: [0.55, 0.65] as [number, number] }, other_roc_auc: 0.75 })),
  };
  return {
    evaluation: { comparisons: [comparison], slices: [], calibration: { split: 'test', bins: [], ece: overrides.ece ?? 0.02, brier: { value: 0.1, reliability: 0, resolution: 0, uncertainty: 0.1 } }, metrics: { test: { roc_auc: { value: 0.83 } } } },
    against: 'against' in overrides ? overrides.against : 'baseline',
    metric: 'roc_auc',
    higherIsBetter: true,
    minImprovement: 0.01,
    maxSliceDrop: 0.05,
    maxEce: 0.05,
    blockingFindings: Array.from({ length: overrides.findings ?? 0 }, () => ({ check: 'target_leakage', message: 'x predicts the label alone', accepted: overrides.accepted !== undefined })),
    acceptedRisk: overrides.accepted,
  };
}

const failed = (r: ReturnType<typeof evaluateGate>) => r.conditions.filter((c) => !c.passed).map((c) => c.name);

describe('the promotion gate', () => {
  it('passes a model that beats the baseline significantly by the minimum, with no regressions, calibrated, without findings', () => {
    expect(evaluateGate(inputs())).toMatchObject({ passed: true });
  });

  it('fails each condition on its own and says what was measured', () => {
    expect(failed(evaluateGate(inputs({ gain: [0.005, 0.001, 0.009] })))).toEqual(['beats_baseline']);
    expect(failed(evaluateGate(inputs({ gain: [0.03, -0.002, 0.06] })))).toEqual(['beats_baseline']);
    expect(failed(evaluateGate(inputs({ regressions: 2 })))).toEqual(['no_weak_slice']);
    expect(failed(evaluateGate(inputs({ ece: 0.08 })))).toEqual(['calibrated']);
    const blocked = evaluateGate(inputs({ findings: 1 }));
    expect(failed(blocked)).toEqual(['no_blocking_findings']);
    expect(blocked.conditions[3]!.measured).toContain('target_leakage');
    expect(blocked.conditions[3]!.measured).toContain('--accept-risk');
    expect(evaluateGate(inputs({ findings: 1, accepted: 'the column is known at prediction time' })).passed).toBe(true);
    expect(failed(evaluateGate(inputs({ against: undefined })))).toEqual(['beats_baseline', 'no_weak_slice']);
  });

  it('judges a lower-is-better metric by its decrease', () => {
    const base = inputs();
    expect(evaluateGate({ ...base, metric: 'log_loss', higherIsBetter: false, minImprovement: 0.01 }).passed).toBe(true);
    expect(evaluateGate({ ...base, metric: 'log_loss', higherIsBetter: false, minImprovement: 0.05 }).passed).toBe(false);
  });
});
