import { describe, expect, it } from 'vitest';
import { postOutcomeColumn } from './post-outcome.js';
import { leakageInput, numeric } from './test-frames.js';

const DAY = 86_400_000;
const N = 100;
const predicted = Array.from({ length: N }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);

function input(other: number[], type: 'datetime' | 'numeric' = 'datetime') {
  return leakageInput([numeric('predicted_at', predicted, type), numeric('other_date', other, 'datetime')], { predictionTime: { column: 'predicted_at' } });
}

describe('post_outcome_column', () => {
  it('blocks a date later than the prediction time on most rows, with the median lag', () => {
    const [found] = postOutcomeColumn.run(input(predicted.map((t, i) => (i < 60 ? t + 10 * DAY : t - DAY))));
    expect(found).toMatchObject({ severity: 'blocking', columns: ['other_date', 'predicted_at'] });
    expect(found!.evidence).toEqual({ rows_compared: 100, rows_later: 60, share_later: 0.6, median_days_later: 10 });
  });

  it('warns when some rows (5% or more, under half) are dated after the prediction', () => {
    const [found] = postOutcomeColumn.run(input(predicted.map((t, i) => (i < 10 ? t + DAY : t - DAY))));
    expect(found).toMatchObject({ severity: 'warning', evidence: expect.objectContaining({ share_later: 0.1 }) as unknown });
  });

  it('says nothing about a date that precedes the prediction', () => {
    expect(postOutcomeColumn.run(input(predicted.map((t) => t - 30 * DAY)))).toEqual([]);
  });

  it('compares only rows where both dates are present, and says when too few are', () => {
    const [found] = postOutcomeColumn.run(input(predicted.map((t, i) => (i < 5 ? t + DAY : NaN))));
    expect(found).toMatchObject({ severity: 'info', evidence: { status: 'insufficient_data', rows_compared: 5, min_rows: 20 } });
  });

  it('says so when the prediction-time column is not a datetime', () => {
    const [found] = postOutcomeColumn.run(input(predicted, 'numeric'));
    expect(found).toMatchObject({ severity: 'info', evidence: { status: 'not_datetime', type: 'numeric' } });
  });
});
