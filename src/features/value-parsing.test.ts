import { describe, expect, it } from 'vitest';
import { parseBooleanValue, parseDatetimeValue, parseLevelValue, parseNumberValue } from './value-parsing.js';

describe('reading record values', () => {
  it('reads numbers and decimal text; blank, null and absent are missing; other text is refused', () => {
    expect(parseNumberValue(12.5)).toBe(12.5);
    expect(parseNumberValue(' -3e2 ')).toBe(-300);
    expect(parseNumberValue('.5')).toBe(0.5);
    expect(parseNumberValue(null)).toBeNaN();
    expect(parseNumberValue(undefined)).toBeNaN();
    expect(parseNumberValue('  ')).toBeNaN();
    for (const bad of ['abc', '0x10', '1,5', 'Infinity', true, {}, [1]]) expect(parseNumberValue(bad)).toBeUndefined();
  });

  it('reads booleans as true/false, 0/1 and the words data files use', () => {
    expect([true, 1, 'true', 'T', 'yes', '1'].map(parseBooleanValue)).toEqual([1, 1, 1, 1, 1, 1]);
    expect([false, 0, 'False', 'f', 'NO', '0'].map(parseBooleanValue)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(parseBooleanValue(2)).toBeUndefined();
    expect(parseBooleanValue('maybe')).toBeUndefined();
  });

  it('reads ISO dates in UTC unless an offset is given, and epoch milliseconds', () => {
    expect(parseDatetimeValue('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
    expect(parseDatetimeValue('2024-03-01 12:30')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parseDatetimeValue('2024-03-01T12:30:15.1234Z')).toBe(Date.UTC(2024, 2, 1, 12, 30, 15, 123));
    expect(parseDatetimeValue('2024-03-01T12:30:00+02:00')).toBe(Date.UTC(2024, 2, 1, 10, 30));
    expect(parseDatetimeValue('2024-03-01T12:30:00-0130')).toBe(Date.UTC(2024, 2, 1, 14, 0));
    expect(parseDatetimeValue(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(parseDatetimeValue('0099-01-01')).toBe(new Date('0099-01-01T00:00:00Z').getTime());
    for (const bad of ['2024-02-30', '2024-13-01', '01/03/2024', 'soon', true]) expect(parseDatetimeValue(bad)).toBeUndefined();
  });

  it('reads levels as text: numbers by how they print, booleans as true/false', () => {
    expect(parseLevelValue('Yes')).toBe('Yes');
    expect(parseLevelValue(3)).toBe('3');
    expect(parseLevelValue(2.5)).toBe('2.5');
    expect(parseLevelValue(false)).toBe('false');
    expect(parseLevelValue(null)).toBeNull();
    expect(parseLevelValue({ a: 1 })).toBeUndefined();
  });
});
