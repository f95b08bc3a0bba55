// Grows one tree from the gradients (as LightGBM's serial_tree_learner): find the best split of a leaf,
// split the leaf with the largest gain (leaf-wise, max_leaves > 0) or every splittable leaf level by level
// (depth-wise), stop when no split gains. Only the smaller child's histogram is built; the larger one's is
// the parent's minus it, and leaves at max_depth get no histogram at all (nor are their rows moved: a
// split into two such leaves is applied row by row when the margins are updated). A split partitions its
// node's rows in place in the row store (row-store.ts, row-partition.ts), a whole level at a time
// (level-work.ts). Splits of large nodes are chosen from quantised histograms (quantize.ts); nodes under EXACT_MAX_ROWS rows get exact float
// sums, where quantisation noise would show and two adds per update cost little. Leaf values, covers and
// recorded gains come from exact sums over each leaf's rows, added up once the tree is grown.

import { BIN_STRIDE, type FeatureBins } from './binning.js';
import { GbtTree } from './gbt-tree.js';
import { packedHistogramSize, subtractHistogram } from './histogram.js';
import type { HistogramBuilder } from './histogram-builder.js';
import type { LevelWork } from './level-work.js';
import type { GradientQuantizer, QuantizeSettings } from './quantize.js';
import type { RowStore } from './row-store.js';
import { CHUNK_ROWS, MAX_PIECE_TABLES, PARALLEL_MIN_ROWS } from './helper-thread.js';
import { LocalPieceRunner, PIECE_FLOATS, PIECE_INTS, type LeafRange, type PieceRunner } from './leaf-pass.js';
import { gradient, hessian, updateProbability } from './log-loss.js';
import { findBestSplit, SplitScratch, type SplitConstraints } from './split-finder.js';
import { SplitInfo } from './split-info.js';

/** Nodes with fewer rows get exact (unquantised) histograms. */
export const EXACT_MAX_ROWS = 8192;

export interface GrowerOptions extends SplitConstraints {
  /** Weight of positive rows in the log loss (scale_pos_weight). */
  positiveWeight: number;
  maxDepth: number;
  /** 0: depth-wise; > 0: leaf-wise up to this many leaves. */
  maxLeaves: number;
  learningRate: number;
}


interface Leaf {
  node: number;
  /** Row store buffer holding the leaf's rows. */
  buffer: 0 | 1;
  begin: number;
  end: number;
  depth: number;
  /** Sums over the leaf's rows as split search saw them (quantised for large nodes). */
  G: number;
  H: number;
  /** Packed quantised sums, or (exact = true) float gradient and hessian sums (split-finder layout). */
  hist: Float64Array | undefined;
  exact: boolean;
  split: SplitInfo;
}

/** A split into two leaves whose rows stay mixed in the parent's positions [begin, end). */
interface TerminalSplit {
  buffer: 0 | 1;
  begin: number;
  end: number;
  feature: number;
  /** goesLeft[bin] of the split. */
  goesLeft: Uint8Array;
  left: number;
  right: number;
}

const NO_BINS = new Uint8Array(0);

/** Every leaf (feature −1) and every split at max_depth (its two leaves share its positions), in that order. */
function leafRanges(done: readonly Leaf[], terminal: readonly TerminalSplit[]): LeafRange[] {
  return [
    ...done.map((l) => ({ buffer: l.buffer, begin: l.begin, end: l.end, feature: -1, goesLeft: undefined })),
    ...terminal.map((t) => ({ buffer: t.buffer, begin: t.begin, end: t.end, feature: t.feature, goesLeft: t.goesLeft })),
  ];
}

/** The child with fewer rows (the left one on a tie): its histogram is built, its sibling's derived. */
function smaller(left: Leaf, right: Leaf): Leaf {
  return left.end - left.begin <= right.end - right.begin ? left : right;
}

