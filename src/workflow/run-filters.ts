// The filter language of `flywheel runs`, parsed into the store's ListRunsOptions:
//   --tag key=value (repeatable)          --metric valid.roc_auc>=0.8 (or <=, or just valid.roc_auc)
//   --since 2026-11-01 | 7d (ago)         --until 2026-11-26T12:00
//   --sort created | valid.roc_auc        --asc

import { DURATION_PATTERN, durationMs } from '../core/duration.js';
import { FlywheelError } from '../core/errors.js';
import type { ListRunsOptions } from '../store/types.js';

export interface RunFilterText {
  kind?: string | undefined;
  status?: string | undefined;
  tags?: readonly string[] | undefined;
  metric?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  sort?: string | undefined;
  ascending?: boolean | undefined;
  limit?: number | undefined;
}

/** `key=value` pairs into a record; the value may contain `=`. */
export function parseTagPairs(pairs: readonly string[], flag = '--tag'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new FlywheelError('usage', `${flag} ${pair}: expected key=value`, { hint: `write e.g. ${flag} team=growth` });
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return out;
}

const METRIC_FILTER = /^\s*([A-Za-z_]+)\.([A-Za-z_@.0-9]+?)\s*(?:(>=|<=)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?))?\s*$/;

function metricKey(text: string, flag: string): { split: string; name: string } {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1) throw new FlywheelError('usage', `${flag} ${text}: expected split.metric`, { hint: `write e.g. ${flag} valid.roc_auc` });
  return { split: text.slice(0, dot), name: text.slice(dot + 1) };
}

/** A time: an ISO date or date-time, or a duration meaning that long before `nowMs`. */
export function parseTime(text: string, flag: string, nowMs = Date.now()): number {
  if (DURATION_PATTERN.test(text.trim())) return nowMs - durationMs(text);
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new FlywheelError('usage', `${flag} ${text} is neither a date nor a duration`, { hint: `write e.g. ${flag} 2026-11-01 or ${flag} 7d (seven days ago)` });
  return ms;
}

export function parseRunFilters(text: RunFilterText, nowMs = Date.now()): ListRunsOptions {
  const options: ListRunsOptions = {};
  if (text.kind !== undefined) options.kind = text.kind;
  if (text.status !== undefined) {
    if (!['running', 'finished', 'failed'].includes(text.status)) throw new FlywheelError('usage', `--status ${text.status}: expected running, finished or failed`, { hint: 'write e.g. --status finished' });
    options.status = text.status as ListRunsOptions['status'] & string;
  }
  if (text.tags !== undefined && text.tags.length > 0) options.tags = parseTagPairs(text.tags);
  if (text.metric !== undefined) {
    const match = METRIC_FILTER.exec(text.metric);
    if (match === null) throw new FlywheelError('usage', `--metric ${text.metric}: expected split.metric, optionally with >= or <= and a number`, { hint: 'write e.g. --metric "valid.roc_auc>=0.8"' });
    const [, split, name, op, value] = match as unknown as [string, string, string, string | undefined, string | undefined];
    options.metric = { split, name, ...(op === '>=' ? { min: Number(value) } : op === '<=' ? { max: Number(value) } : {}) };
  }
  if (text.since !== undefined) options.createdSinceMs = parseTime(text.since, '--since', nowMs);
  if (text.until !== undefined) options.createdUntilMs = parseTime(text.until, '--until', nowMs);
  if (text.sort !== undefined && text.sort !== 'created') {
    const { split, name } = metricKey(text.sort, '--sort');
    options.sort = { by: 'metric', split, name, ascending: text.ascending === true };
  }
  if (text.limit !== undefined) options.limit = text.limit;
  return options;
}
