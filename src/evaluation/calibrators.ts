// Calibrators fitted on validation scores and stored in model packages as plain JSON data: Platt
// scaling (scikit-learn's _sigmoid_calibration on the log-odds of the score) and isotonic regression
// (scikit-learn's IsotonicRegression(increasing=True, y_min=0, y_max=1, out_of_bounds='clip')).

import { FlywheelError } from '../core/errors.js';

/** Platt scaling: p = 1 / (1 + exp(a·logit(score) + b)), scikit-learn's sign convention (a < 0 when scores rank well). */
export interface PlattCalibrator {
  method: 'platt';
  a: number;
  b: number;
}

/** Isotonic regression: linear interpolation through (x, y), scores clipped to [x[0], x[last]]. */
export interface IsotonicCalibrator {
  method: 'isotonic';
  /** Strictly increasing score thresholds. */
  x: number[];
  /** Non-decreasing calibrated probabilities in [0, 1]. */
  y: number[];
}

export type CalibratorJson = PlattCalibrator | IsotonicCalibrator;

export const CALIBRATOR_METHODS = ['platt', 'isotonic'] as const;

/** Scores are clipped to [1e-15, 1 − 1e-15] before the log-odds, so 0 and 1 stay finite. */
const LOGIT_EPS = 1e-15;

function logit(p: number): number {
  const q = Math.min(1 - LOGIT_EPS, Math.max(LOGIT_EPS, p));
  return Math.log(q / (1 - q));
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function checkRows(scores: Float64Array, y: Uint8Array): void {
  if (scores.length !== y.length || scores.length === 0) {
    throw new FlywheelError('data_invalid', `a calibrator needs one label per score and at least one row (found ${scores.length} scores, ${y.length} labels)`, {
      hint: 'fit the calibrator on the validation split’s scores and labels',
    });
  }
}

/**
 * Platt scaling with Platt's smoothed targets ((N₊ + 1)/(N₊ + 2) for positives, 1/(N₋ + 2) for
 * negatives), fitted by Newton's method with step halving on the same convex objective scikit-learn
 * minimises with BFGS. a and b agree with scikit-learn's to about 1e-5: its BFGS stops at a gradient
 * of 1e-5 and its objective loses digits when scores reach 0 or 1; here the gradient reaches rounding level.
 */
export function fitPlatt(scores: Float64Array, y: Uint8Array): PlattCalibrator {
  checkRows(scores, y);
  const n = scores.length;
  const f = new Float64Array(n);
  const t = new Float64Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) positives++;
  const negatives = n - positives;
  for (let i = 0; i < n; i++) {
    f[i] = logit(scores[i]!);
    t[i] = y[i] === 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2);
  }
  // Cross-entropy of the targets against q = σ(−(a·f + b)): −log q = softplus(u), −log(1 − q) = softplus(−u).
  const loss = (a: number, b: number) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const u = a * f[i]! + b;
      total += t[i]! * softplus(u) + (1 - t[i]!) * softplus(-u);
    }
    return total;
  };
  let a = 0;
  let b = Math.log((negatives + 1) / (positives + 1));
  let current = loss(a, b);
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    for (let i = 0; i < n; i++) {
      const q = 1 / (1 + Math.exp(a * f[i]! + b));
      const d = t[i]! - q;
      const s = q * (1 - q);
      ga += d * f[i]!;
      gb += d;
      haa += s * f[i]! * f[i]!;
      hab += s * f[i]!;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    // A singular Hessian means every score is equal: only the intercept is identifiable.
    let da: number;
    let db: number;
    if (det > 1e-12 * Math.max(1, haa * hbb)) {
      da = (hbb * ga - hab * gb) / det;
      db = (haa * gb - hab * ga) / det;
    } else {
      da = 0;
      db = hbb > 0 ? gb / hbb : 0;
    }
    // Step halving guards the early steps; near the optimum the loss changes below its rounding
    // error, so a full Newton step is taken unless it makes the loss clearly worse.
    const slack = 1e-12 * Math.max(1, Math.abs(current));
    let step = 1;
    let next = loss(a - da, b - db);
    while (next > current + slack && step > 1e-10) {
      step /= 2;
      next = loss(a - step * da, b - step * db);
    }
    if (next > current + slack) break;
    a -= step * da;
    b -= step * db;
    current = next;
    if (Math.abs(step * da) < 1e-13 * Math.max(1, Math.abs(a)) && Math.abs(step * db) < 1e-13 * Math.max(1, Math.abs(b))) break;
  }
  return { method: 'platt', a, b };
}

/**
 * Pool-adjacent-violators in place, weighted (scikit-learn's _inplace_contiguous_isotonic_regression):
 * afterwards y is non-decreasing and each pooled block holds its weighted mean.
 */
function poolAdjacentViolators(y: Float64Array, w: Float64Array): void {
  const n = y.length;
  const target = Int32Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWy = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const previous = y[k]!;
      sumWy += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || previous < y[k]!) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        // Step back to the block before, which the new mean may now violate.
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  i = 0;
  while (i < n) {
    const k = target[i]! + 1;
    y.fill(y[i]!, i + 1, k);
    i = k;
  }
}

