// id_like: an identifier — a column of (nearly) all-unique strings or integers, or a number that rises
// (or falls) strictly with the row index — that predicts the target better than chance. Ids carry no
// signal unless they were assigned in an order tied to the outcome (rows numbered after sorting by
// label, an id that encodes the label, sign-up order in a churn table), and then they leak.
// Continuous measurements (telco's total_charges, 93% unique but not integers) are not ids.

import { isCoded, type Column } from '../../core/frame.js';
import { ID_DISTINCT_SHARE, MIN_ROWS_FOR_ID, type SchemaColumn } from '../../data/infer.js';
import { Rng } from '../../core/rng.js';
import { metricsWithIntervals } from '../../evaluation/bootstrap.js';
import { isModelInput, rounded, targetOf } from './check-inputs.js';
import { sampleRows } from './sample-rows.js';
import type { Finding, LeakageCheck, LeakageInput } from './types.js';

/** Integer columns with at least this share of distinct values (among present ones) are id-like. */
export const NEARLY_UNIQUE_INTEGERS = 0.99;
/** AUC at or above which an id the model reads as a feature is blocking (below: warning). */
export const ID_BLOCKING_AUC = 0.7;
/** Bootstrap replicates and level of the AUC interval that must exclude 0.5. */
export const ID_BOOTSTRAP_REPLICATES = 200;
export const ID_INTERVAL_LEVEL = 0.95;
/** The AUC and its interval are computed on at most this many rows (a seeded sample). */
export const ID_MAX_ROWS = 20_000;

type IdReason = 'id_type' | 'nearly_unique' | 'monotone_row_number';

interface IdCandidate {
  column: Column;
  reason: IdReason;
  distinctShare: number;
  present: number;
}

export const idLike: LeakageCheck = {
  name: 'id_like',
  description: 'an identifier or row number that predicts the target better than chance',
  needs: ['target'],
  run(input: LeakageInput): Finding[] {
    const y = targetOf(input).y;
    const findings: Finding[] = [];
    for (const schemaColumn of input.schema) {
      if (schemaColumn.role === 'target' || schemaColumn.role === 'time' || schemaColumn.role === 'entity' || !input.frame.has(schemaColumn.name)) continue;
      const candidate = idCandidate(input.frame.column(schemaColumn.name), schemaColumn);
      if (candidate === undefined) continue;
      const found = judge(candidate, schemaColumn, y, input.seed);
      if (found !== undefined) findings.push(found);
    }
    return findings;
  },
};

function idCandidate(column: Column, schemaColumn: SchemaColumn): IdCandidate | undefined {
  if (isCoded(column)) {
    if (column.type === 'text') return undefined;
    const rank = naturalRanks(column.levels);
    let increasing = true;
    let decreasing = true;
    let previous = -1;
    const seen = new Uint8Array(column.levels.length);
    let present = 0;
    let distinct = 0;
    for (const code of column.codes) {
      if (code < 0) continue;
      present++;
      if (seen[code] === 0) {
        seen[code] = 1;
        distinct++;
      }
      if (previous >= 0) {
        if (!(rank[code]! > previous)) increasing = false;
        if (!(rank[code]! < previous)) decreasing = false;
      }
      previous = rank[code]!;
    }
    if (present < MIN_ROWS_FOR_ID) return undefined;
    const distinctShare = distinct / present;
    if (increasing || decreasing) return { column, reason: 'monotone_row_number', distinctShare, present };
    if (schemaColumn.type === 'id') return { column, reason: 'id_type', distinctShare, present };
    if (distinctShare >= ID_DISTINCT_SHARE) return { column, reason: 'nearly_unique', distinctShare, present };
    return undefined;
  }
  if (column.type !== 'numeric') return undefined;
  const present: number[] = [];
  let integer = true;
  let increasing = true;
  let decreasing = true;
  let previous = NaN;
  for (const v of column.values) {
    if (Number.isNaN(v)) continue;
    if (!Number.isInteger(v)) integer = false;
    if (!Number.isNaN(previous)) {
      if (!(v > previous)) increasing = false;
      if (!(v < previous)) decreasing = false;
    }
    previous = v;
    present.push(v);
  }
  if (present.length < MIN_ROWS_FOR_ID) return undefined;
  if (increasing || decreasing) return { column, reason: 'monotone_row_number', distinctShare: 1, present: present.length };
  if (!integer) return undefined;
  present.sort((a, b) => a - b);
  let distinct = 0;
  for (let k = 0; k < present.length; k++) if (k === 0 || present[k] !== present[k - 1]) distinct++;
  const distinctShare = distinct / present.length;
  if (distinctShare >= NEARLY_UNIQUE_INTEGERS) return { column, reason: schemaColumn.type === 'id' ? 'id_type' : 'nearly_unique', distinctShare, present: present.length };
  return undefined;
}

