// Feature–feature Pearson correlation over typed arrays, pairwise-complete as pandas' DataFrame.corr().
// Columns are standardised chunk by chunk (1,024 rows) into one small buffer and multiplied in blocks
// of 64 columns, so the Gram matrix of z-scores is built with flat memory and cache-resident inner loops.
// Missing values are 0 in the buffer; each column's sums over another column's missing rows are taken
// from the same buffer, so every pair's r is over exactly the rows where both are present.

export interface CorrelationColumn {
  name: string;
  /** NaN and ±inf are missing. Not modified. */
  values: Float64Array;
  /** Ranks the columns when there are more than `maxColumns` (higher first). */
  score?: number | undefined;
  /** Mean and sample std of the finite values when already known (they only centre and scale: r does not depend on them). */
  mean?: number | undefined;
  std?: number | undefined;
}

export interface CorrelationOptions {
  /** Pairs with |r| at or above this are reported. */
  threshold: number;
  /** Above this many columns, only the `maxColumns` with the highest score (or the first, unscored) enter. */
  maxColumns: number;
  /** What `score` is, for the `limitedTo` sentence (e.g. "single-feature ROC-AUC against the target"). */
  scoreName?: string;
}

export interface CorrelationResult {
  pairs: { a: string; b: string; r: number }[];
  /** Columns that entered the matrix. */
  columns: number;
  /** Set when the columns were limited: what was kept and why. */
  limitedTo?: string;
}

const ROWS_PER_CHUNK = 1024;
const COLUMNS_PER_BLOCK = 64;

/** Pairs of columns whose |r| reaches the threshold, strongest first (ties by name). */
export function correlatedPairs(columns: readonly CorrelationColumn[], options: CorrelationOptions): CorrelationResult {
  let chosen = columns;
  let limitedTo: string | undefined;
  if (columns.length > options.maxColumns) {
    const scored = columns.some((c) => c.score !== undefined);
    if (scored) {
      const kept = new Set(
        [...columns]
          .sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .slice(0, options.maxColumns),
      );
      chosen = columns.filter((c) => kept.has(c));
      limitedTo = `the ${options.maxColumns} of ${columns.length} columns with the highest ${options.scoreName ?? 'score'} (maxCorrelationColumns = ${options.maxColumns}); pairs among the other columns were not computed`;
    } else {
      chosen = columns.slice(0, options.maxColumns);
      limitedTo = `the first ${options.maxColumns} of ${columns.length} columns in file order (maxCorrelationColumns = ${options.maxColumns}; no target to rank them by); pairs among the other columns were not computed`;
    }
  }
  const k = chosen.length;
  const r = pearsonMatrix(
    chosen.map((c) => c.values),
    chosen.map((c) => (c.mean !== undefined && c.std !== undefined ? { mean: c.mean, std: c.std } : undefined)),
  );
  const pairs: CorrelationResult['pairs'] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const value = r[i * k + j]!;
      if (!Number.isNaN(value) && Math.abs(value) >= options.threshold) pairs.push({ a: chosen[i]!.name, b: chosen[j]!.name, r: value });
    }
  }
  pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r) || compareText(p.a, q.a) || compareText(p.b, q.b));
  return { pairs, columns: k, ...(limitedTo === undefined ? {} : { limitedTo }) };
}

/**
 * The k×k matrix (row-major) of Pearson r over the rows where both columns are finite; NaN where r is
 * undefined (fewer than two common rows, or no variance on them). The columns must be of equal length.
 */
export function pearsonMatrix(columns: readonly Float64Array[], known: readonly ({ mean: number; std: number } | undefined)[] = []): Float64Array {
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  for (const column of columns) if (column.length !== n) throw new Error(`correlation columns differ in length (${column.length} and ${n})`);
  const stats = columns.map((values, c) => {
    const given = known[c];
    return given === undefined ? standardisation(values) : { mean: given.mean, scale: given.std > 0 ? 1 / given.std : 0 };
  });
  const sums = zSums(columns, stats, n);
  const out = new Float64Array(k * k).fill(NaN);
  for (let a = 0; a < k; a++) {
    out[a * k + a] = stats[a]!.scale > 0 ? 1 : NaN;
    for (let b = a + 1; b < k; b++) {
      const r = stats[a]!.scale > 0 && stats[b]!.scale > 0 ? pairCorrelation(sums, k, n, a, b) : NaN;
      out[a * k + b] = r;
      out[b * k + a] = r;
    }
  }
  return out;
}

