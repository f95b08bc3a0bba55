// The second thread of a fit with n_jobs = 2. A big pass (a node's histogram, a node's row move, the
// round's gradients and their quantisation, binning) is cut into fixed chunks of positions; this thread
// and a worker claim chunks from a shared counter until none is left, so when the machine is busy and the
// worker is not scheduled, this thread simply does every chunk itself instead of waiting. Chunks are fixed
// by position and every chunk's output is placed by position (histogram sums are exact integers), so the
// model does not depend on which thread ran which chunk: it equals the n_jobs = 1 model byte for byte.
// Everything lives in SharedArrayBuffers; both threads compile the same chunk source (CHUNK_SOURCE).

import { Worker } from 'node:worker_threads';
import { BIN_NUMERIC_PARAMS, BIN_NUMERIC_SOURCE } from './binning.js';
import { histogramAccumulateSource } from './histogram.js';
import { LOG_LOSS_PARAMS, LOG_LOSS_SOURCE } from './log-loss.js';
import { QUANTIZE_PARAMS, QUANTIZE_SOURCE } from './quantize.js';
import { MOVE_PARAMS, moveRowsSource, type RowBuffer } from './row-move.js';

/** Passes over fewer rows stay on this thread: the hand-off would cost more than it saves. */
export const PARALLEL_MIN_ROWS = 20_000;
/** Positions per chunk of a pass. */
export const CHUNK_ROWS = 16_384;

/** Control block slots (Int32Array). */
const SEQ = 0;
const NEXT = 1;
const DONE = 2;
const STOP = 3;
const FAILED = 4;
const TASK_START = 5;
const TASK_END = 6;
const OP = 7;
const BUFFER = 8;
const BEGIN = 9;
const END = 10;
const FEATURE = 11;
const SALT = 12;
const CONTROL_SLOTS = 16;

/** Float slots (Float64Array). */
const POSITIVE_WEIGHT = 0;
const G_INVERSE = 1;
const H_INVERSE = 2;
const G_LEVELS = 3;
const H_LEVELS = 4;
const SHIFT_SCALE = 5;
const FLOAT_SLOTS = 8;

const OP_HISTOGRAM = 1;
const OP_COUNT = 2;
const OP_MOVE = 3;
const OP_GRADIENTS = 4;
const OP_QUANTIZE = 5;
const OP_BIN = 6;
const OP_RANGE_GRADIENTS = 7;

export interface HelperInputs {
  buffers: readonly [RowBuffer, RowBuffer];
  nWords: number;
  /** Gradient and hessian scratch by position. */
  grad: Float64Array;
  hess: Float64Array;
  /** The training matrix's values (column-major) in shared memory, and its bin edges (binning.ts paddedUppers). */
  data: Float64Array;
  nRows: number;
  paddedUppers: readonly Float64Array[];
  histogramSize: number;
}

/** What a chunk reads and writes: the same arrays in both threads, except hist (this thread: the node's histogram; the worker: its partial one). */
interface ChunkContext extends HelperInputs {
  hist: Float64Array;
  goesLeft: Uint8Array;
  control: Int32Array;
  floats: Float64Array;
  /** Per chunk: left-row counts (OP_COUNT); left start and right end (OP_MOVE, pairs); largest |g| and h (OP_GRADIENTS, pairs); (buffer, begin, end) triples (OP_RANGE_GRADIENTS). */
  counts: Int32Array;
  offsets: Int32Array;
  extremes: Float64Array;
  ranges: Int32Array;
}

