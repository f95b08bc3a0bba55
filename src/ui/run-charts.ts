// The charts of an evaluated run, rendered on the server to inline SVG with the evaluation report's
// own Vega-Lite specs (ROC, precision-recall, reliability, ROC-AUC per slice): no client-side
// charting and nothing loaded. Rendered once per stored evaluation and kept while the app runs.

import type { EvaluationResult } from '../evaluation/evaluation-result.js';
import { ChartFigures } from '../reports/chart-figure.js';
import { chartedSlices, prCurveSpec, reliabilitySpec, rocCurveSpec, sliceAucSpec } from '../reports/evaluation-charts.js';

export interface RunCharts {
  roc: string | null;
  pr: string | null;
  calibration: string | null;
  slices: string | null;
}

/** Share of positives on the curves' split, from the threshold's confusion counts there. */
function baseRate(result: EvaluationResult): number | null {
  const consequences = result.curves.split === 'test' ? result.threshold.test : result.threshold.valid;
  if (consequences === undefined || consequences.rows <= 0) return null;
  return (consequences.confusion.tp + consequences.confusion.fn) / consequences.rows;
}

export async function renderRunCharts(result: EvaluationResult): Promise<RunCharts> {
  const charts = new ChartFigures();
  const { split, roc, pr } = result.curves;
  const bins = result.calibration.bins.filter((b) => b.count > 0);
  const overall = result.metrics[split]?.roc_auc?.value ?? null;
  return {
    roc: roc.length === 0 ? null : await charts.figure(rocCurveSpec(roc), { label: `ROC curve on the ${split} split`, caption: `${split} split; dashed: chance` }),
    pr: pr.length === 0 ? null : await charts.figure(prCurveSpec(pr, baseRate(result)), { label: `Precision-recall curve on the ${split} split`, caption: `${split} split; dashed: base rate` }),
    calibration:
      bins.length === 0
        ? null
        : await charts.figure(reliabilitySpec(bins), { label: `Reliability diagram on the ${result.calibration.split} split`, caption: `${result.calibration.split} split, points sized by rows; dashed: perfect calibration` }),
    slices:
      chartedSlices(result.slices).length === 0
        ? null
        : await charts.figure(sliceAucSpec(result.slices, overall), { label: 'ROC-AUC per slice with 95% intervals', caption: 'red: significantly worse than the rest of the rows; dashed: overall ROC-AUC', className: 'wide' }),
  };
}

/** Rendered charts by run id and evaluation hash: a new evaluation of the run renders anew. */
export class RunChartCache {
  private readonly entries = new Map<string, Promise<RunCharts>>();

  constructor(private readonly capacity = 50) {}

  get(key: string, result: EvaluationResult): Promise<RunCharts> {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = renderRunCharts(result);
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}
