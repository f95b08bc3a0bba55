// The first rung: a classifier that ignores the features, as scikit-learn's DummyClassifier. Any model
// worth shipping has to beat it; its scores show what "no information" looks like on each metric.

import { Rng } from '../../core/rng.js';
import { checkFitInputs, checkModelJson, type FitOptions, type Model, type ModelJson, type ModelKind } from '../estimator.js';
import { checkColumns, type Matrix } from '../matrix.js';
import { defineParams, type ParamsOf } from '../params.js';

export const dummyParams = defineParams({
  strategy: {
    type: 'enum',
    values: ['prior', 'most_frequent', 'stratified'],
    default: 'prior',
    doc: 'prior: every row scores the training positive rate; most_frequent: 1 or 0 for the majority class; stratified: random 0/1 drawn at the training rate (seeded)',
  },
});
export type DummyParams = ParamsOf<typeof dummyParams>;

const FORMAT_VERSION = 1;

export class DummyModel implements Model {
  readonly kind = 'dummy';

  constructor(
    readonly featureNames: readonly string[],
    readonly params: DummyParams,
    readonly positiveRate: number,
    readonly seed: number,
  ) {}

  predictProba(X: Matrix): Float64Array {
    checkColumns(this.kind, this.featureNames, X);
    const out = new Float64Array(X.nRows);
    switch (this.params.strategy) {
      case 'prior':
        out.fill(this.positiveRate);
        break;
      case 'most_frequent':
        out.fill(this.positiveRate > 0.5 ? 1 : 0);
        break;
      case 'stratified': {
        // A fresh generator per call: the same rows always get the same draws.
        const rng = new Rng(this.seed);
        for (let i = 0; i < out.length; i++) out[i] = rng.next() < this.positiveRate ? 1 : 0;
        break;
      }
    }
    return out;
  }

  toJSON(): ModelJson {
    return { format_version: FORMAT_VERSION, kind: this.kind, feature_names: [...this.featureNames], params: { ...this.params }, positive_rate: this.positiveRate, seed: this.seed };
  }
}

export const dummyKind: ModelKind<typeof dummyParams, DummyModel> = {
  kind: 'dummy',
  summary: 'ignores the features: the training positive rate (or the majority class)',
  params: dummyParams,
  encoding: 'unscaled',
  fit(X: Matrix, y: Uint8Array, params: DummyParams, options: FitOptions): DummyModel {
    checkFitInputs('dummy', X, y);
    let positives = 0;
    for (const v of y) positives += v;
    return new DummyModel([...X.columns], { ...params }, positives / y.length, options.seed);
  },
  fromJSON(json: ModelJson): DummyModel {
    const j = checkModelJson(json, 'dummy', [FORMAT_VERSION]);
    return new DummyModel(j.feature_names, j.params as DummyParams, j.positive_rate as number, j.seed as number);
  },
};
