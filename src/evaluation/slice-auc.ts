// ROC-AUC of every part of a partition of the rows and of each part's complement (the rest), in one
// pass over the rows in descending score order. The scores are sorted once; a part is the sorted
// rows filtered by key, and bootstrap weights are row multiplicities on that fixed order, so no
// replicate sorts anything. Rest AUCs come from pair counts: pairs(rest) = pairs(all) − pairs with
// the positive in the part − pairs with the negative in the part + pairs inside the part.

import { descendingOrder } from './metrics.js';

/** Rows in descending score order with their tie groups; computed once per score vector. */
export interface RankedRows {
  /** Row at each position. */
  order: Uint32Array;
  /** Label at each position. */
  y: Uint8Array;
  /** Tie groups: positions groupStarts[g] … groupStarts[g + 1] − 1 share one score. */
  groupStarts: Uint32Array;
}

export function rankRows(scores: Float64Array, y: Uint8Array): RankedRows {
  const order = descendingOrder(scores);
  const yByPosition = new Uint8Array(order.length);
  const starts: number[] = [];
  for (let p = 0; p < order.length; p++) {
    yByPosition[p] = y[order[p]!]!;
    if (p === 0 || scores[order[p]!] !== scores[order[p - 1]!]) starts.push(p);
  }
  starts.push(order.length);
  return { order, y: yByPosition, groupStarts: Uint32Array.from(starts) };
}

/** Part keys in position order (keys are given in row order). */
export function keysByPosition(ranked: RankedRows, keys: Int32Array): Int32Array {
  const out = new Int32Array(ranked.order.length);
  for (let p = 0; p < out.length; p++) out[p] = keys[ranked.order[p]!]!;
  return out;
}

/** Per-part results of one pass; NaN where a side has a single class. */
export interface PartAucs {
  auc: Float64Array;
  restAuc: Float64Array;
  positives: Float64Array;
  negatives: Float64Array;
  /** AUC over all rows. */
  overall: number;
}

/** Reusable buffers for `partAucs`, sized for one partition. */
export class PartAucScratch {
  readonly groupPos: Float64Array;
  readonly groupNeg: Float64Array;
  readonly area: Float64Array;
  readonly posLoss: Float64Array;
  readonly negWin: Float64Array;
  readonly touched: Int32Array;
  readonly isTouched: Uint8Array;

  constructor(readonly nParts: number) {
    this.groupPos = new Float64Array(nParts);
    this.groupNeg = new Float64Array(nParts);
    this.area = new Float64Array(nParts);
    this.posLoss = new Float64Array(nParts);
    this.negWin = new Float64Array(nParts);
    this.touched = new Int32Array(nParts);
    this.isTouched = new Uint8Array(nParts);
  }
}

/**
 * AUC of each part and of its rest. `keys` and `weights` are in position order; weights are row
 * multiplicities (undefined = 1). Ties count half, as in rocAuc.
 */
export function partAucs(ranked: RankedRows, keys: Int32Array, scratch: PartAucScratch, weights?: Float64Array, out?: PartAucs): PartAucs {
  const n = scratch.nParts;
  const result = out ?? {
    auc: new Float64Array(n),
    restAuc: new Float64Array(n),
    positives: new Float64Array(n),
    negatives: new Float64Array(n),
    overall: NaN,
  };
  const { groupPos, groupNeg, area, posLoss, negWin, touched, isTouched } = scratch;
  // Running positive and negative weights of each part; while scanning, `positives[k]` is the weight
  // of part k's positives above the current group.
  const positives = result.positives;
  const negatives = result.negatives;
  area.fill(0);
  posLoss.fill(0);
  negWin.fill(0);
  positives.fill(0);
  negatives.fill(0);
  const y = ranked.y;
  const starts = ranked.groupStarts;
  let allPosAbove = 0;
  let allNegAbove = 0;
  for (let g = 0; g + 1 < starts.length; g++) {
    const start = starts[g]!;
    const end = starts[g + 1]!;
    if (end - start === 1) {
      // A score no other row has (the common case): no ties to split, and no branches on the label
      // or on zero weights, which a bootstrap replicate makes unpredictable.
      const w = weights === undefined ? 1 : weights[start]!;
      const k = keys[start]!;
      const wPos = w * y[start]!;
      const wNeg = w - wPos;
      area[k]! += wNeg * positives[k]!;
      negWin[k]! += wNeg * allPosAbove;
      posLoss[k]! += wPos * allNegAbove;
      positives[k]! += wPos;
      negatives[k]! += wNeg;
      allPosAbove += wPos;
      allNegAbove += wNeg;
      continue;
    }
    let nTouched = 0;
    let gPos = 0;
    let gNeg = 0;
    for (let p = start; p < end; p++) {
      const w = weights === undefined ? 1 : weights[p]!;
      const k = keys[p]!;
      if (isTouched[k] === 0) {
        isTouched[k] = 1;
        touched[nTouched++] = k;
      }
      const wPos = w * y[p]!;
      groupPos[k]! += wPos;
      groupNeg[k]! += w - wPos;
      gPos += wPos;
      gNeg += w - wPos;
    }
    for (let t = 0; t < nTouched; t++) {
      const k = touched[t]!;
      const kPos = groupPos[k]!;
      const kNeg = groupNeg[k]!;
      area[k]! += kNeg * (positives[k]! + kPos / 2);
      // Pairs (any positive, negative in k) the positive wins; pairs (positive in k, any negative) it does not.
      negWin[k]! += kNeg * (allPosAbove + gPos / 2);
      posLoss[k]! += kPos * (allNegAbove + gNeg / 2);
      positives[k]! += kPos;
      negatives[k]! += kNeg;
      groupPos[k] = 0;
      groupNeg[k] = 0;
      isTouched[k] = 0;
    }
    allPosAbove += gPos;
    allNegAbove += gNeg;
  }
  const allPos = allPosAbove;
  const allNeg = allNegAbove;
  // Every pair (positive, negative) the positive wins is counted once in negWin of the negative's part.
  let totalArea = 0;
  for (let k = 0; k < n; k++) totalArea += negWin[k]!;
  for (let k = 0; k < n; k++) {
    const kPos = positives[k]!;
    const kNeg = negatives[k]!;
    result.auc[k] = kPos > 0 && kNeg > 0 ? area[k]! / (kPos * kNeg) : NaN;
    const restPos = allPos - kPos;
    const restNeg = allNeg - kNeg;
    const posWin = kPos * allNeg - posLoss[k]!;
    result.restAuc[k] = restPos > 0 && restNeg > 0 ? (totalArea - posWin - negWin[k]! + area[k]!) / (restPos * restNeg) : NaN;
  }
  result.overall = allPos > 0 && allNeg > 0 ? totalArea / (allPos * allNeg) : NaN;
  return result;
}