interface Standardisation {
  mean: number;
  /** 1 / sample std over the finite values; 0 for a column with no variance. */
  scale: number;
}

function standardisation(values: Float64Array): Standardisation {
  // `v - v === 0` holds exactly for finite v (NaN and ±inf give NaN).
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v === 0) {
      sum += v;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    if (d - d === 0) squares += d * d;
  }
  const std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
  return { mean, scale: std > 0 ? 1 / std : 0 };
}

/** Sums over z-scores (z = 0 where missing), k×k arrays row-major. */
interface ZSums {
  /** gram[a·k + b], a ≤ b: Σ z_a z_b over all rows. */
  gram: Float64Array;
  /** Σ z_a over all rows. */
  totals: Float64Array;
  /** Missing rows per column. */
  missing: Float64Array;
  /** outside[b·k + a]: Σ z_a over the rows where b is missing; outsideSquares the same for z_a². */
  outside: Float64Array;
  outsideSquares: Float64Array;
  /** bothMissing[b·k + a]: rows where a and b are both missing. */
  bothMissing: Float64Array;
}

function zSums(columns: readonly Float64Array[], stats: readonly Standardisation[], n: number): ZSums {
  const k = columns.length;
  const sums: ZSums = {
    gram: new Float64Array(k * k),
    totals: new Float64Array(k),
    missing: new Float64Array(k),
    outside: new Float64Array(k * k),
    outsideSquares: new Float64Array(k * k),
    bothMissing: new Float64Array(k * k),
  };
  const R = ROWS_PER_CHUNK;
  const buffer = new Float64Array(k * R);
  const isMissing = new Uint8Array(k * R);
  const missingRows = new Int32Array(k * R);
  const missingInChunk = new Int32Array(k);
  for (let start = 0; start < n; start += R) {
    const len = Math.min(R, n - start);
    for (let c = 0; c < k; c++) {
      const values = columns[c]!;
      const { mean, scale } = stats[c]!;
      const offset = c * R;
      let total = 0;
      let m = 0;
      for (let t = 0; t < len; t++) {
        const z = (values[start + t]! - mean) * scale;
        // `z - z === 0` holds exactly for finite z: NaN and ±inf are missing.
        if (z - z === 0) {
          buffer[offset + t] = z;
          isMissing[offset + t] = 0;
          total += z;
        } else {
          buffer[offset + t] = 0;
          isMissing[offset + t] = 1;
          missingRows[offset + m++] = t;
        }
      }
      sums.totals[c] = sums.totals[c]! + total;
      sums.missing[c] = sums.missing[c]! + m;
      missingInChunk[c] = m;
    }
    accumulateOutside(buffer, isMissing, missingRows, missingInChunk, sums, k, R);
    for (let blockA = 0; blockA < k; blockA += COLUMNS_PER_BLOCK) {
      const endA = Math.min(k, blockA + COLUMNS_PER_BLOCK);
      for (let blockB = blockA; blockB < k; blockB += COLUMNS_PER_BLOCK) {
        const endB = Math.min(k, blockB + COLUMNS_PER_BLOCK);
        let a = blockA;
        // Two rows a, a+1 at a time against columns from a+2 (or the block start) on; the diagonal corner apart.
        for (; a + 1 < endA; a += 2) {
          const from = blockB === blockA ? a + 2 : blockB;
          if (blockB === blockA) {
            accumulatePair(buffer, sums.gram, k, R, len, a, a);
            accumulatePair(buffer, sums.gram, k, R, len, a, a + 1);
            accumulatePair(buffer, sums.gram, k, R, len, a + 1, a + 1);
          }
          accumulateTwoRows(buffer, sums.gram, k, R, len, a, from, endB);
        }
        if (a < endA) {
          const from = blockB === blockA ? a : blockB;
          for (let b = from; b < endB; b++) accumulatePair(buffer, sums.gram, k, R, len, a, b);
        }
      }
    }
  }
  return sums;
}

