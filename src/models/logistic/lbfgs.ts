// A reusable L-BFGS minimiser (unconstrained): the two-loop recursion over the last m curvature pairs
// with the Moré–Thuente line search, stopping rules as scipy's L-BFGS-B (sklearn's lbfgs solver).
// The objective fills the gradient and returns the value in one call, so callers fuse both passes.

import { LINE_SEARCH_DEFAULTS, moreThuente, type LineSearchOptions } from './line-search.js';

/** Writes ∇f(x) into `gradient` and returns f(x). Must not keep or modify `x`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Most iterations (accepted steps). */
  maxIter: number;
  /** Most objective evaluations, line searches included (scipy's maxfun); unlimited by default. */
  maxEvaluations?: number;
  /** Stop when max_i |∂f/∂x_i| ≤ gtol (scipy's pgtol). */
  gtol: number;
  /** Stop when the relative decrease (f_k − f_k+1) / max(|f_k|, |f_k+1|, 1) ≤ ftol. */
  ftol?: number;
  /** Curvature pairs kept (scipy's maxcor). */
  memory?: number;
  lineSearch?: Partial<LineSearchOptions>;
  /** Called after every iteration with the iteration count. */
  onIteration?: (iteration: number, f: number, gradientMaxAbs: number) => void;
}

export type LbfgsStop =
  /** max |gradient| ≤ gtol */
  | 'gradient'
  /** relative decrease ≤ ftol */
  | 'objective'
  | 'max_iter'
  | 'max_evaluations'
  /** No acceptable step even after a restart from steepest descent (usually: at the optimum to rounding). */
  | 'line_search';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  gradient: Float64Array;
  gradientMaxAbs: number;
  iterations: number;
  evaluations: number;
  stop: LbfgsStop;
  /** True when a tolerance (gtol or ftol) was met. */
  converged: boolean;
}

/** scipy's default (factr 1e7 × ε) stops far from the optimum; 64ε, as recent sklearn passes, leaves stopping to gtol. */
export const DEFAULT_FTOL = 64 * Number.EPSILON;

export function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const ftol = options.ftol ?? DEFAULT_FTOL;
  const lineOptions: LineSearchOptions = { ...LINE_SEARCH_DEFAULTS, ...options.lineSearch };

  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const xPrev = new Float64Array(n);
  const gPrev = new Float64Array(n);
  const d = new Float64Array(n);
  // Ring buffers of s = x_k+1 − x_k, y = g_k+1 − g_k and ρ = 1 / yᵀs; `count` pairs, newest at `head − 1`.
  const sPairs = Array.from({ length: m }, () => new Float64Array(n));
  const yPairs = Array.from({ length: m }, () => new Float64Array(n));
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  let head = 0;
  let count = 0;
  let gamma = 1;

  let f = objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new Error(`L-BFGS: the objective is ${f} at the starting point`);
  let gMax = maxAbs(g);
  let iterations = 0;
  const done = (stop: LbfgsStop): LbfgsResult => ({
    x,
    f,
    gradient: g,
    gradientMaxAbs: gMax,
    iterations,
    evaluations,
    stop,
    converged: stop === 'gradient' || stop === 'objective',
  });
  if (gMax <= options.gtol) return done('gradient');

  while (iterations < options.maxIter) {
    // Two-loop recursion: d = −H·g with H₀ = γI, γ = sᵀy / yᵀy of the newest pair.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let k = 0; k < count; k++) {
      const slot = (head - 1 - k + m) % m;
      const a = rho[slot]! * dot(sPairs[slot]!, d);
      alpha[slot] = a;
      axpy(-a, yPairs[slot]!, d);
    }
    if (count > 0) for (let i = 0; i < n; i++) d[i]! *= gamma;
    for (let k = count - 1; k >= 0; k--) {
      const slot = (head - 1 - k + m) % m;
      const b = rho[slot]! * dot(yPairs[slot]!, d);
      axpy(alpha[slot]! - b, sPairs[slot]!, d);
    }
    let dg = dot(d, g);
    if (!(dg < 0)) {
      // The memory no longer gives a descent direction (rounding): restart from steepest descent.
      count = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      dg = dot(d, g);
    }

    xPrev.set(x);
    gPrev.set(g);
    const fPrev = f;
    // The first step (no curvature known yet) has unit length, as in L-BFGS-B.
    const step0 = count === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), lineOptions.stpMax) : 1;
    const search = moreThuente(
      (step) => {
        for (let i = 0; i < n; i++) x[i] = xPrev[i]! + step * d[i]!;
        f = objective(x, g);
        evaluations++;
        return { f, dg: dot(g, d) };
      },
      fPrev,
      dg,
      step0,
      lineOptions,
    );
    if (search.status === 'max_evals' || !(f <= fPrev) || !Number.isFinite(f)) {
      // Undo the step; retry once from steepest descent, then give up (as L-BFGS-B's ABNORMAL_TERMINATION).
      x.set(xPrev);
      g.set(gPrev);
      f = fPrev;
      if (count === 0) return done('line_search');
      count = 0;
      continue;
    }
    iterations++;
    gMax = maxAbs(g);
    options.onIteration?.(iterations, f, gMax);
    if (gMax <= options.gtol) return done('gradient');
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= ftol) return done('objective');
    if (evaluations >= (options.maxEvaluations ?? Infinity)) return done('max_evaluations');

    const sNew = sPairs[head]!;
    const yNew = yPairs[head]!;
    for (let i = 0; i < n; i++) {
      sNew[i] = x[i]! - xPrev[i]!;
      yNew[i] = g[i]! - gPrev[i]!;
    }
    const sy = dot(sNew, yNew);
    const yy = dot(yNew, yNew);
    // Keep the pair only with enough positive curvature for H to stay positive definite.
    if (sy > Number.EPSILON * yy) {
      rho[head] = 1 / sy;
      gamma = sy / yy;
      head = (head + 1) % m;
      count = Math.min(count + 1, m);
    }
  }
  return done('max_iter');
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