/** Source of `runChunk(ctx, c)`: chunk c of the task described by ctx.control. */
function chunkSource(nWords: number): string {
  const fn = (params: readonly string[], source: string): string => `new Function(${params.map((p) => JSON.stringify(p)).join(', ')}, ${JSON.stringify(source)})`;
  const stride = 4 * nWords;
  return `
const accumulate = ${fn(['hist', 'bins', 'begin', 'end', 'packed'], histogramAccumulateSource(nWords))};
const moveRows = ${fn(MOVE_PARAMS, moveRowsSource(nWords))};
const gradients = ${fn(LOG_LOSS_PARAMS, LOG_LOSS_SOURCE)};
const quantize = ${fn(QUANTIZE_PARAMS, QUANTIZE_SOURCE)};
const binNumeric = ${fn(BIN_NUMERIC_PARAMS, BIN_NUMERIC_SOURCE)};
const pair = new Float64Array(2);
return function runChunk(ctx, c) {
  const control = ctx.control;
  const op = control[${OP}];
  const a = ctx.buffers[control[${BUFFER}]];
  const from = control[${BEGIN}] + c * ${CHUNK_ROWS};
  const to = Math.min(control[${END}], from + ${CHUNK_ROWS});
  const floats = ctx.floats;
  if (op === ${OP_HISTOGRAM}) {
    accumulate(ctx.hist, a.bins, from, to, a.packed);
  } else if (op === ${OP_COUNT}) {
    const bytes = a.bytes;
    const goesLeft = ctx.goesLeft;
    let n = 0;
    for (let k = from, at = from * ${stride} + control[${FEATURE}]; k < to; k++, at += ${stride}) n += goesLeft[bytes[at]];
    ctx.counts[c] = n;
  } else if (op === ${OP_MOVE}) {
    const b = ctx.buffers[1 - control[${BUFFER}]];
    moveRows(a.bins, a.packed, a.prob, a.label, a.rowId, b.bins, b.packed, b.prob, b.label, b.rowId, from, to,
      a.bytes, control[${FEATURE}], ${stride}, ctx.goesLeft, ctx.offsets[2 * c], ctx.offsets[2 * c + 1]);
  } else if (op === ${OP_GRADIENTS}) {
    gradients(a.prob, a.label, from, to, floats[${POSITIVE_WEIGHT}], ctx.grad, ctx.hess, pair);
    ctx.extremes[2 * c] = pair[0];
    ctx.extremes[2 * c + 1] = pair[1];
  } else if (op === ${OP_QUANTIZE}) {
    quantize(ctx.grad, ctx.hess, a.rowId, from, to, control[${SALT}], floats[${G_INVERSE}], floats[${H_INVERSE}], floats[${G_LEVELS}], floats[${H_LEVELS}], floats[${SHIFT_SCALE}], a.packed);
  } else if (op === ${OP_BIN}) {
    const j = control[${BEGIN}] + c;
    binNumeric(ctx.data, j * ctx.nRows, ctx.nRows, ctx.paddedUppers[j], ctx.buffers[0].bytes, j, ${stride});
  } else if (op === ${OP_RANGE_GRADIENTS}) {
    const r = ctx.buffers[ctx.ranges[3 * c]];
    gradients(r.prob, r.label, ctx.ranges[3 * c + 1], ctx.ranges[3 * c + 2], floats[${POSITIVE_WEIGHT}], ctx.grad, ctx.hess, pair);
  }
};
`;
}

/**
 * Source of `claim(control, end)`: the next chunk of a task ending at global chunk `end`, or −1. A
 * compare-and-swap, so a late claimant never takes a chunk of a later task.
 */
const CLAIM_SOURCE = `
for (;;) {
  const v = Atomics.load(control, ${NEXT});
  if (v >= end) return -1;
  if (Atomics.compareExchange(control, ${NEXT}, v, v + 1) === v) return v;
}
`;
const claim = new Function('control', 'end', CLAIM_SOURCE) as (control: Int32Array, end: number) => number;

const workerSource = (nWords: number): string => `
const { workerData } = require('node:worker_threads');
const runChunk = new Function(${JSON.stringify(chunkSource(nWords))})();
const ctx = workerData;
const control = ctx.control;
const claim = new Function('control', 'end', ${JSON.stringify(CLAIM_SOURCE)});
let seen = 0;
for (;;) {
  const s1 = Atomics.load(control, ${SEQ});
  if (Atomics.load(control, ${STOP}) === 1) break;
  if (s1 === seen || (s1 & 1) === 1) {
    Atomics.wait(control, ${SEQ}, s1);
    continue;
  }
  const start = Atomics.load(control, ${TASK_START});
  const end = Atomics.load(control, ${TASK_END});
  if (Atomics.load(control, ${SEQ}) !== s1) continue;
  seen = s1;
  for (let v = claim(control, end); v >= 0; v = claim(control, end)) {
    try {
      runChunk(ctx, v - start);
    } catch {
      Atomics.store(control, ${FAILED}, 1);
    }
    Atomics.add(control, ${DONE}, 1);
    Atomics.notify(control, ${DONE});
  }
}
`;

