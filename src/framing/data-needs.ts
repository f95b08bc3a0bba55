// How many rows the problem needs, by a documented rule of thumb (docs/problem-card.md, "Data
// needs"), shown step by step with its numbers: minority-class events per feature (Peduzzi et al.
// 1996; Riley et al. 2019), raised for a more ambitious roc_auc target, divided by the minority-class
// rate, inflated for label noise (Angluin & Laird 1988), and never below the rows needed to estimate
// the overall event rate within ±0.05 (Riley et al. 2019, criterion iii).

import { formatMlMetric, type MlMetric } from '../core/problem-spec.js';

/** The heuristic's constants, each declared once; docs/problem-card.md explains them. */
export const DATA_NEEDS_RULE = {
  /** Minority-class events per feature at a modest target (Peduzzi et al. 1996's minimum of 10). */
  baseEventsPerFeature: 10,
  /** The roc_auc target at and below which the base applies. */
  baseAuc: 0.7,
  /** Each this much roc_auc above baseAuc doubles the events per feature (0.80 → 20, 0.90 → 40). */
  aucPerDoubling: 0.1,
  /** The roc_auc target assumed when the card gives none (or gives it on another metric). */
  assumedAuc: 0.8,
  /** Riley et al. 2019 criterion (iii): the overall event rate within this margin, at 95% (z = 1.96). */
  rateMargin: 0.05,
  z: 1.96,
} as const;

export interface DataNeeds {
  /** estimated; no_target (the minority-class rate is unknown); uninformative_labels (expected_noise 0.5). */
  status: 'estimated' | 'no_target' | 'uninformative_labels';
  /** Rows needed for training; null when no estimate can be made. */
  estimate_rows: number | null;
  available_rows: number;
  /** True when the available rows are fewer than the estimate. */
  short: boolean;
  /** Each step of the estimate, with its numbers. */
  reasoning: string[];
}

export interface DataNeedsOptions {
  /** Candidate features (task complexity): the model's inputs, a categorical one counting once per level it adds. */
  featureCount: number;
  /** Positive and negative label counts; undefined when the data has no target yet. */
  classCounts?: { positive: string; negative: string; positiveCount: number; negativeCount: number } | undefined;
  availableRows: number;
  /** Whether availableRows counts the training split (true) or every row of the data (false). */
  availableIsTraining: boolean;
  mlMetric?: MlMetric | undefined;
  targetPerformance?: number | undefined;
  /** labels.expected_noise: the share of wrong labels, in [0, 0.5]. */
  labelNoise?: number | undefined;
}

