// The best split found for one node (as LightGBM's split_info.hpp): which feature, which bins go left,
// where missing values go, the gain and both children's gradient/hessian sums.

import { BIN_STRIDE, MISSING_BIN } from './binning.js';

export class SplitInfo {
  /** −1 when no split improves the node. */
  feature = -1;
  gain = 0;
  categorical = false;
  /** Numeric splits: bins 1 … thresholdBin go left. */
  thresholdBin = 0;
  defaultLeft = false;
  /** Categorical splits: the bins that go left (leftBins[0 … nLeftBins)). */
  readonly leftBins = new Uint8Array(BIN_STRIDE);
  nLeftBins = 0;
  gradLeft = 0;
  hessLeft = 0;
  gradRight = 0;
  hessRight = 0;

  reset(): void {
    this.feature = -1;
    this.gain = 0;
    this.nLeftBins = 0;
  }

  /** goesLeft[bin] = 1 for every bin (missing included) whose rows go to the left child. */
  fillGoesLeft(goesLeft: Uint8Array): void {
    goesLeft.fill(0);
    if (this.categorical) {
      for (let k = 0; k < this.nLeftBins; k++) goesLeft[this.leftBins[k]!] = 1;
    } else {
      for (let b = 1; b <= this.thresholdBin; b++) goesLeft[b] = 1;
    }
    goesLeft[MISSING_BIN] = this.defaultLeft ? 1 : 0;
  }
}