export class HelperThread {
  private worker: Worker | undefined;
  private readonly ctx: ChunkContext;
  /** The worker's partial histogram. */
  private readonly partial: Float64Array;
  private readonly runChunk: (ctx: ChunkContext, c: number) => void;
  private readonly maxChunks: number;

  /** Every array in inputs must be backed by a SharedArrayBuffer. */
  constructor(inputs: HelperInputs) {
    const shared = <T extends Int32Array | Float64Array | Uint8Array>(kind: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T =>
      new kind(new SharedArrayBuffer(n * kind.BYTES_PER_ELEMENT));
    this.maxChunks = Math.ceil(inputs.nRows / CHUNK_ROWS) + 4096;
    this.partial = shared(Float64Array, inputs.histogramSize);
    this.ctx = {
      ...inputs,
      hist: this.partial,
      goesLeft: shared(Uint8Array, 256),
      control: shared(Int32Array, CONTROL_SLOTS),
      floats: shared(Float64Array, FLOAT_SLOTS),
      counts: shared(Int32Array, this.maxChunks),
      offsets: shared(Int32Array, 2 * this.maxChunks),
      extremes: shared(Float64Array, 2 * this.maxChunks),
      ranges: shared(Int32Array, 3 * this.maxChunks),
    };
    this.runChunk = new Function(chunkSource(inputs.nWords))() as (ctx: ChunkContext, c: number) => void;
    this.worker = new Worker(workerSource(inputs.nWords), { eval: true, workerData: this.ctx });
    this.worker.unref();
  }

  /** hist ← packed sums over positions [begin, end) of a buffer (histogram.ts), hist zeroed first. */
  histogram(hist: Float64Array, buffer: 0 | 1, begin: number, end: number): void {
    hist.fill(0);
    this.partial.fill(0);
    this.run(OP_HISTOGRAM, buffer, begin, end, hist);
    for (let k = 0; k < hist.length; k++) hist[k] = hist[k]! + this.partial[k]!;
  }

  /**
   * Move positions [begin, end) of buffer `from` to the other one, rows whose bin of `feature` has
   * goesLeft[bin] = 1 first (row-move.ts; the same places as one pass over the range); returns the first
   * right position.
   */
  move(from: 0 | 1, begin: number, end: number, feature: number, goesLeft: Uint8Array): number {
    const { control, counts, offsets } = this.ctx;
    this.ctx.goesLeft.set(goesLeft);
    control[FEATURE] = feature;
    const nChunks = this.run(OP_COUNT, from, begin, end);
    let left = begin;
    let right = end;
    for (let c = 0; c < nChunks; c++) {
      const size = Math.min(CHUNK_ROWS, end - begin - c * CHUNK_ROWS);
      offsets[2 * c] = left;
      offsets[2 * c + 1] = right;
      left += counts[c]!;
      right -= size - counts[c]!;
    }
    this.run(OP_MOVE, from, begin, end);
    return left;
  }

  /** grad, hess ← log-loss gradients of positions [begin, end) of a buffer; returns [largest |g|, largest h]. */
  gradients(buffer: 0 | 1, begin: number, end: number, positiveWeight: number): [number, number] {
    this.ctx.floats[POSITIVE_WEIGHT] = positiveWeight;
    const nChunks = this.run(OP_GRADIENTS, buffer, begin, end);
    let gMax = 0;
    let hMax = 0;
    for (let c = 0; c < nChunks; c++) {
      gMax = Math.max(gMax, this.ctx.extremes[2 * c]!);
      hMax = Math.max(hMax, this.ctx.extremes[2 * c + 1]!);
    }
    return [gMax, hMax];
  }

  /** Quantise positions [begin, end) of a buffer (quantize.ts QuantizeRange). */
  quantize(buffer: 0 | 1, begin: number, end: number, salt: number, gInverse: number, hInverse: number, gLevels: number, hLevels: number, shiftScale: number): void {
    const f = this.ctx.floats;
    f[G_INVERSE] = gInverse;
    f[H_INVERSE] = hInverse;
    f[G_LEVELS] = gLevels;
    f[H_LEVELS] = hLevels;
    f[SHIFT_SCALE] = shiftScale;
    this.ctx.control[SALT] = salt;
    this.run(OP_QUANTIZE, buffer, begin, end);
  }

  /** Bin features [from, to) as numeric into buffer 0 (binning.ts BIN_NUMERIC_SOURCE); one chunk per feature. */
  bin(from: number, to: number): void {
    this.run(OP_BIN, 0, from, to, undefined, 1);
  }

  /** grad, hess ← log-loss gradients of every range (disjoint); false (nothing done) when there are too many pieces. */
  rangeGradients(ranges: readonly { buffer: 0 | 1; begin: number; end: number }[], positiveWeight: number): boolean {
    const table = this.ctx.ranges;
    let n = 0;
    for (const r of ranges) {
      for (let at = r.begin; at < r.end; at += CHUNK_ROWS) {
        if (n >= this.maxChunks) return false;
        table[3 * n] = r.buffer;
        table[3 * n + 1] = at;
        table[3 * n + 2] = Math.min(r.end, at + CHUNK_ROWS);
        n++;
      }
    }
    this.ctx.floats[POSITIVE_WEIGHT] = positiveWeight;
    this.run(OP_RANGE_GRADIENTS, 0, 0, n, undefined, 1);
    return true;
  }

  /**
   * Run a task of chunks over [begin, end) (chunkRows items each): publish it, then claim and run chunks
   * here until none is left and wait for the worker's last one. Returns the number of chunks.
   */
  private run(op: number, buffer: 0 | 1, begin: number, end: number, hist?: Float64Array, chunkRows = CHUNK_ROWS): number {
    const control = this.ctx.control;
    const nChunks = Math.ceil((end - begin) / chunkRows);
    if (nChunks > this.maxChunks) throw new Error(`gbt: a helper task of ${nChunks} chunks exceeds ${this.maxChunks}`);
    // Seqlock: an odd sequence number tells the worker the task is being written.
    Atomics.add(control, SEQ, 1);
    control[OP] = op;
    control[BUFFER] = buffer;
    // Row tasks index chunks of CHUNK_ROWS positions from begin; item tasks (chunkRows = 1) item begin + c.
    control[BEGIN] = begin;
    control[END] = end;
    const start = Atomics.load(control, NEXT);
    const last = start + nChunks;
    Atomics.store(control, TASK_START, start);
    Atomics.store(control, TASK_END, last);
    Atomics.add(control, SEQ, 1);
    if (this.worker !== undefined) Atomics.notify(control, SEQ);
    const ctx = hist === undefined ? this.ctx : { ...this.ctx, hist };
    for (let v = claim(control, last); v >= 0; v = claim(control, last)) {
      this.runChunk(ctx, v - start);
      Atomics.add(control, DONE, 1);
    }
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= last) break;
      Atomics.wait(control, DONE, done);
    }
    if (Atomics.load(control, FAILED) === 1) {
      this.close();
      throw new Error('gbt: the helper thread failed; fit again with n_jobs = 1');
    }
    return nChunks;
  }

  /** Stop the worker (call once the tree loop is over). */
  close(): void {
    if (this.worker === undefined) return;
    const control = this.ctx.control;
    Atomics.store(control, STOP, 1);
    Atomics.add(control, SEQ, 2);
    Atomics.notify(control, SEQ);
    void this.worker.terminate();
    this.worker = undefined;
  }
}
