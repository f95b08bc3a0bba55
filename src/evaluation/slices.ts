// Slice analysis: ROC-AUC with a bootstrap interval on every slice of every feature (levels, quantile
// bins, missing values), and a flag on slices significantly worse than the rest of the rows after a
// Holm correction across all slices tested. The scores are sorted once for the whole analysis.

import type { Frame } from '../core/frame.js';
import { percentileInterval } from './bootstrap.js';
import type { SliceResult } from './evaluation-result.js';
import { keysByPosition, PartAucScratch, partAucs, rankRows, type PartAucs } from './slice-auc.js';
import { bootstrapPartitions, partSamples, type PartitionReplicates } from './slice-bootstrap.js';
import { checkScoresAndLabels, enoughRows, resolveSliceOptions, sliceColumns, type ResolvedSliceOptions, type SliceAnalysisOptions } from './slice-options.js';
import { partitionColumn, type SlicePartition } from './slice-partition.js';
import { holmRejections, oneSidedAlpha, worsePValue } from './slice-significance.js';

export type { SliceAnalysisOptions } from './slice-options.js';

/**
 * One result per slice, by feature (in column order) then slice order (bins ascending, levels by
 * size, then the grouped levels, then missing). Sizes of one feature's slices sum to the row count.
 */
export function sliceAnalysis(frame: Frame, scores: Float64Array, y: Uint8Array, options: SliceAnalysisOptions): SliceResult[] {
  const resolved = resolveSliceOptions(options);
  checkScoresAndLabels(frame, scores, y);
  const columns = sliceColumns(frame, options);
  const ranked = rankRows(scores, y);
  const measured = columns
    .map((column) => partitionColumn(column, resolved))
    .filter((p): p is SlicePartition => p !== undefined)
    .map((partition) => {
      const keys = keysByPosition(ranked, partition.keys);
      const point = partAucs(ranked, keys, new PartAucScratch(partition.labels.length));
      return { partition, keys, point };
    });
  // Only features with a slice that gets an AUC are bootstrapped.
  const boot = measured.filter((m) => m.partition.labels.some((_, k) => hasAuc(m.point, k, resolved)));
  const replicates = bootstrapPartitions(
    ranked,
    boot.map((m) => ({ keys: m.keys, nParts: m.partition.labels.length })),
    resolved.replicates,
    resolved.seed,
  );
  const results: SliceResult[] = [];
  const tested: { index: number; pValue: number }[] = [];
  for (const { partition, point } of measured) {
    const index = boot.findIndex((m) => m.partition === partition);
    for (const slice of analysePartition(partition, point, index < 0 ? undefined : replicates[index], resolved)) {
      if (slice.pValue !== undefined) tested.push({ index: results.length, pValue: slice.pValue });
      results.push(slice.result);
    }
  }
  const rejected = holmRejections(
    tested.map((t) => t.pValue),
    oneSidedAlpha(resolved.level),
  );
  tested.forEach((t, i) => {
    results[t.index]!.worse = rejected[i]!;
  });
  return results;
}

interface AnalysedSlice {
  result: SliceResult;
  /** One-sided p-value of "worse than the rest"; undefined when the slice was not tested. */
  pValue?: number;
}

function hasAuc(point: PartAucs, k: number, options: ResolvedSliceOptions): boolean {
  return enoughRows(options, point.positives[k]!, point.negatives[k]!);
}

/** The rest of the rows must meet the same bar for the comparison to mean anything. */
function restTestable(point: PartAucs, k: number, options: ResolvedSliceOptions): boolean {
  const positives = point.positives.reduce((s, v) => s + v, 0) - point.positives[k]!;
  const negatives = point.negatives.reduce((s, v) => s + v, 0) - point.negatives[k]!;
  return enoughRows(options, positives, negatives);
}

function analysePartition(partition: SlicePartition, point: PartAucs, boot: PartitionReplicates | undefined, options: ResolvedSliceOptions): AnalysedSlice[] {
  return partition.labels.map((label, k) => {
    const result: SliceResult = {
      feature: partition.feature,
      slice: label,
      size: partition.sizes[k]!,
      positives: point.positives[k]!,
      roc_auc: null,
      worse: false,
    };
    if (boot === undefined || !hasAuc(point, k, options)) return { result };
    const value = point.auc[k]!;
    const samples = partSamples(boot, 'auc', k);
    const ci = percentileInterval(samples, options.level);
    result.roc_auc = ci === undefined ? { value } : { value, ci };
    if (!restTestable(point, k, options)) return { result };
    const differences = partSamples(boot, 'restAuc', k).map((r, i) => r - samples[i]!);
    return { result, pValue: worsePValue(point.restAuc[k]! - value, differences) };
  });
}