/** summary ← summary combined with the summary at part[at …] (largest |g|, largest h, Σg, Σh). */
function addSummary(summary: Float64Array, part: Float64Array, at: number): void {
  summary[0] = Math.max(summary[0]!, part[at]!);
  summary[1] = Math.max(summary[1]!, part[at + 1]!);
  summary[2] = summary[2]! + part[at + 2]!;
  summary[3] = summary[3]! + part[at + 3]!;
}

/** Node fields while growing; frozen into a GbtTree at the end. */
class NodeList {
  feature: number[] = [];
  threshold: number[] = [];
  defaultLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  gain: number[] = [];
  cover: number[] = [];
  catStart: number[] = [];
  catLength: number[] = [];
  catListedLeft: number[] = [];
  catCodes: number[] = [];
  /** goesLeft[bin] of each split node (the row store's bins), for rows walked down the tree. */
  goesLeft: Uint8Array[] = [];

  add(cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(0);
    this.gain.push(0);
    this.cover.push(cover);
    this.catStart.push(-1);
    this.catLength.push(0);
    this.catListedLeft.push(0);
    this.goesLeft.push(NO_BINS);
    return this.feature.length - 1;
  }

  freeze(): GbtTree {
    return new GbtTree({
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      defaultLeft: Uint8Array.from(this.defaultLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
      gain: Float64Array.from(this.gain),
      cover: Float64Array.from(this.cover),
      catStart: Int32Array.from(this.catStart),
      catLength: Int32Array.from(this.catLength),
      catListedLeft: Uint8Array.from(this.catListedLeft),
      catCodes: Float64Array.from(this.catCodes),
    });
  }
}

export class TreeGrower {
  private readonly pool: Float64Array[] = [];
  private readonly exactPool: Float64Array[] = [];
  private readonly scratch = new SplitScratch();
  private readonly goesLeft = new Uint8Array(256);
  private readonly nFeatures: number;
  /** The histogram being searched, decoded to gradient and hessian sums. */
  private readonly decoded: Float64Array;
  /**
   * After grow: [largest |g|, largest h, Σg, Σh] over every row at the probabilities the tree left
   * (leaf pieces in order, then the rows left out of its subsample): the next round's gradient summary
   * when it takes every row (booster.ts).
   */
  readonly summary = new Float64Array(4);
  /** Leaf passes on this thread (small trees, or n_jobs = 1). */
  private readonly localPieces: LocalPieceRunner;

  constructor(
    private readonly featureBins: FeatureBins,
    private readonly store: RowStore,
    private readonly histograms: HistogramBuilder,
    private readonly work: LevelWork,
    private readonly quantizer: GradientQuantizer,
    private readonly options: GrowerOptions,
  ) {
    this.nFeatures = featureBins.nFeatures;
    this.decoded = new Float64Array(this.nFeatures * BIN_STRIDE * 2);
    this.localPieces = new LocalPieceRunner(store.buffers, store.layout, Math.ceil(store.nRows / CHUNK_ROWS) + 4096, MAX_PIECE_TABLES);
  }

