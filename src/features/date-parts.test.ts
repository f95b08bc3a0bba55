import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { monthOfDays } from './date-parts.js';
import { dates, feature, fitAll, frameOf, numbers, thrown } from './test-frames.js';

describe('date_parts', () => {
  it('gives month, day of week (Monday 0), weekend and hour in UTC', () => {
    const frame = frameOf(dates('d', ['2024-03-02T10:30:00Z', '2024-03-04T00:00:00Z', '1969-12-31T23:00:00Z', '2000-02-29T12:00:00Z', null]));
    const { pipeline, trainMatrix } = fitAll(frame, { steps: [{ step: 'date_parts', columns: ['d'] }] });
    expect(pipeline.featureNames).toEqual(['d__month', 'd__day_of_week', 'd__is_weekend', 'd__hour']);
    expect(feature(trainMatrix, 'd__month')).toEqual([3, 3, 12, 2, NaN]);
    expect(feature(trainMatrix, 'd__day_of_week')).toEqual([5, 0, 2, 1, NaN]);
    expect(feature(trainMatrix, 'd__is_weekend')).toEqual([1, 0, 0, 0, NaN]);
    expect(feature(trainMatrix, 'd__hour')).toEqual([10, 0, 23, 12, NaN]);
  });

  it('leaves out the hour by default when every training value is at midnight', () => {
    const { pipeline } = fitAll(frameOf(dates('d', ['2024-03-02', '2024-05-06'])), { steps: [{ step: 'date_parts', columns: ['d'] }] });
    expect(pipeline.featureNames).toEqual(['d__month', 'd__day_of_week', 'd__is_weekend']);
  });

  it('makes only the parts asked for, in the order asked', () => {
    const { pipeline, trainMatrix } = fitAll(frameOf(dates('d', ['2024-03-02'])), { steps: [{ step: 'date_parts', columns: ['d'], parts: ['hour', 'month'] }] });
    expect(pipeline.featureNames).toEqual(['d__hour', 'd__month']);
    expect([...trainMatrix.data]).toEqual([0, 3]);
  });

  it('finds the same month as Date for days far before and after 1970', () => {
    const rng = new Rng(5);
    const wrong: number[] = [];
    for (let k = 0; k < 20_000; k++) {
      const days = rng.nextInt(200_000) - 100_000;
      if (monthOfDays(days) !== new Date(days * 86_400_000).getUTCMonth() + 1) wrong.push(days);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a column that is not a datetime', () => {
    const error = thrown(() => fitAll(frameOf(numbers('n', [1, 2])), { steps: [{ step: 'date_parts', columns: ['n'] }] }));
    expect(error.message).toBe('features.0 (date_parts): column "n" is numeric; date_parts takes datetime columns');
  });
});
