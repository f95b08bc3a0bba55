// The body of POST /v1/feedback read into outcome records: one outcome, or `{"outcomes": […]}`,
// each joined to its prediction by request id or by unit id, with a label (a class of the target),
// a numeric value, or both, and the time the outcome happened (default: when it was received).

import type { OutcomeRecord } from '../store/types.js';
import { isPlainRecord } from './record-validation.js';
import { checkKeys, invalidRequest, kindOf, unitIdOf, type RequestProblem } from './request-helpers.js';

const OUTCOME_KEYS = ['request_id', 'unit_id', 'label', 'value', 'event_time', 'at'] as const;
const FEEDBACK_HINT = 'send {"request_id": "…", "label": "Yes"} or {"unit_id": "…", "label": "No", "at": "2026-01-31T12:00:00Z"}, or {"outcomes": […]}; see docs/http-api.md';

/** The target's classes, when a model is loaded: labels are checked against them. */
export interface TargetClasses {
  positive: string;
  negative: string;
}

/** A label as the class text: the class itself, or true/1 for the positive and false/0 for the negative class. */
export function labelText(label: unknown, classes: TargetClasses | undefined): string | { problem: string } {
  if (typeof label !== 'string' && typeof label !== 'number' && typeof label !== 'boolean') {
    return { problem: `label must be a class name, a boolean or 0/1, found ${kindOf(label)}` };
  }
  const text = String(label);
  if (classes === undefined) return text.trim() === '' ? { problem: 'label must not be empty' } : text;
  if (text === classes.positive || text === classes.negative) return text;
  if (label === true || label === 1) return classes.positive;
  if (label === false || label === 0) return classes.negative;
  return { problem: `label ${JSON.stringify(label)} is not a class of the target: send ${JSON.stringify(classes.positive)} or ${JSON.stringify(classes.negative)} (or true/false, 1/0)` };
}

/** Epoch milliseconds from ISO text or a number of milliseconds. */
function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseFeedbackBody(body: unknown, options: { maxRecords: number; nowMs: number; classes: TargetClasses | undefined }): OutcomeRecord[] {
  if (!isPlainRecord(body)) throw invalidRequest(`the request body must be a JSON object, found ${kindOf(body)}`, FEEDBACK_HINT, []);
  let items: unknown[];
  const problems: RequestProblem[] = [];
  if (Object.hasOwn(body, 'outcomes')) {
    problems.push(...checkKeys(body, ['outcomes'], 'a batch of outcomes'));
    if (!Array.isArray(body.outcomes)) {
      throw invalidRequest(`"outcomes" must be an array, found ${kindOf(body.outcomes)}`, FEEDBACK_HINT, [{ field: 'outcomes', message: 'not an array' }]);
    }
    items = body.outcomes as unknown[];
    if (items.length === 0) problems.push({ field: 'outcomes', message: '"outcomes" is empty' });
    if (items.length > options.maxRecords) problems.push({ field: 'outcomes', message: `${items.length} outcomes in one request; at most ${options.maxRecords} (serving.max_records)` });
  } else items = [body];

  const outcomes: OutcomeRecord[] = [];
  items.forEach((item, i) => {
    const at = (p: Omit<RequestProblem, 'record'>) => problems.push({ record: i, ...p });
    if (!isPlainRecord(item)) {
      at({ message: `an outcome must be an object, found ${kindOf(item)}` });
      return;
    }
    for (const p of checkKeys(item, OUTCOME_KEYS, 'an outcome')) at(p);
    const requestId = item.request_id;
    if (requestId !== undefined && (typeof requestId !== 'string' || requestId === '')) at({ field: 'request_id', message: 'request_id must be non-empty text' });
    const unit = unitIdOf(item.unit_id);
    if (typeof unit === 'object') at({ field: 'unit_id', message: unit.problem });
    if (requestId === undefined && unit === undefined) at({ message: 'an outcome needs a request_id or a unit_id to be joined to its prediction' });
    const hasLabel = item.label !== undefined && item.label !== null;
    const value = item.value;
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isFinite(value))) at({ field: 'value', message: `value must be a finite number, found ${kindOf(value)}` });
    if (!hasLabel && (value === undefined || value === null)) at({ message: 'an outcome needs a label, a value, or both' });
    const label = hasLabel ? labelText(item.label, options.classes) : typeof value === 'number' ? String(value) : '';
    if (typeof label === 'object') at({ field: 'label', message: label.problem });
    if (Object.hasOwn(item, 'event_time') && Object.hasOwn(item, 'at')) at({ field: 'at', message: 'send event_time or at, not both' });
    const timeField = Object.hasOwn(item, 'event_time') ? 'event_time' : 'at';
    const rawTime = item[timeField];
    const atMs = rawTime === undefined || rawTime === null ? options.nowMs : timeOf(rawTime);
    if (atMs === undefined) at({ field: timeField, message: `${timeField} must be an ISO date-time or epoch milliseconds, found ${JSON.stringify(rawTime)}` });
    if (problems.some((p) => p.record === i) || typeof label === 'object' || atMs === undefined) return;
    outcomes.push({
      ...(typeof requestId === 'string' ? { requestId } : {}),
      ...(typeof unit === 'string' ? { unitId: unit } : {}),
      atMs,
      label,
      ...(typeof value === 'number' ? { value } : {}),
    });
  });
  if (problems.length > 0) throw invalidRequest(problems[0]!.message, FEEDBACK_HINT, problems);
  return outcomes;
}
