// How well one column alone separates the classes: an oriented ROC-AUC (numbers by value, with missing
// values placed wherever separates better; categories by their level's positive rate, learned on other
// rows so a level seen once cannot score itself) and "purity", the share of rows in value bins or levels
// that hold one class only, with enough rows that such purity is not luck.

import { isCoded, type Column } from '../../core/frame.js';
import { rocAuc } from '../../evaluation/metrics.js';

/** Numeric columns with more distinct values than this are cut into this many equal-count bins for purity. */
export const PURITY_MAX_BINS = 20;
/** A pure bin counts only when a bin of its size being all one class by chance is this unlikely (at the class's base rate). */
export const PURE_BIN_CHANCE = 0.001;
/** …and only with at least this many rows. */
export const MIN_PURE_BIN_ROWS = 10;
/** Pseudo-rows of the overall positive rate mixed into each level's rate (unseen levels get the overall rate). */
const LEVEL_RATE_PRIOR_ROWS = 1;

export interface NumericOrientation {
  /** Where missing values sit in the ordering. */
  missingAs: 'low' | 'high';
  /** True when larger values mean the positive class. */
  higherIsPositive: boolean;
}

export interface OrientedAuc extends NumericOrientation {
  /** max(AUC, 1 − AUC): how well the column separates, whatever the direction; NaN with one class. */
  auc: number;
  /** Rows with a missing value. */
  missing: number;
}

/** Oriented AUC of a numeric column over `rows` (all rows by default). */
export function numericAuc(values: Float64Array, y: Uint8Array, rows?: ArrayLike<number>): OrientedAuc {
  const { scoresLow, scoresHigh, labels, missing } = numericScores(values, y, rows);
  const low = rocAuc(scoresLow, labels);
  const high = missing > 0 ? rocAuc(scoresHigh, labels) : low;
  // Whichever placement of the missing values separates more (|AUC − 0.5| largest).
  const useHigh = Math.abs(high - 0.5) > Math.abs(low - 0.5);
  const raw = useHigh ? high : low;
  return { auc: Math.max(raw, 1 - raw), missingAs: useHigh ? 'high' : 'low', higherIsPositive: !(raw < 0.5), missing };
}

/** AUC of a numeric column over `rows` with an orientation chosen elsewhere (on training rows). */
export function orientedNumericAuc(values: Float64Array, y: Uint8Array, rows: ArrayLike<number>, orientation: NumericOrientation): number {
  const { scoresLow, scoresHigh, labels } = numericScores(values, y, rows);
  const raw = rocAuc(orientation.missingAs === 'high' ? scoresHigh : scoresLow, labels);
  return orientation.higherIsPositive ? raw : 1 - raw;
}

function numericScores(values: Float64Array, y: Uint8Array, rows?: ArrayLike<number>) {
  const n = rows === undefined ? values.length : rows.length;
  let min = Infinity;
  let max = -Infinity;
  let missing = 0;
  for (let k = 0; k < n; k++) {
    const v = values[rows === undefined ? k : rows[k]!]!;
    if (Number.isNaN(v)) missing++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  // Finite sentinels just outside the observed range (differences of infinities would be NaN in sorts).
  const span = Number.isFinite(max - min) ? max - min : 0;
  const below = Number.isFinite(min) ? min - 1 - span : -1;
  const above = Number.isFinite(max) ? max + 1 + span : 1;
  const scoresLow = new Float64Array(n);
  const scoresHigh = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const row = rows === undefined ? k : rows[k]!;
    const v = values[row]!;
    scoresLow[k] = Number.isNaN(v) ? below : v;
    scoresHigh[k] = Number.isNaN(v) ? above : v;
    labels[k] = y[row]!;
  }
  return { scoresLow, scoresHigh, labels, missing };
}

/**
 * Each row's level positive rate learned on the other folds (missing is a level of its own), so the
 * AUC of these scores is out-of-fold: a level seen on one row only scores the overall rate.
 */
export function outOfFoldLevelScores(codes: Int32Array, nLevels: number, y: Uint8Array, folds: Uint8Array, k: number): Float64Array {
  const slots = nLevels + 1;
  const positives = new Float64Array(slots * k);
  const counts = new Float64Array(slots * k);
  const totalPositives = new Float64Array(slots);
  const totalCounts = new Float64Array(slots);
  let allPositives = 0;
  const foldPositives = new Float64Array(k);
  const foldCounts = new Float64Array(k);
  for (let i = 0; i < codes.length; i++) {
    const slot = codes[i]! + 1;
    const f = folds[i]!;
    counts[f * slots + slot]!++;
    totalCounts[slot]!++;
    foldCounts[f]!++;
    if (y[i] === 1) {
      positives[f * slots + slot]!++;
      totalPositives[slot]!++;
      foldPositives[f]!++;
      allPositives++;
    }
  }
  const scores = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const slot = codes[i]! + 1;
    const f = folds[i]!;
    const prior = (allPositives - foldPositives[f]!) / Math.max(1, codes.length - foldCounts[f]!);
    const pos = totalPositives[slot]! - positives[f * slots + slot]!;
    const count = totalCounts[slot]! - counts[f * slots + slot]!;
    scores[i] = (pos + LEVEL_RATE_PRIOR_ROWS * prior) / (count + LEVEL_RATE_PRIOR_ROWS);
  }
  return scores;
}

