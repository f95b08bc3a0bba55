// Choosing the decision threshold on validation rows for the problem card's objective. Candidates are
// the distinct validation scores (flag every row scoring ≥ it) plus "flag nothing", whose value is
// the next double above max(1, highest score), so no probability reaches it.
// Tie rule: among candidates equally good on the objective, the secondary quantity decides (the other
// of precision/recall; fewer rows flagged for cost and F1), then the highest threshold.

import { FlywheelError } from '../core/errors.js';
import type { ThresholdObjective } from './evaluation-result.js';
import { thresholdSweep, type ThresholdSweep } from './threshold-metrics.js';

export interface ThresholdPick {
  value: number;
  /** Whether the objective's constraint was met on validation (always true for cost and F1). */
  feasible: boolean;
  /** How the threshold was chosen, in one sentence. */
  reasoning: string;
}

/** The smallest double greater than x (x finite). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const num = (v: number) => Number(v.toPrecision(4)).toString();

interface Candidate {
  threshold: number;
  tp: number;
  fp: number;
}

/** "Flag nothing" first, then the distinct scores from the highest down. */
function candidates(sweep: ThresholdSweep, maxScore: number): Candidate[] {
  const out: Candidate[] = [{ threshold: nextUp(Math.max(1, maxScore)), tp: 0, fp: 0 }];
  for (let j = 0; j < sweep.thresholds.length; j++) out.push({ threshold: sweep.thresholds[j]!, tp: sweep.tp[j]!, fp: sweep.fp[j]! });
  return out;
}

/** Index of the best candidate by `better(a, b)` (a strictly better than b); earlier (higher) thresholds win ties. */
function best(list: Candidate[], keep: (c: Candidate) => boolean, better: (a: Candidate, b: Candidate) => boolean): Candidate | undefined {
  let chosen: Candidate | undefined;
  for (const c of list) if (keep(c) && (chosen === undefined || better(c, chosen))) chosen = c;
  return chosen;
}

export function chooseThreshold(validScores: Float64Array, validY: Uint8Array, objective: ThresholdObjective): ThresholdPick {
  if (validScores.length === 0) {
    throw new FlywheelError('data_invalid', 'cannot choose a threshold on an empty validation split', { hint: 'check the split settings: the validation split has no rows' });
  }
  const sweep = thresholdSweep(validScores, validY);
  let maxScore = -Infinity;
  for (const s of validScores) maxScore = Math.max(maxScore, s);
  const list = candidates(sweep, maxScore);
  const P = sweep.positives;
  const n = sweep.positives + sweep.negatives;
  if (objective.kind !== 'min_expected_cost' && P === 0) {
    throw new FlywheelError('data_invalid', `cannot choose a threshold for ${objective.kind}: the validation split has no positive rows`, {
      hint: 'use a larger validation split, or choose the threshold by expected cost (problem.costs)',
    });
  }
  const precision = (c: Candidate) => (c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp));
  const recall = (c: Candidate) => c.tp / P;
  const flagged = (c: Candidate) => `flagging ${pct((c.tp + c.fp) / n)} of validation rows`;
  const at = (c: Candidate) => (c.tp + c.fp === 0 ? 'flagging no rows' : `at threshold ${num(c.threshold)}, ${flagged(c)}`);
  const scored = list.slice(1);

  switch (objective.kind) {
    case 'min_expected_cost': {
      const cost = (c: Candidate) => c.fp * objective.false_positive + (P - c.tp) * objective.false_negative;
      const c = best(list, () => true, (a, b) => cost(a) < cost(b) || (cost(a) === cost(b) && a.tp + a.fp < b.tp + b.fp))!;
      return {
        value: c.threshold,
        feasible: true,
        reasoning: `lowest expected cost on validation (false positive ${objective.false_positive}, false negative ${objective.false_negative}): ${num(cost(c) / n)} per row ${at(c)}`,
      };
    }
    case 'recall_at_precision': {
      const p = objective.precision;
      const c = best(scored, (x) => precision(x) >= p, (a, b) => recall(a) > recall(b) || (recall(a) === recall(b) && precision(a) > precision(b)));
      if (c !== undefined) {
        return { value: c.threshold, feasible: true, reasoning: `highest recall on validation with precision ≥ ${p}: recall ${pct(recall(c))}, precision ${pct(precision(c))} ${at(c)}` };
      }
      const f = best(scored, () => true, (a, b) => precision(a) > precision(b) || (precision(a) === precision(b) && recall(a) > recall(b)))!;
      return {
        value: f.threshold,
        feasible: false,
        reasoning: `no threshold reaches precision ${p} on validation; fell back to the best precision, ${pct(precision(f))} (recall ${pct(recall(f))}) ${at(f)}`,
      };
    }
    case 'precision_at_recall': {
      const r = objective.recall;
      const c = best(scored, (x) => recall(x) >= r, (a, b) => precision(a) > precision(b) || (precision(a) === precision(b) && recall(a) > recall(b)));
      if (c !== undefined) {
        return { value: c.threshold, feasible: true, reasoning: `highest precision on validation with recall ≥ ${r}: precision ${pct(precision(c))}, recall ${pct(recall(c))} ${at(c)}` };
      }
      // Unreachable when r ≤ 1 (the lowest threshold flags every row); kept for out-of-range objectives.
      const f = best(scored, () => true, (a, b) => recall(a) > recall(b))!;
      return { value: f.threshold, feasible: false, reasoning: `no threshold reaches recall ${r} on validation; fell back to the best recall, ${pct(recall(f))} ${at(f)}` };
    }
    case 'max_f1': {
      const f1 = (c: Candidate) => (2 * c.tp) / (2 * c.tp + c.fp + (P - c.tp));
      const c = best(scored, () => true, (a, b) => f1(a) > f1(b) || (f1(a) === f1(b) && a.tp + a.fp < b.tp + b.fp))!;
      return { value: c.threshold, feasible: true, reasoning: `highest F1 on validation: ${num(f1(c))} (precision ${pct(precision(c))}, recall ${pct(recall(c))}) ${at(c)}` };
    }
  }
}