/**
 * Isotonic regression of the labels on the scores. Scores closer than 1e-15 to the first of their run
 * are one point whose target is the mean label (scikit-learn's _make_unique); after PAV and clipping
 * to [0, 1], interior points equal to both neighbours are dropped, as scikit-learn's thresholds.
 */
export function fitIsotonic(scores: Float64Array, y: Uint8Array): IsotonicCalibrator {
  checkRows(scores, y);
  const order = Uint32Array.from({ length: scores.length }, (_, i) => i).sort((p, q) => scores[p]! - scores[q]! || y[p]! - y[q]!);
  const xs: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  let currentX = scores[order[0]!]!;
  let sumY = 0;
  let weight = 0;
  for (const row of order) {
    const x = scores[row]!;
    if (x - currentX >= 1e-15) {
      xs.push(currentX);
      means.push(sumY / weight);
      weights.push(weight);
      currentX = x;
      sumY = 0;
      weight = 0;
    }
    sumY += y[row]!;
    weight++;
  }
  xs.push(currentX);
  means.push(sumY / weight);
  weights.push(weight);
  const fitted = Float64Array.from(means);
  poolAdjacentViolators(fitted, Float64Array.from(weights));
  for (let i = 0; i < fitted.length; i++) fitted[i] = Math.min(1, Math.max(0, fitted[i]!));
  const x: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < fitted.length; i++) {
    const interior = i > 0 && i < fitted.length - 1;
    if (interior && fitted[i] === fitted[i - 1] && fitted[i] === fitted[i + 1]) continue;
    x.push(xs[i]!);
    out.push(fitted[i]!);
  }
  return { method: 'isotonic', x, y: out };
}

/** Calibrated probabilities for the scores; allocates only the output. */
export function applyCalibrator(calibrator: CalibratorJson, scores: Float64Array): Float64Array {
  const out = new Float64Array(scores.length);
  if (calibrator.method === 'platt') {
    const { a, b } = calibrator;
    for (let i = 0; i < scores.length; i++) out[i] = 1 / (1 + Math.exp(a * logit(scores[i]!) + b));
    return out;
  }
  const { x, y } = calibrator;
  const last = x.length - 1;
  for (let i = 0; i < scores.length; i++) {
    const s = Math.min(x[last]!, Math.max(x[0]!, scores[i]!));
    if (last === 0) {
      out[i] = y[0]!;
      continue;
    }
    // First threshold ≥ s, kept in [1, last] (scipy's interp1d).
    let lo = 1;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x[mid]! < s) lo = mid + 1;
      else hi = mid;
    }
    const x0 = x[lo - 1]!;
    const y0 = y[lo - 1]!;
    out[i] = ((y[lo]! - y0) / (x[lo]! - x0)) * (s - x0) + y0;
  }
  return out;
}

function invalid(message: string): FlywheelError {
  return new FlywheelError('data_invalid', `calibrator: ${message}`, { hint: 'the model package’s calibration is damaged; re-run the training to write a new package' });
}

function finiteArray(value: unknown, name: string): number[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid(`${name} must be a non-empty array of numbers`);
  for (const [i, v] of value.entries()) if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(`${name}[${i}] must be a finite number (found ${JSON.stringify(v)})`);
  return value as number[];
}

/** Checks a stored calibrator (data from a model package) and returns it typed. */
export function calibratorFromJSON(value: unknown): CalibratorJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`expected an object with a method, found ${JSON.stringify(value)}`);
  const record = value as Record<string, unknown>;
  if (record.method === 'platt') {
    const { a, b } = record;
    if (typeof a !== 'number' || !Number.isFinite(a) || typeof b !== 'number' || !Number.isFinite(b)) {
      throw invalid(`platt needs finite numbers a and b (found a = ${JSON.stringify(a)}, b = ${JSON.stringify(b)})`);
    }
    return { method: 'platt', a, b };
  }
  if (record.method === 'isotonic') {
    const x = finiteArray(record.x, 'x');
    const y = finiteArray(record.y, 'y');
    if (x.length !== y.length) throw invalid(`x and y must have the same length (found ${x.length} and ${y.length})`);
    for (let i = 1; i < x.length; i++) {
      if (!(x[i]! > x[i - 1]!)) throw invalid(`x must be strictly increasing (x[${i - 1}] = ${x[i - 1]}, x[${i}] = ${x[i]})`);
      if (!(y[i]! >= y[i - 1]!)) throw invalid(`y must be non-decreasing (y[${i - 1}] = ${y[i - 1]}, y[${i}] = ${y[i]})`);
    }
    for (const [i, v] of y.entries()) if (v < 0 || v > 1) throw invalid(`y[${i}] must be a probability in [0, 1] (found ${v})`);
    return { method: 'isotonic', x: [...x], y: [...y] };
  }
  throw invalid(`unknown method ${JSON.stringify(record.method)}; the methods are ${CALIBRATOR_METHODS.join(', ')}`);
}
