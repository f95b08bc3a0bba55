// Registry: the registered versions with their aliases, and the alias history (who, when, from, to,
// why), each promotion with its gate result: every condition, passed or failed, required and measured.

import type { GateResult } from '../../registry/gate.js';
import type { AliasEvent } from '../../store/types.js';
import type { ModelHistory, ModelsListing } from '../../workflow/registry.js';
import { badge, emptyText, escapeHtml, pageHtml, runLink, timeText } from './layout.js';

function versions(listing: ModelsListing): string {
  if (listing.versions.length === 0) return emptyText('No registered versions: `flywheel promote RUN --to challenger` registers one.');
  const rows = [...listing.versions]
    .reverse()
    .map(
      (v) =>
        `<tr><td><b>v${v.version}</b></td><td>${v.aliases.map((a) => badge(a === 'canary' && v.traffic_percent !== null ? `canary (${v.traffic_percent}%)` : a, 'alias')).join('') || '<span class="muted">—</span>'}</td><td>${escapeHtml(v.kind ?? '—')}</td><td>${v.runId === undefined ? '—' : runLink(v.runId)}</td><td class="num">${v.test_roc_auc === null ? '<span class="muted">—</span>' : v.test_roc_auc.toFixed(4)}</td><td class="nowrap">${escapeHtml(timeText(v.createdAtMs))}</td><td class="mono" title="${escapeHtml(v.sha256)}">${escapeHtml(v.sha256.slice(0, 12))}</td><td>${escapeHtml(v.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<table class="wide" id="versions"><thead><tr><th>version</th><th>aliases</th><th>model</th><th>run</th><th class="num">test ROC-AUC</th><th>registered</th><th>package sha256</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function isGate(value: unknown): value is GateResult & { traffic_percent?: number } {
  return value !== null && typeof value === 'object' && Array.isArray((value as { conditions?: unknown }).conditions);
}

function gateHtml(gate: unknown): string {
  if (gate === undefined || gate === null) return '<span class="muted">no gate</span>';
  const traffic = typeof (gate as { traffic_percent?: unknown }).traffic_percent === 'number' ? ` ${badge(`${(gate as { traffic_percent: number }).traffic_percent}% of traffic`)}` : '';
  if (!isGate(gate)) return traffic === '' ? '<span class="muted">no gate</span>' : traffic;
  const verdict = gate.passed ? badge('gate passed', 'pass') : gate.forced !== undefined ? `${badge('gate failed', 'fail')} ${badge('forced', 'forced')}` : badge('gate failed', 'fail');
  const forced = gate.forced === undefined ? '' : `<div class="muted">overridden: ${escapeHtml(gate.forced.reason)}</div>`;
  const conditions = gate.conditions
    .map((c) => `<li>${badge(c.passed ? 'pass' : 'fail', c.passed ? 'pass' : 'fail')} <code>${escapeHtml(c.name)}</code>: ${escapeHtml(c.measured)}<div class="required">required: ${escapeHtml(c.required)}</div></li>`)
    .join('');
  return `${verdict}${traffic}${forced}<ul class="conditions">${conditions}</ul>`;
}

function historyRows(events: readonly AliasEvent[]): string {
  if (events.length === 0) return emptyText('No alias changes yet.');
  const rows = [...events]
    .reverse()
    .map(
      (e) =>
        `<tr><td class="nowrap">${escapeHtml(timeText(e.atMs))}</td><td>${badge(e.alias, 'alias')}</td><td class="nowrap">${e.previousVersion === null ? '<span class="muted">—</span>' : `v${e.previousVersion}`} → ${e.version === null ? '<span class="muted">removed</span>' : `<b>v${e.version}</b>`}</td><td>${escapeHtml(e.actor)}</td><td>${escapeHtml(e.reason)}</td><td class="gate">${gateHtml(e.gate)}</td></tr>`,
    )
    .join('');
  return `<table class="wide" id="history"><thead><tr><th>when</th><th>alias</th><th class="nowrap">from → to</th><th>who</th><th>why</th><th>gate</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function registryPage(listing: ModelsListing, history: ModelHistory, project: string): string {
  const aliases = Object.entries(listing.aliases)
    .map(([alias, version]) => badge(`${alias} → v${version}`, 'alias'))
    .join('');
  const body = [
    `<h1>Registry<span class="sub">model <code>${escapeHtml(listing.model)}</code></span></h1>`,
    `<p class="lead">${aliases || 'No aliases set.'}</p>`,
    `<section class="card"><h2>Versions</h2>${versions(listing)}</section>`,
    `<section class="card"><h2>Alias history <span class="muted">newest first</span></h2>${historyRows(history.events)}</section>`,
  ].join('');
  return pageHtml({ title: 'Registry', project, active: 'registry', body });
}
