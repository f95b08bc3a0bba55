// Vega-Lite specs for the audit report's charts, built from the audit JSON. Specs only: rendering
// is vega.ts's job, so the same specs can be shown interactively by the dashboard later.

import type { VegaLiteSpec } from './vega.js';
import { SERIES_COLOR, SEVERITY_COLORS as SHARED_SEVERITY_COLORS, styledSpec } from './chart-style.js';
import { formatNumber, formatPercent } from './format.js';
import type { ClassBalance, ColumnProfile, Severity } from './audit-report-input.js';

export const SEVERITY_COLORS: Readonly<Record<Severity | 'none', string>> = SHARED_SEVERITY_COLORS;

const BAR_COLOR = SERIES_COLOR;

/** At most this many features in the target-association chart (the strongest ones). */
export const MAX_ASSOCIATION_BARS = 40;
/** At most this many categories in a column's top-categories chart. */
export const MAX_TOP_CATEGORIES = 8;

const spec = styledSpec;

/** Two horizontal bars, negative and positive class, labelled with count and share. */
export function classBalanceSpec(balance: ClassBalance): VegaLiteSpec {
  const total = balance.positive_count + balance.negative_count;
  const share = (n: number): string => (total > 0 ? formatPercent((100 * n) / total) : '');
  const values = [
    { label: `${balance.negative} (negative)`, count: balance.negative_count, text: `${formatNumber(balance.negative_count)} · ${share(balance.negative_count)}`, color: '#8c959f' },
    { label: `${balance.positive} (positive)`, count: balance.positive_count, text: `${formatNumber(balance.positive_count)} · ${share(balance.positive_count)}`, color: '#d9480f' },
  ];
  return spec({
    width: 420,
    height: { step: 30 },
    data: { values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 200, ticks: false, domain: false } },
      x: { field: 'count', type: 'quantitative', title: 'rows', axis: { format: ',d', tickCount: 5 } },
    },
    layer: [
      { mark: { type: 'bar', cornerRadiusEnd: 2 }, encoding: { color: { field: 'color', type: 'nominal', scale: null } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 11, color: '#3d4752' }, encoding: { text: { field: 'text', type: 'nominal' } } },
    ],
  });
}

export interface AssociationBar {
  column: string;
  rocAuc: number;
  /** The most severe finding that names the column, or `none`. */
  severity: Severity | 'none';
}

/**
 * Horizontal bars of single-feature ROC-AUC, strongest first, coloured by the most severe finding on
 * the column (a near-perfect single feature is the classic leak). The axis starts at chance (0.5)
 * unless a value falls below it; a rule marks chance.
 */
export function targetAssociationSpec(bars: readonly AssociationBar[]): VegaLiteSpec {
  const sorted = [...bars].sort((a, b) => b.rocAuc - a.rocAuc || a.column.localeCompare(b.column)).slice(0, MAX_ASSOCIATION_BARS);
  const lowest = Math.min(0.5, ...sorted.map((b) => b.rocAuc));
  const start = Math.floor(lowest * 10) / 10;
  const values = sorted.map((b) => ({ column: b.column, roc_auc: b.rocAuc, label: b.rocAuc.toFixed(3), color: SEVERITY_COLORS[b.severity] }));
  return spec({
    width: 420,
    height: { step: 18 },
    data: { values },
    encoding: {
      // sort: null keeps the data's order (strongest first); column names are unique in a profile.
      y: { field: 'column', type: 'nominal', sort: null, title: null, axis: { labelLimit: 220, ticks: false, domain: false } },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.75 } },
        encoding: {
          x: { field: 'roc_auc', type: 'quantitative', title: 'single-feature ROC-AUC', scale: { domain: [start, 1], zero: false, nice: false } },
          x2: { datum: start },
          color: { field: 'color', type: 'nominal', scale: null },
        },
      },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#3d4752' }, encoding: { x: { field: 'roc_auc', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } } },
      { data: { values: [{ chance: 0.5 }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#57606a' }, encoding: { x: { field: 'chance', type: 'quantitative' }, y: null } },
    ],
  });
}

/** A small histogram of a numeric column from its precomputed bins (no y axis: a sparkline). */
export function histogramSpec(histogram: NonNullable<ColumnProfile['histogram']>): VegaLiteSpec {
  const values = histogram.counts.map((count, i) => ({ x0: histogram.edges[i]!, x1: histogram.edges[i + 1]!, count }));
  // SI prefixes read well for large values (2k, 40M) but turn 0.001 into "1m"; plain numbers below 10,000.
  const largest = Math.max(...histogram.edges.map((e) => Math.abs(e)).filter(Number.isFinite));
  const format = largest >= 1e4 ? '~s' : '~g';
  return spec({
    width: 240,
    height: 64,
    data: { values },
    mark: { type: 'bar', color: BAR_COLOR, binSpacing: 0.5 },
    encoding: {
      x: { field: 'x0', type: 'quantitative', bin: { binned: true }, title: null, axis: { format, tickCount: 4, labelFlush: true, grid: false } },
      x2: { field: 'x1' },
      // A sparkline: the shape matters, the counts are in the column's table.
      y: { field: 'count', type: 'quantitative', title: null, axis: null },
    },
  });
}

/** Horizontal bars of a categorical column's most frequent values, labelled with their share. */
export function topCategoriesSpec(top: NonNullable<ColumnProfile['top']>): VegaLiteSpec {
  const values = top.slice(0, MAX_TOP_CATEGORIES).map((t) => ({ value: t.value === '' ? '(empty)' : t.value, count: t.count, label: formatPercent(t.pct) }));
  return spec({
    width: 180,
    height: { step: 15 },
    data: { values },
    encoding: {
      y: { field: 'value', type: 'nominal', sort: null, title: null, axis: { labelLimit: 110, ticks: false, domain: false, labelFontSize: 10 } },
      x: { field: 'count', type: 'quantitative', title: null, axis: null },
    },
    layer: [
      { mark: { type: 'bar', color: BAR_COLOR, height: { band: 0.8 } } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#3d4752' }, encoding: { text: { field: 'label', type: 'nominal' } } },
    ],
  });
}
