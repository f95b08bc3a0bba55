// Who builds a node's histogram: this thread alone (n_jobs = 1), or this thread and one worker thread
// (n_jobs = 2), each summing half of the node's rows, the worker into a shared partial histogram that is
// then added in. The row store's bins and packed gradients live in SharedArrayBuffers so nothing is
// copied; the hand-off is one Atomics.notify / Atomics.wait pair per node, so fit stays synchronous. The
// worker compiles the very same kernel source. Sums are exact integers, so both ways give the same model.

import { Worker } from 'node:worker_threads';
import { addHistogram, buildExactHistogram, histogramKernel, histogramKernelSource, type HistogramKernel } from './histogram.js';
import type { RowStore } from './row-store.js';

/** Nodes with fewer rows are built by this thread alone: the hand-off would cost more than it saves. */
export const PARALLEL_MIN_ROWS = 20_000;
/** How long to wait for the worker to start before building on one thread. */
const WORKER_START_TIMEOUT_MS = 10_000;

/** Control block slots (Int32Array over a SharedArrayBuffer). */
const SEQ = 0;
const BEGIN = 1;
const END = 2;
const DONE = 3;
const STOP = 4;
const READY = 5;
/** Set by the worker when a build threw (its DONE still advances, so this thread never hangs). */
const FAILED = 6;
const BUFFER = 7;



const workerSource = (kernelSource: string): string => `
const { workerData } = require('node:worker_threads');
const kernel = new Function('hist', 'bins', 'begin', 'end', 'packed', ${JSON.stringify(kernelSource)});
const { bins, packed, hist, control } = workerData;
// control[BUFFER] picks the row store buffer (row-store.ts).
Atomics.store(control, ${READY}, 1);
Atomics.notify(control, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(control, ${SEQ}, seen);
  const seq = Atomics.load(control, ${SEQ});
  if (Atomics.load(control, ${STOP}) === 1) break;
  seen = seq;
  try {
    const b = control[${BUFFER}];
    kernel(hist, bins[b], control[${BEGIN}], control[${END}], packed[b]);
  } catch {
    Atomics.store(control, ${FAILED}, 1);
  }
  Atomics.store(control, ${DONE}, seq);
  Atomics.notify(control, ${DONE});
}
`;

export class HistogramBuilder {
  private worker: Worker | undefined;
  private readonly kernel: HistogramKernel;
  private readonly partial: Float64Array | undefined;
  private readonly control: Int32Array | undefined;
  private seq = 0;
  private started = false;

  /** nJobs = 2 needs the store's bins and packed gradients in shared memory (see allocate). */
  constructor(
    private readonly store: RowStore,
    private readonly nFeatures: number,
    histogramSize: number,
    nJobs: number,
  ) {
    this.kernel = histogramKernel(store.nWords);
    const bins = store.buffers.map((b) => b.bins);
    const packed = store.buffers.map((b) => b.packed);
    const shareable = [...bins, ...packed].every((a) => a.buffer instanceof SharedArrayBuffer);
    if (nJobs < 2 || !shareable || store.nRows < PARALLEL_MIN_ROWS) return;
    this.partial = new Float64Array(new SharedArrayBuffer(histogramSize * 8));
    this.control = new Int32Array(new SharedArrayBuffer(8 * 4));
    this.worker = new Worker(workerSource(histogramKernelSource(store.nWords)), {
      eval: true,
      workerData: { bins, packed, hist: this.partial, control: this.control },
    });
    this.worker.unref();
  }

  /** hist ← packed sums over positions [begin, end) of buffer `buffer`, every feature. */
  build(hist: Float64Array, buffer: 0 | 1, begin: number, end: number): void {
    const { bins, packed } = this.store.buffers[buffer];
    if (end - begin < PARALLEL_MIN_ROWS || !this.ready()) {
      this.kernel(hist, bins, begin, end, packed);
      return;
    }
    const control = this.control!;
    const mid = begin + ((end - begin) >>> 1);
    control[BUFFER] = buffer;
    control[BEGIN] = mid;
    control[END] = end;
    const seq = ++this.seq;
    Atomics.store(control, SEQ, seq);
    Atomics.notify(control, SEQ);
    this.kernel(hist, bins, begin, mid, packed);
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === seq) break;
      Atomics.wait(control, DONE, done);
    }
    if (Atomics.load(control, FAILED) === 1) {
      this.close();
      throw new Error('gbt: the histogram worker thread failed; fit again with n_jobs = 1');
    }
    addHistogram(hist, this.partial!);
  }

  /** hist ← exact gradient and hessian sums (by position) over positions [begin, end) of buffer `buffer` (histogram.ts buildExactHistogram), on this thread. */
  buildExact(hist: Float64Array, buffer: 0 | 1, begin: number, end: number, grad: Float64Array, hess: Float64Array): void {
    buildExactHistogram(hist, this.store.buffers[buffer].bytes, this.store.nWords * 4, this.nFeatures, begin, end, grad, hess);
  }

  /** Whether the worker is running; waits for it to start the first time. */
  private ready(): boolean {
    if (this.worker === undefined) return false;
    if (!this.started) {
      const result = Atomics.wait(this.control!, READY, 0, WORKER_START_TIMEOUT_MS);
      this.started = true;
      if (result === 'timed-out' && Atomics.load(this.control!, READY) !== 1) this.close();
    }
    return this.worker !== undefined;
  }

  /** Stop the worker (call once the tree loop is over). */
  close(): void {
    if (this.worker === undefined) return;
    const control = this.control!;
    Atomics.store(control, STOP, 1);
    Atomics.store(control, SEQ, ++this.seq);
    Atomics.notify(control, SEQ);
    void this.worker.terminate();
    this.worker = undefined;
  }
}
