// The checks on `listRuns` options, the same for every backend: each backend builds its own SQL
// from options that have passed them, so both reject the same options with the same messages.

import { FlywheelError } from '../core/errors.js';
import { checkLimit } from './query-checks.js';
import type { ListRunsOptions } from './types.js';

function usage(message: string, hint: string): FlywheelError {
  return new FlywheelError('usage', `listRuns: ${message}`, { hint });
}

function checkFiniteOption(value: unknown, name: string, hint: string): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value))) {
    throw usage(`${name} must be a finite number, got ${String(value)}`, hint);
  }
}

function checkMetricName(metric: { split?: unknown; name?: unknown }, option: string): void {
  for (const key of ['split', 'name'] as const) {
    if (typeof metric[key] !== 'string' || metric[key] === '') {
      throw usage(`${option}.${key} must be a non-empty string, got ${JSON.stringify(metric[key]) ?? 'undefined'}`, `name the metric, e.g. { split: 'valid', name: 'roc_auc' }`);
    }
  }
}

/** Throws the first problem with `options` (limit, time window, tag values, metric filter, sort). */
export function checkListRunsOptions(options: ListRunsOptions): void {
  checkLimit(options.limit, 'listRuns');
  const timeHint = 'pass times as milliseconds since the epoch, or leave the bound out';
  checkFiniteOption(options.createdSinceMs, 'createdSinceMs', timeHint);
  checkFiniteOption(options.createdUntilMs, 'createdUntilMs', timeHint);
  if (options.createdSinceMs !== undefined && options.createdUntilMs !== undefined && options.createdSinceMs > options.createdUntilMs) {
    throw usage(
      `createdSinceMs (${options.createdSinceMs}) is after createdUntilMs (${options.createdUntilMs})`,
      'the window is createdSinceMs inclusive to createdUntilMs exclusive: swap the bounds',
    );
  }
  // In sorted key order, so the tag reported is the same whatever order the keys were given in.
  for (const [key, value] of sortedTags(options.tags)) {
    if (typeof value !== 'string') {
      throw usage(`tag "${key}" must be matched against a string, got ${typeof value}`, 'tag values are text: write String(value)');
    }
  }
  const metric = options.metric;
  if (metric !== undefined) {
    checkMetricName(metric, 'metric');
    const boundHint = 'bounds are inclusive numbers; leave one out for an open range';
    checkFiniteOption(metric.min, 'metric.min', boundHint);
    checkFiniteOption(metric.max, 'metric.max', boundHint);
    if (metric.min !== undefined && metric.max !== undefined && metric.min > metric.max) {
      throw usage(`metric.min (${metric.min}) is greater than metric.max (${metric.max})`, 'swap the bounds: min is the lower one');
    }
  }
  const sort = options.sort;
  if (sort !== undefined && sort.by === 'metric') {
    checkMetricName(sort, 'sort');
  } else if (sort !== undefined && sort.by !== 'created') {
    throw usage(`sort.by must be "created" or "metric", got ${JSON.stringify((sort as { by?: unknown }).by) ?? 'undefined'}`, `sort by { by: 'metric', split: 'valid', name: 'roc_auc' }, or leave sort out for newest first`);
  }
}

/** The tag filter's entries in key order, so the same filter always gives the same SQL text and the same first complaint. */
export function sortedTags(tags: ListRunsOptions['tags']): [string, string][] {
  return Object.entries(tags ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