const NATURAL = new Intl.Collator('en', { numeric: true });

/** Each level's position in natural order (C-9 before C-10; numbers written as text by value). */
function naturalRanks(levels: readonly string[]): Float64Array {
  const order = levels.map((_, i) => i).sort((a, b) => NATURAL.compare(levels[a]!, levels[b]!));
  const rank = new Float64Array(levels.length);
  order.forEach((level, r) => (rank[level] = r));
  return rank;
}

/**
 * Scores by the id's own order (numbers by value, text in natural order) over the rows where it is
 * present, at most ID_MAX_ROWS of them (a seeded sample: the bootstrap holds one weight vector per replicate).
 */
function idScores(column: Column, y: Uint8Array, seed: number): { scores: Float64Array; labels: Uint8Array } {
  const present: number[] = [];
  const rank = isCoded(column) ? naturalRanks(column.levels) : undefined;
  for (let i = 0; i < y.length; i++) {
    if (isCoded(column) ? column.codes[i]! >= 0 : !Number.isNaN(column.values[i]!)) present.push(i);
  }
  const rows = sampleRows(Uint32Array.from(present), ID_MAX_ROWS, new Rng(seed));
  const scores = new Float64Array(rows.length);
  const labels = new Uint8Array(rows.length);
  rows.forEach((row, k) => {
    scores[k] = isCoded(column) ? rank![column.codes[row]!]! : column.values[row]!;
    labels[k] = y[row]!;
  });
  return { scores, labels };
}

function judge(candidate: IdCandidate, schemaColumn: SchemaColumn, y: Uint8Array, seed: number): Finding | undefined {
  const name = candidate.column.name;
  const { scores, labels } = idScores(candidate.column, y, seed);
  const auc = metricsWithIntervals(['roc_auc'], scores, labels, { seed, replicates: ID_BOOTSTRAP_REPLICATES, level: ID_INTERVAL_LEVEL }).roc_auc!;
  const base = { reason: candidate.reason, distinct_share: rounded(candidate.distinctShare), rows: candidate.present, rows_scored: scores.length, used_as_feature: isModelInput(schemaColumn) };
  if (auc.ci === undefined || !Number.isFinite(auc.value)) {
    return {
      check: 'id_like',
      severity: 'info',
      columns: [name],
      message: `"${name}" looks like an identifier, but its rows hold too few of each class to tell whether it predicts the target`,
      hint: 'check by hand how the ids were assigned',
      evidence: { ...base, status: 'insufficient_data' },
    };
  }
  const [lo, hi] = auc.ci;
  if (lo <= 0.5 && hi >= 0.5) return undefined;
  // Oriented: an id whose low values mean the positive class leaks as much as one whose high values do.
  const flipped = auc.value < 0.5;
  const value = flipped ? 1 - auc.value : auc.value;
  const ci: [number, number] = flipped ? [1 - hi, 1 - lo] : [lo, hi];
  const used = isModelInput(schemaColumn);
  const severity = used && value >= ID_BLOCKING_AUC ? 'blocking' : 'warning';
  const what = candidate.reason === 'monotone_row_number' ? 'a row number (it rises strictly with the row index)' : `an identifier (${Math.round(100 * candidate.distinctShare)}% unique values)`;
  return {
    check: 'id_like',
    severity,
    columns: [name],
    message: `"${name}" is ${what}, yet its order predicts the target with ROC-AUC ${value.toFixed(3)} (95% interval ${ci[0].toFixed(3)}–${ci[1].toFixed(3)}, excluding chance)${used ? ' and the model reads it as a feature' : ''}: the ids were assigned in an order tied to the outcome`,
    hint: used
      ? `set "${name}" to role: ignore (or type: id) in flywheel.yaml, and find out how the rows were numbered or sorted`
      : `"${name}" is not a feature, but rows were numbered or sorted by something tied to the outcome: check that no feature was built from that order, and shuffle before splitting`,
    evidence: { ...base, auc: rounded(value), ci: [rounded(ci[0]), rounded(ci[1])], direction: flipped ? 'lower_is_positive' : 'higher_is_positive' },
  };
}