/** For each column b with missing rows in the chunk: every column's Σ z, Σ z² and missing count over those rows. */
function accumulateOutside(buffer: Float64Array, isMissing: Uint8Array, missingRows: Int32Array, missingInChunk: Int32Array, sums: ZSums, k: number, R: number): void {
  for (let b = 0; b < k; b++) {
    const m = missingInChunk[b]!;
    if (m === 0) continue;
    const rows = b * R;
    for (let a = 0; a < k; a++) {
      const offset = a * R;
      let sum = 0;
      let squares = 0;
      let both = 0;
      for (let i = 0; i < m; i++) {
        const t = missingRows[rows + i]!;
        const z = buffer[offset + t]!;
        sum += z;
        squares += z * z;
        both += isMissing[offset + t]!;
      }
      const at = b * k + a;
      sums.outside[at] = sums.outside[at]! + sum;
      sums.outsideSquares[at] = sums.outsideSquares[at]! + squares;
      sums.bothMissing[at] = sums.bothMissing[at]! + both;
    }
  }
}

/** gram[a, b] and gram[a + 1, b] += Σ_t z z for b in [from, to): a 2×4 block of sums per sweep, six loads for eight products. */
function accumulateTwoRows(buffer: Float64Array, gram: Float64Array, k: number, R: number, len: number, a: number, from: number, to: number): void {
  const oa = a * R;
  const oa2 = oa + R;
  let b = from;
  for (; b + 3 < to; b += 4) {
    const o0 = b * R;
    const o1 = o0 + R;
    const o2 = o1 + R;
    const o3 = o2 + R;
    let s00 = 0;
    let s01 = 0;
    let s02 = 0;
    let s03 = 0;
    let s10 = 0;
    let s11 = 0;
    let s12 = 0;
    let s13 = 0;
    for (let t = 0; t < len; t++) {
      const x = buffer[oa + t]!;
      const w = buffer[oa2 + t]!;
      const z0 = buffer[o0 + t]!;
      const z1 = buffer[o1 + t]!;
      const z2 = buffer[o2 + t]!;
      const z3 = buffer[o3 + t]!;
      s00 += x * z0;
      s01 += x * z1;
      s02 += x * z2;
      s03 += x * z3;
      s10 += w * z0;
      s11 += w * z1;
      s12 += w * z2;
      s13 += w * z3;
    }
    const g = a * k + b;
    gram[g] = gram[g]! + s00;
    gram[g + 1] = gram[g + 1]! + s01;
    gram[g + 2] = gram[g + 2]! + s02;
    gram[g + 3] = gram[g + 3]! + s03;
    const h = g + k;
    gram[h] = gram[h]! + s10;
    gram[h + 1] = gram[h + 1]! + s11;
    gram[h + 2] = gram[h + 2]! + s12;
    gram[h + 3] = gram[h + 3]! + s13;
  }
  for (; b < to; b++) {
    accumulatePair(buffer, gram, k, R, len, a, b);
    accumulatePair(buffer, gram, k, R, len, a + 1, b);
  }
}

function accumulatePair(buffer: Float64Array, gram: Float64Array, k: number, R: number, len: number, a: number, b: number): void {
  const oa = a * R;
  const ob = b * R;
  let s = 0;
  for (let t = 0; t < len; t++) s += buffer[oa + t]! * buffer[ob + t]!;
  gram[a * k + b] = gram[a * k + b]! + s;
}

/** r over the rows where both are present: each column's full sums minus its sums over the other's missing rows. */
function pairCorrelation(sums: ZSums, k: number, n: number, a: number, b: number): number {
  const common = n - sums.missing[a]! - sums.missing[b]! + sums.bothMissing[b * k + a]!;
  if (common < 2) return NaN;
  const sumA = sums.totals[a]! - sums.outside[b * k + a]!;
  const squaresA = sums.gram[a * k + a]! - sums.outsideSquares[b * k + a]!;
  const sumB = sums.totals[b]! - sums.outside[a * k + b]!;
  const squaresB = sums.gram[b * k + b]! - sums.outsideSquares[a * k + b]!;
  const covariance = sums.gram[a * k + b]! - (sumA * sumB) / common;
  const varianceA = squaresA - (sumA * sumA) / common;
  const varianceB = squaresB - (sumB * sumB) / common;
  if (!(varianceA > 0 && varianceB > 0)) return NaN;
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceA * varianceB)));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