  /**
   * Grow a tree over positions [0, size) of the store's current buffer with the given features (sorted
   * indexes) and add its leaf values to those rows' margins; the rows stay in that buffer, in the tree's
   * leaf order. G and H are the exact gradient and hessian sums of those rows; the root's
   * histogram pass quantises their gradients with `quantize` (quantizer scales already set).
   */
  grow(G: number, H: number, quantize: QuantizeSettings, features: Int32Array): GbtTree {
    const o = this.options;
    const store = this.store;
    const nodes = new NodeList();
    const start = store.current;
    const root = this.newLeaf(nodes, start, 0, store.size, 0, G, H);
    if (this.splittable(root)) {
      this.build([root], quantize);
      this.search(root, features);
    }
    const open: Leaf[] = [root];
    const done: Leaf[] = [];
    const terminal: TerminalSplit[] = [];
    let nLeaves = 1;
    const leafWise = o.maxLeaves > 0;
    // Each step splits the open leaf with the largest gain (leaf-wise) or every open leaf, a level (depth-wise).
    while (open.length > 0) {
      let batch: Leaf[];
      if (leafWise) {
        let pick = 0;
        for (let k = 1; k < open.length; k++) if (open[k]!.split.gain > open[pick]!.split.gain) pick = k;
        batch = open.splice(pick, 1);
      } else {
        batch = open.splice(0, open.length);
      }
      const parents: Leaf[] = [];
      const children: [Leaf, Leaf][] = [];
      for (const leaf of batch) {
        if (leaf.split.feature < 0 || (leafWise && nLeaves >= o.maxLeaves)) {
          this.release(leaf);
          done.push(leaf);
          continue;
        }
        nLeaves++;
        if (leaf.depth + 1 >= o.maxDepth) {
          this.release(leaf);
          terminal.push(this.splitTerminal(nodes, leaf));
          continue;
        }
        parents.push(leaf);
        children.push(this.split(nodes, leaf));
      }
      this.partition(parents, children);
      const builds: Leaf[] = [];
      for (const [left, right] of children) {
        if (this.splittable(left) || this.splittable(right)) builds.push(smaller(left, right));
      }
      this.build(builds, undefined);
      parents.forEach((leaf, i) => {
        const [left, right] = children[i]!;
        const small = smaller(left, right);
        const large = small === left ? right : left;
        if (small.hist !== undefined && this.splittable(large)) this.subtract(leaf, small, large);
        this.release(leaf);
        for (const child of [left, right]) {
          if (child.hist !== undefined && this.splittable(child)) this.search(child, features);
          if (child.split.feature < 0) {
            this.release(child);
            done.push(child);
          } else {
            open.push(child);
          }
        }
      });
    }
    const sums = this.leafSums(nodes, done, terminal);
    this.finish(nodes, sums);
    this.addToMargin(nodes, done, terminal, start);
    return nodes.freeze();
  }

  private newLeaf(nodes: NodeList, buffer: 0 | 1, begin: number, end: number, depth: number, G: number, H: number): Leaf {
    const node = nodes.add(H);
    return { node, buffer, begin, end, depth, G, H, hist: undefined, exact: false, split: new SplitInfo() };
  }

  private splittable(leaf: Leaf): boolean {
    return leaf.depth < this.options.maxDepth && leaf.end - leaf.begin >= 2 && leaf.H >= 2 * this.options.minChildWeight;
  }

  /**
   * The leaves' histograms: exact sums for small nodes, else packed sums (the root's pass quantising the
   * round's gradients: `quantize`, given for the root alone).
   */
  private build(leaves: readonly Leaf[], quantize: QuantizeSettings | undefined): void {
    for (const leaf of leaves) {
      leaf.exact = leaf.end - leaf.begin < EXACT_MAX_ROWS;
      leaf.hist = leaf.exact ? (this.exactPool.pop() ?? new Float64Array(this.nFeatures * BIN_STRIDE * 2)) : (this.pool.pop() ?? new Float64Array(packedHistogramSize(this.store.layout)));
    }
    const root = leaves[0];
    if (quantize !== undefined && root !== undefined && !root.exact) {
      this.histograms.buildRoot(root.hist!, root.buffer, root.begin, root.end, quantize);
      return;
    }
    this.work.build(
      leaves.map((l) => ({ buffer: l.buffer, begin: l.begin, end: l.end, exact: l.exact, hist: l.hist! })),
      this.quantizer.shiftScale,
    );
  }

  /** large.hist ← parent − small, taking over the parent's histogram (decoded first when small's is exact). */
  private subtract(parent: Leaf, small: Leaf, large: Leaf): void {
    if (small.exact && !parent.exact) {
      const decoded = this.exactPool.pop() ?? new Float64Array(this.nFeatures * BIN_STRIDE * 2);
      this.quantizer.decode(parent.hist!, this.nFeatures, decoded);
      this.release(parent);
      parent.hist = decoded;
      parent.exact = true;
    }
    subtractHistogram(parent.hist!, small.hist!);
    large.hist = parent.hist;
    large.exact = parent.exact;
    parent.hist = undefined;
  }

