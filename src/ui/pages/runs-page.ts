// Runs: the tracked runs with the filters of `flywheel runs` (model kind, tag, metric bound, dates,
// sort) as a GET form, and a multi-select that opens the comparison of the chosen runs.

import { LADDER_KINDS } from '../../core/config.js';
import type { RunsListing, RunsQuery } from '../dashboard-data.js';
import { asMetric, badge, emptyText, escapeHtml, metricText, pageHtml, runLink, shortId, timeText } from './layout.js';

/** A parameter's text for the form (the last one when repeated). */
function field(query: RunsQuery, name: keyof RunsQuery): string {
  const value = query[name];
  return escapeHtml((Array.isArray(value) ? value[value.length - 1] : value) ?? '');
}

function filtersForm(query: RunsQuery, kinds: readonly string[]): string {
  // Escaped, as the option values it is compared with.
  const model = field(query, 'model');
  const options = ['', ...kinds].map((k) => `<option value="${escapeHtml(k)}"${escapeHtml(k) === model ? ' selected' : ''}>${k === '' ? 'any' : escapeHtml(k)}</option>`).join('');
  const tags = Array.isArray(query.tag) ? query.tag : query.tag === undefined ? [] : [query.tag];
  const tag = tags[0] ?? '';
  // Tags beyond the first (from a link or a hand-written URL) are kept across a new filter.
  const moreTags = tags.slice(1).map((t) => `<input type="hidden" name="tag" value="${escapeHtml(t)}">`).join('');
  return [
    '<form class="filters card" method="get" action="/runs" aria-label="filters">',
    `<label>model kind<select name="model">${options}</select></label>`,
    `<label>tag<input name="tag" placeholder="ladder=true" value="${escapeHtml(tag)}"></label>${moreTags}`,
    `<label>metric<input name="metric" placeholder="valid.roc_auc>=0.8" value="${field(query, 'metric')}"></label>`,
    `<label>since<input name="since" placeholder="2026-11-01 or 7d" value="${field(query, 'since')}"></label>`,
    `<label>until<input name="until" placeholder="2026-11-30" value="${field(query, 'until')}"></label>`,
    `<label>sort<input name="sort" placeholder="valid.roc_auc" value="${field(query, 'sort')}"></label>`,
    '<button type="submit" class="primary">Filter</button>',
    '<a class="button" href="/runs">Clear</a>',
    '</form>',
  ].join('');
}

/** The metric the table shows: the one sorted or filtered on, else validation ROC-AUC. */
function shownMetric(listing: RunsListing): { split: string; name: string } {
  const f = listing.filters;
  if (f.sort?.by === 'metric') return { split: f.sort.split, name: f.sort.name };
  if (f.metric !== undefined) return { split: f.metric.split, name: f.metric.name };
  return { split: 'valid', name: 'roc_auc' };
}

export function runsPage(listing: RunsListing, query: RunsQuery, project: string): string {
  const metric = shownMetric(listing);
  const kinds = [...new Set([...LADDER_KINDS, ...listing.runs.map((r) => r.model)])];
  const rows = listing.runs
    .map((r) => {
      const value = asMetric((r.metrics[metric.split] as Record<string, unknown> | undefined)?.[metric.name]);
      const tags = Object.entries(r.tags)
        .map(([k, v]) => `<a href="/runs?tag=${encodeURIComponent(`${k}=${v}`)}" title="only runs tagged ${escapeHtml(`${k}=${v}`)}">${badge(`${k}=${v}`)}</a>`)
        .join('');
      return `<tr><td class="select"><input type="checkbox" name="ids" value="${escapeHtml(r.run_id)}" aria-label="select run ${escapeHtml(r.run_id.slice(0, 8))}"></td><td>${runLink(r.run_id)}</td><td>${escapeHtml(r.model)}</td><td>${badge(r.status, r.status === 'finished' ? '' : r.status)}</td><td>${escapeHtml(timeText(r.created_at))}</td><td class="num">${metricText(value)}</td><td>${r.verdict === null ? '' : badge(r.verdict, r.verdict)}</td><td>${shortId(r.split)}</td><td>${tags}</td></tr>`;
    })
    .join('');
  const table =
    listing.runs.length === 0
      ? emptyText('No run matches these filters.')
      : `<div class="toolbar"><button type="button" id="compare-button" class="primary" disabled>Compare selected</button><span id="selected-count" class="count">select two or more runs to compare</span></div><table class="wide" data-selectable id="runs-table"><thead><tr><th class="select"></th><th>run</th><th>model</th><th>status</th><th>created</th><th class="num">${escapeHtml(`${metric.split}.${metric.name}`)} [95% CI]</th><th>verdict</th><th>split</th><th>tags</th></tr></thead><tbody>${rows}</tbody></table>`;
  const body = `<h1>Runs<span class="sub">${listing.runs.length} shown${listing.filters.limit !== undefined && listing.runs.length >= listing.filters.limit ? ` (limit ${listing.filters.limit})` : ''}</span></h1>${filtersForm(query, kinds)}<section class="card">${table}</section>`;
  return pageHtml({ title: 'Runs', project, active: 'runs', body });
}
