// The frame of every dashboard page: the top bar with the project's name and the page tabs, the
// stylesheet and the one script (both served by the app), and small formatting helpers shared by pages.
// Everything user-written is escaped here or by the caller with `escapeHtml`.

import type { MetricValue } from '../../evaluation/bootstrap.js';
import { formatNumber } from '../../reports/format.js';
import { escapeHtml } from '../../reports/html.js';

export { escapeHtml };

export type PageTab = 'overview' | 'runs' | 'registry' | 'none';

export interface PageOptions {
  title: string;
  project: string;
  active: PageTab;
  /** Trusted HTML built by the page. */
  body: string;
}

const TABS: readonly [PageTab, string, string][] = [
  ['overview', '/', 'Overview'],
  ['runs', '/runs', 'Runs'],
  ['registry', '/registry', 'Registry'],
];

export function pageHtml(options: PageOptions): string {
  const tabs = TABS.map(([tab, href, label]) => `<a href="${href}"${tab === options.active ? ' class="active" aria-current="page"' : ''}>${label}</a>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(options.title)} · ${escapeHtml(options.project)} · Flywheel</title>`,
    '<link rel="icon" href="data:,">',
    '<link rel="stylesheet" href="/assets/dashboard.css">',
    '<script src="/assets/dashboard.js" defer></script>',
    '</head>',
    '<body>',
    `<header class="topbar"><a class="brand" href="/">Flywheel<span>${escapeHtml(options.project)}</span></a><nav aria-label="pages">${tabs}</nav></header>`,
    `<main>${options.body}</main>`,
    '</body>',
    '</html>',
  ].join('\n');
}

/** The first 8 characters of a run id, with the full id on hover. */
export function shortId(id: string): string {
  return `<span class="mono" title="${escapeHtml(id)}">${escapeHtml(id.slice(0, 8))}</span>`;
}

export function runLink(id: string): string {
  return `<a href="/runs/${encodeURIComponent(id)}">${shortId(id)}</a>`;
}

/** `2026-11-26 16:47` (UTC). */
export function timeText(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function metricText(metric: MetricValue | null | undefined, digits = 4): string {
  if (metric == null || typeof metric.value !== 'number') return '—';
  const value = metric.value.toFixed(digits);
  return metric.ci === undefined ? value : `${value} <span class="muted">[${metric.ci[0].toFixed(3)}, ${metric.ci[1].toFixed(3)}]</span>`;
}

/** A stored metric (`{ value, ci }` or a bare number) as a MetricValue, or null. */
export function asMetric(value: unknown): MetricValue | null {
  if (typeof value === 'number') return { value };
  if (value !== null && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'number') return value as MetricValue;
  return null;
}

export function badge(text: string, kind = ''): string {
  return `<span class="badge${kind === '' ? '' : ` ${escapeHtml(kind)}`}">${escapeHtml(text)}</span>`;
}

/** A param or info value: numbers formatted, strings as they are, anything else as compact JSON. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '<span class="muted">—</span>';
  if (typeof value === 'number') return escapeHtml(formatNumber(value, 6));
  if (typeof value === 'string') return escapeHtml(value);
  return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
}

export function emptyText(text: string): string {
  return `<p class="empty">${escapeHtml(text)}</p>`;
}
