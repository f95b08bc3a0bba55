// What one step of tree growth asks of the rows of each node it splits (level-work.ts): put them apart,
// then build a child's histogram. Shared by this thread's and the helper thread's ways of doing it.

/** Partition a node's positions [begin, end) of `buffer` in place, rows with goesLeft[bin of feature] = 1 first (row-partition.ts). */
export interface NodeMove {
  readonly buffer: 0 | 1;
  readonly begin: number;
  readonly end: number;
  readonly feature: number;
  readonly goesLeft: Uint8Array;
}

/** Build a node's histogram over positions [begin, end) of `buffer` into hist: exact float sums, or packed quantised sums. */
export interface NodeBuild {
  readonly buffer: 0 | 1;
  readonly begin: number;
  readonly end: number;
  readonly exact: boolean;
  readonly hist: Float64Array;
}
