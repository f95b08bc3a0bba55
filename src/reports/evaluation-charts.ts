// Vega-Lite specs for the evaluation report's charts, built from the evaluation JSON: ROC and PR
// curves, the reliability diagram and per-slice ROC-AUC with intervals. Specs only: vega.ts renders.

import type { ReliabilityBin, SliceResult } from '../evaluation/evaluation-result.js';
import { REFERENCE_COLOR, SERIES_COLOR, SEVERITY_COLORS, styledSpec } from './chart-style.js';
import type { VegaLiteSpec } from './vega.js';

const LINE_COLOR = SERIES_COLOR;
const NEUTRAL_COLOR = SERIES_COLOR;
/** Worse slices take the blocking colour of the audit report: the same red means "look here". */
const WORSE_COLOR = SEVERITY_COLORS.blocking;

/** At most this many slices in the slice chart (the lowest ROC-AUCs); the table lists them all. */
export const MAX_SLICE_POINTS = 60;

const UNIT_SCALE = { domain: [0, 1], nice: false, zero: true };

const spec = styledSpec;

/** The dashed diagonal from (0, 0) to (1, 1): chance on a ROC curve, perfect calibration on a reliability diagram. */
function diagonal(xTitle: string, yTitle: string): Record<string, unknown> {
  return {
    data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
    mark: { type: 'line', strokeDash: [4, 3], color: REFERENCE_COLOR, strokeWidth: 1 },
    encoding: { x: { field: 'x', type: 'quantitative', scale: UNIT_SCALE, title: xTitle }, y: { field: 'y', type: 'quantitative', scale: UNIT_SCALE, title: yTitle } },
  };
}

