// The slice tables of the evaluation report: every slice grouped by feature with worse slices
// flagged, and the weak two-feature segments ranked by how far they fall below the overall value.

import type { SegmentResult, SliceResult } from '../evaluation/evaluation-result.js';
import { formatNumber, formatRate } from './format.js';
import { escapeHtml } from './html.js';
import { metricCellsHtml } from './evaluation-metrics.js';

/** The text shown for a slice whose ROC-AUC is undefined because it holds one class only. */
export const ONE_CLASS_AUC = 'n/a (one class)';

const WORSE_BADGE = '<span class="badge sev-blocking">worse</span>';

function positiveRate(positives: number, size: number): string {
  return size > 0 ? formatRate(positives / size) : '—';
}

/** Slices in the order of their feature's first appearance, the input's order within a feature. */
function groupByFeature(slices: readonly SliceResult[]): Map<string, SliceResult[]> {
  const groups = new Map<string, SliceResult[]>();
  for (const slice of slices) {
    const group = groups.get(slice.feature) ?? [];
    group.push(slice);
    groups.set(slice.feature, group);
  }
  return groups;
}

function sliceRowHtml(slice: SliceResult): string {
  const auc =
    slice.roc_auc === null
      ? `<td class="num muted" colspan="2">${ONE_CLASS_AUC}</td>`
      : metricCellsHtml(slice.roc_auc);
  return [
    `<tr${slice.worse ? ' class="worse"' : ''}>`,
    `<td class="mono">${escapeHtml(slice.slice)}</td>`,
    `<td class="num">${escapeHtml(formatNumber(slice.size))}</td>`,
    `<td class="num">${escapeHtml(formatNumber(slice.positives))}</td>`,
    `<td class="num">${escapeHtml(positiveRate(slice.positives, slice.size))}</td>`,
    auc,
    `<td>${slice.worse ? WORSE_BADGE : ''}</td>`,
    '</tr>',
  ].join('');
}

/** All slices, one group of rows per feature; a worse slice's row is marked and badged. */
export function slicesTableHtml(slices: readonly SliceResult[]): string {
  if (slices.length === 0) return '<p>No slices were evaluated.</p>';
  const body = [...groupByFeature(slices)]
    .map(([feature, group]) => {
      const worse = group.filter((s) => s.worse).length;
      const note = worse > 0 ? ` <span class="badge sev-blocking">${worse} worse</span>` : '';
      return `<tbody><tr class="group"><th colspan="7"><span class="mono">${escapeHtml(feature)}</span>${note}</th></tr>${group.map(sliceRowHtml).join('')}</tbody>`;
    })
    .join('');
  const head = '<thead><tr><th>slice</th><th class="num">rows</th><th class="num">positives</th><th class="num">positive rate</th><th class="num">ROC-AUC</th><th class="num">95% interval</th><th></th></tr></thead>';
  return `<table class="slices">${head}${body}</table>`;
}

/** Weak two-feature segments, largest shortfall first. */
export function segmentsTableHtml(segments: readonly SegmentResult[]): string {
  if (segments.length === 0) return '<p>No weak two-feature segment was found.</p>';
  const rows = [...segments]
    .sort((a, b) => b.shortfall - a.shortfall)
    .map((s) =>
      [
        `<tr${s.worse ? ' class="worse"' : ''}>`,
        `<td class="mono">${escapeHtml(s.features[0])} × ${escapeHtml(s.features[1])}</td>`,
        `<td class="mono">${escapeHtml(s.slice)}</td>`,
        `<td class="num">${escapeHtml(formatNumber(s.size))}</td>`,
        `<td class="num">${escapeHtml(formatNumber(s.positives))}</td>`,
        metricCellsHtml(s.roc_auc),
        `<td class="num">${escapeHtml(formatNumber(s.shortfall, 3))}</td>`,
        `<td>${s.worse ? WORSE_BADGE : ''}</td>`,
        '</tr>',
      ].join(''),
    )
    .join('');
  const head = '<thead><tr><th>features</th><th>segment</th><th class="num">rows</th><th class="num">positives</th><th class="num">ROC-AUC</th><th class="num">95% interval</th><th class="num">shortfall</th><th></th></tr></thead>';
  return `<table class="segments">${head}<tbody>${rows}</tbody></table>`;
}
