// The row partitions and histogram builds of one step of tree growth, done for all its nodes at once: a
// whole level when growing depth-wise, one node when growing leaf-wise. On one thread they run node by
// node; with the helper thread (n_jobs = 2) all nodes' pieces go into one task, so small nodes are shared
// too and each step pays for one hand-off instead of one per node. Both ways place every row and add every
// sum identically (partitions: block by block and the same fix-up swaps, row-partition.ts; histograms:
// exact integer sums, or for small nodes one piece each), so they give the same model.

import type { HelperThread } from './helper-thread.js';
import type { HistogramBuilder } from './histogram-builder.js';
import { PARALLEL_MIN_ROWS } from './helper-thread.js';
import type { NodeBuild, NodeMove } from './node-tasks.js';
import type { RowStore } from './row-store.js';

export class LevelWork {
  constructor(
    private readonly store: RowStore,
    private readonly histograms: HistogramBuilder,
    /** The helper thread of an n_jobs = 2 fit. */
    readonly helper: HelperThread | undefined,
    private readonly positiveWeight: number,
  ) {}

  /** Partition every node's rows in place; returns each node's first right position. */
  partition(moves: readonly NodeMove[]): number[] {
    if (this.helper !== undefined && totalRows(moves) >= PARALLEL_MIN_ROWS) return this.helper.partitionNodes(moves);
    return moves.map((m) => this.store.split(m.buffer, m.begin, m.end, m.feature, m.goesLeft));
  }

  /** Build every node's histogram (packed ones with the round's shiftScale). */
  build(builds: readonly NodeBuild[], shiftScale: number): void {
    if (this.helper !== undefined && totalRows(builds) >= PARALLEL_MIN_ROWS) {
      this.helper.buildHistograms(builds, shiftScale, this.positiveWeight);
      return;
    }
    for (const b of builds) {
      if (b.exact) this.histograms.buildExact(b.hist, b.buffer, b.begin, b.end, this.positiveWeight);
      else this.histograms.build(b.hist, b.buffer, b.begin, b.end, shiftScale);
    }
  }
}

function totalRows(nodes: readonly { begin: number; end: number }[]): number {
  let n = 0;
  for (const node of nodes) n += node.end - node.begin;
  return n;
}