  private release(leaf: Leaf): void {
    if (leaf.hist !== undefined) (leaf.exact ? this.exactPool : this.pool).push(leaf.hist);
    leaf.hist = undefined;
  }

  /** The best split from the leaf's histogram, against node totals taken from the same sums (every row is in some bin of feature 0). */
  private search(leaf: Leaf, features: Int32Array): void {
    const fb = this.featureBins;
    let hist = leaf.hist!;
    if (!leaf.exact) {
      this.quantizer.decode(hist, this.nFeatures, this.decoded);
      hist = this.decoded;
    }
    let G = 0;
    let H = 0;
    for (let b = 0; b < BIN_STRIDE; b++) {
      G += hist[2 * b]!;
      H += hist[2 * b + 1]!;
    }
    findBestSplit(hist, features, fb.nBins, fb.isCategorical, G, H, this.options, this.scratch, leaf.split);
  }

  /** Turn a leaf into a split node with two children (their rows placed by partition). */
  private split(nodes: NodeList, leaf: Leaf): [Leaf, Leaf] {
    const s = leaf.split;
    s.fillGoesLeft(this.goesLeft);
    const left = this.newLeaf(nodes, leaf.buffer, leaf.begin, leaf.begin, leaf.depth + 1, s.gradLeft, s.hessLeft);
    const right = this.newLeaf(nodes, leaf.buffer, leaf.end, leaf.end, leaf.depth + 1, s.gradRight, s.hessRight);
    this.setSplit(nodes, leaf.node, s, left.node, right.node);
    return [left, right];
  }

  /** Partition each parent's rows in place, left child first, and give the children their ranges. */
  private partition(parents: readonly Leaf[], children: readonly [Leaf, Leaf][]): void {
    const mids = this.work.partition(
      parents.map((p) => {
        const goesLeft = new Uint8Array(BIN_STRIDE);
        p.split.fillGoesLeft(goesLeft);
        return { buffer: p.buffer, begin: p.begin, end: p.end, feature: p.split.feature, goesLeft };
      }),
    );
    children.forEach(([left, right], i) => {
      left.end = mids[i]!;
      right.begin = mids[i]!;
    });
  }

  /** Turn a leaf into a split node with two leaf children, leaving its rows where they are. */
  private splitTerminal(nodes: NodeList, leaf: Leaf): TerminalSplit {
    const s = leaf.split;
    const goesLeft = new Uint8Array(BIN_STRIDE);
    s.fillGoesLeft(goesLeft);
    this.goesLeft.set(goesLeft);
    const left = nodes.add(s.hessLeft);
    const right = nodes.add(s.hessRight);
    this.setSplit(nodes, leaf.node, s, left, right);
    return { buffer: leaf.buffer, begin: leaf.begin, end: leaf.end, feature: s.feature, goesLeft, left, right };
  }

  /** Node n splits as s (this.goesLeft holds s's bins), with children left and right. */
  private setSplit(nodes: NodeList, n: number, s: SplitInfo, left: number, right: number): void {
    nodes.feature[n] = s.feature;
    nodes.goesLeft[n] = this.goesLeft.slice();
    nodes.defaultLeft[n] = s.defaultLeft ? 1 : 0;
    nodes.left[n] = left;
    nodes.right[n] = right;
    if (s.categorical) this.setCategorical(nodes, n, s);
    else nodes.threshold[n] = this.featureBins.uppers[s.feature]![s.thresholdBin - 1]!;
  }

