// What one step of tree growth asks of the rows of each node it splits (level-work.ts): move them apart,
// then build a child's histogram. Shared by this thread's and the helper thread's ways of doing it.

/** Move a node's positions [begin, end) of `buffer` to the other buffer, rows with goesLeft[bin of feature] = 1 first. */
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
