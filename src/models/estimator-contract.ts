// The contract suite every model kind passes (as scikit-learn's test_common.py): shapes, seed
// determinism, JSON round trip, inputs left untouched, wrong columns refused, versions checked.

import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { FlywheelError } from '../core/errors.js';
import type { ModelKind } from './estimator.js';
import { makeMatrix, type Matrix } from './matrix.js';
import { parseParams, type ParamTable } from './params.js';

/** A seeded synthetic binary problem: 3 informative features, 2 noise features. */
export function syntheticProblem(nRows: number, seed: number, nCols = 5): { X: Matrix; y: Uint8Array } {
  const rng = new Rng(seed);
  const columns = Array.from({ length: nCols }, (_, j) => `x${j}`);
  const X = makeMatrix(nRows, columns);
  const y = new Uint8Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let z = -0.3;
    for (let j = 0; j < nCols; j++) {
      const v = gaussian(rng);
      X.data[j * nRows + i] = v;
      if (j < 3) z += [1.2, -0.8, 0.5][j]! * v;
    }
    y[i] = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X, y };
}

function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export interface ContractOptions {
  /** Raw params for a fast fit (e.g. few iterations). */
  params?: Record<string, unknown>;
  /** Minimum training ROC-AUC on the synthetic data (0.5 for models that ignore features). */
  minTrainAuc?: number;
}

function auc(scores: Float64Array, y: Uint8Array): number {
  const order = [...scores.keys()].sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let positives = 0;
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k]!] === 1) {
        rankSum += rank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = y.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function describeEstimatorContract<T extends ParamTable>(kind: ModelKind<T>, options: ContractOptions = {}): void {
  describe(`the ${kind.kind} estimator contract`, () => {
    const { X, y } = syntheticProblem(400, 11);
    const params = parseParams(kind.kind, kind.params, options.params ?? {});

    it('predicts one probability in [0, 1] per row, and learns the signal', () => {
      const model = kind.fit(X, y, params, { seed: 1 });
      const p = model.predictProba(X);
      expect(p).toHaveLength(X.nRows);
      for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
      expect(auc(p, y)).toBeGreaterThanOrEqual(options.minTrainAuc ?? 0.75);
      expect(model.kind).toBe(kind.kind);
      expect(model.featureNames).toEqual(X.columns);
    });

    it('gives byte-identical JSON for the same seed and data', () => {
      const a = JSON.stringify(kind.fit(X, y, params, { seed: 7 }).toJSON());
      const b = JSON.stringify(kind.fit(X, y, params, { seed: 7 }).toJSON());
      expect(b).toBe(a);
    });

    it('predicts identically after a JSON round trip', () => {
      const model = kind.fit(X, y, params, { seed: 3 });
      const json = JSON.parse(JSON.stringify(model.toJSON())) as ReturnType<typeof model.toJSON>;
      expect(json.kind).toBe(kind.kind);
      expect(typeof json.format_version).toBe('number');
      expect(kind.fromJSON(json).predictProba(X)).toEqual(model.predictProba(X));
    });

    it('leaves its inputs untouched', () => {
      const data = X.data.slice();
      const labels = y.slice();
      const model = kind.fit(X, y, params, { seed: 5 });
      model.predictProba(X);
      expect(X.data).toEqual(data);
      expect(y).toEqual(labels);
    });

    it('refuses a matrix with other columns, naming them', () => {
      const model = kind.fit(X, y, params, { seed: 1 });
      const renamed: Matrix = { ...X, columns: X.columns.map((c, j) => (j === 0 ? 'other' : c)) };
      expect(() => model.predictProba(renamed)).toThrow(FlywheelError);
      expect(() => model.predictProba(renamed)).toThrow(/missing x0; unexpected other/);
    });

    it('refuses JSON of another format version or kind', () => {
      const json = kind.fit(X, y, params, { seed: 1 }).toJSON();
      expect(() => kind.fromJSON({ ...json, format_version: 999 })).toThrow(/format version 999 is not supported/);
      expect(() => kind.fromJSON({ ...json, kind: 'something-else' })).toThrow(FlywheelError);
    });

    it('rejects an unknown parameter with a suggestion', () => {
      expect(() => parseParams(kind.kind, kind.params, { no_such_param: 1 })).toThrow(`unknown parameter "no_such_param" for the ${kind.kind} model`);
    });
  });
}
