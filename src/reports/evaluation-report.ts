// The evaluation report: one self-contained HTML page (inline CSS, charts as inline SVG rendered with
// Vega-Lite in Node, no scripts, nothing loaded) from the JSON of `flywheel evaluate --json`. The
// number of looks at the frozen test split is shown on every page.

import type { CalibrationSummary, EvaluationResult } from '../evaluation/evaluation-result.js';
import { ChartFigures } from './chart-figure.js';
import { chartedSlices, MAX_SLICE_POINTS, prCurveSpec, reliabilitySpec, rocCurveSpec, sliceAucSpec } from './evaluation-charts.js';
import { comparisonsSectionHtml } from './evaluation-comparisons.js';
import { formatInterval, metricsTableHtml } from './evaluation-metrics.js';
import { segmentsTableHtml, slicesTableHtml } from './evaluation-slices.js';
import { thresholdSectionHtml } from './evaluation-threshold.js';
import { formatNumber, formatRate } from './format.js';
import { escapeHtml, htmlPage } from './html.js';
import type { HtmlSection } from './html.js';

/** Section ids, in page order; they are stable so other pages and docs can link to them. */
export const EVALUATION_SECTION_IDS = ['metrics', 'warnings', 'threshold', 'curves', 'calibration', 'slices', 'segments', 'comparisons'] as const;

export interface EvaluationReportOptions {
  /** Shown in the header; left out by default so the same result renders to the same bytes. */
  generatedAt?: Date;
}

/** Characters of a hash shown in the header; the full hash is in the element's title. */
const SHORT_HASH = 12;

const EVALUATION_CSS = `
.test-looks { display: inline-block; margin: 8px 0 4px; padding: 4px 12px; border-radius: 6px; font-weight: 600;
  border: 1px solid var(--info); background: var(--info-bg); color: var(--info); }
.test-looks.repeated { border-color: var(--warning); background: var(--warning-bg); color: var(--warning); }
.test-looks b { font-size: 16px; }
tr.ml-metric { background: var(--info-bg); }
tr.ml-metric th { color: var(--fg); }
tr.worse td { background: var(--blocking-bg); }
tr.group th { padding-top: 10px; color: var(--fg); }
.side-by-side { display: flex; flex-wrap: wrap; gap: 12px 32px; align-items: flex-start; margin: 8px 0 12px; }
table caption { text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 2px; }
.callout.infeasible { border-left-color: var(--blocking); background: var(--blocking-bg); }
.verdict.significant { font-weight: 600; }
td.better { color: var(--ok); font-weight: 600; }
td.worse { color: var(--blocking); font-weight: 600; }
.comparison { margin-bottom: 18px; }
.comparison h3 { margin-bottom: 6px; }
ul.warnings li { margin-bottom: 4px; }
`;

function shortHash(label: string, hash: string): string {
  return `<span title="${escapeHtml(hash)}">${label} <b class="mono">${escapeHtml(hash.slice(0, SHORT_HASH))}</b></span>`;
}

/** The frozen test split's discipline, made visible: how many times it has been looked at. */
export function testLooksBadgeHtml(looks: number): string {
  const times = looks === 1 ? 'time' : 'times';
  const note = looks > 1 ? ' — choices made after the first look may be fitted to the test set' : '';
  return `<div class="test-looks${looks > 1 ? ' repeated' : ''}" role="status">test set viewed <b>${escapeHtml(formatNumber(looks))}</b> ${times}${escapeHtml(note)}</div>`;
}

