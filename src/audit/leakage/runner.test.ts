import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../../core/errors.js';
import { LEAKAGE_CHECKS, NEEDS, runLeakageAudit, type LeakageCheck } from './index.js';
import { leakageInput, numeric } from './test-frames.js';

const x = numeric('x', [1, 2, 3, 4]);
const fake = (name: string, severities: ('blocking' | 'warning' | 'info')[], needs: LeakageCheck['needs'] = []): LeakageCheck => ({
  name,
  description: name,
  needs,
  run: () => severities.map((severity) => ({ check: name, severity, columns: [], message: name, hint: '', evidence: {} })),
});

describe('the leakage registry', () => {
  it('lists each check once, with a description and needs drawn from the known inputs', () => {
    const names = LEAKAGE_CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(['target_leakage', 'post_outcome_column', 'id_like', 'temporal_leakage', 'group_leakage', 'entity_candidates', 'duplicate_leakage', 'conflicting_labels', 'pipeline_leakage']);
    for (const check of LEAKAGE_CHECKS) {
      expect(check.description.length).toBeGreaterThan(10);
      for (const need of check.needs) expect(NEEDS).toContain(need);
    }
  });
});

describe('runLeakageAudit', () => {
  it('reports every check missing an input in skipped, saying what it needs', () => {
    const report = runLeakageAudit(leakageInput([x]));
    expect(report.skipped).toEqual([
      { check: 'target_leakage', needs: 'a binary target (--target or target: in flywheel.yaml)' },
      { check: 'post_outcome_column', needs: 'a prediction-time column (the datetime at which each prediction is made)' },
      { check: 'id_like', needs: 'a binary target (--target or target: in flywheel.yaml)' },
      { check: 'temporal_leakage', needs: 'a time column (--time or role: time) and a train/valid/test split' },
      { check: 'group_leakage', needs: 'an entity column (--entity or role: entity) and a train/valid/test split' },
      { check: 'duplicate_leakage', needs: 'a train/valid/test split' },
      { check: 'conflicting_labels', needs: 'a binary target (--target or target: in flywheel.yaml)' },
    ]);
    expect(report.findings.map((f) => f.check)).toEqual(['pipeline_leakage']);
  });

  it('sorts findings most severe first, keeping registry order within a severity', () => {
    const report = runLeakageAudit(leakageInput([x]), [fake('a', ['info', 'warning']), fake('b', ['blocking', 'info']), fake('c', ['warning'])]);
    expect(report.findings.map((f) => `${f.severity}:${f.check}`)).toEqual(['blocking:b', 'warning:a', 'warning:c', 'info:a', 'info:b']);
  });

  it('runs a check once its needs are given', () => {
    const check = fake('needs_time', ['warning'], ['time', 'split']);
    const input = leakageInput([x], { time: 'x', split: { assignment: new Uint8Array(4), method: 'temporal' } });
    expect(runLeakageAudit(input, [check])).toEqual({ findings: [expect.objectContaining({ check: 'needs_time' })], skipped: [] });
  });

  it('refuses a split or target made for other data, and names a missing time column', () => {
    expect(() => runLeakageAudit(leakageInput([x], { split: { assignment: new Uint8Array(3), method: 'stratified' } }))).toThrow(/assigns 3 rows but the data has 4/);
    expect(() => runLeakageAudit(leakageInput([x], { y: [0, 1] }))).toThrow(/2 labels but the data has 4/);
    expect(() => runLeakageAudit(leakageInput([x], { time: 'signup' }))).toThrow(FlywheelError);
  });

  it('returns plain JSON', () => {
    const input = leakageInput([x, numeric('y_copy', [0, 1, 0, 1])], { y: [0, 1, 0, 1] });
    const report = runLeakageAudit(input);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
