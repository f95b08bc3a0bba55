import { describe, expect, it } from 'vitest';
import { matrixFromColumns } from '../matrix.js';
import { parseParams } from '../params.js';
import { treeKind } from './tree.js';
import { treeToText } from './tree-text.js';

const fit = (columns: Record<string, number[]>, y: number[], raw: Record<string, unknown> = {}) =>
  treeKind.fit(
    matrixFromColumns(Object.keys(columns), Object.values(columns).map((v) => Float64Array.from(v))),
    Uint8Array.from(y),
    parseParams('tree', treeKind.params, raw),
    { seed: 1 },
  );

describe('treeToText', () => {
  it("writes sklearn export_text's layout, with each leaf's class, p and n", () => {
    // charges = 10 − tenure ties with tenure at every node; the lowest index (tenure) wins.
    const model = fit({ tenure: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], charges: [9, 8, 7, 6, 5, 4, 3, 2, 1, 0] }, [1, 1, 1, 1, 0, 0, 1, 0, 0, 0]);
    expect(treeToText(model)).toBe(
      [
        '|--- tenure <= 4.50',
        '|   |--- class: 1 (p=1.00, n=4)',
        '|--- tenure >  4.50',
        '|   |--- tenure <= 7.50',
        '|   |   |--- tenure <= 6.50',
        '|   |   |   |--- class: 0 (p=0.00, n=2)',
        '|   |   |--- tenure >  6.50',
        '|   |   |   |--- class: 1 (p=1.00, n=1)',
        '|   |--- tenure >  7.50',
        '|   |   |--- class: 0 (p=0.00, n=3)',
        '',
      ].join('\n'),
    );
  });

  it('rounds thresholds and p to the decimals asked for', () => {
    const model = fit({ x: [0.1234, 0.2345, 0.3456, 0.4567] }, [0, 1, 1, 1], { max_depth: 1 });
    expect(treeToText(model, { decimals: 3 })).toBe('|--- x <= 0.179\n|   |--- class: 0 (p=0.000, n=1)\n|--- x >  0.179\n|   |--- class: 1 (p=1.000, n=3)\n');
    expect(treeToText(model, { decimals: 0 })).toContain('|--- x <= 0\n');
  });

  it('names the majority class at a leaf, 0 on an even split', () => {
    const model = fit({ c: [1, 1, 1, 1] }, [1, 0, 0, 1]);
    expect(treeToText(model)).toBe('|--- class: 0 (p=0.50, n=4)\n');
  });

  it('refuses a negative or fractional number of decimals', () => {
    const model = fit({ c: [1, 2] }, [1, 0]);
    expect(() => treeToText(model, { decimals: -1 })).toThrow(RangeError);
    expect(() => treeToText(model, { decimals: 1.5 })).toThrow(/decimals must be an integer/);
  });
});
