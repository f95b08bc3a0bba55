import { describe, expect, it } from 'vitest';
import { parseRunFilters, parseTagPairs, parseTime } from './run-filters.js';

describe('the runs filter language', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');

  it('parses tags, metric bounds, windows and a metric sort into store options', () => {
    expect(parseRunFilters({ kind: 'gbt', tags: ['team=growth', 'note=a=b'], metric: 'valid.roc_auc>=0.8', since: '7d', until: '2026-11-26', sort: 'valid.log_loss', ascending: true, limit: 20 }, now)).toEqual({
      kind: 'gbt',
      tags: { team: 'growth', note: 'a=b' },
      metric: { split: 'valid', name: 'roc_auc', min: 0.8 },
      createdSinceMs: now - 7 * 86400e3,
      createdUntilMs: Date.parse('2026-11-26'),
      sort: { by: 'metric', split: 'valid', name: 'log_loss', ascending: true },
      limit: 20,
    });
    expect(parseRunFilters({ metric: 'test.brier <= 0.2' }).metric).toEqual({ split: 'test', name: 'brier', max: 0.2 });
    expect(parseRunFilters({ metric: 'valid.recall_at_precision@0.9' }).metric).toEqual({ split: 'valid', name: 'recall_at_precision@0.9' });
    expect(parseRunFilters({ sort: 'created' }).sort).toBeUndefined();
  });

  it('names the flag and shows the form on every mistake', () => {
    expect(() => parseTagPairs(['team'])).toThrow(/--tag team: expected key=value/);
    expect(() => parseRunFilters({ metric: 'roc_auc>0.8' })).toThrow(/--metric roc_auc>0.8/);
    expect(() => parseRunFilters({ status: 'done' })).toThrow(/running, finished or failed/);
    expect(() => parseRunFilters({ sort: 'roc_auc' })).toThrow(/--sort roc_auc: expected split.metric/);
    expect(() => parseTime('last week', '--since', now)).toThrow(/neither a date nor a duration/);
  });
});
