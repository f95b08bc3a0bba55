// Overview: the problem card (answers and open questions), the latest audit with a link to its
// report, the ladder (newest run per rung with validation ROC-AUC and verdict), and the champion.

import type { ProjectOverview } from '../dashboard-data.js';
import { badge, emptyText, escapeHtml, metricText, pageHtml, runLink, timeText } from './layout.js';

function problemCard(card: ProjectOverview['problem_card']): string {
  const status = card.closed ? badge('closed', 'ok') : badge(`${card.open_questions.length} open`, 'stay');
  const answers =
    card.answers.length === 0
      ? emptyText('No answers yet: add a problem: section to flywheel.yaml (docs/problem-card.md).')
      : `<dl class="kv">${card.answers.map((a) => `<dt><code>${escapeHtml(a.key)}</code></dt><dd>${escapeHtml(a.answer)}</dd>`).join('')}</dl>`;
  const open =
    card.open_questions.length === 0
      ? ''
      : `<h3>Open questions</h3><ul class="questions">${card.open_questions.map((q) => `<li><code>${escapeHtml(q.key)}</code>: ${escapeHtml(q.question)}</li>`).join('')}</ul>`;
  const threshold = card.cost_threshold === null ? '' : `<p class="muted">Cost-optimal threshold for calibrated scores: <b>${card.cost_threshold.threshold.toFixed(3)}</b> (${escapeHtml(card.cost_threshold.reasoning)}).</p>`;
  return `<section class="card" id="problem-card"><h2>Problem card ${status}</h2>${answers}${open}${threshold}</section>`;
}

function audit(summary: ProjectOverview['audit']): string {
  if (summary === null) return `<section class="card" id="audit"><h2>Audit</h2>${emptyText('No audit report yet: run `flywheel audit`.')}</section>`;
  const blocking = summary.findings.blocking;
  const verdict = blocking === null ? '' : blocking > 0 ? badge(`${blocking} blocking`, 'fail') : badge('no blocking findings', 'ok');
  const tiles = summary.tiles
    .map((t) => {
      const severity = /^(blocking|warning|info) findings$/.exec(t.label)?.[1];
      const className = severity !== undefined && t.value !== '0' ? ` sev-${severity}` : '';
      return `<div class="tile${className}"><div class="value">${escapeHtml(t.value)}</div><div class="label">${escapeHtml(t.label)}</div></div>`;
    })
    .join('');
  const data = summary.data === null ? '' : `<p class="muted">Snapshot <span class="mono">${escapeHtml(summary.snapshot)}</span> of <code>${escapeHtml(summary.data.source)}</code>, written ${escapeHtml(timeText(summary.written_at))}.</p>`;
  return `<section class="card" id="audit"><h2>Latest audit ${verdict}<a class="aside" href="${escapeHtml(summary.report)}">Full audit report →</a></h2><div class="tiles">${tiles}</div>${data}</section>`;
}

function ladder(rungs: ProjectOverview['ladder'], championRun: string | null): string {
  if (rungs.length === 0) return `<section class="card" id="ladder"><h2>Ladder</h2>${emptyText('No ladder runs yet: run `flywheel train`.')}</section>`;
  const rows = rungs
    .map((r) => {
      const gain = r.gain === null ? '<span class="muted">—</span>' : `${r.gain.value >= 0 ? '+' : ''}${r.gain.value.toFixed(4)}${r.gain.ci === undefined ? '' : ` <span class="muted">[${r.gain.ci[0].toFixed(3)}, ${r.gain.ci[1].toFixed(3)}]</span>`} <span class="muted">vs ${escapeHtml(r.gain.vs)}</span>`;
      return `<tr><td><b>${escapeHtml(r.model)}</b></td><td>${runLink(r.run_id)}</td><td class="num">${metricText(r.valid_roc_auc)}</td><td>${gain}</td><td>${r.verdict === null ? badge(r.status, r.status) : badge(r.verdict, r.verdict)}</td><td>${r.run_id === championRun ? badge('champion', 'alias') : ''}${r.evaluated ? badge('evaluated') : ''}</td></tr>`;
    })
    .join('');
  return `<section class="card" id="ladder"><h2>Ladder <a class="aside" href="/runs?tag=ladder%3Dtrue">All ladder runs →</a></h2><table class="wide"><thead><tr><th>rung</th><th>run</th><th class="num">valid ROC-AUC [95% CI]</th><th>gain over incumbent</th><th>verdict</th><th></th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function champion(summary: ProjectOverview['champion']): string {
  if (summary === null) return `<section class="card" id="champion"><h2>Champion</h2>${emptyText('No champion yet: `flywheel promote RUN --to champion` puts one through the gate.')}</section>`;
  return [
    `<section class="card" id="champion"><h2>Champion ${badge(`${summary.model} v${summary.version}`, 'alias')}<a class="aside" href="/registry">Registry →</a></h2>`,
    '<dl class="kv">',
    `<dt>model kind</dt><dd>${escapeHtml(summary.kind ?? '—')}</dd>`,
    `<dt>run</dt><dd>${summary.run_id === null ? '—' : runLink(summary.run_id)}</dd>`,
    `<dt>champion since</dt><dd>${escapeHtml(timeText(summary.since))}</dd>`,
    `<dt>test ROC-AUC</dt><dd>${summary.test_roc_auc === null ? '<span class="muted">not evaluated</span>' : metricText(summary.test_roc_auc)}</dd>`,
    '</dl></section>',
  ].join('');
}

export function overviewPage(overview: ProjectOverview): string {
  const p = overview.project;
  const head = `<h1>${escapeHtml(p.name)}<span class="sub">predicting <code>${escapeHtml(p.target)}</code>${p.positive === null ? '' : ` = <code>${escapeHtml(p.positive)}</code>`}</span></h1><p class="lead">Data <code>${escapeHtml(p.data)}</code> · store <code>${escapeHtml(p.store)}</code></p>`;
  const body = `${head}${ladder(overview.ladder, overview.champion?.run_id ?? null)}<div class="grid"><div class="stack">${problemCard(overview.problem_card)}</div><div class="stack">${champion(overview.champion)}${audit(overview.audit)}</div></div>`;
  return pageHtml({ title: 'Overview', project: p.name, active: 'overview', body });
}
