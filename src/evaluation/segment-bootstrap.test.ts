import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { rocAuc } from './metrics.js';
import { bootstrapCells, cellAucs } from './segment-bootstrap.js';
import { rankRows } from './slice-auc.js';
import { partSamples } from './slice-bootstrap.js';

function overlappingCase(seed: number, n: number) {
  const rng = new Rng(seed);
  const scores = Float64Array.from({ length: n }, () => Math.round(rng.next() * 50) / 50);
  const y = Uint8Array.from(scores, (s) => (rng.next() < 0.2 + 0.5 * s ? 1 : 0));
  // Three cells that overlap each other and leave some rows in none.
  const group = Int32Array.from({ length: n }, () => rng.nextInt(4));
  const band = Int32Array.from({ length: n }, () => rng.nextInt(3));
  const cellsByRow = [(i: number) => group[i] === 0, (i: number) => band[i] === 1, (i: number) => group[i] === 0 && band[i] === 1];
  return { scores, y, cellsByRow, rng };
}

describe('AUCs of overlapping cells', () => {
  it('equal rocAuc on each cell and on its complement, with ties and weights', () => {
    const { scores, y, cellsByRow, rng } = overlappingCase(2, 500);
    const weights = Float64Array.from(scores, () => rng.nextInt(3));
    const ranked = rankRows(scores, y);
    const members = cellsByRow.map((inCell) => Uint8Array.from(ranked.order, (row) => (inCell(row) ? 1 : 0)));
    const { auc, restAuc } = cellAucs(ranked, members, Float64Array.from(ranked.order, (row) => weights[row]!));
    cellsByRow.forEach((inCell, c) => {
      expect(auc[c]).toBeCloseTo(rocAuc(scores, y, Float64Array.from(weights, (w, i) => (inCell(i) ? w : 0))), 12);
      expect(restAuc[c]).toBeCloseTo(rocAuc(scores, y, Float64Array.from(weights, (w, i) => (inCell(i) ? 0 : w))), 12);
    });
  });

  it('bootstraps every cell with both classes in every replicate, reproducibly', () => {
    const { scores, y, cellsByRow } = overlappingCase(3, 800);
    const ranked = rankRows(scores, y);
    const members = cellsByRow.map((inCell) => Uint8Array.from(ranked.order, (row) => (inCell(row) ? 1 : 0)));
    const boot = bootstrapCells(ranked, members, 40, 5);
    for (let c = 0; c < members.length; c++) {
      expect(partSamples(boot, 'auc', c).every(Number.isFinite)).toBe(true);
      expect(partSamples(boot, 'restAuc', c).every(Number.isFinite)).toBe(true);
    }
    expect(bootstrapCells(ranked, members, 40, 5).auc).toEqual(boot.auc);
    const samples = partSamples(boot, 'auc', 0);
    expect(new Set(samples).size).toBeGreaterThan(30);
  });
});
