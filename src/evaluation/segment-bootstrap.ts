// Bootstrap of the top segments, which overlap (they come from different feature pairs). Rows are
// grouped into atoms, the sets of rows that belong to the same segments; resampling within every
// (atom, class) stratum resamples each segment and its rest independently, stratified by class, and
// one pass per replicate serves every segment instead of one pass per feature pair.

import { Rng } from '../core/rng.js';
import type { RankedRows } from './slice-auc.js';
import type { PartitionReplicates } from './slice-bootstrap.js';

/** Which atom each position is in, and which cells each atom belongs to. */
interface Atoms {
  atomOf: Int32Array;
  /** Cells of atom a: cells[cellStarts[a] … cellStarts[a + 1] − 1]. */
  cellStarts: Int32Array;
  cells: Int32Array;
  count: number;
}

/**
 * `replicates` resamples of overlapping cells, given as membership flags in position order. The
 * random numbers are drawn as `bootstrapPartitions` draws them: one block of n per replicate.
 */
/** Replicate r of cell c at [r · nParts + c], cells in the order given. */
export function bootstrapCells(ranked: RankedRows, members: readonly Uint8Array[], replicates: number, seed: number): PartitionReplicates {
  const n = ranked.order.length;
  const nCells = members.length;
  const atoms = atomsOf(members, n);
  const nStrata = 2 * atoms.count;
  const offsets = new Uint32Array(nStrata + 1);
  for (let p = 0; p < n; p++) offsets[2 * atoms.atomOf[p]! + ranked.y[p]! + 1]!++;
  for (let s = 0; s < nStrata; s++) offsets[s + 1]! += offsets[s]!;
  const strata = new Uint32Array(n);
  const fill = offsets.slice(0, nStrata);
  for (let p = 0; p < n; p++) strata[fill[2 * atoms.atomOf[p]! + ranked.y[p]!]!++] = p;

  const auc = new Float64Array(replicates * nCells);
  const restAuc = new Float64Array(replicates * nCells);
  const pass = new CellPass(nCells);
  const rng = new Rng(seed);
  const uniform = new Uint32Array(n);
  const weights = new Float64Array(n);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < n; i++) uniform[i] = rng.nextUint32();
    weights.fill(0);
    for (let s = 0; s < nStrata; s++) {
      const start = offsets[s]!;
      const size = offsets[s + 1]! - start;
      for (let j = 0; j < size; j++) {
        const p = strata[start + ((uniform[start + j]! * size * 2.3283064365386963e-10) | 0)]!;
        weights[p] = weights[p]! + 1;
      }
    }
    pass.run(ranked, atoms, weights);
    auc.set(pass.auc, r * nCells);
    restAuc.set(pass.restAuc, r * nCells);
  }
  return { auc, restAuc, nParts: nCells };
}

/** AUC of each (possibly overlapping) cell and of its rest for one weighting of the rows (position order). */
export function cellAucs(ranked: RankedRows, members: readonly Uint8Array[], weights: Float64Array): { auc: Float64Array; restAuc: Float64Array } {
  const pass = new CellPass(members.length);
  pass.run(ranked, atomsOf(members, ranked.order.length), weights);
  return { auc: pass.auc, restAuc: pass.restAuc };
}

function atomsOf(members: readonly Uint8Array[], n: number): Atoms {
  const ids = new Map<string, number>();
  const atomOf = new Int32Array(n);
  const patterns: number[][] = [];
  for (let p = 0; p < n; p++) {
    const cells: number[] = [];
    for (let c = 0; c < members.length; c++) if (members[c]![p] === 1) cells.push(c);
    const key = cells.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = patterns.length;
      ids.set(key, id);
      patterns.push(cells);
    }
    atomOf[p] = id;
  }
  const cellStarts = new Int32Array(patterns.length + 1);
  patterns.forEach((cells, a) => (cellStarts[a + 1] = cellStarts[a]! + cells.length));
  return { atomOf, cellStarts, cells: Int32Array.from(patterns.flat()), count: patterns.length };
}

