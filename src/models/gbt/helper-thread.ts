// The second thread of a fit with n_jobs = 2. A big pass (a node's histogram, the root's histogram with
// the round's quantised gradients, the round's largest gradients, a level's row partitions, binning) is cut into fixed pieces; this thread
// and a worker claim chunks from a shared counter until none is left, so when the machine is busy and the
// worker is not scheduled, this thread simply does every chunk itself instead of waiting. Chunks are fixed
// by position and every chunk's output is placed by position (histogram sums are exact integers), so the
// model does not depend on which thread ran which chunk: it equals the n_jobs = 1 model byte for byte.
// Everything lives in SharedArrayBuffers; both threads compile the same chunk source (CHUNK_SOURCE).

import { Worker } from 'node:worker_threads';
import { sortFloat64 } from '../../core/float-sort.js';
import { BIN_NUMERIC_PARAMS, BIN_NUMERIC_SOURCE, BIN_SAMPLE_ROWS, BIN_STRIDE, QUANTILE_EDGES_PARAMS, QUANTILE_EDGES_SOURCE } from './binning.js';
import { addHistogram, EXACT_HISTOGRAM_PARAMS, exactHistogramSource, histogramAccumulateSource, ROOT_HISTOGRAM_PARAMS, rootHistogramSource } from './histogram.js';
import { SUMMARY_PARAMS, summarySource } from './log-loss.js';
import { LEAF_SUMS_PARAMS, LEAF_UPDATE_PARAMS, leafSumsSource, leafUpdateSource, PIECE_FLOATS, PIECE_INTS, type PieceRunner, type PieceTables } from './leaf-pass.js';
import type { RowBuffer } from './row-move.js';
import { PARTITION_PARAMS, partitionBlocks, partitionSource, planSwaps, SCAN_ROWS, SWAP_PARAMS, SWAP_ROWS, swapSource } from './row-partition.js';
import type { QuantizeSettings } from './quantize.js';
import type { NodeBuild, NodeMove } from './node-tasks.js';
import type { RowLayout } from './row-layout.js';

/** Passes over fewer rows stay on this thread: the hand-off would cost more than it saves. */
export const PARALLEL_MIN_ROWS = 20_000;
/** Positions per chunk of a pass. */
export const CHUNK_ROWS = 16_384;

/** Node histograms one task builds at most, and the memory their partial histograms in the worker may take. */
const MAX_SLOTS = 64;
const PARTIALS_BYTES = 16 * 2 ** 20;

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
const SALT = 12;
const SAMPLED = 14;
const MAX_BIN = 15;
const CONTROL_SLOTS = 16;

/** Float slots (Float64Array). */
const POSITIVE_WEIGHT = 0;
const G_INVERSE = 1;
const H_INVERSE = 2;
const SHIFT_SCALE = 3;
const FLOAT_SLOTS = 8;

const OP_HISTOGRAMS = 1;
const OP_PARTITION = 2;
const OP_SWAP = 3;
const OP_EXTREMES = 4;
const OP_ROOT = 5;
const OP_EDGES = 6;
const OP_LEAF_SUMS = 7;
const OP_LEAF_UPDATE = 8;

/** goesLeft tables a leaf-pass task can hold. */
export const MAX_PIECE_TABLES = 1024;

export interface HelperInputs {
  buffers: readonly [RowBuffer, RowBuffer];
  layout: RowLayout;
  /** The training matrix's values (column-major) in shared memory. */
  data: Float64Array;
  nRows: number;
  histogramSize: number;
}

/** What a chunk reads and writes: the same arrays in both threads, except hist (this thread: the node's histogram; the worker: its partial one). */
interface ChunkContext extends HelperInputs {
  hist: Float64Array;
  control: Int32Array;
  floats: Float64Array;
  /** Per chunk: largest |g| and h, Σ g and Σ h (OP_EXTREMES, fours). */
  extremes: Float64Array;
  /**
   * Pieces of the piece tasks (OP_HISTOGRAMS, OP_PARTITION, OP_SWAP, OP_LEAF_*): PIECE_INTS ints each
   * (buffer, begin, end, feature or histogram slot or swap partner, goesLeft table offset or exact flag) and
   * PIECE_FLOATS floats (inputs and outputs, see each task).
   */
  tables: PieceTables;
  /** The worker's partial histograms, one slot per node of an OP_HISTOGRAMS task, and the task that last zeroed each. */
  partials: Float64Array;
  touched: Int32Array;
  slotSize: number;
  packedSize: number;
  exactSize: number;
  /** Where each slot's rows are added: the nodes' own histograms on this thread, the partials on the worker. */
  slotHists: Float64Array[];
  isWorker: boolean;
  /** OP_EDGES: the numeric features (items), the row sample when control[SAMPLED] = 1, and per feature its bin bounds padded to 256 and their count. */
  features: Int32Array;
  sample: Uint32Array;
  edges: Float64Array;
  edgeCounts: Int32Array;
  /** Sorts NaN-free doubles ascending: the radix sort here, the built-in sort in the worker (both give the same order). */
  sort?: (values: Float64Array) => void;
}

