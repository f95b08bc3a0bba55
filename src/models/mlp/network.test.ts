import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { makeMatrix, type Matrix } from '../matrix.js';
import {
  BatchWorkspace,
  NetworkLayout,
  batchLoss,
  forward,
  glorotInit,
  loadRange,
  loadRows,
  lossAndGradient,
  rowMajorCopy,
  sigmoid,
} from './network.js';

function randomMatrix(rng: Rng, nRows: number, nCols: number): Matrix {
  const X = makeMatrix(
    nRows,
    Array.from({ length: nCols }, (_, j) => `x${j}`),
  );
  for (let k = 0; k < X.data.length; k++) X.data[k] = rng.next() * 4 - 2;
  return X;
}

/** The network written out plainly, one row at a time, from the JSON-style layout [fan_out × fan_in]. */
function naiveProbability(layout: NetworkLayout, params: Float64Array, X: Matrix, row: number): number {
  let values = Array.from({ length: X.nCols }, (_, i) => X.data[i * X.nRows + row]!);
  for (let l = 0; l < layout.nLayers; l++) {
    const fanIn = layout.sizes[l]!;
    const next: number[] = [];
    for (let j = 0; j < layout.sizes[l + 1]!; j++) {
      let z = params[layout.biasOffsets[l]! + j]!;
      for (let i = 0; i < fanIn; i++) z += params[layout.weightOffsets[l]! + j * fanIn + i]! * values[i]!;
      next.push(l + 1 < layout.nLayers ? Math.max(z, 0) : sigmoid(z));
    }
    values = next;
  }
  return values[0]!;
}

function loadAll(ws: BatchWorkspace, X: Matrix, y: Uint8Array): void {
  loadRows(ws, rowMajorCopy(X), X.nCols, y, Int32Array.from(y.keys()), 0, X.nRows);
}

describe('the network', () => {
  it('lays out weights then biases per layer, the output layer last', () => {
    const layout = new NetworkLayout(3, [4, 2]);
    expect(layout.sizes).toEqual([3, 4, 2, 1]);
    expect(layout.weightOffsets).toEqual([0, 16, 26]);
    expect(layout.biasOffsets).toEqual([12, 24, 28]);
    expect(layout.nParams).toBe(29);
  });

  it('draws Glorot-uniform weights and biases within ±sqrt(6 / (fan_in + fan_out)) per layer', () => {
    const layout = new NetworkLayout(30, [64]);
    const params = glorotInit(layout, new Rng(1));
    const hiddenBound = Math.sqrt(6 / 94);
    const outputBound = Math.sqrt(6 / 65);
    const hidden = params.subarray(0, layout.biasOffsets[0]! + 64);
    const output = params.subarray(layout.weightOffsets[1]!);
    expect(Math.max(...hidden.map(Math.abs))).toBeLessThanOrEqual(hiddenBound);
    expect(Math.max(...hidden.map(Math.abs))).toBeGreaterThan(0.9 * hiddenBound);
    expect(Math.max(...output.map(Math.abs))).toBeLessThanOrEqual(outputBound);
    expect(Math.max(...output.map(Math.abs))).toBeGreaterThan(0.9 * outputBound);
  });

  it('computes the same probabilities as a plain row-by-row network, in any batch size', () => {
    const rng = new Rng(2);
    for (const hidden of [[5], [6, 3]]) {
      const layout = new NetworkLayout(4, hidden);
      const params = glorotInit(layout, rng);
      const X = randomMatrix(rng, 11, 4);
      const ws = new BatchWorkspace(layout, 4);
      for (let start = 0; start < X.nRows; start += 4) {
        const count = Math.min(4, X.nRows - start);
        loadRange(ws, X, start, count);
        forward(layout, params, ws);
        for (let r = 0; r < count; r++) {
          expect(sigmoid(ws.activations[layout.nLayers]![r]!)).toBeCloseTo(naiveProbability(layout, params, X, start + r), 12);
        }
      }
    }
  });

  it('has a backward pass that matches finite differences of the penalised loss, one or two hidden layers', () => {
    const rng = new Rng(4);
    for (const hidden of [[5], [4, 3]]) {
      const layout = new NetworkLayout(3, hidden);
      const params = glorotInit(layout, rng);
      for (let k = 0; k < params.length; k++) params[k] = params[k]! * 2;
      const X = randomMatrix(rng, 7, 3);
      const y = Uint8Array.from([1, 0, 0, 1, 1, 0, 1]);
      const ws = new BatchWorkspace(layout, 7);
      const alpha = 0.3;
      loadAll(ws, X, y);
      const grad = new Float64Array(layout.nParams);
      const loss = lossAndGradient(layout, params, ws, alpha, grad);
      expect(loss).toBeCloseTo(batchLoss(layout, params, ws, alpha), 14);
      const h = 1e-6;
      for (let k = 0; k < params.length; k++) {
        const saved = params[k]!;
        params[k] = saved + h;
        const up = batchLoss(layout, params, ws, alpha);
        params[k] = saved - h;
        const down = batchLoss(layout, params, ws, alpha);
        params[k] = saved;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs(grad[k]! - numeric)).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
      }
    }
  });

  it('penalises weights but not biases, scaled by the batch rows', () => {
    const layout = new NetworkLayout(1, [1]);
    const params = Float64Array.from([2, 5, 3, 7]);
    const ws = new BatchWorkspace(layout, 2);
    const X = makeMatrix(2, ['x'], Float64Array.from([0, 0]));
    loadAll(ws, X, Uint8Array.from([0, 1]));
    // Inputs are 0: the data loss depends on the biases only, so the difference is the penalty alone.
    expect(batchLoss(layout, params, ws, 0.5) - batchLoss(layout, params, ws, 0)).toBeCloseTo((0.5 * 0.5 * (2 * 2 + 3 * 3)) / 2, 14);
  });
});