/** AUC of each cell and of its rest in one pass; the pair counting of `partAucs`, for overlapping cells. */
class CellPass {
  readonly auc: Float64Array;
  readonly restAuc: Float64Array;
  private readonly positives: Float64Array;
  private readonly negatives: Float64Array;
  private readonly area: Float64Array;
  private readonly posLoss: Float64Array;
  private readonly negWin: Float64Array;
  private readonly groupPos: Float64Array;
  private readonly groupNeg: Float64Array;
  private readonly touched: Int32Array;
  private readonly isTouched: Uint8Array;

  constructor(private readonly nCells: number) {
    this.auc = new Float64Array(nCells);
    this.restAuc = new Float64Array(nCells);
    this.positives = new Float64Array(nCells);
    this.negatives = new Float64Array(nCells);
    this.area = new Float64Array(nCells);
    this.posLoss = new Float64Array(nCells);
    this.negWin = new Float64Array(nCells);
    this.groupPos = new Float64Array(nCells);
    this.groupNeg = new Float64Array(nCells);
    this.touched = new Int32Array(nCells);
    this.isTouched = new Uint8Array(nCells);
  }

  run(ranked: RankedRows, atoms: Atoms, weights: Float64Array): void {
    const { positives, negatives, area, posLoss, negWin, groupPos, groupNeg, touched, isTouched } = this;
    positives.fill(0);
    negatives.fill(0);
    area.fill(0);
    posLoss.fill(0);
    negWin.fill(0);
    const { atomOf, cellStarts, cells } = atoms;
    const y = ranked.y;
    const starts = ranked.groupStarts;
    let allPosAbove = 0;
    let allNegAbove = 0;
    // Cells need not cover the rows, so the total area is counted directly.
    let totalArea = 0;
    for (let g = 0; g + 1 < starts.length; g++) {
      let nTouched = 0;
      let gPos = 0;
      let gNeg = 0;
      for (let p = starts[g]!; p < starts[g + 1]!; p++) {
        const w = weights[p]!;
        const wPos = w * y[p]!;
        gPos += wPos;
        gNeg += w - wPos;
        const atom = atomOf[p]!;
        for (let i = cellStarts[atom]!; i < cellStarts[atom + 1]!; i++) {
          const c = cells[i]!;
          if (isTouched[c] === 0) {
            isTouched[c] = 1;
            touched[nTouched++] = c;
          }
          groupPos[c]! += wPos;
          groupNeg[c]! += w - wPos;
        }
      }
      for (let t = 0; t < nTouched; t++) {
        const c = touched[t]!;
        const cPos = groupPos[c]!;
        const cNeg = groupNeg[c]!;
        area[c]! += cNeg * (positives[c]! + cPos / 2);
        negWin[c]! += cNeg * (allPosAbove + gPos / 2);
        posLoss[c]! += cPos * (allNegAbove + gNeg / 2);
        positives[c]! += cPos;
        negatives[c]! += cNeg;
        groupPos[c] = 0;
        groupNeg[c] = 0;
        isTouched[c] = 0;
      }
      totalArea += gNeg * (allPosAbove + gPos / 2);
      allPosAbove += gPos;
      allNegAbove += gNeg;
    }
    for (let c = 0; c < this.nCells; c++) {
      const cPos = positives[c]!;
      const cNeg = negatives[c]!;
      this.auc[c] = cPos > 0 && cNeg > 0 ? area[c]! / (cPos * cNeg) : NaN;
      const restPos = allPosAbove - cPos;
      const restNeg = allNegAbove - cNeg;
      const posWin = cPos * allNegAbove - posLoss[c]!;
      this.restAuc[c] = restPos > 0 && restNeg > 0 ? (totalArea - posWin - negWin[c]! + area[c]!) / (restPos * restNeg) : NaN;
    }
  }
}
