// The findings part of the audit report: findings ordered most severe first, each with its message,
// evidence as a small table and the hint; plus the per-column index of findings other sections link to.

import { escapeHtml } from './html.js';
import { formatNumber } from './format.js';
import type { AuditFinding, Severity } from './audit-report-input.js';

export const SEVERITY_ORDER: readonly Severity[] = ['blocking', 'warning', 'info'];

function severityRank(severity: string): number {
  const rank = SEVERITY_ORDER.indexOf(severity as Severity);
  return rank === -1 ? SEVERITY_ORDER.length : rank;
}

/** Blocking, then warning, then info (unknown severities last); the audit's order within a severity. */
export function sortFindings(findings: readonly AuditFinding[]): AuditFinding[] {
  return [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
}

/** Anchor of the i-th finding in sorted order (0-based in, 1-based out: `finding-1`). */
export function findingAnchor(index: number): string {
  return `finding-${index + 1}`;
}

export interface ColumnFinding {
  anchor: string;
  check: string;
  severity: Severity;
}

/** For each column name, the findings that name it, most severe first. */
export function findingsByColumn(sorted: readonly AuditFinding[]): Map<string, ColumnFinding[]> {
  const out = new Map<string, ColumnFinding[]>();
  sorted.forEach((finding, i) => {
    for (const column of finding.columns ?? []) {
      const list = out.get(column) ?? [];
      list.push({ anchor: findingAnchor(i), check: finding.check, severity: finding.severity });
      out.set(column, list);
    }
  });
  return out;
}

const MAX_LIST_ITEMS = 12;
const MAX_NESTED_ROWS = 20;
const MAX_JSON_CHARS = 400;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function scalarHtml(value: unknown): string {
  if (value === null || value === undefined) return '<span class="muted">—</span>';
  if (typeof value === 'number') return escapeHtml(formatNumber(value));
  // Blank and space-padded strings (a classic cause of mixed types) would be invisible unquoted.
  if (typeof value === 'string' && (value.trim() === '' || value.trim() !== value)) return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
  return escapeHtml(String(value));
}

function jsonHtml(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  const cut = text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}…` : text;
  return `<code>${escapeHtml(cut)}</code>`;
}

/** A table of rows that are flat objects (e.g. `[{ value, rate }]`), keys in first-seen order. */
function nestedTableHtml(rows: readonly Record<string, unknown>[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('');
  const body = rows
    .slice(0, MAX_NESTED_ROWS)
    .map((r) => `<tr>${keys.map((k) => `<td${typeof r[k] === 'number' ? ' class="num"' : ''}>${scalarHtml(r[k])}</td>`).join('')}</tr>`)
    .join('');
  const more = rows.length > MAX_NESTED_ROWS ? `<p class="muted">… ${rows.length - MAX_NESTED_ROWS} more</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** One evidence value as HTML: scalars formatted, short lists joined, lists of flat records as a table. */
export function evidenceValueHtml(value: unknown): string {
  if (isScalar(value) || value === undefined) return scalarHtml(value);
  if (Array.isArray(value)) {
    if (value.every(isScalar)) {
      const shown = value.slice(0, MAX_LIST_ITEMS).map(scalarHtml).join(', ');
      return value.length > MAX_LIST_ITEMS ? `${shown}, … (${value.length - MAX_LIST_ITEMS} more)` : shown;
    }
    if (value.length > 0 && value.every((v) => isPlainObject(v) && Object.values(v).every(isScalar))) {
      return nestedTableHtml(value as Record<string, unknown>[]);
    }
  }
  return jsonHtml(value);
}

function evidenceTableHtml(evidence: Record<string, unknown> | undefined): string {
  const entries = Object.entries(evidence ?? {});
  if (entries.length === 0) return '';
  const rows = entries.map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${evidenceValueHtml(value)}</td></tr>`).join('');
  return `<table class="evidence"><tbody>${rows}</tbody></table>`;
}

function findingHtml(finding: AuditFinding, index: number): string {
  const columns = (finding.columns ?? []).map((c) => `<code>${escapeHtml(c)}</code>`).join(', ');
  const hint = finding.hint ? `<p class="hint"><b>How to fix:</b> ${escapeHtml(finding.hint)}</p>` : '';
  return [
    `<article class="finding sev-${escapeHtml(finding.severity)}" id="${findingAnchor(index)}">`,
    `<div><span class="badge sev">${escapeHtml(finding.severity)}</span> <code>${escapeHtml(finding.check)}</code>${columns ? ` · ${columns}` : ''}</div>`,
    `<p class="message">${escapeHtml(finding.message)}</p>`,
    evidenceTableHtml(finding.evidence),
    hint,
    '</article>',
  ].join('\n');
}

/** The findings section's body; `sorted` comes from sortFindings. */
export function findingsSectionHtml(sorted: readonly AuditFinding[]): string {
  if (sorted.length === 0) return '<p>No findings: every check that ran passed.</p>';
  return sorted.map(findingHtml).join('\n');
}
