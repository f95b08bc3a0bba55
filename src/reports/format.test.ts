import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent, formatRate } from './format.js';

describe('formatNumber', () => {
  it('groups integers and keeps four significant digits otherwise', () => {
    expect(formatNumber(7043)).toBe('7,043');
    expect(formatNumber(64.7616)).toBe('64.76');
    expect(formatNumber(1397.475)).toBe('1397');
    expect(formatNumber(22833.3)).toBe('22,833');
    expect(formatNumber(0.00004)).toBe('4.00e-5');
  });

  it('shows a dash for missing or non-numeric values and infinity signs for infinities', () => {
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(undefined)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});

describe('formatPercent and formatRate', () => {
  it('read _pct fields as 0–100 and rates as 0–1', () => {
    expect(formatPercent(26.54)).toBe('26.5%');
    expect(formatPercent(0.04)).toBe('<0.1%');
    expect(formatRate(0.2654)).toBe('26.5%');
  });
});
