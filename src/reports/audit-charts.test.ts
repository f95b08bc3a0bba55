import { describe, expect, it } from 'vitest';
import { classBalanceSpec, histogramSpec, MAX_ASSOCIATION_BARS, targetAssociationSpec, topCategoriesSpec } from './audit-charts.js';
import { telcoAuditInput } from './audit-report-fixture.js';
import { renderVegaLiteSvg } from './vega.js';
import type { VegaLiteSpec } from './vega.js';

const input = telcoAuditInput();
const tenure = input.profile.columns.find((c) => c.name === 'tenure')!;
const contract = input.profile.columns.find((c) => c.name === 'Contract')!;

async function warningsOf(spec: VegaLiteSpec): Promise<string[]> {
  const warnings: string[] = [];
  await renderVegaLiteSvg(spec, { onWarning: (m) => warnings.push(m) });
  return warnings;
}

describe('audit chart specs', () => {
  it('render without a single Vega-Lite or Vega warning', async () => {
    expect(await warningsOf(classBalanceSpec(input.profile.class_balance!))).toEqual([]);
    expect(await warningsOf(histogramSpec(tenure.histogram!))).toEqual([]);
    expect(await warningsOf(topCategoriesSpec(contract.top!))).toEqual([]);
    expect(await warningsOf(targetAssociationSpec([{ column: 'a', rocAuc: 0.9, severity: 'blocking' }, { column: 'b', rocAuc: 0.4, severity: 'none' }]))).toEqual([]);
  });

  it('sort target-association bars strongest first and keep only the strongest ones', () => {
    const bars = Array.from({ length: MAX_ASSOCIATION_BARS + 5 }, (_, i) => ({ column: `c${i}`, rocAuc: 0.5 + i / 200, severity: 'none' as const }));
    const spec = targetAssociationSpec(bars) as unknown as { data: { values: { column: string }[] } };
    expect(spec.data.values).toHaveLength(MAX_ASSOCIATION_BARS);
    expect(spec.data.values[0]!.column).toBe(`c${MAX_ASSOCIATION_BARS + 4}`);
  });

  it('build histogram bins from consecutive edges', () => {
    const spec = histogramSpec({ edges: [0, 1, 3], counts: [5, 7] }) as unknown as { data: { values: unknown[] } };
    expect(spec.data.values).toEqual([
      { x0: 0, x1: 1, count: 5 },
      { x0: 1, x1: 3, count: 7 },
    ]);
  });
});
