// The boosting loop for binary log loss: start from the log-odds of the training prior, then per round
// take Newton steps on g = p − y, h = p(1 − p) (each weighted by scale_pos_weight on positive rows),
// grow one tree on a seeded row subsample and feature subsample, and add its shrunken leaf values.
// Early stopping watches the validation log loss and keeps the best round.

import { FlywheelError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { checkFitInputs, type FitOptions } from '../estimator.js';
import { checkColumns, type Matrix } from '../matrix.js';
import { parseParams } from '../params.js';
import { FeatureBins } from './binning.js';
import { GbtModel } from './gbt-model.js';
import { gbtParams, type GbtParams } from './gbt-params.js';
import type { GbtTree } from './gbt-tree.js';
import { TreeGrower } from './grower.js';
import { packedHistogramSize } from './histogram.js';
import { CHUNK_ROWS, HelperThread, PARALLEL_MIN_ROWS } from './helper-thread.js';
import { HistogramBuilder } from './histogram-builder.js';
import { LevelWork } from './level-work.js';
import { gradientSummaryKernel, type GradientSummary } from './log-loss.js';
import { GradientQuantizer } from './quantize.js';
import { rowLayout } from './row-layout.js';
import { RowStore } from './row-store.js';
import { allocate } from './shared-memory.js';

/** Probabilities are clipped to [ε, 1 − ε] in the validation log loss. */
const LOG_LOSS_EPS = 1e-15;

export function fitGbt(X: Matrix, y: Uint8Array, rawParams: GbtParams, options: FitOptions): GbtModel {
  const params = parseParams('gbt', gbtParams, rawParams);
  checkFitInputs('gbt', X, y);
  const categorical = checkCategorical(X, options.categorical ?? []);
  if (options.valid !== undefined) {
    checkColumns('gbt', X.columns, options.valid.X);
    if (options.valid.X.nRows !== options.valid.y.length) throw new Error(`gbt: validation X has ${options.valid.X.nRows} rows but y has ${options.valid.y.length}`);
  }
  const n = X.nRows;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const positiveWeight = positives * params.scale_pos_weight;
  const baseScore = Math.log(positiveWeight / (n - positives));
  // With n_jobs = 2 everything the helper thread touches lives in shared memory.
  const shared = params.n_jobs > 1 && n >= PARALLEL_MIN_ROWS;
  const quantizer = new GradientQuantizer(n);
  const layout = rowLayout(X.nCols);
  const store = new RowStore(y, baseScore, layout, shared);
  // The helper thread reads the matrix from shared memory: it starts up while the matrix is copied there.
  const data = shared ? allocate(Float64Array, X.data.length, true) : undefined;
  const helper = data === undefined ? undefined : new HelperThread({ buffers: store.buffers, data, nRows: n, layout, histogramSize: packedHistogramSize(layout) });
  data?.set(X.data);
  // With the helper thread, numeric features get their bin bounds and bins on both threads at once.
  const binning = { maxBin: params.max_bin, maxCatLevels: params.max_cat_levels, seed: options.seed };
  const featureBins = FeatureBins.fit(X, categorical, binning, helper === undefined ? undefined : (features, sample, maxBin) => helper.edgesAndBins(features, sample, maxBin));
  store.binRows(X, featureBins, helper !== undefined);
  const histograms = new HistogramBuilder(store, helper);
  const work = new LevelWork(store, histograms, helper, params.scale_pos_weight);
  const grower = new TreeGrower(featureBins, store, histograms, work, quantizer, {
    positiveWeight: params.scale_pos_weight,
    maxDepth: params.max_depth,
    maxLeaves: params.max_leaves,
    learningRate: params.learning_rate,
    lambda: params.reg_lambda,
    gamma: params.min_split_gain,
    minChildWeight: params.min_child_weight,
  });

  const rng = new Rng(options.seed);
  const sampled = params.subsample < 1 ? new Uint8Array(n) : undefined;
  const nColumns = Math.max(1, Math.round(params.colsample_bytree * X.nCols));

  const valid = options.valid;
  const validMargin = valid === undefined ? undefined : new Float64Array(valid.X.nRows).fill(baseScore);
  const earlyStopping = params.early_stopping_rounds > 0 && valid !== undefined && valid.X.nRows > 0;
  let bestLoss = Infinity;
  let bestIteration = -1;

  const trees: GbtTree[] = [];
  const summary = new Float64Array(4);
  const summarize = gradientSummaryKernel(layout);
  try {
    for (let t = 0; t < params.n_estimators; t++) {
      // A seeded draw per position of the current buffer: a uniform subsample of the rows, whatever their order.
      if (sampled !== undefined) for (let i = 0; i < n; i++) sampled[i] = rng.next() < params.subsample ? 1 : 0;
      store.reset(sampled);
      // The tree before left the summary of every row's gradients; a subsample needs its own.
      if (t === 0 || sampled !== undefined) gradientSummary(store, helper, summarize, params.scale_pos_weight, summary);
      else summary.set(grower.summary);
      quantizer.setScales(summary[0]!, summary[1]!);
      const quantize = quantizer.settings(params.scale_pos_weight, rng.nextUint32());
      const features = pickFeatures(X.nCols, nColumns, rng);
      const tree = grower.grow(summary[2]!, summary[3]!, quantize, features);
      trees.push(tree);

      if (valid !== undefined && validMargin !== undefined) {
        const m = valid.X.nRows;
        for (let i = 0; i < m; i++) validMargin[i] = validMargin[i]! + tree.leafValue(valid.X.data, m, i);
        if (earlyStopping) {
          const loss = logLossOfMargin(validMargin, valid.y);
          if (loss < bestLoss) {
            bestLoss = loss;
            bestIteration = t;
          }
        }
      }
      options.onProgress?.(t + 1, params.n_estimators);
      if (earlyStopping && t - bestIteration >= params.early_stopping_rounds) break;
    }
  } finally {
    helper?.close();
  }
  if (earlyStopping) trees.length = bestIteration + 1;
  return new GbtModel({
    featureNames: X.columns,
    params,
    baseScore,
    trees,
    categoricalFeatures: categorical,
    bestIteration: earlyStopping ? bestIteration : null,
  });
}

/**
 * out ← [largest |g|, largest h, Σ g, Σ h] over the current buffer's positions [0, size), the sums taken
 * chunk by chunk in position order whether or not the helper thread takes part (so both give one model).
 */
function gradientSummary(store: RowStore, helper: HelperThread | undefined, summarize: GradientSummary, positiveWeight: number, out: Float64Array): void {
  const b = store.current;
  const size = store.size;
  if (helper !== undefined && size >= PARALLEL_MIN_ROWS) {
    helper.extremes(b, 0, size, positiveWeight, out);
    return;
  }
  const rows = store.buffers[b];
  const chunk = new Float64Array(4);
  out.fill(0);
  for (let from = 0; from < size; from += CHUNK_ROWS) {
    summarize(rows.bins, rows.floats, from, Math.min(size, from + CHUNK_ROWS), positiveWeight, chunk);
    out[0] = Math.max(out[0]!, chunk[0]!);
    out[1] = Math.max(out[1]!, chunk[1]!);
    out[2] = out[2]! + chunk[2]!;
    out[3] = out[3]! + chunk[3]!;
  }
}

/** All features, or a seeded draw of k of them (sorted). */
function pickFeatures(nCols: number, k: number, rng: Rng): Int32Array {
  const all = new Int32Array(nCols);
  for (let j = 0; j < nCols; j++) all[j] = j;
  if (k >= nCols) return all;
  for (let q = 0; q < k; q++) {
    const r = q + rng.nextInt(nCols - q);
    const tmp = all[q]!;
    all[q] = all[r]!;
    all[r] = tmp;
  }
  return all.slice(0, k).sort();
}

function logLossOfMargin(margin: Float64Array, y: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < margin.length; i++) {
    const p = Math.min(Math.max(1 / (1 + Math.exp(-margin[i]!)), LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    sum -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / margin.length;
}

/** Categorical indexes: in range, no duplicates, sorted; their values integer codes or NaN. */
function checkCategorical(X: Matrix, categorical: readonly number[]): number[] {
  const out = [...new Set(categorical)].sort((a, b) => a - b);
  for (const j of out) {
    if (!Number.isInteger(j) || j < 0 || j >= X.nCols) throw new Error(`gbt: categorical feature index ${j} is outside 0 … ${X.nCols - 1}`);
    const base = j * X.nRows;
    for (let i = 0; i < X.nRows; i++) {
      const x = X.data[base + i]!;
      if (x === x && !Number.isInteger(x)) {
        throw new FlywheelError('data_invalid', `the gbt model reads categorical feature "${X.columns[j]}" as integer codes, but row ${i} holds ${x}`, {
          hint: "use the 'native' encoding of the features pipeline, which codes categoricals as integers",
        });
      }
    }
  }
  return out;
}