  /** Exact gradient and hessian sums of every leaf (slots 2·node, 2·node + 1), over its rows in position order (leaf-pass.ts). */
  private leafSums(nodes: NodeList, done: readonly Leaf[], terminal: readonly TerminalSplit[]): Float64Array {
    const sums = new Float64Array(2 * nodes.feature.length);
    const out = this.leafPass(leafRanges(done, terminal), 'sums', undefined);
    done.forEach((leaf, i) => {
      sums[2 * leaf.node] = out[PIECE_FLOATS * i]!;
      sums[2 * leaf.node + 1] = out[PIECE_FLOATS * i + 1]!;
    });
    terminal.forEach((t, q) => {
      const at = PIECE_FLOATS * (done.length + q);
      sums[2 * t.left] = out[at]!;
      sums[2 * t.left + 1] = out[at + 1]!;
      sums[2 * t.right] = out[at + 2]!;
      sums[2 * t.right + 1] = out[at + 3]!;
    });
    return sums;
  }

  /**
   * Run a leaf pass (leaf-pass.ts) over the ranges, cut into pieces of CHUNK_ROWS positions, on this
   * thread or shared with the helper thread. 'sums': returns the four sums of each range, its pieces'
   * sums added in position order; 'update': e[2i], e[2i + 1] are range i's left and right factors, and
   * the pieces' gradient summaries are added to this.summary in piece order.
   */
  private leafPass(ranges: readonly LeafRange[], kind: 'sums' | 'update', e: Float64Array | undefined): Float64Array {
    let total = 0;
    for (const r of ranges) total += r.end - r.begin;
    const helper = this.work.helper;
    const runner: PieceRunner = helper !== undefined && total >= PARALLEL_MIN_ROWS ? helper : this.localPieces;
    const { pieces, pieceFloats, tables } = runner.tables;
    const out = new Float64Array(PIECE_FLOATS * ranges.length);
    const owner: number[] = [];
    let nTables = 0;
    const flush = (): void => {
      runner.run(kind, owner.length, this.options.positiveWeight);
      if (kind === 'sums') {
        for (let c = 0; c < owner.length; c++) {
          for (let j = 0; j < 4; j++) out[PIECE_FLOATS * owner[c]! + j] = out[PIECE_FLOATS * owner[c]! + j]! + pieceFloats[PIECE_FLOATS * c + j]!;
        }
      } else {
        for (let c = 0; c < owner.length; c++) addSummary(this.summary, pieceFloats, PIECE_FLOATS * c + 2);
      }
      owner.length = 0;
      nTables = 0;
    };
    ranges.forEach((r, i) => {
      const nPieces = Math.ceil((r.end - r.begin) / CHUNK_ROWS);
      if (owner.length + nPieces > runner.capacity || nTables >= MAX_PIECE_TABLES) flush();
      let tableAt = 0;
      if (r.goesLeft !== undefined) {
        tableAt = 256 * nTables++;
        tables.set(r.goesLeft, tableAt);
      }
      for (let from = r.begin; from < r.end; from += CHUNK_ROWS) {
        const c = owner.length;
        owner.push(i);
        const at = PIECE_INTS * c;
        pieces[at] = r.buffer;
        pieces[at + 1] = from;
        pieces[at + 2] = Math.min(r.end, from + CHUNK_ROWS);
        pieces[at + 3] = r.feature;
        pieces[at + 4] = tableAt;
        if (e !== undefined) {
          pieceFloats[PIECE_FLOATS * c] = e[2 * i]!;
          pieceFloats[PIECE_FLOATS * c + 1] = e[2 * i + 1]!;
        }
      }
    });
    if (owner.length > 0) flush();
    return out;
  }

