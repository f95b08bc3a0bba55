// The L2-regularised logistic objective over a column-major matrix, scaled per unit of sample weight:
//   f(w, b) = (1/S)·Σ s_i·logloss(y_i, x_i·w + b) + ||w||² / (2·C·S),   S = Σ s_i,
// which has the same minimiser as sklearn's 0.5·||w||² + C·Σ s_i·logloss and makes gradient
// tolerances independent of the row count. θ = [w_0 … w_{p−1}, b] (b only with an intercept).
// Rows are processed in blocks small enough for the block's slice of X to stay in cache, so X is read
// from memory once per evaluation and the loss, residual and gradient passes are fused.

import type { Matrix } from '../matrix.js';

/** Rows per block: 28 columns × 1024 rows × 8 bytes = 224 KiB, within a core's L2. */
const BLOCK_ROWS = 1024;

export interface LogisticObjectiveOptions {
  C: number;
  fitIntercept: boolean;
  /** Weight of a row of class 0 and of class 1 (class_weight); [1, 1] when unweighted. */
  classWeights: readonly [number, number];
}

export class LogisticObjective {
  readonly nParams: number;
  private readonly n: number;
  private readonly p: number;
  private readonly data: Float64Array;
  private readonly y: Uint8Array;
  private readonly w0: number;
  private readonly w1: number;
  /** 1 / S: the scale of the data term. */
  private readonly invWeightSum: number;
  /** 1 / (C·S): the scale of the penalty. */
  private readonly lambda: number;
  private readonly fitIntercept: boolean;
  /** Per-block scratch: the margins z, then the weighted residuals s·(p − y) in place. */
  private readonly block = new Float64Array(BLOCK_ROWS);
  /** Per-block scratch for the Hessian: c∘x_j, the curvatures times one column. */
  private hessianScratch: Float64Array | undefined;

  constructor(X: Matrix, y: Uint8Array, options: LogisticObjectiveOptions) {
    this.n = X.nRows;
    this.p = X.nCols;
    this.data = X.data;
    this.y = y;
    this.fitIntercept = options.fitIntercept;
    this.nParams = X.nCols + (options.fitIntercept ? 1 : 0);
    [this.w0, this.w1] = options.classWeights;
    let positives = 0;
    for (let i = 0; i < y.length; i++) positives += y[i]!;
    const weightSum = positives * this.w1 + (this.n - positives) * this.w0;
    this.invWeightSum = 1 / weightSum;
    this.lambda = 1 / (options.C * weightSum);
  }

  /** f(θ), with ∇f(θ) written into `gradient`: one pass over X. */
  valueAndGradient(theta: Float64Array, gradient: Float64Array): number {
    const { n, p, y, block, w0, w1 } = this;
    const intercept = this.fitIntercept ? theta[p]! : 0;
    gradient.fill(0);
    let loss = 0;
    let residualSum = 0;
    for (let start = 0; start < n; start += BLOCK_ROWS) {
      const len = Math.min(BLOCK_ROWS, n - start);
      this.margins(theta, intercept, start, len);
      // Loss and residual per row from one exp and one log1p, with e = exp(−|z|) ≤ 1:
      // logloss = max(z, 0) − y·z + log1p(e); σ(z) and 1 − σ(z) are q or e·q with q = 1/(1+e), each
      // computed without cancellation, so residuals stay exact in relative terms for large |z|.
      let blockLoss = 0;
      let blockResidual = 0;
      for (let k = 0; k < len; k++) {
        const z = block[k]!;
        const label = y[start + k]!;
        const e = Math.exp(-Math.abs(z));
        const q = 1 / (1 + e);
        let r: number;
        let l: number;
        if (label === 1) {
          l = z > 0 ? Math.log1p(e) : Math.log1p(e) - z;
          r = -w1 * (z >= 0 ? e * q : q);
          blockLoss += w1 * l;
        } else {
          l = z > 0 ? z + Math.log1p(e) : Math.log1p(e);
          r = w0 * (z >= 0 ? q : e * q);
          blockLoss += w0 * l;
        }
        block[k] = r;
        blockResidual += r;
      }
      loss += blockLoss;
      residualSum += blockResidual;
      this.addTransposedProduct(block, start, len, gradient, 0, p);
    }
    const { invWeightSum, lambda } = this;
    let penalty = 0;
    for (let j = 0; j < p; j++) {
      const wj = theta[j]!;
      penalty += wj * wj;
      gradient[j] = gradient[j]! * invWeightSum + lambda * wj;
    }
    if (this.fitIntercept) gradient[p] = residualSum * invWeightSum;
    return loss * invWeightSum + 0.5 * lambda * penalty;
  }

