// Feature–feature Pearson correlation over typed arrays, pairwise-complete as pandas' DataFrame.corr().
// Columns are standardised chunk by chunk (1,024 rows) into one small buffer and multiplied in blocks
// of 64 columns, so the Gram matrix of z-scores is built with flat memory and cache-resident inner loops;
// missing rows (z = 0 in the buffer) are then corrected for exactly, pair by pair, from their row lists.

export interface CorrelationColumn {
  name: string;
  /** NaN and ±inf are missing. Not modified. */
  values: Float64Array;
  /** Ranks the columns when there are more than `maxColumns` (higher first). */
  score?: number | undefined;
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
  const r = pearsonMatrix(chosen.map((c) => c.values));
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
export function pearsonMatrix(columns: readonly Float64Array[]): Float64Array {
  const k = columns.length;
  const n = columns[0]?.length ?? 0;
  for (const column of columns) if (column.length !== n) throw new Error(`correlation columns differ in length (${column.length} and ${n})`);
  const stats = columns.map(standardisation);
  const { gram, totals } = zGram(columns, stats, n);
  const out = new Float64Array(k * k).fill(NaN);
  for (let a = 0; a < k; a++) {
    out[a * k + a] = stats[a]!.scale > 0 ? 1 : NaN;
    for (let b = a + 1; b < k; b++) {
      const r = pairCorrelation(columns, stats, gram, totals, k, n, a, b);
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
  /** Rows where the value is missing (NaN or ±inf), ascending. */
  missingRows: Int32Array;
}

function standardisation(values: Float64Array): Standardisation {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  const mean = count > 0 ? sum / count : 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  const missingRows = new Int32Array(values.length - count);
  for (let i = 0, m = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) missingRows[m++] = i;
  const std = count > 1 ? Math.sqrt(squares / (count - 1)) : 0;
  return { mean, scale: std > 0 ? 1 / std : 0, missingRows };
}

/** Σ z_a z_b over all rows (z = 0 where missing) for a ≤ b, and Σ z_a per column. */
function zGram(columns: readonly Float64Array[], stats: readonly Standardisation[], n: number): { gram: Float64Array; totals: Float64Array } {
  const k = columns.length;
  const gram = new Float64Array(k * k);
  const totals = new Float64Array(k);
  const R = ROWS_PER_CHUNK;
  const buffer = new Float64Array(k * R);
  for (let start = 0; start < n; start += R) {
    const len = Math.min(R, n - start);
    for (let c = 0; c < k; c++) {
      const values = columns[c]!;
      const { mean, scale } = stats[c]!;
      const offset = c * R;
      let total = 0;
      for (let t = 0; t < len; t++) {
        const v = values[start + t]!;
        const z = Number.isFinite(v) ? (v - mean) * scale : 0;
        buffer[offset + t] = z;
        total += z;
      }
      totals[c] = totals[c]! + total;
    }
    for (let blockA = 0; blockA < k; blockA += COLUMNS_PER_BLOCK) {
      const endA = Math.min(k, blockA + COLUMNS_PER_BLOCK);
      for (let blockB = blockA; blockB < k; blockB += COLUMNS_PER_BLOCK) {
        const endB = Math.min(k, blockB + COLUMNS_PER_BLOCK);
        for (let a = blockA; a < endA; a++) accumulateRow(buffer, gram, k, R, len, a, blockB === blockA ? a : blockB, endB);
      }
    }
  }
  return { gram, totals };
}

/** gram[a, b] += Σ_t z_a z_b for b in [from, to), four columns b per sweep so each z_a is loaded once. */
function accumulateRow(buffer: Float64Array, gram: Float64Array, k: number, R: number, len: number, a: number, from: number, to: number): void {
  const oa = a * R;
  let b = from;
  for (; b + 3 < to; b += 4) {
    const o0 = b * R;
    const o1 = o0 + R;
    const o2 = o1 + R;
    const o3 = o2 + R;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let t = 0; t < len; t++) {
      const za = buffer[oa + t]!;
      s0 += za * buffer[o0 + t]!;
      s1 += za * buffer[o1 + t]!;
      s2 += za * buffer[o2 + t]!;
      s3 += za * buffer[o3 + t]!;
    }
    const g = a * k + b;
    gram[g] = gram[g]! + s0;
    gram[g + 1] = gram[g + 1]! + s1;
    gram[g + 2] = gram[g + 2]! + s2;
    gram[g + 3] = gram[g + 3]! + s3;
  }
  for (; b < to; b++) {
    const ob = b * R;
    let s = 0;
    for (let t = 0; t < len; t++) s += buffer[oa + t]! * buffer[ob + t]!;
    gram[a * k + b] = gram[a * k + b]! + s;
  }
}

/** r over the rows where both are present: the full-row sums minus each column's sums over the other's missing rows. */
function pairCorrelation(
  columns: readonly Float64Array[],
  stats: readonly Standardisation[],
  gram: Float64Array,
  totals: Float64Array,
  k: number,
  n: number,
  a: number,
  b: number,
): number {
  const sa = stats[a]!;
  const sb = stats[b]!;
  if (sa.scale === 0 || sb.scale === 0) return NaN;
  const common = n - sa.missingRows.length - sb.missingRows.length + intersectionSize(sa.missingRows, sb.missingRows);
  if (common < 2) return NaN;
  const [sumA, squaresA] = sumsOutside(columns[a]!, sa, sb.missingRows, totals[a]!, gram[a * k + a]!);
  const [sumB, squaresB] = sumsOutside(columns[b]!, sb, sa.missingRows, totals[b]!, gram[b * k + b]!);
  const cross = gram[a * k + b]!;
  const covariance = cross - (sumA * sumB) / common;
  const varianceA = squaresA - (sumA * sumA) / common;
  const varianceB = squaresB - (sumB * sumB) / common;
  if (!(varianceA > 0 && varianceB > 0)) return NaN;
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceA * varianceB)));
}

/** Σ z and Σ z² of one column over the rows not in `rows` (z = 0 where the column itself is missing). */
function sumsOutside(values: Float64Array, s: Standardisation, rows: Int32Array, total: number, squares: number): [number, number] {
  let sum = total;
  let sq = squares;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]!]!;
    if (!Number.isFinite(v)) continue;
    const z = (v - s.mean) * s.scale;
    sum -= z;
    sq -= z * z;
  }
  return [sum, sq];
}

function intersectionSize(x: Int32Array, y: Int32Array): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < x.length && j < y.length) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else {
      both++;
      i++;
      j++;
    }
  }
  return both;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