export function estimateDataNeeds(options: DataNeedsOptions): DataNeeds {
  const rule = DATA_NEEDS_RULE;
  const p = Math.max(0, Math.floor(options.featureCount));
  const available = options.availableRows;
  const availableText = options.availableIsTraining ? `${available} training rows` : `${available} rows in all (the training split will hold only part of them)`;
  const reasoning: string[] = [`task complexity: ${p} candidate feature${p === 1 ? '' : 's'}`];

  const counts = options.classCounts;
  if (counts === undefined) {
    reasoning.push('no target given: the minority-class rate is unknown, so no estimate is made');
    reasoning.push(`available: ${availableText}`);
    return { status: 'no_target', estimate_rows: null, available_rows: available, short: false, reasoning };
  }
  const total = counts.positiveCount + counts.negativeCount;
  const minorityIsPositive = counts.positiveCount <= counts.negativeCount;
  const minorityCount = minorityIsPositive ? counts.positiveCount : counts.negativeCount;
  const rate = minorityCount / total;
  reasoning.push(`minority class: ${JSON.stringify(minorityIsPositive ? counts.positive : counts.negative)} in ${minorityCount} of ${total} rows (rate ${fmt(rate, 3)})`);

  const { auc, why } = aucTarget(options.mlMetric, options.targetPerformance);
  // Rounded so that float noise (2^1.0000000000000002) cannot push a whole event count up by one.
  const epv = roundTo(rule.baseEventsPerFeature * 2 ** (Math.max(0, auc - rule.baseAuc) / rule.aucPerDoubling), 9);
  const exponent = auc > rule.baseAuc ? `2^((${fmt(auc, 2)} − ${rule.baseAuc}) / ${rule.aucPerDoubling})` : '2^0';
  reasoning.push(
    `events per feature: ${rule.baseEventsPerFeature} × ${exponent} = ${fmt(epv, 1)} for ${why}` +
      `; ${rule.baseEventsPerFeature} at roc_auc ≤ ${rule.baseAuc} (Peduzzi et al. 1996), doubling with each ${rule.aucPerDoubling} above`,
  );
  const events = Math.ceil(epv * p);
  reasoning.push(`minority-class events needed: ${fmt(epv, 1)} × ${p} = ${events}`);
  let rows = Math.ceil(events / rate);
  reasoning.push(`rows to hold them: ${events} / (${minorityCount} / ${total}) = ${rows}`);

  const noise = options.labelNoise;
  if (noise === undefined) {
    reasoning.push('label noise: not on the card (labels.expected_noise), so labels are taken as clean');
  } else if (noise >= 0.5) {
    reasoning.push(`label noise ${fmt(noise, 2)}: half the labels wrong carry no signal, and no number of rows makes up for it`);
    reasoning.push(`available: ${availableText}`);
    return { status: 'uninformative_labels', estimate_rows: null, available_rows: available, short: true, reasoning };
  } else if (noise > 0) {
    const factor = 1 / (1 - 2 * noise) ** 2;
    const noisy = Math.ceil(rows * factor);
    reasoning.push(`label noise ${fmt(noise, 2)}: × 1 / (1 − 2 × ${fmt(noise, 2)})² = × ${fmt(factor, 2)} → ${noisy} rows (random label noise η multiplies the sample size by 1/(1 − 2η)², Angluin & Laird 1988)`);
    rows = noisy;
  } else {
    reasoning.push('label noise: none expected');
  }

  const rateRows = Math.ceil((rule.z / rule.rateMargin) ** 2 * rate * (1 - rate));
  reasoning.push(`overall event rate within ±${rule.rateMargin} (Riley et al. 2019, criterion iii): (${rule.z} / ${rule.rateMargin})² × ${fmt(rate, 3)} × ${fmt(1 - rate, 3)} = ${rateRows} rows`);
  const estimate = Math.max(rows, rateRows);
  reasoning.push(`estimate: max(${rows}, ${rateRows}) = ${estimate} rows`);

  const short = available < estimate;
  reasoning.push(
    short
      ? `available: ${availableText}, short by ${estimate - available} (${fmt((100 * available) / estimate, 0)}% of the estimate)`
      : `available: ${availableText}, enough (${fmt(available / estimate, 1)} × the estimate)`,
  );
  reasoning.push('the rule is for linear models: trees, boosting and neural networks may need over 10 times as many events per feature for stable performance (van der Ploeg et al. 2014)');
  return { status: 'estimated', estimate_rows: estimate, available_rows: available, short, reasoning };
}

/** The roc_auc the estimate aims at, and how it was chosen (for the reasoning line). */
function aucTarget(metric: MlMetric | undefined, target: number | undefined): { auc: number; why: string } {
  const assumed = DATA_NEEDS_RULE.assumedAuc;
  if (target === undefined) return { auc: assumed, why: `no target_performance, so an assumed roc_auc of ${assumed}` };
  if (metric?.name === 'roc_auc') return { auc: target, why: `the roc_auc target ${fmt(target, 2)}` };
  const on = metric === undefined ? 'an unnamed ml_metric' : formatMlMetric(metric);
  return { auc: assumed, why: `an assumed roc_auc of ${assumed} (target_performance is on ${on}, which this rule does not translate)` };
}

function roundTo(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}

/** A number rounded for reading: fixed digits, trailing zeros dropped. */
function fmt(x: number, digits: number): string {
  return String(roundTo(x, digits));
}