/** AUC over `scoreRows` of level positive rates learned on `fitRows` (unseen levels: the overall rate). */
export function levelRateAuc(codes: Int32Array, nLevels: number, y: Uint8Array, fitRows: ArrayLike<number>, scoreRows: ArrayLike<number>): number {
  const positives = new Float64Array(nLevels + 1);
  const counts = new Float64Array(nLevels + 1);
  let allPositives = 0;
  for (let k = 0; k < fitRows.length; k++) {
    const row = fitRows[k]!;
    counts[codes[row]! + 1]!++;
    if (y[row] === 1) {
      positives[codes[row]! + 1]!++;
      allPositives++;
    }
  }
  const prior = allPositives / Math.max(1, fitRows.length);
  const scores = new Float64Array(scoreRows.length);
  const labels = new Uint8Array(scoreRows.length);
  for (let k = 0; k < scoreRows.length; k++) {
    const row = scoreRows[k]!;
    const slot = codes[row]! + 1;
    scores[k] = (positives[slot]! + LEVEL_RATE_PRIOR_ROWS * prior) / (counts[slot]! + LEVEL_RATE_PRIOR_ROWS);
    labels[k] = y[row]!;
  }
  return rocAuc(scores, labels);
}

export interface Purity {
  /** Share of all rows that sit in pure bins (levels). */
  share: number;
  pureBins: number;
  bins: number;
}

/** Share of rows in value bins (levels; missing is one more) that hold one class only, with enough rows to mean it. */
export function purity(column: Column, y: Uint8Array): Purity {
  const { binOf, nBins } = binsOf(column);
  const counts = new Float64Array(nBins);
  const positives = new Float64Array(nBins);
  let allPositives = 0;
  for (let i = 0; i < binOf.length; i++) {
    counts[binOf[i]!]!++;
    if (y[i] === 1) {
      positives[binOf[i]!]!++;
      allPositives++;
    }
  }
  const n = binOf.length;
  const minRows = [minPureRows(1 - allPositives / n), minPureRows(allPositives / n)];
  let pureRows = 0;
  let pureBins = 0;
  let bins = 0;
  for (let b = 0; b < nBins; b++) {
    const count = counts[b]!;
    if (count === 0) continue;
    bins++;
    const pos = positives[b]!;
    const pureClass = pos === 0 ? 0 : pos === count ? 1 : -1;
    if (pureClass >= 0 && count >= minRows[pureClass]!) {
      pureRows += count;
      pureBins++;
    }
  }
  return { share: n === 0 ? 0 : pureRows / n, pureBins, bins };
}

/** Rows a bin needs before being all of a class with base rate `rate` has chance below PURE_BIN_CHANCE. */
function minPureRows(rate: number): number {
  if (rate <= 0) return Infinity;
  if (rate >= 1) return Infinity;
  return Math.max(MIN_PURE_BIN_ROWS, Math.ceil(Math.log(PURE_BIN_CHANCE) / Math.log(rate)));
}

/** Bin of each row: levels for coded columns, else distinct values or equal-count bins; bin 0 holds missing values. */
function binsOf(column: Column): { binOf: Int32Array; nBins: number } {
  if (isCoded(column)) {
    const binOf = new Int32Array(column.codes.length);
    for (let i = 0; i < binOf.length; i++) binOf[i] = column.codes[i]! + 1;
    return { binOf, nBins: column.levels.length + 1 };
  }
  const values = column.values;
  const n = values.length;
  const present: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(values[i]!)) present.push(i);
  present.sort((a, b) => values[a]! - values[b]!);
  let distinct = 0;
  for (let k = 0; k < present.length; k++) if (k === 0 || values[present[k]!] !== values[present[k - 1]!]) distinct++;
  const binOf = new Int32Array(n);
  // With few distinct values each value is a bin; otherwise bins of about n/PURITY_MAX_BINS rows that
  // never split a run of equal values.
  const target = distinct <= PURITY_MAX_BINS ? 1 : Math.ceil(present.length / PURITY_MAX_BINS);
  let bin = 0;
  let inBin = 0;
  for (let k = 0; k < present.length; k++) {
    const changed = k === 0 || values[present[k]!] !== values[present[k - 1]!];
    if (changed && (k === 0 || inBin >= target)) {
      bin++;
      inBin = 0;
    }
    binOf[present[k]!] = bin;
    inBin++;
  }
  return { binOf, nBins: bin + 1 };
}
