// Who builds a node's histogram: this thread alone (n_jobs = 1), or this thread and one worker thread
// (n_jobs = 2), each summing half of the node's rows, the worker into a shared partial histogram that is
// then added in. Bins, gradients, hessians and the row partition live in SharedArrayBuffers so nothing is
// copied; the hand-off is one Atomics.notify / Atomics.wait pair per node, so fit stays synchronous. The
// worker runs the source of the very same buildHistogram functions. The split is fixed by row counts, so
// results are deterministic for a given n_jobs (they differ from n_jobs = 1 in the last bits of sums).

import { Worker } from 'node:worker_threads';
import { buildHistogram, buildHistogramOf, histogramSize } from './histogram.js';

/** Nodes with fewer rows are built by this thread alone: the hand-off would cost more than it saves. */
export const PARALLEL_MIN_ROWS = 20_000;
/** How long to wait for the worker to start before building on one thread. */
const WORKER_START_TIMEOUT_MS = 10_000;

/** Control block slots (Int32Array over a SharedArrayBuffer). */
const SEQ = 0;
const BEGIN = 1;
const END = 2;
const DONE = 3;
const N_SELECTED = 4;
const STOP = 5;
const READY = 6;
/** Set by the worker when a build threw (its DONE still advances, so this thread never hangs). */
const FAILED = 7;

export interface HistogramInputs {
  /** Row-major bins. */
  bins: Uint8Array;
  nFeatures: number;
  rows: Uint32Array;
  grad: Float64Array;
  hess: Float64Array;
}

/** Typed arrays of this length backed by shared memory (for the worker) or ordinary memory. */
export function allocate<T extends Uint8Array | Uint32Array | Float64Array>(kind: { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number }, length: number, shared: boolean): T {
  return new kind(shared ? new SharedArrayBuffer(length * kind.BYTES_PER_ELEMENT) : new ArrayBuffer(length * kind.BYTES_PER_ELEMENT));
}

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
${buildHistogram.toString()}
${buildHistogramOf.toString()}
const { bins, nFeatures, rows, grad, hess, hist, features, control } = workerData;
Atomics.store(control, ${READY}, 1);
Atomics.notify(control, ${READY});
let seen = 0;
for (;;) {
  Atomics.wait(control, ${SEQ}, seen);
  const seq = Atomics.load(control, ${SEQ});
  if (Atomics.load(control, ${STOP}) === 1) break;
  seen = seq;
  const nSelected = control[${N_SELECTED}];
  try {
    if (nSelected === nFeatures) buildHistogram(hist, bins, nFeatures, rows, control[${BEGIN}], control[${END}], grad, hess);
    else buildHistogramOf(hist, bins, nFeatures, features, nSelected, rows, control[${BEGIN}], control[${END}], grad, hess);
  } catch {
    Atomics.store(control, ${FAILED}, 1);
  }
  Atomics.store(control, ${DONE}, seq);
  Atomics.notify(control, ${DONE});
}
`;

export class HistogramBuilder {
  private worker: Worker | undefined;
  private readonly partial: Float64Array | undefined;
  private readonly features: Int32Array | undefined;
  private readonly control: Int32Array | undefined;
  private seq = 0;
  private started = false;

  /** nJobs = 2 needs every input in shared memory (see allocate). */
  constructor(
    private readonly inputs: HistogramInputs,
    nJobs: number,
  ) {
    const { bins, rows, grad, hess } = inputs;
    const shareable = [bins, rows, grad, hess].every((a) => a.buffer instanceof SharedArrayBuffer);
    if (nJobs < 2 || !shareable || rows.length < PARALLEL_MIN_ROWS) return;
    this.partial = new Float64Array(new SharedArrayBuffer(histogramSize(inputs.nFeatures) * 8));
    this.features = new Int32Array(new SharedArrayBuffer(inputs.nFeatures * 4));
    this.control = new Int32Array(new SharedArrayBuffer(8 * 4));
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...inputs, hist: this.partial, features: this.features, control: this.control },
    });
    this.worker.unref();
  }

  /** hist ← sums over rows[begin, end) of the given features (sorted indexes). */
  build(hist: Float64Array, begin: number, end: number, features: Int32Array): void {
    const { bins, nFeatures, rows, grad, hess } = this.inputs;
    const all = features.length === nFeatures;
    if (end - begin < PARALLEL_MIN_ROWS || !this.ready()) {
      if (all) buildHistogram(hist, bins, nFeatures, rows, begin, end, grad, hess);
      else buildHistogramOf(hist, bins, nFeatures, features, features.length, rows, begin, end, grad, hess);
      return;
    }
    const control = this.control!;
    const partial = this.partial!;
    const mid = begin + ((end - begin) >>> 1);
    this.features!.set(features);
    control[BEGIN] = mid;
    control[END] = end;
    control[N_SELECTED] = features.length;
    const seq = ++this.seq;
    Atomics.store(control, SEQ, seq);
    Atomics.notify(control, SEQ);
    if (all) buildHistogram(hist, bins, nFeatures, rows, begin, mid, grad, hess);
    else buildHistogramOf(hist, bins, nFeatures, features, features.length, rows, begin, mid, grad, hess);
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done === seq) break;
      Atomics.wait(control, DONE, done);
    }
    if (Atomics.load(control, FAILED) === 1) {
      this.close();
      throw new Error('gbt: the histogram worker thread failed; fit again with n_jobs = 1');
    }
    for (let k = 0; k < hist.length; k++) hist[k] = hist[k]! + partial[k]!;
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
