// Who builds a node's histogram: this thread alone, or (n_jobs = 2, large nodes) this thread and the
// helper thread, sharing the node's positions chunk by chunk (helper-thread.ts). Sums of packed quantised
// gradients are exact integers, so both ways give the same model.

import { exactHistogramKernel, histogramKernel, rootHistogramKernel, type ExactHistogramKernel, type HistogramKernel, type RootHistogramKernel } from './histogram.js';
import { PARALLEL_MIN_ROWS, type HelperThread } from './helper-thread.js';
import type { QuantizeSettings } from './quantize.js';
import type { RowStore } from './row-store.js';

export class HistogramBuilder {
  private readonly kernel: HistogramKernel;
  private readonly rootKernel: RootHistogramKernel;
  private readonly exactKernel: ExactHistogramKernel;

  constructor(
    private readonly store: RowStore,
    private readonly helper: HelperThread | undefined,
  ) {
    this.kernel = histogramKernel(store.layout);
    this.rootKernel = rootHistogramKernel(store.layout);
    this.exactKernel = exactHistogramKernel(store.layout);
  }

  /** hist ← packed sums over positions [begin, end) of buffer `buffer`, every feature, on this thread. */
  build(hist: Float64Array, buffer: 0 | 1, begin: number, end: number, shiftScale: number): void {
    this.kernel(hist, this.store.buffers[buffer].bins, begin, end, shiftScale);
  }

  /** The root's histogram, quantising every row's gradients into its row on the way (histogram.ts rootHistogramSource). */
  buildRoot(hist: Float64Array, buffer: 0 | 1, begin: number, end: number, q: QuantizeSettings): void {
    if (this.helper !== undefined && end - begin >= PARALLEL_MIN_ROWS) {
      this.helper.rootHistogram(hist, buffer, begin, end, q);
      return;
    }
    const b = this.store.buffers[buffer];
    this.rootKernel(hist, b.bins, b.floats, begin, end, q.positiveWeight, q.salt, q.gInverse, q.hInverse, q.shiftScale);
  }

  /** hist ← exact gradient and hessian sums over positions [begin, end) of a buffer (histogram.ts exactHistogramSource), on this thread. */
  buildExact(hist: Float64Array, buffer: 0 | 1, begin: number, end: number, positiveWeight: number): void {
    const b = this.store.buffers[buffer];
    hist.fill(0);
    this.exactKernel(hist, b.bins, b.bytes, b.floats, begin, end, positiveWeight);
  }
}
