// Weak-segment search: every cell of every pair of features (each cut into slices as slice analysis
// does) with enough rows and both classes is scored by its shortfall, overall AUC − cell AUC. Only the
// `top` cells with the largest shortfall get bootstrap intervals and the worse-than-the-rest test,
// Bonferroni-corrected for every cell searched (the selection used the same rows).

import type { Frame } from '../core/frame.js';
import { percentileInterval } from './bootstrap.js';
import type { SegmentResult } from './evaluation-result.js';
import { keysByPosition, PartAucScratch, partAucs, rankRows } from './slice-auc.js';
import { bootstrapCells } from './segment-bootstrap.js';
import { partSamples, type PartitionReplicates } from './slice-bootstrap.js';
import {
  checkScoresAndLabels,
  enoughRows,
  requirePositiveInteger,
  resolveSliceOptions,
  SEGMENT_DEFAULTS,
  sliceColumns,
  type WeakSegmentOptions,
} from './slice-options.js';
import { partitionColumn, type SlicePartition } from './slice-partition.js';
import { oneSidedAlpha, worsePValue } from './slice-significance.js';

export type { WeakSegmentOptions } from './slice-options.js';

interface Candidate {
  a: number;
  b: number;
  /** Cell index: slice of a × number of slices of b + slice of b. */
  cell: number;
  size: number;
  positives: number;
  auc: number;
  restAuc: number;
  shortfall: number;
}

/** The `top` two-feature segments with the largest AUC shortfall, largest first. */
export function weakSegments(frame: Frame, scores: Float64Array, y: Uint8Array, options: WeakSegmentOptions): SegmentResult[] {
  const resolved = resolveSliceOptions(options);
  const top = options.top ?? SEGMENT_DEFAULTS.top;
  const maxFeatures = options.maxFeatures ?? SEGMENT_DEFAULTS.maxFeatures;
  requirePositiveInteger('top', top);
  requirePositiveInteger('maxFeatures', maxFeatures);
  checkScoresAndLabels(frame, scores, y);
  const partitions = sliceColumns(frame, options)
    .map((column) => partitionColumn(column, resolved))
    .filter((p): p is SlicePartition => p !== undefined && p.labels.length > 1)
    .slice(0, maxFeatures);
  const ranked = rankRows(scores, y);
  const positionKeys = partitions.map((p) => keysByPosition(ranked, p.keys));
  const cellKeys = new Int32Array(ranked.order.length);

  const candidates: Candidate[] = [];
  const totalPositives = y.reduce((s, v) => s + v, 0);
  const totalNegatives = y.length - totalPositives;
  let overall = NaN;
  for (let a = 0; a < partitions.length; a++) {
    for (let b = a + 1; b < partitions.length; b++) {
      const nCells = partitions[a]!.labels.length * partitions[b]!.labels.length;
      combineKeys(positionKeys[a]!, positionKeys[b]!, partitions[b]!.labels.length, cellKeys);
      const point = partAucs(ranked, cellKeys, new PartAucScratch(nCells));
      overall = point.overall;
      for (let cell = 0; cell < nCells; cell++) {
        const positives = point.positives[cell]!;
        const negatives = point.negatives[cell]!;
        if (!enoughRows(resolved, positives, negatives)) continue;
        const restTestable = enoughRows(resolved, totalPositives - positives, totalNegatives - negatives);
        candidates.push({ a, b, cell, size: positives + negatives, positives, auc: point.auc[cell]!, restAuc: restTestable ? point.restAuc[cell]! : NaN, shortfall: 0 });
      }
    }
  }
  for (const c of candidates) c.shortfall = overall - c.auc;
  candidates.sort((p, q) => q.shortfall - p.shortfall || q.size - p.size || p.a - q.a || p.b - q.b || p.cell - q.cell);
  const distinct = withoutDuplicates(candidates);
  const chosen = distinct.slice(0, top);
  const alpha = oneSidedAlpha(resolved.level) / distinct.length;

  const members = chosen.map((c) => {
    combineKeys(positionKeys[c.a]!, positionKeys[c.b]!, partitions[c.b]!.labels.length, cellKeys);
    return Uint8Array.from(cellKeys, (key) => (key === c.cell ? 1 : 0));
  });
  const replicates = bootstrapCells(ranked, members, resolved.replicates, resolved.seed);
  return chosen.map((c, i) => segmentResult(c, i, partitions[c.a]!, partitions[c.b]!, replicates, resolved.level, alpha));
}

function segmentResult(
  c: Candidate,
  index: number,
  A: SlicePartition,
  B: SlicePartition,
  boot: PartitionReplicates,
  level: number,
  alpha: number,
): SegmentResult {
  const samples = partSamples(boot, 'auc', index);
  const ci = percentileInterval(samples, level);
  const rest = partSamples(boot, 'restAuc', index);
  const testable = Number.isFinite(c.restAuc);
  const pValue = testable ? worsePValue(c.restAuc - c.auc, rest.map((r, i) => r - samples[i]!)) : 1;
  const nB = B.labels.length;
  const sliceA = Math.floor(c.cell / nB);
  const sliceB = c.cell % nB;
  return {
    features: [A.feature, B.feature],
    slice: `${A.conditions[sliceA]} & ${B.conditions[sliceB]}`,
    size: c.size,
    positives: c.positives,
    roc_auc: ci === undefined ? { value: c.auc } : { value: c.auc, ci },
    shortfall: c.shortfall,
    worse: pValue <= alpha,
  };
}

/** Cell keys of a feature pair, in position order. */
function combineKeys(keysA: Int32Array, keysB: Int32Array, nB: number, out: Int32Array): void {
  for (let p = 0; p < out.length; p++) out[p] = keysA[p]! * nB + keysB[p]!;
}

/**
 * Cells holding the same rows under two descriptions (`phone_service = 0` and `multiple_lines = No
 * phone service`) appear once, under the first pair of columns. Same size, positives and both AUCs
 * is taken as the same rows.
 */
function withoutDuplicates(sorted: readonly Candidate[]): Candidate[] {
  const seen = new Set<string>();
  return sorted.filter((c) => {
    const key = `${c.size}|${c.positives}|${c.auc}|${c.restAuc}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
