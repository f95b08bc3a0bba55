import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ThresholdObjective } from './evaluation-result.js';
import { chooseThreshold, nextUp } from './threshold.js';
import { confusionAt, expectedCost, f1At } from './threshold-metrics.js';

interface Case {
  name: string;
  scores: number[];
  y: number[];
  costs: { false_positive: number; false_negative: number };
  best_cost_per_row: number;
  best_f1: number;
}
const reference = JSON.parse(readFileSync(new URL('../../test/reference/evaluation.json', import.meta.url), 'utf8')) as { cases: Case[] };

function randomCase(n: number, seed: number, decimals: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const y = Uint8Array.from({ length: n }, () => (next() < 0.3 ? 1 : 0));
  const scale = 10 ** decimals;
  const scores = Float64Array.from(y, (label) => Math.round((0.7 * next() + 0.25 * label) * scale) / scale);
  return { scores, y };
}

/** Every candidate scored from scratch with confusionAt: the distinct scores, highest first, after "flag nothing". */
function bruteForce(scores: Float64Array, y: Uint8Array, objective: ThresholdObjective): { value: number; feasible: boolean } {
  const distinct = [...new Set(scores)].sort((a, b) => b - a);
  const nothing = nextUp(Math.max(1, ...scores));
  const rows = [nothing, ...distinct].map((t) => {
    const c = confusionAt(scores, y, t);
    return { t, c, precision: c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp), recall: c.tp / (c.tp + c.fn), flagged: c.tp + c.fp };
  });
  // Lexicographic keys, larger is better; the first (highest) threshold wins full ties.
  const pick = (list: typeof rows, key: (r: (typeof rows)[number]) => number[]) => {
    let best = list[0]!;
    for (const r of list.slice(1)) {
      const a = key(r);
      const b = key(best);
      const i = a.findIndex((v, j) => v !== b[j]);
      if (i >= 0 && a[i]! > b[i]!) best = r;
    }
    return best.t;
  };
  switch (objective.kind) {
    case 'min_expected_cost':
      return { value: pick(rows, (r) => [-(r.c.fp * objective.false_positive + r.c.fn * objective.false_negative), -r.flagged]), feasible: true };
    case 'max_f1':
      return { value: pick(rows.slice(1), (r) => [(2 * r.c.tp) / (2 * r.c.tp + r.c.fp + r.c.fn), -r.flagged]), feasible: true };
    case 'recall_at_precision': {
      const ok = rows.slice(1).filter((r) => r.precision >= objective.precision);
      if (ok.length > 0) return { value: pick(ok, (r) => [r.recall, r.precision]), feasible: true };
      return { value: pick(rows.slice(1), (r) => [r.precision, r.recall]), feasible: false };
    }
    case 'precision_at_recall':
      return { value: pick(rows.slice(1).filter((r) => r.recall >= objective.recall), (r) => [r.precision, r.recall]), feasible: true };
  }
}

const objectives: ThresholdObjective[] = [
  { kind: 'min_expected_cost', false_positive: 1, false_negative: 4 },
  { kind: 'min_expected_cost', false_positive: 3, false_negative: 3 },
  { kind: 'min_expected_cost', false_positive: 50, false_negative: 1 },
  { kind: 'max_f1' },
  { kind: 'recall_at_precision', precision: 0.6 },
  { kind: 'recall_at_precision', precision: 0.8 },
  { kind: 'recall_at_precision', precision: 0.999 },
  { kind: 'precision_at_recall', recall: 0.5 },
  { kind: 'precision_at_recall', recall: 0.9 },
];

describe('chooseThreshold', () => {
  it('picks what a brute force over every candidate picks, on random data with and without ties', () => {
    for (const [seed, decimals] of [
      [11, 1],
      [12, 2],
      [13, 6],
      [14, 2],
    ] as const) {
      const { scores, y } = randomCase(150, seed, decimals);
      for (const objective of objectives) {
        const chosen = chooseThreshold(scores, y, objective);
        expect({ kind: objective.kind, value: chosen.value, feasible: chosen.feasible }).toEqual({ kind: objective.kind, ...bruteForce(scores, y, objective) });
      }
    }
  });

  it('reaches the lowest cost and highest F1 that scikit-learn finds over the same candidates', () => {
    for (const c of reference.cases) {
      const scores = Float64Array.from(c.scores);
      const y = Uint8Array.from(c.y);
      const cost = chooseThreshold(scores, y, { kind: 'min_expected_cost', ...c.costs });
      expect(Math.abs(expectedCost(scores, y, cost.value, c.costs).per_row - c.best_cost_per_row)).toBeLessThan(1e-12);
      const f1 = chooseThreshold(scores, y, { kind: 'max_f1' });
      expect(Math.abs(f1At(scores, y, f1.value)! - c.best_f1)).toBeLessThan(1e-12);
    }
  });

  it('flags nothing, above every probability, when every false positive costs more than all misses', () => {
    const scores = Float64Array.from([0.2, 0.9, 1, 0.4]);
    const y = Uint8Array.from([0, 1, 0, 0]);
    const chosen = chooseThreshold(scores, y, { kind: 'min_expected_cost', false_positive: 10, false_negative: 1 });
    expect(chosen.value).toBeGreaterThan(1);
    expect(confusionAt(scores, y, chosen.value)).toEqual({ tp: 0, fp: 0, tn: 3, fn: 1 });
    expect(chosen.reasoning).toBe('lowest expected cost on validation (false positive 10, false negative 1): 0.25 per row flagging no rows');
  });

  it('says when the precision constraint cannot be met and falls back to the best precision', () => {
    const scores = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5]);
    const y = Uint8Array.from([0, 1, 0, 1, 1]);
    const chosen = chooseThreshold(scores, y, { kind: 'recall_at_precision', precision: 0.9 });
    expect(chosen.feasible).toBe(false);
    expect(chosen.value).toBe(0.5);
    expect(chosen.reasoning).toBe('no threshold reaches precision 0.9 on validation; fell back to the best precision, 60.0% (recall 100.0%) at threshold 0.5, flagging 100.0% of validation rows');
  });

  it('refuses precision and recall objectives without positive rows', () => {
    const scores = Float64Array.from([0.1, 0.2]);
    const y = Uint8Array.from([0, 0]);
    expect(() => chooseThreshold(scores, y, { kind: 'max_f1' })).toThrow('cannot choose a threshold for max_f1: the validation split has no positive rows');
    expect(chooseThreshold(scores, y, { kind: 'min_expected_cost', false_positive: 1, false_negative: 1 }).value).toBeGreaterThan(1);
  });
});

describe('nextUp', () => {
  it('gives the next double', () => {
    expect(nextUp(1)).toBe(1 + Number.EPSILON);
    expect(nextUp(0.5)).toBe(0.5 + Number.EPSILON / 2);
    expect(nextUp(-1)).toBe(-1 + Number.EPSILON / 2);
    expect(nextUp(0)).toBe(Number.MIN_VALUE);
  });
});
