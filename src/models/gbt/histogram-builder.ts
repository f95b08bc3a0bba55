// Who builds a node's histogram: this thread alone, or (n_jobs = 2, large nodes) this thread and the
// helper thread, sharing the node's positions chunk by chunk (helper-thread.ts). Sums of packed quantised
// gradients are exact integers, so both ways give the same model.

import { buildExactHistogram, histogramKernel, type HistogramKernel } from './histogram.js';
import { PARALLEL_MIN_ROWS, type HelperThread } from './helper-thread.js';
import type { RowStore } from './row-store.js';

export class HistogramBuilder {
  private readonly kernel: HistogramKernel;

  constructor(
    private readonly store: RowStore,
    private readonly nFeatures: number,
    private readonly helper: HelperThread | undefined,
  ) {
    this.kernel = histogramKernel(store.nWords);
  }

  /** hist ← packed sums over positions [begin, end) of buffer `buffer`, every feature. */
  build(hist: Float64Array, buffer: 0 | 1, begin: number, end: number): void {
    if (this.helper !== undefined && end - begin >= PARALLEL_MIN_ROWS) {
      this.helper.histogram(hist, buffer, begin, end);
      return;
    }
    const { bins, packed } = this.store.buffers[buffer];
    this.kernel(hist, bins, begin, end, packed);
  }

  /** hist ← exact gradient and hessian sums (by position) over positions [begin, end) of a buffer (histogram.ts buildExactHistogram), on this thread. */
  buildExact(hist: Float64Array, buffer: 0 | 1, begin: number, end: number, grad: Float64Array, hess: Float64Array): void {
    buildExactHistogram(hist, this.store.buffers[buffer].bytes, this.store.nWords * 4, this.nFeatures, begin, end, grad, hess);
  }
}