  /**
   * Leaf values −G / (H + λ) · learning rate; every split node's sums are its children's, its cover their
   * H and its gain ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ)] − γ (children come after their parent).
   */
  private finish(nodes: NodeList, sums: Float64Array): void {
    const { lambda, gamma, learningRate } = this.options;
    for (let n = nodes.feature.length - 1; n >= 0; n--) {
      const l = nodes.left[n]!;
      if (l < 0) {
        // −0 would survive in memory but not in JSON; + 0 makes it +0.
        nodes.value[n] = (-sums[2 * n]! / (sums[2 * n + 1]! + lambda)) * learningRate + 0;
        nodes.cover[n] = sums[2 * n + 1]!;
        continue;
      }
      const r = nodes.right[n]!;
      const [gl, hl, gr, hr] = [sums[2 * l]!, sums[2 * l + 1]!, sums[2 * r]!, sums[2 * r + 1]!];
      const g = gl + gr;
      const h = hl + hr;
      sums[2 * n] = g;
      sums[2 * n + 1] = h;
      nodes.value[n] = 0;
      nodes.cover[n] = h;
      nodes.gain[n] = 0.5 * ((gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - (g * g) / (h + lambda)) - gamma;
    }
  }

  /**
   * Add the leaf values to the margins of their rows, that is update their probabilities (log-loss.ts),
   * leaving in this.summary the gradient summary of the updated probabilities (all rows),
   * and those of the rows left out of this tree's subsample (positions [size, nRows) of `start`, the
   * buffer the tree started from), whose leaf is found by walking the tree on their bins.
   */
  private addToMargin(nodes: NodeList, done: readonly Leaf[], terminal: readonly TerminalSplit[], start: 0 | 1): void {
    const ranges = leafRanges(done, terminal);
    const e = new Float64Array(2 * ranges.length);
    done.forEach((leaf, i) => (e[2 * i] = Math.exp(nodes.value[leaf.node]!)));
    terminal.forEach((t, q) => {
      e[2 * (done.length + q)] = Math.exp(nodes.value[t.left]!);
      e[2 * (done.length + q) + 1] = Math.exp(nodes.value[t.right]!);
    });
    this.summary.fill(0);
    this.leafPass(ranges, 'update', e);
    const store = this.store;
    if (store.size === store.nRows) return;
    const { bins, bytes, floats } = store.buffers[start];
    const { nWords, n64, probSlot, qWord } = store.layout;
    const w = this.options.positiveWeight;
    const row = new Float64Array(4);
    const { feature, left, right, goesLeft, value } = nodes;
    const factor = value.map((v) => Math.exp(v));
    for (let k = store.size; k < store.nRows; k++) {
      let n = 0;
      while (left[n]! >= 0) n = goesLeft[n]![bytes[k * 4 * nWords + feature[n]!]!] === 1 ? left[n]! : right[n]!;
      const i = k * n64 + probSlot;
      const p = updateProbability(floats[i]!, factor[n]!);
      floats[i] = p;
      const y = bins[k * nWords + qWord]! >>> 31;
      const g = gradient(p, y, w);
      const h = hessian(p, y, w);
      row[0] = Math.abs(g);
      row[1] = h;
      row[2] = g;
      row[3] = h;
      addSummary(this.summary, row, 0);
    }
  }

  /**
   * List the codes on the side the "other" bin does not take, so that rare and unseen codes follow the
   * "other" bin: codes of the left bins when "other" goes right, else codes of the right bins.
   */
  private setCategorical(nodes: NodeList, n: number, s: SplitInfo): void {
    const fb = this.featureBins;
    const codes = fb.codes[s.feature]!;
    const otherBin = fb.nBins[s.feature]! - 1;
    const goesLeft = this.goesLeft;
    const otherLeft = goesLeft[otherBin] === 1;
    const listed: number[] = [];
    for (let b = 1; b < otherBin; b++) if ((goesLeft[b] === 1) !== otherLeft) listed.push(codes[b - 1]!);
    listed.sort((a, b) => a - b);
    nodes.catStart[n] = nodes.catCodes.length;
    nodes.catLength[n] = listed.length;
    nodes.catListedLeft[n] = otherLeft ? 0 : 1;
    nodes.catCodes.push(...listed);
  }
}
