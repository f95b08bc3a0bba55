// The fitted gradient-boosted model: base score (log-odds) plus the sum of the trees' leaf values, through
// the logistic function. Immutable; serialised as format version 1 with one set of flat arrays per tree.

import { FlywheelError } from '../../core/errors.js';
import { checkModelJson, type Model, type ModelJson } from '../estimator.js';
import { checkColumns, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { featureImportance, type ImportanceType } from './feature-importance.js';
import { Forest } from './forest.js';
import { gbtParams, type GbtParams } from './gbt-params.js';
import { GbtTree, type GbtTreeArrays } from './gbt-tree.js';
import { treesText } from './tree-text.js';

export const GBT_FORMAT_VERSION = 1;

export interface GbtModelState {
  featureNames: readonly string[];
  params: GbtParams;
  /** Starting log-odds: the (scale_pos_weight-weighted) training prior. */
  baseScore: number;
  trees: readonly GbtTree[];
  categoricalFeatures: readonly number[];
  /** Round kept by early stopping (0-based), or null when it was off. */
  bestIteration: number | null;
}

interface TreeJson {
  feature: number[];
  threshold: number[];
  default_left: number[];
  left: number[];
  right: number[];
  value: number[];
  gain: number[];
  cover: number[];
  cat_start: number[];
  cat_length: number[];
  cat_listed_left: number[];
  cat_codes: number[];
}

export class GbtModel implements Model {
  readonly kind = 'gbt';
  readonly featureNames: readonly string[];
  readonly params: GbtParams;
  readonly baseScore: number;
  readonly trees: readonly GbtTree[];
  readonly categoricalFeatures: readonly number[];
  readonly bestIteration: number | null;
  private flat: Forest | undefined;

  constructor(state: GbtModelState) {
    this.featureNames = state.featureNames;
    this.params = state.params;
    this.baseScore = state.baseScore;
    this.trees = state.trees;
    this.categoricalFeatures = state.categoricalFeatures;
    this.bestIteration = state.bestIteration;
  }

  /** Log-odds per row. */
  predictMargin(X: Matrix): Float64Array {
    checkColumns(this.kind, this.featureNames, X);
    const margin = new Float64Array(X.nRows).fill(this.baseScore);
    this.forest.addMargins(X.data, X.nRows, margin);
    return margin;
  }

  /** Log-odds of one row given as its feature values in featureNames order (NaN for missing); allocates nothing. */
  predictMarginRow(row: ArrayLike<number>): number {
    if (row.length !== this.featureNames.length) {
      throw new FlywheelError('data_invalid', `the gbt model scores rows of ${this.featureNames.length} features, found ${row.length}`, {
        hint: `pass the values in the model's feature order: ${this.featureNames.slice(0, 5).join(', ')}${this.featureNames.length > 5 ? ', …' : ''}`,
      });
    }
    return this.forest.rowMargin(row, this.baseScore);
  }

  /** P(positive class) of one row (see predictMarginRow). */
  predictProbaRow(row: ArrayLike<number>): number {
    return 1 / (1 + Math.exp(-this.predictMarginRow(row)));
  }

  /** The trees in flat scoring form, built on first use. */
  private get forest(): Forest {
    this.flat ??= new Forest(this.trees);
    return this.flat;
  }

  predictProba(X: Matrix): Float64Array {
    const margin = this.predictMargin(X);
    for (let i = 0; i < margin.length; i++) margin[i] = 1 / (1 + Math.exp(-margin[i]!));
    return margin;
  }

  /** Total split gain ('gain') or number of splits ('split') per feature, in featureNames order. */
  featureImportance(type: ImportanceType = 'gain'): Float64Array {
    return featureImportance(this.trees, this.featureNames.length, type);
  }

  /** Every tree as indented text (XGBoost's dump format). */
  dumpText(): string {
    return treesText(this.trees, this.featureNames);
  }

  toJSON(): ModelJson {
    return {
      format_version: GBT_FORMAT_VERSION,
      kind: this.kind,
      feature_names: [...this.featureNames],
      params: { ...this.params },
      base_score: this.baseScore,
      categorical_features: [...this.categoricalFeatures],
      best_iteration: this.bestIteration,
      trees: this.trees.map((tree): TreeJson => {
        const a = tree.arrays;
        return {
          feature: [...a.feature],
          threshold: [...a.threshold],
          default_left: [...a.defaultLeft],
          left: [...a.left],
          right: [...a.right],
          value: [...a.value],
          gain: [...a.gain],
          cover: [...a.cover],
          cat_start: [...a.catStart],
          cat_length: [...a.catLength],
          cat_listed_left: [...a.catListedLeft],
          cat_codes: [...a.catCodes],
        };
      }),
    };
  }

  static fromJSON(raw: unknown): GbtModel {
    const json = checkModelJson(raw, 'gbt', [GBT_FORMAT_VERSION]);
    const params = parseParams('gbt', gbtParams, (json.params ?? {}) as Record<string, unknown>);
    if (typeof json.base_score !== 'number' || !Array.isArray(json.trees) || !Array.isArray(json.categorical_features)) damaged('base_score, categorical_features or trees is missing');
    const nFeatures = json.feature_names.length;
    const trees = (json.trees as unknown[]).map((t, k) => treeFromJson(t, k, nFeatures));
    const best = json.best_iteration;
    return new GbtModel({
      featureNames: json.feature_names,
      params,
      baseScore: json.base_score,
      trees,
      categoricalFeatures: json.categorical_features as number[],
      bestIteration: typeof best === 'number' ? best : null,
    });
  }
}

function damaged(what: string): never {
  throw new FlywheelError('data_invalid', `gbt model JSON is damaged: ${what}`, { hint: 'the file is damaged; refit the model' });
}

function treeFromJson(raw: unknown, k: number, nFeatures: number): GbtTree {
  const t = raw as Partial<Record<keyof TreeJson, unknown>> | null;
  const get = (name: keyof TreeJson): number[] => {
    const v = t?.[name];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) damaged(`tree ${k} has no numeric array ${name}`);
    return v as number[];
  };
  const arrays: GbtTreeArrays = {
    feature: Int32Array.from(get('feature')),
    threshold: Float64Array.from(get('threshold')),
    defaultLeft: Uint8Array.from(get('default_left')),
    left: Int32Array.from(get('left')),
    right: Int32Array.from(get('right')),
    value: Float64Array.from(get('value')),
    gain: Float64Array.from(get('gain')),
    cover: Float64Array.from(get('cover')),
    catStart: Int32Array.from(get('cat_start')),
    catLength: Int32Array.from(get('cat_length')),
    catListedLeft: Uint8Array.from(get('cat_listed_left')),
    catCodes: Float64Array.from(get('cat_codes')),
  };
  const n = arrays.feature.length;
  if (n === 0) damaged(`tree ${k} has no nodes`);
  for (const [name, a] of Object.entries(arrays)) if (name !== 'catCodes' && a.length !== n) damaged(`tree ${k}: ${name} has ${a.length} entries, expected ${n}`);
  for (let node = 0; node < n; node++) {
    const l = arrays.left[node]!;
    if (l < 0) continue;
    const r = arrays.right[node]!;
    const f = arrays.feature[node]!;
    const s = arrays.catStart[node]!;
    // Children come after their parent, so every walk ends at a leaf.
    if (l <= node || r <= node || l >= n || r >= n || f < 0 || f >= nFeatures || (s >= 0 && s + arrays.catLength[node]! > arrays.catCodes.length)) {
      damaged(`tree ${k} node ${node} points outside the tree`);
    }
  }
  return new GbtTree(arrays);
}
