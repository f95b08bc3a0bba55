// The rules rung: the best single-feature threshold rule found on the training rows ("tenure <= 17.5"),
// scoring each side with its training positive rate. It is the baseline a hand-written rule would be;
// a model has to beat it by more than the problem card's minimum improvement to earn its complexity.

import { FlywheelError } from '../../core/errors.js';
import { checkFitInputs, checkModelJson, type FitOptions, type Model, type ModelJson, type ModelKind } from '../estimator.js';
import { checkColumns, columnOf, type Matrix } from '../matrix.js';
import { defineParams, type ParamsOf } from '../params.js';

export const rulesParams = defineParams({
  min_samples_leaf: { type: 'integer', default: 20, min: 1, doc: 'fewest training rows on each side of the threshold' },
  feature: { type: 'string', default: '', doc: 'use only this feature (the ladder sets it to the problem card\'s baseline rule); empty: search every feature' },
});
export type RulesParams = ParamsOf<typeof rulesParams>;

const FORMAT_VERSION = 1;

export interface Rule {
  feature: string;
  featureIndex: number;
  threshold: number;
  /** Training positive rate where feature <= threshold, and where it is above. */
  scoreAtOrBelow: number;
  scoreAbove: number;
}

export class RulesModel implements Model {
  readonly kind = 'rules';

  constructor(
    readonly featureNames: readonly string[],
    readonly params: RulesParams,
    readonly rule: Rule,
  ) {}

  predictProba(X: Matrix): Float64Array {
    checkColumns(this.kind, this.featureNames, X);
    const x = columnOf(X, this.rule.featureIndex);
    const out = new Float64Array(X.nRows);
    for (let i = 0; i < out.length; i++) out[i] = x[i]! <= this.rule.threshold ? this.rule.scoreAtOrBelow : this.rule.scoreAbove;
    return out;
  }

  /** The rule as text, e.g. `if tenure <= 17.5 then 0.47 else 0.16`. */
  describe(): string {
    const r = this.rule;
    return `if ${r.feature} <= ${formatNumber(r.threshold)} then ${r.scoreAtOrBelow.toFixed(3)} else ${r.scoreAbove.toFixed(3)}`;
  }

  toJSON(): ModelJson {
    const r = this.rule;
    return {
      format_version: FORMAT_VERSION,
      kind: this.kind,
      feature_names: [...this.featureNames],
      params: { ...this.params },
      rule: { feature: r.feature, feature_index: r.featureIndex, threshold: r.threshold, score_at_or_below: r.scoreAtOrBelow, score_above: r.scoreAbove },
      text: this.describe(),
    };
  }
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** Gini impurity of a node with `positive` positives among `n` rows, times n. */
function weightedGini(positive: number, n: number): number {
  if (n === 0) return 0;
  const p = positive / n;
  return n * 2 * p * (1 - p);
}

export const rulesKind: ModelKind<typeof rulesParams, RulesModel> = {
  kind: 'rules',
  summary: 'the best one-feature threshold rule on the training rows',
  params: rulesParams,
  encoding: 'unscaled',
  fit(X: Matrix, y: Uint8Array, params: RulesParams, _options: FitOptions): RulesModel {
    checkFitInputs('rules', X, y);
    const n = X.nRows;
    let totalPositive = 0;
    for (const v of y) totalPositive += v;
    const parent = weightedGini(totalPositive, n);
    let best: { gain: number; rule: Rule } | undefined;
    const order = new Uint32Array(n);
    if (params.feature !== '' && !X.columns.includes(params.feature)) {
      throw new FlywheelError('config_invalid', `the rules model's feature "${params.feature}" is not among the features`, { hint: 'leave rules.feature empty to search every feature' });
    }
    for (let j = 0; j < X.nCols; j++) {
      if (params.feature !== '' && X.columns[j] !== params.feature) continue;
      const x = columnOf(X, j);
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(x[i]!)) {
          throw new FlywheelError('data_invalid', `feature "${X.columns[j]}" has missing values; the rules model needs imputed features`, {
            hint: 'add an impute step for it in flywheel.yaml features:',
          });
        }
        order[i] = i;
      }
      order.sort((a, b) => x[a]! - x[b]!);
      let leftPositive = 0;
      for (let k = 0; k < n - 1; k++) {
        leftPositive += y[order[k]!]!;
        const here = x[order[k]!]!;
        const next = x[order[k + 1]!]!;
        const leftN = k + 1;
        if (here === next || leftN < params.min_samples_leaf || n - leftN < params.min_samples_leaf) continue;
        const gain = parent - weightedGini(leftPositive, leftN) - weightedGini(totalPositive - leftPositive, n - leftN);
        // Strictly greater: ties keep the earlier feature and the lower threshold (deterministic).
        if (best === undefined || gain > best.gain) {
          best = {
            gain,
            rule: { feature: X.columns[j]!, featureIndex: j, threshold: (here + next) / 2, scoreAtOrBelow: leftPositive / leftN, scoreAbove: (totalPositive - leftPositive) / (n - leftN) },
          };
        }
      }
    }
    if (best === undefined) {
      throw new FlywheelError('data_invalid', `no feature splits the ${n} training rows into two sides of at least ${params.min_samples_leaf} rows`, {
        hint: 'lower the rules parameter min_samples_leaf, or check that the features vary',
      });
    }
    return new RulesModel([...X.columns], { ...params }, best.rule);
  },
  fromJSON(json: ModelJson): RulesModel {
    const j = checkModelJson(json, 'rules', [FORMAT_VERSION]);
    const r = j.rule as { feature: string; feature_index: number; threshold: number; score_at_or_below: number; score_above: number };
    return new RulesModel(j.feature_names, j.params as RulesParams, {
      feature: r.feature,
      featureIndex: r.feature_index,
      threshold: r.threshold,
      scoreAtOrBelow: r.score_at_or_below,
      scoreAbove: r.score_above,
    });
  },
};