function headerHtml(result: EvaluationResult, options: EvaluationReportOptions): string {
  const items = [
    `<span>model <b class="mono">${escapeHtml(result.model)}</b></span>`,
    `<span>run <b class="mono">${escapeHtml(result.run_id)}</b></span>`,
    `<span>project <b class="mono">${escapeHtml(result.project)}</b></span>`,
    shortHash('snapshot', result.snapshot),
    shortHash('split', result.split),
    `<span>target <b class="mono">${escapeHtml(result.target.name)}</b>, positive <b class="mono">${escapeHtml(result.target.positive)}</b></span>`,
    options.generatedAt === undefined ? '' : `<span>generated <b>${escapeHtml(options.generatedAt.toISOString())}</b></span>`,
  ];
  return `<p class="meta">${items.join('')}</p>\n${testLooksBadgeHtml(result.test_looks)}`;
}

/** Share of positives on the curves' split, from the threshold's confusion counts there. */
function baseRate(result: EvaluationResult): number | null {
  const consequences = result.curves.split === 'test' ? result.threshold.test : result.threshold.valid;
  if (consequences === undefined || consequences.rows <= 0) return null;
  return (consequences.confusion.tp + consequences.confusion.fn) / consequences.rows;
}

/** The reference of the slice chart: slices are measured on the evaluated split, the curves' split. */
function overallAuc(result: EvaluationResult): number | null {
  return result.metrics[result.curves.split]?.roc_auc?.value ?? null;
}

async function curvesHtml(result: EvaluationResult, charts: ChartFigures): Promise<string> {
  const { split, roc, pr } = result.curves;
  const auc = result.metrics[split]?.roc_auc;
  const ap = result.metrics[split]?.average_precision;
  const parts: string[] = [];
  if (roc.length > 0) {
    const value = auc === undefined ? '' : `; ROC-AUC ${formatNumber(auc.value, 3)} (95% interval ${formatInterval(auc.ci)})`;
    parts.push(await charts.figure(rocCurveSpec(roc), { label: `ROC curve on the ${split} split`, caption: `ROC curve on the ${split} split${value}; dashed: chance` }));
  }
  if (pr.length > 0) {
    const rate = baseRate(result);
    const value = ap === undefined ? '' : `; average precision ${formatNumber(ap.value, 3)} (95% interval ${formatInterval(ap.ci)})`;
    const reference = rate === null ? '' : `; dashed: base rate ${formatRate(rate)}, the precision of flagging every row`;
    parts.push(await charts.figure(prCurveSpec(pr, rate), { label: `Precision-recall curve on the ${split} split`, caption: `Precision-recall curve on the ${split} split${value}${reference}` }));
  }
  if (parts.length === 0) return '<p>No curve points were recorded.</p>';
  return `<div class="side-by-side">${parts.join('')}</div>`;
}

function brierText(calibration: CalibrationSummary): string {
  const b = calibration.brier;
  return `Brier score ${formatNumber(b.value, 3)} ≈ reliability ${formatNumber(b.reliability, 3)} − resolution ${formatNumber(b.resolution, 3)} + uncertainty ${formatNumber(b.uncertainty, 3)} (lower reliability is better calibration, higher resolution is better separation).`;
}

async function calibrationHtml(calibration: CalibrationSummary, charts: ChartFigures): Promise<string> {
  const bins = calibration.bins.filter((b) => b.count > 0);
  const figure =
    bins.length === 0
      ? '<p>No reliability bins were recorded.</p>'
      : await charts.figure(reliabilitySpec(bins), {
          label: `Reliability diagram on the ${calibration.split} split`,
          caption: `Reliability diagram on the ${calibration.split} split: mean predicted probability against the observed fraction of positives per bin, points sized by rows; dashed: perfect calibration`,
        });
  const calibrator = calibration.calibrator;
  const text = [
    `<p><b>Expected calibration error ${escapeHtml(formatNumber(calibration.ece, 3))}</b>: the row-weighted mean gap between predicted probability and observed fraction of positives over the bins.</p>`,
    `<p>${escapeHtml(brierText(calibration))}</p>`,
    calibrator === undefined
      ? '<p class="muted">No calibration was fitted.</p>'
      : `<p>Calibrated with ${escapeHtml(calibrator.method)} (fitted on validation): ECE ${escapeHtml(formatNumber(calibrator.ece_before, 3))} before, ${escapeHtml(formatNumber(calibrator.ece_after, 3))} after.</p>`,
  ].join('');
  const rows = calibration.bins
    .map(
      (b) =>
        `<tr><td class="num">${escapeHtml(formatNumber(b.lower, 3))} – ${escapeHtml(formatNumber(b.upper, 3))}</td><td class="num">${escapeHtml(formatNumber(b.count))}</td><td class="num">${escapeHtml(formatNumber(b.mean_score, 3))}</td><td class="num">${escapeHtml(formatNumber(b.fraction_positive, 3))}</td></tr>`,
    )
    .join('');
  const table = `<details><summary>Reliability bins (${calibration.bins.length})</summary><table><thead><tr><th class="num">score range</th><th class="num">rows</th><th class="num">mean score</th><th class="num">fraction positive</th></tr></thead><tbody>${rows}</tbody></table></details>`;
  return `<div class="side-by-side">${figure}<div>${text}${table}</div></div>`;
}

