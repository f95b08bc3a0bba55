// Slice analysis: ROC-AUC with a bootstrap interval on every slice of every feature (levels, quantile
// bins, missing values), and a flag on slices significantly worse than the rest of the rows after a
// Holm correction across all slices tested. The scores are sorted once for the whole analysis.

import type { Frame } from '../core/frame.js';
import { percentileInterval } from './bootstrap.js';
import type { SliceResult } from './evaluation-result.js';
import { keysByPosition, PartAucScratch, partAucs, rankRows, type RankedRows } from './slice-auc.js';
import { bootstrapPartition, featureSeed, partSamples } from './slice-bootstrap.js';
import { checkScoresAndLabels, resolveSliceOptions, sliceColumns, type ResolvedSliceOptions, type SliceAnalysisOptions } from './slice-options.js';
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
  const results: SliceResult[] = [];
  const tested: { index: number; pValue: number }[] = [];
  for (const column of columns) {
    const partition = partitionColumn(column, resolved);
    if (partition === undefined) continue;
    for (const slice of analysePartition(ranked, partition, resolved)) {
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

function analysePartition(ranked: RankedRows, partition: SlicePartition, options: ResolvedSliceOptions): AnalysedSlice[] {
  const nParts = partition.labels.length;
  const keys = keysByPosition(ranked, partition.keys);
  const point = partAucs(ranked, keys, new PartAucScratch(nParts));
  const measured = (k: number) => partition.sizes[k]! >= options.minSize && Number.isFinite(point.auc[k]!);
  const testable = (k: number) => measured(k) && Number.isFinite(point.restAuc[k]!);
  const anyMeasured = partition.labels.some((_, k) => measured(k));
  const boot = anyMeasured ? bootstrapPartition(ranked, keys, nParts, options.replicates, featureSeed(options.seed, partition.feature)) : undefined;
  return partition.labels.map((label, k) => {
    const result: SliceResult = {
      feature: partition.feature,
      slice: label,
      size: partition.sizes[k]!,
      positives: point.positives[k]!,
      roc_auc: null,
      worse: false,
    };
    if (boot === undefined || !measured(k)) return { result };
    const value = point.auc[k]!;
    const samples = partSamples(boot.auc, nParts, k);
    const ci = percentileInterval(samples, options.level);
    result.roc_auc = ci === undefined ? { value } : { value, ci };
    if (!testable(k)) return { result };
    const rest = partSamples(boot.restAuc, nParts, k);
    const differences = rest.map((r, i) => r - samples[i]!);
    return { result, pValue: worsePValue(point.restAuc[k]! - value, differences) };
  });
}
