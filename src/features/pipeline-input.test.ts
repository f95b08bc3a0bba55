import { describe, expect, it } from 'vitest';
import { Frame } from '../core/frame.js';
import { categories, dates, feature, fitAll, frameOf, numbers, thrown } from './test-frames.js';

describe('pipeline input', () => {
  const frame = frameOf(numbers('tenure', [1, 5, 9]), categories('contract', ['a', 'b', 'a']), dates('day', ['2024-01-01', '2024-01-02', null]), numbers('paperless', [1, 0, 1], 'boolean'));
  const { pipeline } = fitAll(frame, { encoding: 'native' });

  it('refuses non-numeric text for a number, naming the record, the column and the value', () => {
    const error = thrown(() => pipeline.transform([{ tenure: 1 }, { tenure: '2' }, {}, { tenure: 'abc' }]));
    expect(error.code).toBe('data_invalid');
    expect(error.message).toBe('record 3: column "tenure" expects a number, found "abc"');
    expect(error.details).toEqual({ record: 3, column: 'tenure' });
  });

  it('refuses a record that is not an object, and values of the wrong kind for booleans, dates and levels', () => {
    expect(thrown(() => pipeline.transform([{}, 7] as never)).message).toBe('record 1 is number, not an object of column values');
    expect(thrown(() => pipeline.transform([{ paperless: 'maybe' }])).message).toBe('record 0: column "paperless" expects true or false (or 0 / 1), found "maybe"');
    expect(thrown(() => pipeline.transform([{ day: 'next week' }])).message).toMatch(/^record 0: column "day" expects an ISO date or time/);
    expect(thrown(() => pipeline.transform([{ contract: ['a'] }])).message).toBe('record 0: column "contract" expects text or a number, found ["a"]');
  });

  it('treats absent keys, null and undefined as missing and ignores keys it does not read', () => {
    const X = pipeline.transform([{ tenure: null, contract: undefined, extra: 'ignored' }]);
    expect([...X.data].every(Number.isNaN)).toBe(true);
  });

  it('reads only own keys of a record, so a column named like an Object method is not confused', () => {
    const odd = fitAll(frameOf(numbers('constructor', [1, 2])));
    expect(feature(odd.pipeline.transform([{}]), 'constructor')).toEqual([NaN]);
  });

  it('names a column missing from a Frame and suggests the closest one', () => {
    const renamed = new Frame(frame.columns.map((c) => (c.name === 'tenure' ? { ...c, name: 'Tenure_' } : c)));
    const error = thrown(() => pipeline.transform(renamed));
    expect(error.code).toBe('column_not_found');
    expect(error.message).toBe('the pipeline input column "tenure" is not in the data');
    expect(error.hint).toBe('did you mean "Tenure_"?');
  });

  it('converts a Frame column held as text to the type it was fitted on, refusing a value that is not one', () => {
    const asText = frameOf(categories('tenure', ['3', '7', null]), categories('contract', ['b', 'b', 'a']), categories('day', ['2024-01-05', null, null]), categories('paperless', ['true', 'false', null]));
    const X = pipeline.transform(asText);
    expect(feature(X, 'tenure')).toEqual([3, 7, NaN]);
    expect(feature(X, 'paperless')).toEqual([1, 0, NaN]);
    const bad = frameOf(categories('tenure', ['3', 'n/a']), categories('contract', ['b', 'b']), categories('day', [null, null]), categories('paperless', [null, null]));
    expect(thrown(() => pipeline.transform(bad)).message).toBe('column "tenure" expects a number, found "n/a" (row 1)');
  });

  it('refuses something that is neither a Frame nor an array of records', () => {
    expect(thrown(() => pipeline.transform({ tenure: 1 } as never)).message).toBe('transform takes a Frame or an array of records, found object');
  });
});
