import { describe, expect, it } from 'vitest';
import type { SliceResult } from '../evaluation/evaluation-result.js';
import { chartedSlices, MAX_SLICE_POINTS, prCurveSpec, reliabilitySpec, rocCurveSpec, sliceAucSpec } from './evaluation-charts.js';
import { evaluationReportFixture } from './evaluation-report-fixture.js';
import { renderVegaLiteSvg } from './vega.js';
import type { VegaLiteSpec } from './vega.js';

const result = evaluationReportFixture();

async function warningsOf(spec: VegaLiteSpec): Promise<string[]> {
  const warnings: string[] = [];
  await renderVegaLiteSvg(spec, { onWarning: (m) => warnings.push(m) });
  return warnings;
}

function slice(feature: string, name: string, auc: number | null, worse = false): SliceResult {
  return { feature, slice: name, size: 100, positives: 30, roc_auc: auc === null ? null : { value: auc, ci: [auc - 0.05, auc + 0.05] }, worse };
}

describe('evaluation chart specs', () => {
  it('render without a single Vega-Lite or Vega warning', async () => {
    expect(await warningsOf(rocCurveSpec(result.curves.roc))).toEqual([]);
    expect(await warningsOf(prCurveSpec(result.curves.pr, 0.26))).toEqual([]);
    expect(await warningsOf(prCurveSpec(result.curves.pr, null))).toEqual([]);
    expect(await warningsOf(reliabilitySpec(result.calibration.bins))).toEqual([]);
    expect(await warningsOf(sliceAucSpec(result.slices, 0.84))).toEqual([]);
    expect(await warningsOf(sliceAucSpec(result.slices, null))).toEqual([]);
  });

  it('leave the base-rate rule out of the PR chart when the base rate is unknown', () => {
    expect((prCurveSpec(result.curves.pr, 0.3) as unknown as { layer: unknown[] }).layer).toHaveLength(2);
    expect((prCurveSpec(result.curves.pr, null) as unknown as { layer: unknown[] }).layer).toHaveLength(1);
  });

  it('chart only slices with a ROC-AUC, and the lowest ones in input order when there are too many', () => {
    expect(chartedSlices([slice('a', 'x', 0.8), slice('a', 'y', null)]).map((s) => s.slice)).toEqual(['x']);
    const many = Array.from({ length: MAX_SLICE_POINTS + 3 }, (_, i) => slice('f', `s${i}`, 0.99 - i / 1000));
    const charted = chartedSlices(many);
    expect(charted).toHaveLength(MAX_SLICE_POINTS);
    expect(charted[0]!.slice).toBe('s3');
    expect(charted.at(-1)!.slice).toBe(`s${MAX_SLICE_POINTS + 2}`);
  });

  it('keep two slices with the same label apart on the axis and colour worse ones', () => {
    const spec = sliceAucSpec([slice('a', 'x', 0.8), slice('a', 'x', 0.7, true)], 0.8) as unknown as { data: { values: { label: string; color: string }[] } };
    expect(spec.data.values.map((v) => v.label)).toEqual(['a = x', 'a = x (2)']);
    expect(spec.data.values[0]!.color).not.toBe(spec.data.values[1]!.color);
  });

  it('leave empty reliability bins out of the diagram', () => {
    const bins = [
      { mean_score: 0.1, fraction_positive: 0.12, count: 10, lower: 0, upper: 0.2 },
      { mean_score: 0.3, fraction_positive: 0, count: 0, lower: 0.2, upper: 0.4 },
    ];
    const spec = reliabilitySpec(bins) as unknown as { layer: { data: { values: unknown[] } }[] };
    expect(spec.layer[2]!.data.values).toEqual([{ mean_score: 0.1, fraction_positive: 0.12, count: 10 }]);
  });
});
