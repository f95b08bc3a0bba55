// Seeded row samples that keep statistics and quick models cheap on large data.

import type { Rng } from '../../core/rng.js';

/** At most `max` of `rows`, drawn without replacement and returned in row order (`rows` itself when it is small enough). */
export function sampleRows(rows: Uint32Array, max: number, rng: Rng): Uint32Array {
  if (rows.length <= max) return rows;
  return rng.shuffle(Uint32Array.from(rows)).subarray(0, max).sort();
}
