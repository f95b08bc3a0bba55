// The "worse than the rest" test of slice analysis and segment search. The difference
// AUC(rest) − AUC(slice) is divided by its bootstrap standard error; the one-sided p-value of that z
// is corrected for the number of slices tested (Holm for slices, Bonferroni for searched segments).
// A normal interval is used because percentile tails of 1000 replicates cannot resolve the small
// per-test levels a correction asks for (0.025 / 50 = 0.0005).

/** One-sided p-value that `difference` > 0, from the bootstrap replicates of the difference. */
export function worsePValue(difference: number, replicates: readonly number[]): number {
  const finite = replicates.filter(Number.isFinite);
  if (!Number.isFinite(difference) || finite.length < 10) return 1;
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length;
  const variance = finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1);
  const se = Math.sqrt(variance);
  if (se === 0) return difference > 0 ? 0 : 1;
  return normalUpperTail(difference / se);
}

/** Holm's step-down procedure: which hypotheses are rejected at family-wise level `alpha`. */
export function holmRejections(pValues: readonly number[], alpha: number): boolean[] {
  const m = pValues.length;
  const ranked = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const rejected = new Array<boolean>(m).fill(false);
  for (let step = 0; step < m; step++) {
    const { p, i } = ranked[step]!;
    if (p > alpha / (m - step)) break;
    rejected[i] = true;
  }
  return rejected;
}

/** The one-sided level matching the lower bound of a two-sided `level` interval (0.95 → 0.025). */
export function oneSidedAlpha(level: number): number {
  return (1 - level) / 2;
}

/** P(Z > z) for a standard normal Z (complementary error function, relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  return erfc(z / Math.SQRT2) / 2;
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