async function slicesHtml(result: EvaluationResult, charts: ChartFigures): Promise<string> {
  const charted = chartedSlices(result.slices);
  const worse = result.slices.filter((s) => s.worse).length;
  const summary =
    result.slices.length === 0
      ? ''
      : `<p>${worse === 0 ? 'No slice is' : `<b>${worse} slice${worse === 1 ? ' is' : 's are'}</b>`} significantly worse than the rest of the rows.</p>`;
  let figure = '';
  if (charted.length > 0) {
    const overall = overallAuc(result);
    const scored = result.slices.filter((s) => s.roc_auc !== null).length;
    const limited = charted.length < scored ? ` (the ${MAX_SLICE_POINTS} lowest of ${scored})` : '';
    figure = await charts.figure(sliceAucSpec(result.slices, overall), {
      label: 'ROC-AUC per slice with 95% intervals',
      caption: `ROC-AUC per slice with its 95% interval${limited}; red: significantly worse than the rest of the rows${overall === null ? '' : `; dashed: overall ROC-AUC ${formatNumber(overall, 3)}`}`,
    });
  }
  return [summary, figure, slicesTableHtml(result.slices)].join('\n');
}

function warningsHtml(warnings: readonly string[]): string {
  if (warnings.length === 0) return '<p>No warnings.</p>';
  return `<ul class="warnings">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
}

/** Renders the evaluation report as one self-contained HTML document. */
export async function renderEvaluationReport(result: EvaluationResult, options: EvaluationReportOptions = {}): Promise<string> {
  const charts = new ChartFigures();
  // Charts are rendered in page order so their id prefixes follow the page.
  const body: Record<(typeof EVALUATION_SECTION_IDS)[number], { title: string; html: string }> = {
    metrics: { title: 'Headline metrics', html: metricsTableHtml(result) },
    warnings: { title: `Warnings (${result.warnings.length})`, html: warningsHtml(result.warnings) },
    threshold: { title: 'Decision threshold', html: thresholdSectionHtml(result.threshold, result.target.positive) },
    curves: { title: 'ROC and precision-recall curves', html: await curvesHtml(result, charts) },
    calibration: { title: 'Calibration', html: await calibrationHtml(result.calibration, charts) },
    slices: { title: `Slices (${result.slices.length})`, html: await slicesHtml(result, charts) },
    segments: { title: `Weak segments (${result.segments.length})`, html: segmentsTableHtml(result.segments) },
    comparisons: { title: 'Comparisons', html: comparisonsSectionHtml(result.comparisons) },
  };
  const sections: HtmlSection[] = EVALUATION_SECTION_IDS.map((id) => ({ id, ...body[id] }));
  return htmlPage({
    title: `Evaluation: ${result.project} · ${result.model}`,
    headerHtml: headerHtml(result, options),
    sections,
    css: EVALUATION_CSS,
  });
}