/** Source of `runChunk(ctx, c)`: chunk c of the task described by ctx.control. */
function chunkSource(layout: RowLayout): string {
  const fn = (params: readonly string[], source: string): string => `new Function(${params.map((p) => JSON.stringify(p)).join(', ')}, ${JSON.stringify(source)})`;
  const stride = 4 * layout.nWords;
  return `
const accumulate = ${fn(['hist', 'bins', 'begin', 'end', 'shiftScale'], histogramAccumulateSource(layout))};
const exactHistogram = ${fn(EXACT_HISTOGRAM_PARAMS, exactHistogramSource(layout))};
const accumulateRoot = ${fn(ROOT_HISTOGRAM_PARAMS, rootHistogramSource(layout))};
const partitionRows = ${fn(PARTITION_PARAMS, partitionSource(layout.n64))};
const swapRows = ${fn(SWAP_PARAMS, swapSource(layout.n64))};
// This thread's scratch for partitions and swaps.
const offL = new Uint16Array(${SCAN_ROWS});
const offR = new Uint16Array(${SCAN_ROWS});
const swapTemp = new BigUint64Array(${SWAP_ROWS * layout.n64});
const summary = ${fn(SUMMARY_PARAMS, summarySource(layout))};
const binNumeric = ${fn(BIN_NUMERIC_PARAMS, BIN_NUMERIC_SOURCE)};
const quantileEdges = ${fn(QUANTILE_EDGES_PARAMS, QUANTILE_EDGES_SOURCE)};
const leafSums = ${fn(LEAF_SUMS_PARAMS, leafSumsSource(layout))};
const leafUpdate = ${fn(LEAF_UPDATE_PARAMS, leafUpdateSource(layout))};
const four = new Float64Array(4);
return function runChunk(ctx, c) {
  const control = ctx.control;
  const op = control[${OP}];
  const floats = ctx.floats;
  if (op === ${OP_HISTOGRAMS} || op === ${OP_PARTITION} || op === ${OP_SWAP} || op === ${OP_LEAF_SUMS} || op === ${OP_LEAF_UPDATE}) {
    const { pieces, pieceFloats, tables } = ctx.tables;
    const at = ${PIECE_INTS} * c;
    const out = ${PIECE_FLOATS} * c;
    const r = ctx.buffers[pieces[at]];
    const begin = pieces[at + 1];
    const end = pieces[at + 2];
    if (op === ${OP_HISTOGRAMS}) {
      const slot = pieces[at + 3];
      const exact = pieces[at + 4] === 1;
      const hist = ctx.slotHists[slot];
      if (ctx.isWorker && ctx.touched[slot] !== control[${TASK_START}]) {
        hist.fill(0, 0, exact ? ctx.exactSize : ctx.packedSize);
        ctx.touched[slot] = control[${TASK_START}];
      }
      if (exact) exactHistogram(hist, r.bins, r.bytes, r.floats, begin, end, floats[${POSITIVE_WEIGHT}]);
      else accumulate(hist, r.bins, begin, end, floats[${SHIFT_SCALE}]);
    } else if (op === ${OP_PARTITION}) {
      pieceFloats[out] = partitionRows(r.words, r.bytes, begin, end, pieces[at + 3], ${stride}, tables, pieces[at + 4], offL, offR);
    } else if (op === ${OP_SWAP}) {
      swapRows(r.words, begin, pieces[at + 3], end - begin, swapTemp);
    } else if (op === ${OP_LEAF_SUMS}) {
      leafSums(r.bins, r.bytes, r.floats, begin, end, pieces[at + 3], tables, pieces[at + 4], floats[${POSITIVE_WEIGHT}], pieceFloats, out);
    } else {
      leafUpdate(r.bins, r.bytes, r.floats, begin, end, pieces[at + 3], tables, pieces[at + 4], pieceFloats[out], pieceFloats[out + 1], floats[${POSITIVE_WEIGHT}], pieceFloats, out + 2);
    }
    return;
  }
  const a = ctx.buffers[control[${BUFFER}]];
  const from = control[${BEGIN}] + c * ${CHUNK_ROWS};
  const to = Math.min(control[${END}], from + ${CHUNK_ROWS});
  if (op === ${OP_ROOT}) {
    accumulateRoot(ctx.hist, a.bins, a.floats, from, to, floats[${POSITIVE_WEIGHT}], control[${SALT}],
      floats[${G_INVERSE}], floats[${H_INVERSE}], floats[${SHIFT_SCALE}]);
  } else if (op === ${OP_EXTREMES}) {
    summary(a.bins, a.floats, from, to, floats[${POSITIVE_WEIGHT}], four);
    ctx.extremes.set(four, 4 * c);
  } else if (op === ${OP_EDGES}) {
    const j = ctx.features[c];
    const edges = ctx.edges.subarray(j * ${BIN_STRIDE}, (j + 1) * ${BIN_STRIDE});
    const sample = control[${SAMPLED}] === 1 ? ctx.sample : undefined;
    ctx.edgeCounts[j] = quantileEdges(ctx.data, j * ctx.nRows, ctx.nRows, sample, control[${MAX_BIN}], ctx.sort, edges);
    binNumeric(ctx.data, j * ctx.nRows, ctx.nRows, edges, ctx.buffers[0].bytes, j, ${stride});
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

const workerSource = (layout: RowLayout): string => `
const { workerData } = require('node:worker_threads');
const runChunk = new Function(${JSON.stringify(chunkSource(layout))})();
const ctx = workerData;
ctx.isWorker = true;
ctx.sort = (values) => values.sort();
ctx.slotHists = [];
for (let s = 0; s * ctx.slotSize < ctx.partials.length; s++) ctx.slotHists.push(ctx.partials.subarray(s * ctx.slotSize, (s + 1) * ctx.slotSize));
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

export class HelperThread implements PieceRunner {
  private worker: Worker | undefined;
  private readonly ctx: ChunkContext;
  /** The worker's partial histogram. */
  private readonly partial: Float64Array;
  private readonly runChunk: (ctx: ChunkContext, c: number) => void;
  private readonly maxChunks: number;
  /** Most node histograms one task builds (the worker keeps a partial histogram per node). */
  private readonly maxSlots: number;
  /** The first global chunk number of the last task (its id in ctx.touched). */
  private lastTask = -1;

  /** Every array in inputs must be backed by a SharedArrayBuffer. */
  constructor(inputs: HelperInputs) {
    const shared = <T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(kind: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T =>
      new kind(new SharedArrayBuffer(n * kind.BYTES_PER_ELEMENT));
    this.maxChunks = Math.ceil(inputs.nRows / CHUNK_ROWS) + 4096;
    this.partial = shared(Float64Array, inputs.histogramSize);
    const exactSize = 2 * BIN_STRIDE * inputs.layout.nFeatures;
    const slotSize = Math.max(inputs.histogramSize, exactSize);
    this.maxSlots = Math.max(1, Math.min(MAX_SLOTS, Math.floor(PARTIALS_BYTES / (8 * slotSize))));
    this.ctx = {
      ...inputs,
      hist: this.partial,
      control: shared(Int32Array, CONTROL_SLOTS),
      floats: shared(Float64Array, FLOAT_SLOTS),
      extremes: shared(Float64Array, 4 * this.maxChunks),
      partials: shared(Float64Array, this.maxSlots * slotSize),
      touched: shared(Int32Array, this.maxSlots).fill(-1),
      slotSize,
      packedSize: inputs.histogramSize,
      exactSize,
      slotHists: [],
      isWorker: false,
      features: shared(Int32Array, inputs.layout.nFeatures),
      sample: shared(Uint32Array, BIN_SAMPLE_ROWS),
      edges: shared(Float64Array, BIN_STRIDE * inputs.layout.nFeatures),
      edgeCounts: shared(Int32Array, inputs.layout.nFeatures),
      tables: {
        pieces: shared(Int32Array, PIECE_INTS * this.maxChunks),
        pieceFloats: shared(Float64Array, PIECE_FLOATS * this.maxChunks),
        tables: shared(Uint8Array, 256 * MAX_PIECE_TABLES),
      },
    };
    this.runChunk = new Function(chunkSource(inputs.layout))() as (ctx: ChunkContext, c: number) => void;
    this.worker = new Worker(workerSource(inputs.layout), { eval: true, workerData: this.ctx });
    this.ctx.sort = sortFloat64;
    this.worker.unref();
  }

  /**
   * The root's histogram over positions [begin, end) of a buffer, quantising each row's gradients into
   * its quantised word on the way (histogram.ts rootHistogramSource).
   */
  rootHistogram(hist: Float64Array, buffer: 0 | 1, begin: number, end: number, q: QuantizeSettings): void {
    const f = this.ctx.floats;
    f[POSITIVE_WEIGHT] = q.positiveWeight;
    f[G_INVERSE] = q.gInverse;
    f[H_INVERSE] = q.hInverse;
    f[SHIFT_SCALE] = q.shiftScale;
    this.ctx.control[SALT] = q.salt;
    this.sharedHistogram(OP_ROOT, hist, buffer, begin, end);
  }

  private sharedHistogram(op: number, hist: Float64Array, buffer: 0 | 1, begin: number, end: number): void {
    hist.fill(0);
    this.partial.fill(0);
    this.runTask(op, buffer, begin, end, hist);
    for (let k = 0; k < hist.length; k++) hist[k] = hist[k]! + this.partial[k]!;
  }

  /**
   * Partition every node's positions [begin, end) in place, rows going left first, exactly as RowStore.split
   * does on one thread (row-partition.ts): one task partitions every block of every node (the biggest
   * first, so the two threads finish together), a second one makes the swaps that fix up nodes of several
   * blocks. Returns each node's first right position.
   */
  partitionNodes(moves: readonly NodeMove[]): number[] {
    const { pieces, pieceFloats, tables } = this.ctx.tables;
    const mids = new Array<number>(moves.length);
    const bounds = moves.map((m) => partitionBlocks(m.begin, m.end));
    for (let i = 0; i < moves.length; ) {
      const batch: number[] = [];
      let nPieces = 0;
      while (i < moves.length && batch.length < MAX_PIECE_TABLES && (batch.length === 0 || nPieces + bounds[i]!.length - 1 <= this.maxChunks)) {
        nPieces += bounds[i]!.length - 1;
        batch.push(i++);
      }
      const blocks: { node: number; b: number; size: number }[] = [];
      batch.forEach((index, t) => {
        tables.set(moves[index]!.goesLeft, 256 * t);
        const nb = bounds[index]!;
        for (let b = 0; b + 1 < nb.length; b++) blocks.push({ node: t, b, size: nb[b + 1]! - nb[b]! });
      });
      blocks.sort((x, y) => y.size - x.size || x.node - y.node || x.b - y.b);
      const pieceOf = batch.map((index) => new Array<number>(bounds[index]!.length - 1));
      blocks.forEach(({ node, b }, c) => {
        const m = moves[batch[node]!]!;
        const at = PIECE_INTS * c;
        pieces[at] = m.buffer;
        pieces[at + 1] = bounds[batch[node]!]![b]!;
        pieces[at + 2] = bounds[batch[node]!]![b + 1]!;
        pieces[at + 3] = m.feature;
        pieces[at + 4] = 256 * node;
        pieceOf[node]![b] = c;
      });
      this.runTask(OP_PARTITION, 0, 0, blocks.length, undefined, 1);
      const swaps: number[] = [];
      const swapBuffer: number[] = [];
      batch.forEach((index, t) => {
        const blockMids = pieceOf[t]!.map((c) => pieceFloats[PIECE_FLOATS * c]!);
        const before = swaps.length;
        mids[index] = blockMids.length === 1 ? blockMids[0]! : planSwaps(bounds[index]!, blockMids, SWAP_ROWS, swaps);
        for (let s = before; s < swaps.length; s += 3) swapBuffer.push(moves[index]!.buffer);
      });
      for (let start = 0; start < swapBuffer.length; start += this.maxChunks) {
        const count = Math.min(this.maxChunks, swapBuffer.length - start);
        for (let c = 0; c < count; c++) {
          const s = 3 * (start + c);
          const at = PIECE_INTS * c;
          pieces[at] = swapBuffer[start + c]!;
          pieces[at + 1] = swaps[s]!;
          pieces[at + 2] = swaps[s]! + swaps[s + 2]!;
          pieces[at + 3] = swaps[s + 1]!;
        }
        this.runTask(OP_SWAP, 0, 0, count, undefined, 1);
      }
    }
    return mids;
  }

  /**
   * Build every node's histogram into its hist (zeroed first): packed ones cut into chunks, exact ones
   * (small nodes) one piece each, all in one task; the worker adds into partial histograms of its own,
   * added to the nodes' afterwards.
   */
  buildHistograms(builds: readonly NodeBuild[], shiftScale: number, positiveWeight: number): void {
    const { pieces } = this.ctx.tables;
    this.ctx.floats[SHIFT_SCALE] = shiftScale;
    this.ctx.floats[POSITIVE_WEIGHT] = positiveWeight;
    const chunksOf = (b: NodeBuild): number => (b.exact ? 1 : Math.ceil((b.end - b.begin) / CHUNK_ROWS));
    for (let i = 0; i < builds.length; ) {
      const slots: NodeBuild[] = [];
      let c = 0;
      while (i < builds.length && slots.length < this.maxSlots && (slots.length === 0 || c + chunksOf(builds[i]!) <= this.maxChunks)) {
        const b = builds[i++]!;
        const slot = slots.length;
        slots.push(b);
        b.hist.fill(0);
        for (let from = b.begin; from < b.end; from += b.exact ? b.end - b.begin : CHUNK_ROWS, c++) {
          const at = PIECE_INTS * c;
          pieces[at] = b.buffer;
          pieces[at + 1] = from;
          pieces[at + 2] = b.exact ? b.end : Math.min(b.end, from + CHUNK_ROWS);
          pieces[at + 3] = slot;
          pieces[at + 4] = b.exact ? 1 : 0;
        }
      }
      this.runTask(OP_HISTOGRAMS, 0, 0, c, undefined, 1, slots.map((b) => b.hist));
      slots.forEach((b, slot) => {
        if (this.ctx.touched[slot] === this.lastTask) addHistogram(b.hist, this.ctx.partials.subarray(slot * this.ctx.slotSize, slot * this.ctx.slotSize + b.hist.length));
      });
    }
  }

  /**
   * out ← [largest |g|, largest h, Σ g, Σ h] over positions [begin, end) of a buffer (log-loss.ts), the
   * sums taken chunk by chunk of CHUNK_ROWS in position order (as gradientSummary does on one thread).
   */
  extremes(buffer: 0 | 1, begin: number, end: number, positiveWeight: number, out: Float64Array): void {
    this.ctx.floats[POSITIVE_WEIGHT] = positiveWeight;
    const nChunks = this.runTask(OP_EXTREMES, buffer, begin, end);
    out.fill(0);
    const e = this.ctx.extremes;
    for (let c = 0; c < nChunks; c++) {
      out[0] = Math.max(out[0]!, e[4 * c]!);
      out[1] = Math.max(out[1]!, e[4 * c + 1]!);
      out[2] = out[2]! + e[4 * c + 2]!;
      out[3] = out[3]! + e[4 * c + 3]!;
    }
  }

  /** Leaf-pass piece tables in shared memory (fill, then run). */
  get tables(): PieceTables {
    return this.ctx.tables;
  }

  /** How many pieces a leaf-pass task can hold. */
  get capacity(): number {
    return this.maxChunks;
  }

  /** Run leaf-pass pieces [0, count) (leaf-pass.ts). */
  run(kind: 'sums' | 'update', count: number, positiveWeight: number): void {
    this.ctx.floats[POSITIVE_WEIGHT] = positiveWeight;
    this.runTask(kind === 'sums' ? OP_LEAF_SUMS : OP_LEAF_UPDATE, 0, 0, count, undefined, 1);
  }

  /**
   * Bin bounds of the listed numeric features (binning.ts QUANTILE_EDGES_SOURCE, from the row sample or
   * all rows) and their bins in buffer 0, one feature per chunk; returns the bounds in the order listed.
   */
  edgesAndBins(features: readonly number[], sample: Uint32Array | undefined, maxBin: number): Float64Array[] {
    const ctx = this.ctx;
    ctx.features.set(features);
    if (sample !== undefined) ctx.sample.set(sample);
    ctx.control[SAMPLED] = sample === undefined ? 0 : 1;
    ctx.control[MAX_BIN] = maxBin;
    this.runTask(OP_EDGES, 0, 0, features.length, undefined, 1);
    return features.map((j) => ctx.edges.slice(j * BIN_STRIDE, j * BIN_STRIDE + ctx.edgeCounts[j]!));
  }

  /**
   * Run a task of chunks over [begin, end) (chunkRows items each): publish it, then claim and run chunks
   * here until none is left and wait for the worker's last one. Returns the number of chunks.
   */
  private runTask(op: number, buffer: 0 | 1, begin: number, end: number, hist?: Float64Array, chunkRows = CHUNK_ROWS, slotHists?: Float64Array[]): number {
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
    this.lastTask = start;
    const last = start + nChunks;
    Atomics.store(control, TASK_START, start);
    Atomics.store(control, TASK_END, last);
    Atomics.add(control, SEQ, 1);
    if (this.worker !== undefined) Atomics.notify(control, SEQ);
    const ctx = hist === undefined && slotHists === undefined ? this.ctx : { ...this.ctx, hist: hist ?? this.ctx.hist, slotHists: slotHists ?? [] };
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
