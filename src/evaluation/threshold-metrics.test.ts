import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlywheelError } from '../core/errors.js';
import { rocAuc } from './metrics.js';
import {
  accuracyAt,
  balancedAccuracyAt,
  cardMetric,
  confusionAt,
  expectedCost,
  f1At,
  liftAtK,
  precisionAt,
  precisionAtK,
  precisionAtRecall,
  recallAt,
  recallAtPrecision,
  thresholdConsequences,
} from './threshold-metrics.js';

interface AtThreshold {
  threshold: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  accuracy: number;
  balanced_accuracy: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  cost_total: number;
}
interface Case {
  name: string;
  scores: number[];
  y: number[];
  costs: { false_positive: number; false_negative: number };
  at_threshold: AtThreshold[];
  recall_at_precision: { p: number; value: number }[];
  precision_at_recall: { r: number; value: number }[];
  precision_at_k: { k: number; value: number; lift: number }[];
  roc_auc: number;
}
const reference = JSON.parse(readFileSync(new URL('../../test/reference/evaluation.json', import.meta.url), 'utf8')) as { cases: Case[] };

const close = (actual: number | null, expected: number | null, tolerance = 1e-9) => {
  if (expected === null) expect(actual).toBeNull();
  else expect(Math.abs(actual! - expected)).toBeLessThan(tolerance);
};

describe('threshold metrics agree with scikit-learn to 1e-9 (test/reference/evaluation.json from scripts/reference/evaluation.py)', () => {
  for (const c of reference.cases) {
    const scores = Float64Array.from(c.scores);
    const y = Uint8Array.from(c.y);
    it(`${c.name}: confusion counts, rates and cost at several thresholds`, () => {
      for (const r of c.at_threshold) {
        expect(confusionAt(scores, y, r.threshold)).toEqual(r.confusion);
        close(accuracyAt(scores, y, r.threshold), r.accuracy);
        close(balancedAccuracyAt(scores, y, r.threshold), r.balanced_accuracy);
        close(precisionAt(scores, y, r.threshold), r.precision);
        close(recallAt(scores, y, r.threshold), r.recall);
        close(f1At(scores, y, r.threshold), r.f1);
        const cost = expectedCost(scores, y, r.threshold, c.costs);
        close(cost.total, r.cost_total);
        close(cost.per_row, r.cost_total / y.length);
      }
    });
    it(`${c.name}: recall at precision and precision at recall over the precision-recall curve`, () => {
      for (const r of c.recall_at_precision) close(recallAtPrecision(scores, y, r.p), r.value);
      for (const r of c.precision_at_recall) close(precisionAtRecall(scores, y, r.r), r.value);
    });
    it(`${c.name}: precision and lift at k rows or a share of rows`, () => {
      for (const r of c.precision_at_k) {
        close(precisionAtK(scores, y, r.k), r.value);
        close(liftAtK(scores, y, r.k), r.lift);
      }
    });
    it(`${c.name}: card metrics dispatch to the same values`, () => {
      close(cardMetric({ name: 'roc_auc' }, scores, y), c.roc_auc);
      close(cardMetric({ name: 'recall_at_precision', param: c.recall_at_precision[1]!.p }, scores, y), c.recall_at_precision[1]!.value);
      close(cardMetric({ name: 'precision_at_recall', param: c.precision_at_recall[1]!.r }, scores, y), c.precision_at_recall[1]!.value);
      close(cardMetric({ name: 'precision_at_k', param: c.precision_at_k[3]!.k }, scores, y), c.precision_at_k[3]!.value);
      const r = c.at_threshold[2]!;
      close(cardMetric({ name: 'expected_cost' }, scores, y, { threshold: r.threshold, costs: c.costs }), r.cost_total / y.length);
    });
  }
});

