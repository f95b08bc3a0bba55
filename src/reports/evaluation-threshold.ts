// The threshold part of the evaluation report: the chosen threshold, the objective it serves and why,
// a warning when the objective's constraint could not be met, and what the threshold does on valid
// and on test side by side (confusion matrices, rates, flagged share, cost).

import type { ThresholdChoice, ThresholdConsequences, ThresholdObjective } from '../evaluation/evaluation-result.js';
import { formatNumber, formatRate } from './format.js';
import { escapeHtml } from './html.js';

/** The objective in words: `minimise expected cost (false positive 1, false negative 5)`. */
export function objectiveText(objective: ThresholdObjective): string {
  switch (objective.kind) {
    case 'min_expected_cost':
      return `minimise expected cost (a false positive costs ${formatNumber(objective.false_positive)}, a false negative ${formatNumber(objective.false_negative)})`;
    case 'recall_at_precision':
      return `highest recall with precision ≥ ${formatNumber(objective.precision)}`;
    case 'precision_at_recall':
      return `highest precision with recall ≥ ${formatNumber(objective.recall)}`;
    case 'max_f1':
      return 'maximise F1';
    default:
      // JSON from a newer version may carry a kind this report does not know.
      return String((objective as { kind: unknown }).kind);
  }
}

function confusionHtml(split: string, c: ThresholdConsequences): string {
  const cell = (n: number, what: string) => `<td class="num" title="${escapeHtml(what)}">${escapeHtml(formatNumber(n))}</td>`;
  return [
    `<table class="confusion"><caption>${escapeHtml(split)}: ${escapeHtml(formatNumber(c.rows))} rows</caption>`,
    '<thead><tr><th></th><th class="num">predicted positive</th><th class="num">predicted negative</th></tr></thead><tbody>',
    `<tr><th>actual positive</th>${cell(c.confusion.tp, 'true positives')}${cell(c.confusion.fn, 'false negatives')}</tr>`,
    `<tr><th>actual negative</th>${cell(c.confusion.fp, 'false positives')}${cell(c.confusion.tn, 'true negatives')}</tr>`,
    '</tbody></table>',
  ].join('');
}

type Row = [label: string, value: (c: ThresholdConsequences) => string];

const RATE_ROWS: readonly Row[] = [
  ['precision', (c) => formatNumber(c.precision, 3)],
  ['recall', (c) => formatNumber(c.recall, 3)],
  ['F1', (c) => formatNumber(c.f1, 3)],
  ['accuracy', (c) => formatNumber(c.accuracy, 3)],
  ['balanced accuracy', (c) => formatNumber(c.balanced_accuracy, 3)],
  ['flagged share', (c) => formatRate(c.flagged_share)],
  ['cost, total', (c) => (c.cost === null ? 'no costs on the card' : formatNumber(c.cost.total))],
  ['cost per row', (c) => (c.cost === null ? '—' : formatNumber(c.cost.per_row, 3))],
];

/** The section: threshold, objective, reasoning, a feasibility warning, then consequences per split. */
export function thresholdSectionHtml(threshold: ThresholdChoice, positive: string): string {
  const splits: [string, ThresholdConsequences | undefined][] = [
    ['valid', threshold.valid],
    ['test', threshold.test],
  ];
  const infeasible = threshold.feasible
    ? ''
    : `<p class="callout infeasible"><b>Infeasible objective.</b> No threshold meets the constraint (${escapeHtml(objectiveText(threshold.objective))}) on validation; the threshold below does not satisfy it.</p>`;
  const intro = [
    '<div class="tiles">',
    `<div class="tile"><div class="value">${escapeHtml(formatNumber(threshold.value, 4))}</div><div class="label">threshold (score ≥ it → ${escapeHtml(positive)})</div></div>`,
    `<div class="tile${threshold.feasible ? '' : ' sev-blocking'}"><div class="value">${threshold.feasible ? 'feasible' : 'infeasible'}</div><div class="label">constraint on validation</div></div>`,
    '</div>',
    `<p>Objective: <b>${escapeHtml(objectiveText(threshold.objective))}</b>. ${escapeHtml(threshold.reasoning)}</p>`,
    infeasible,
  ].join('');
  const matrices = splits.map(([split, c]) => (c === undefined ? `<p class="muted">The threshold was not applied to the ${split} split.</p>` : confusionHtml(split, c))).join('');
  const head = splits.map(([split]) => `<th class="num">${split}</th>`).join('');
  const rows = RATE_ROWS.map(([label, value]) => `<tr><th>${escapeHtml(label)}</th>${splits.map(([, c]) => `<td class="num">${c === undefined ? '—' : escapeHtml(value(c))}</td>`).join('')}</tr>`).join('');
  const rates = `<table class="rates"><thead><tr><th>at this threshold</th>${head}</tr></thead><tbody>${rows}</tbody></table>`;
  return `${intro}\n<div class="side-by-side">${matrices}</div>\n${rates}`;
}