/** The ROC curve as a line, with the chance diagonal dashed. */
export function rocCurveSpec(roc: readonly { fpr: number; tpr: number }[]): VegaLiteSpec {
  const values = roc.map((p, order) => ({ fpr: p.fpr, tpr: p.tpr, order }));
  return spec({
    width: 300,
    height: 300,
    layer: [
      diagonal('false positive rate', 'true positive rate'),
      {
        data: { values },
        mark: { type: 'line', color: LINE_COLOR, strokeWidth: 2, interpolate: 'linear' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', scale: UNIT_SCALE },
          y: { field: 'tpr', type: 'quantitative', scale: UNIT_SCALE },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  });
}

/** The precision-recall curve, with the base rate (the precision of flagging everyone) as a rule. */
export function prCurveSpec(pr: readonly { recall: number; precision: number }[], baseRate: number | null): VegaLiteSpec {
  const values = pr.map((p, order) => ({ recall: p.recall, precision: p.precision, order }));
  const layers: Record<string, unknown>[] = [
    {
      data: { values },
      mark: { type: 'line', color: LINE_COLOR, strokeWidth: 2, interpolate: 'linear' },
      encoding: {
        x: { field: 'recall', type: 'quantitative', scale: UNIT_SCALE, title: 'recall' },
        y: { field: 'precision', type: 'quantitative', scale: UNIT_SCALE, title: 'precision' },
        order: { field: 'order', type: 'quantitative' },
      },
    },
  ];
  if (baseRate !== null && Number.isFinite(baseRate)) {
    layers.push({
      data: { values: [{ base_rate: baseRate }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: REFERENCE_COLOR },
      encoding: { y: { field: 'base_rate', type: 'quantitative', scale: UNIT_SCALE } },
    });
  }
  return spec({ width: 300, height: 300, layer: layers });
}

/**
 * The reliability diagram: each bin's mean score against its observed share of positives, points
 * sized by the bin's row count, on the dashed diagonal of perfect calibration.
 */
export function reliabilitySpec(bins: readonly ReliabilityBin[]): VegaLiteSpec {
  const values = bins.filter((b) => b.count > 0).map((b) => ({ mean_score: b.mean_score, fraction_positive: b.fraction_positive, count: b.count }));
  const x = { field: 'mean_score', type: 'quantitative', scale: UNIT_SCALE, title: 'mean predicted probability' };
  const y = { field: 'fraction_positive', type: 'quantitative', scale: UNIT_SCALE, title: 'fraction positive' };
  return spec({
    width: 300,
    height: 300,
    layer: [
      diagonal('mean predicted probability', 'fraction positive'),
      { data: { values }, mark: { type: 'line', color: LINE_COLOR, strokeWidth: 1, opacity: 0.6 }, encoding: { x, y } },
      {
        data: { values },
        mark: { type: 'circle', color: LINE_COLOR, opacity: 0.85 },
        encoding: { x, y, size: { field: 'count', type: 'quantitative', title: 'rows', scale: { range: [20, 400] } } },
      },
    ],
  });
}

/** The label of a slice on the chart's axis and in the report's text. */
export function sliceLabel(slice: Pick<SliceResult, 'feature' | 'slice'>): string {
  return `${slice.feature} = ${slice.slice}`;
}

/** The slices the chart shows: those with a ROC-AUC, the lowest ones when there are too many, in input order. */
export function chartedSlices(slices: readonly SliceResult[]): SliceResult[] {
  const scored = slices.filter((s) => s.roc_auc !== null && Number.isFinite(s.roc_auc.value));
  if (scored.length <= MAX_SLICE_POINTS) return scored;
  const kept = new Set([...scored].sort((a, b) => a.roc_auc!.value - b.roc_auc!.value).slice(0, MAX_SLICE_POINTS));
  return scored.filter((s) => kept.has(s));
}

/**
 * ROC-AUC per slice as a point with its interval as an error bar, the overall value as a vertical
 * rule, and worse slices (significantly below the rest of the rows) in red. Slices without a ROC-AUC
 * (one class) are left out; the table shows them.
 */
export function sliceAucSpec(slices: readonly SliceResult[], overall: number | null): VegaLiteSpec {
  const seen = new Map<string, number>();
  const values = chartedSlices(slices).map((s) => {
    const auc = s.roc_auc!;
    // A nominal axis merges equal labels; a repeated (feature, slice) pair gets a counter.
    const base = sliceLabel(s);
    const repeat = (seen.get(base) ?? 0) + 1;
    seen.set(base, repeat);
    return {
      label: repeat === 1 ? base : `${base} (${repeat})`,
      roc_auc: auc.value,
      lower: auc.ci?.[0] ?? auc.value,
      upper: auc.ci?.[1] ?? auc.value,
      color: s.worse ? WORSE_COLOR : NEUTRAL_COLOR,
    };
  });
  const lowest = Math.min(0.5, ...values.map((v) => v.lower));
  const start = Math.max(0, Math.floor(lowest * 10) / 10);
  const xScale = { domain: [start, 1], zero: false, nice: false, clamp: true };
  const layers: Record<string, unknown>[] = [
    {
      mark: { type: 'rule', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'lower', type: 'quantitative', scale: xScale, title: 'ROC-AUC with 95% interval' },
        x2: { field: 'upper' },
        color: { field: 'color', type: 'nominal', scale: null },
      },
    },
    {
      mark: { type: 'point', filled: true, size: 40 },
      encoding: { x: { field: 'roc_auc', type: 'quantitative', scale: xScale }, color: { field: 'color', type: 'nominal', scale: null } },
    },
  ];
  if (overall !== null && Number.isFinite(overall)) {
    layers.push({
      data: { values: [{ overall }] },
      mark: { type: 'rule', strokeDash: [4, 3], color: REFERENCE_COLOR },
      encoding: { x: { field: 'overall', type: 'quantitative', scale: xScale }, y: null },
    });
  }
  return spec({
    width: 420,
    height: { step: 16 },
    data: { values },
    encoding: {
      y: {
        field: 'label',
        type: 'nominal',
        sort: null,
        title: null,
        axis: { labelLimit: 260, ticks: false, domain: false },
      },
    },
    layer: layers,
  });
}