/** Deterministic pseudo-random scores with many ties, labels and integer weights. */
function randomCase(n: number, seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const y = Uint8Array.from({ length: n }, () => (next() < 0.35 ? 1 : 0));
  const scores = Float64Array.from(y, (label) => Math.round((0.6 * next() + 0.3 * label) * 20) / 20);
  const w = Float64Array.from({ length: n }, () => Math.floor(next() * 4));
  return { scores, y, w };
}

function repeatRows(scores: Float64Array, y: Uint8Array, w: Float64Array) {
  const s: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < w.length; i++) {
    for (let r = 0; r < w[i]!; r++) {
      s.push(scores[i]!);
      labels.push(y[i]!);
    }
  }
  return { scores: Float64Array.from(s), y: Uint8Array.from(labels) };
}

describe('weights act as row multiplicities', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the metrics of the repeated rows (seed ${seed}), zero weights included`, () => {
      const { scores, y, w } = randomCase(120, seed);
      const repeated = repeatRows(scores, y, w);
      const costs = { false_positive: 1, false_negative: 3 };
      for (const t of [0.2, 0.45, 0.7]) {
        expect(confusionAt(scores, y, t, w)).toEqual(confusionAt(repeated.scores, repeated.y, t));
        expect(thresholdConsequences(scores, y, t, costs, w)).toEqual(thresholdConsequences(repeated.scores, repeated.y, t, costs));
      }
      for (const p of [0.4, 0.6, 0.9]) expect(recallAtPrecision(scores, y, p, w)).toBeCloseTo(recallAtPrecision(repeated.scores, repeated.y, p), 12);
      for (const r of [0.3, 0.7, 1]) expect(precisionAtRecall(scores, y, r, w)).toBeCloseTo(precisionAtRecall(repeated.scores, repeated.y, r), 12);
      for (const k of [1, 7, 40, 0.1, 0.5]) expect(precisionAtK(scores, y, k, w)).toBeCloseTo(precisionAtK(repeated.scores, repeated.y, k), 12);
      expect(cardMetric({ name: 'expected_cost' }, scores, y, { threshold: 0.5, costs, w })).toBeCloseTo(expectedCost(repeated.scores, repeated.y, 0.5, costs).per_row, 12);
      expect(cardMetric({ name: 'roc_auc' }, scores, y, { w })).toBeCloseTo(rocAuc(repeated.scores, repeated.y), 12);
    });
  }
});

describe('precision and recall constraints', () => {
  it('match a brute force over every distinct score', () => {
    for (const seed of [4, 5, 6]) {
      const { scores, y } = randomCase(200, seed);
      const thresholds = [...new Set(scores)];
      const points = thresholds.map((t) => ({ p: precisionAt(scores, y, t)!, r: recallAt(scores, y, t)! }));
      for (const p of [0.4, 0.55, 0.7, 0.9, 1]) {
        expect(recallAtPrecision(scores, y, p)).toBe(Math.max(0, ...points.filter((x) => x.p >= p).map((x) => x.r)));
      }
      for (const r of [0.2, 0.5, 0.8, 1]) {
        expect(precisionAtRecall(scores, y, r)).toBe(Math.max(...points.filter((x) => x.r >= r).map((x) => x.p)));
      }
    }
  });

  it('are NaN without positive rows and reject a precision outside (0, 1]', () => {
    const scores = Float64Array.from([0.2, 0.4]);
    const none = Uint8Array.from([0, 0]);
    expect(recallAtPrecision(scores, none, 0.5)).toBeNaN();
    expect(precisionAtRecall(scores, none, 0.5)).toBeNaN();
    expect(() => recallAtPrecision(scores, Uint8Array.from([0, 1]), 1.5)).toThrow(/precision of recall_at_precision must be in \(0, 1\] \(found 1.5\)/);
  });
});

describe('precision at k', () => {
  const scores = Float64Array.from([0.9, 0.8, 0.8, 0.8, 0.1]);
  const y = Uint8Array.from([1, 0, 1, 1, 0]);

  it('shares the places left at the k-th score among the tied rows, whatever their order', () => {
    // Top 2: the 0.9 row (positive) and one of three tied rows, two of them positive.
    expect(precisionAtK(scores, y, 2)).toBeCloseTo((1 + 2 / 3) / 2, 15);
    const reversed = { scores: scores.slice().reverse(), y: y.slice().reverse() };
    expect(precisionAtK(reversed.scores, reversed.y, 2)).toBeCloseTo(precisionAtK(scores, y, 2), 15);
  });

  it('reads a share of rows as ⌈k·n⌉ rows and caps k at the number of rows', () => {
    expect(precisionAtK(scores, y, 0.2)).toBe(1);
    expect(precisionAtK(scores, y, 0.5)).toBeCloseTo(precisionAtK(scores, y, 3), 15);
    expect(precisionAtK(scores, y, 50)).toBeCloseTo(3 / 5, 15);
    expect(liftAtK(scores, y, 1)).toBeCloseTo(5 / 3, 15);
  });

  it('rejects k that is neither a row count nor a share, saying how to write it', () => {
    for (const k of [0, -1, 2.5]) expect(() => precisionAtK(scores, y, k)).toThrow(FlywheelError);
    try {
      precisionAtK(scores, y, 2.5);
    } catch (error) {
      expect((error as FlywheelError).hint).toBe('write ml_metric: precision_at_k(100) for the top 100 rows or precision_at_k(0.05) for the top 5%');
    }
  });
});

describe('threshold consequences', () => {
  it('report null precision when nothing is flagged and null cost without costs', () => {
    const scores = Float64Array.from([0.1, 0.3, 0.6, 0.8]);
    const y = Uint8Array.from([0, 1, 0, 1]);
    const none = thresholdConsequences(scores, y, 0.9);
    expect(none).toEqual({
      rows: 4,
      confusion: { tp: 0, fp: 0, tn: 2, fn: 2 },
      accuracy: 0.5,
      balanced_accuracy: 0.5,
      precision: null,
      recall: 0,
      f1: 0,
      flagged_share: 0,
      cost: null,
    });
    const some = thresholdConsequences(scores, y, 0.3, { false_positive: 2, false_negative: 10 });
    expect(some.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 0 });
    expect(some.cost).toEqual({ total: 2, per_row: 0.5 });
    expect(some.flagged_share).toBe(0.75);
  });

  it('give recall and F1 null only when the labels hold no positive', () => {
    const c = thresholdConsequences(Float64Array.from([0.2, 0.7]), Uint8Array.from([0, 0]), 0.9);
    expect([c.precision, c.recall, c.f1, c.balanced_accuracy]).toEqual([null, null, null, 1]);
  });
});

describe('card metrics', () => {
  const scores = Float64Array.from([0.1, 0.3, 0.6, 0.8]);
  const y = Uint8Array.from([0, 1, 0, 1]);

  it('name the known metrics when the name is unknown', () => {
    expect(() => cardMetric({ name: 'accuracy' }, scores, y)).toThrow('unknown metric "accuracy"; the metrics are roc_auc, average_precision, log_loss, recall_at_precision, precision_at_recall, precision_at_k, expected_cost');
  });

  it('ask for the value a metric takes and for the costs of expected_cost', () => {
    expect(() => cardMetric({ name: 'recall_at_precision' }, scores, y)).toThrow('recall_at_precision needs its value in parentheses');
    expect(() => cardMetric({ name: 'expected_cost' }, scores, y, { threshold: 0.5 })).toThrow(/needs a decision threshold and the problem card's costs/);
  });

  it('reject scores and labels of different lengths', () => {
    expect(() => cardMetric({ name: 'roc_auc' }, scores, y.subarray(0, 3))).toThrow('scores, labels and weights must have one entry per row (found 4 scores, 3 labels)');
  });
});
