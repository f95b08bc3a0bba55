// Statistics steps learn from the training values: medians, modes, quantiles, means. Missing values
// (NaN) are left out of every one; callers decide what an all-missing column means.

/** The non-missing values, sorted ascending. */
export function sortedPresent(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) out[k++] = values[i]!;
  return out.sort();
}

/** Quantile q of sorted values by linear interpolation between neighbours (NumPy's default). */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The most frequent value; ties go to the smallest. NaN when every value is missing. */
export function modeOfSorted(sorted: Float64Array): number {
  let best = NaN;
  let bestCount = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i]!;
    }
    i = j;
  }
  return best;
}

/** Mean and population standard deviation of the non-missing values (two passes, for accuracy). */
export function meanAndStd(values: Float64Array): { mean: number; std: number; present: number } {
  let sum = 0;
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    sum += v;
    present++;
  }
  if (present === 0) return { mean: NaN, std: NaN, present };
  const mean = sum / present;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
  }
  return { mean, std: Math.sqrt(squares / present), present };
}

export function countMissing(values: Float64Array): number {
  let missing = 0;
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) missing++;
  return missing;
}
