// Run detail: metrics with intervals per split, params, lineage, test looks, notes and tags; for an
// evaluated run, the threshold and its consequences, the charts (server-rendered SVG), the comparisons
// with baseline and champion, and a link to the full evaluation report.

import { comparisonsSectionHtml } from '../../reports/evaluation-comparisons.js';
import { metricLabel } from '../../reports/evaluation-metrics.js';
import { objectiveText, thresholdSectionHtml } from '../../reports/evaluation-threshold.js';
import type { ThresholdObjective } from '../../evaluation/evaluation-result.js';
import type { RunView } from '../dashboard-data.js';
import type { RunCharts } from '../run-charts.js';
import { asMetric, badge, emptyText, escapeHtml, metricText, pageHtml, shortId, timeText, valueText } from './layout.js';

const SPLIT_ORDER = ['train', 'valid', 'test'];

function metricsTable(metrics: Record<string, unknown>, caption: string): string {
  const splits = [...SPLIT_ORDER.filter((s) => s in metrics), ...Object.keys(metrics).filter((s) => !SPLIT_ORDER.includes(s))];
  const names = [...new Set(splits.flatMap((s) => Object.keys((metrics[s] as Record<string, unknown> | undefined) ?? {})))];
  if (names.length === 0) return emptyText('No metrics recorded.');
  const head = splits.map((s) => `<th class="num">${escapeHtml(s)}${s === 'test' ? ' (frozen)' : ''}</th>`).join('');
  const rows = names
    .map((name) => `<tr><th>${escapeHtml(metricLabel(name))} <span class="muted mono">${escapeHtml(name)}</span></th>${splits.map((s) => `<td class="num">${metricText(asMetric((metrics[s] as Record<string, unknown>)[name]))}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="metrics"><caption>${escapeHtml(caption)}</caption><thead><tr><th>metric</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function kv(entries: [string, string][]): string {
  if (entries.length === 0) return emptyText('None.');
  return `<dl class="kv">${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function lineage(view: RunView): string {
  const l = view.lineage;
  const counts = l.split_counts === null ? '' : ` <span class="muted">(train ${l.split_counts.train}, valid ${l.split_counts.valid}, test ${l.split_counts.test})</span>`;
  return kv([
    ['snapshot', `<span class="mono">${escapeHtml(l.snapshot)}</span>`],
    ['split', `<span class="mono">${escapeHtml(l.split)}</span>${l.split_method === null ? '' : ` ${badge(l.split_method)}`}${counts}`],
    ['seed', escapeHtml(String(l.seed))],
    ['git commit', l.git_commit === null ? '<span class="muted">not in a git repository</span>' : `<span class="mono">${escapeHtml(l.git_commit)}</span>`],
    ['flywheel', escapeHtml(l.package_version)],
    ['node', escapeHtml(l.node_version)],
    ...(l.parent_id === null ? [] : ([['parent run', `<a href="/runs/${encodeURIComponent(l.parent_id)}">${shortId(l.parent_id)}</a>`]] as [string, string][])),
  ]);
}

const INFO_KEYS = ['fit_seconds', 'latency_us_per_row', 'model_bytes', 'n_features', 'package_sha256', 'threshold_objective', 'calibration', 'error'];

/** A fit fact: the threshold objective in words, hashes in monospace, the rest as values. */
function infoText(key: string, value: unknown): string {
  if (key === 'threshold_objective' && value !== null && typeof value === 'object' && 'kind' in value) return escapeHtml(objectiveText(value as ThresholdObjective));
  if (key.endsWith('sha256') && typeof value === 'string') return `<span class="mono">${escapeHtml(value)}</span>`;
  return valueText(value);
}

function testLooks(looks: number): string {
  return `<span class="test-looks${looks > 1 ? ' repeated' : ''}">test split viewed ${looks} time${looks === 1 ? '' : 's'}</span>`;
}

function notesAndTags(view: RunView): string {
  const tags = Object.entries(view.tags);
  const tagHtml = tags.length === 0 ? emptyText('No tags.') : `<p>${tags.map(([k, v]) => badge(`${k}=${v}`)).join('')}</p>`;
  const notes =
    view.notes.length === 0
      ? emptyText('No notes: `flywheel runs note RUN "…"` adds one.')
      : `<ul class="notes">${view.notes.map((n) => `<li>${escapeHtml(n.text)} <span class="muted">— ${escapeHtml(n.author)}, ${escapeHtml(timeText(n.at))}</span></li>`).join('')}</ul>`;
  return `<section class="card" id="notes"><h2>Tags and notes</h2>${tagHtml}<h3>Notes</h3>${notes}</section>`;
}

function chartFigure(title: string, svg: string | null, wide = false): string {
  if (svg === null) return '';
  return `<div class="${wide ? 'chart-wide' : 'chart'}"><h3>${escapeHtml(title)}</h3>${svg}</div>`;
}

/** Training metrics (train, valid) with the stored evaluation's per split over them (it adds test and the threshold metrics). */
function mergedMetrics(view: RunView): Record<string, unknown> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const [split, values] of Object.entries(view.metrics)) merged[split] = { ...(values as Record<string, unknown>) };
  for (const [split, values] of Object.entries(view.evaluation?.metrics ?? {})) merged[split] = { ...(merged[split] ?? {}), ...values };
  return merged;
}

function evaluationSections(view: RunView, charts: RunCharts | null): string {
  const evaluation = view.evaluation;
  if (evaluation === null || charts === null) {
    return `<section class="card" id="evaluation"><h2>Evaluation</h2>${emptyText(`Not evaluated: \`flywheel evaluate ${view.run_id.slice(0, 8)}\` measures it on the frozen test split (and counts a look).`)}</section>`;
  }
  const report = view.evaluation_report === null ? '' : `<a class="aside" href="${escapeHtml(view.evaluation_report)}">Full evaluation report →</a>`;
  const warnings = evaluation.warnings.length === 0 ? '' : `<ul class="callout">${evaluation.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`;
  const chartGrid = `<div class="charts">${chartFigure('ROC curve', charts.roc)}${chartFigure('Precision-recall curve', charts.pr)}${chartFigure(`Calibration (ECE ${evaluation.calibration.ece.toFixed(3)})`, charts.calibration)}</div>${chartFigure('ROC-AUC per slice', charts.slices, true)}`;
  return [
    `<section class="card" id="charts"><h2>Evaluation on the ${escapeHtml(evaluation.curves.split)} split ${testLooks(evaluation.test_looks)}${report}</h2>${warnings}${chartGrid}</section>`,
    `<section class="card" id="threshold"><h2>Threshold and consequences</h2>${thresholdSectionHtml(evaluation.threshold, evaluation.target.positive)}</section>`,
    `<section class="card" id="comparisons"><h2>Comparisons on the same test rows</h2>${comparisonsSectionHtml(evaluation.comparisons)}</section>`,
  ].join('');
}

export function runPage(view: RunView, charts: RunCharts | null, project: string): string {
  const aliases = view.model_versions.flatMap((v) => [badge(`${v.model} v${v.version}`), ...v.aliases.map((a) => badge(a, 'alias'))]).join('');
  const info = INFO_KEYS.filter((k) => view.info[k] !== undefined && view.info[k] !== null).map((k) => [k, infoText(k, view.info[k])] as [string, string]);
  const warnings = Array.isArray(view.info.warnings) && view.info.warnings.length > 0 ? `<h3>Pipeline warnings</h3><ul>${(view.info.warnings as unknown[]).map((w) => `<li>${escapeHtml(String(w))}</li>`).join('')}</ul>` : '';
  const verdict = typeof view.info.verdict === 'string' ? badge(view.info.verdict, view.info.verdict) : '';
  const body = [
    `<h1>Run <span class="mono">${escapeHtml(view.run_id.slice(0, 8))}</span><span class="sub">${escapeHtml(view.model)}</span> ${badge(view.status, view.status === 'finished' ? 'ok' : view.status)} ${verdict} ${aliases}</h1>`,
    `<p class="lead"><span class="mono">${escapeHtml(view.run_id)}</span> · created ${escapeHtml(timeText(view.created_at))}${view.finished_at === null ? '' : ` · finished ${escapeHtml(timeText(view.finished_at))}`} · ${testLooks(view.test_looks)}</p>`,
    `<section class="card" id="metrics"><h2>Metrics</h2>${metricsTable(mergedMetrics(view), view.evaluation === null ? 'at training; value [95% bootstrap interval]' : 'train and valid at training, test from the evaluation; value [95% bootstrap interval]')}</section>`,
    '<div class="grid">',
    `<section class="card" id="params"><h2>Params</h2>${kv(Object.entries(view.params).map(([k, v]) => [k, valueText(v)]))}</section>`,
    `<section class="card" id="lineage"><h2>Lineage</h2>${lineage(view)}</section>`,
    `<section class="card" id="fit"><h2>Fit</h2>${kv(info)}${warnings}</section>`,
    notesAndTags(view),
    '</div>',
    evaluationSections(view, charts),
  ].join('');
  return pageHtml({ title: `Run ${view.run_id.slice(0, 8)}`, project, active: 'runs', body });
}