  /** The Hessian ∇²f(θ) into `hessian` (row-major nParams × nParams, both triangles): one pass, O(n·p²). */
  hessian(theta: Float64Array, hessian: Float64Array): void {
    const { n, p, data, y, block, w0, w1 } = this;
    const q1 = this.nParams;
    const scratch = (this.hessianScratch ??= new Float64Array(BLOCK_ROWS));
    const intercept = this.fitIntercept ? theta[p]! : 0;
    hessian.fill(0);
    for (let start = 0; start < n; start += BLOCK_ROWS) {
      const len = Math.min(BLOCK_ROWS, n - start);
      this.margins(theta, intercept, start, len);
      let curvatureSum = 0;
      for (let k = 0; k < len; k++) {
        const e = Math.exp(-Math.abs(block[k]!));
        const q = 1 / (1 + e);
        // σ(z)·(1 − σ(z)) = e·q², symmetric in z and free of cancellation.
        const c = (y[start + k] === 1 ? w1 : w0) * e * q * q;
        block[k] = c;
        curvatureSum += c;
      }
      // Lower triangle of Xᵀ·diag(c)·X, row j from v = c∘x_j; the intercept row is Σ c·x_l and Σ c.
      for (let j = 0; j < p; j++) {
        const base = j * n + start;
        for (let k = 0; k < len; k++) scratch[k] = block[k]! * data[base + k]!;
        this.addTransposedProduct(scratch, start, len, hessian, j * q1, j + 1);
      }
      if (this.fitIntercept) {
        this.addTransposedProduct(block, start, len, hessian, p * q1, p);
        hessian[p * q1 + p]! += curvatureSum;
      }
    }
    for (let j = 0; j < q1; j++) {
      for (let l = 0; l <= j; l++) {
        const v = hessian[j * q1 + l]! * this.invWeightSum + (j === l && j < p ? this.lambda : 0);
        hessian[j * q1 + l] = v;
        hessian[l * q1 + j] = v;
      }
    }
  }

  /**
   * block[k] = b + Σ_j w_j·X[start + k, j]. Eight columns per sweep: the block is loaded and stored
   * once per eight multiply-adds instead of once per one (≈2× faster on 28 columns).
   */
  private margins(theta: Float64Array, intercept: number, start: number, len: number): void {
    const { n, p, data, block } = this;
    block.fill(intercept, 0, len);
    let j = 0;
    for (; j + 8 <= p; j += 8) {
      const w0 = theta[j]!, w1 = theta[j + 1]!, w2 = theta[j + 2]!, w3 = theta[j + 3]!;
      const w4 = theta[j + 4]!, w5 = theta[j + 5]!, w6 = theta[j + 6]!, w7 = theta[j + 7]!;
      const c0 = j * n + start, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n, c4 = c3 + n, c5 = c4 + n, c6 = c5 + n, c7 = c6 + n;
      for (let k = 0; k < len; k++) {
        block[k]! +=
          w0 * data[c0 + k]! + w1 * data[c1 + k]! + w2 * data[c2 + k]! + w3 * data[c3 + k]! +
          w4 * data[c4 + k]! + w5 * data[c5 + k]! + w6 * data[c6 + k]! + w7 * data[c7 + k]!;
      }
    }
    for (; j + 4 <= p; j += 4) {
      const w0 = theta[j]!, w1 = theta[j + 1]!, w2 = theta[j + 2]!, w3 = theta[j + 3]!;
      const c0 = j * n + start, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
      for (let k = 0; k < len; k++) block[k]! += w0 * data[c0 + k]! + w1 * data[c1 + k]! + w2 * data[c2 + k]! + w3 * data[c3 + k]!;
    }
    for (; j < p; j++) {
      const wj = theta[j]!;
      const c0 = j * n + start;
      for (let k = 0; k < len; k++) block[k]! += wj * data[c0 + k]!;
    }
  }

  /**
   * out[offset + j] += Σ_k v[k]·X[start + k, j] for j < nCols. Four columns per sweep: four independent
   * sums break the add-latency chain of a single accumulator, and v[k] is loaded once for four columns.
   */
  private addTransposedProduct(v: Float64Array, start: number, len: number, out: Float64Array, offset: number, nCols: number): void {
    const { n, data } = this;
    let j = 0;
    for (; j + 4 <= nCols; j += 4) {
      const c0 = j * n + start, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < len; k++) {
        const r = v[k]!;
        a0 += r * data[c0 + k]!;
        a1 += r * data[c1 + k]!;
        a2 += r * data[c2 + k]!;
        a3 += r * data[c3 + k]!;
      }
      out[offset + j]! += a0;
      out[offset + j + 1]! += a1;
      out[offset + j + 2]! += a2;
      out[offset + j + 3]! += a3;
    }
    for (; j < nCols; j++) {
      const c0 = j * n + start;
      let acc = 0;
      for (let k = 0; k < len; k++) acc += v[k]! * data[c0 + k]!;
      out[offset + j]! += acc;
    }
  }
}
