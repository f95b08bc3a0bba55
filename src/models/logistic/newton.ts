// Newton's method with a Cholesky solve and Armijo backtracking, for smooth strictly convex objectives
// with few parameters (sklearn's newton-cholesky): each iteration costs one Hessian pass, O(n·p²), and
// convergence near the optimum is quadratic, so a handful of iterations reach machine precision.

export interface NewtonProblem {
  readonly nParams: number;
  /** Writes ∇f(x) into `gradient` and returns f(x). */
  valueAndGradient(x: Float64Array, gradient: Float64Array): number;
  /** Writes ∇²f(x), row-major nParams × nParams, into `hessian`. */
  hessian(x: Float64Array, hessian: Float64Array): void;
}

export interface NewtonOptions {
  maxIter: number;
  /** Stop when max_i |∂f/∂x_i| ≤ gtol. */
  gtol: number;
  onIteration?: (iteration: number, f: number, gradientMaxAbs: number) => void;
}

export type NewtonStop = 'gradient' | 'max_iter' | 'line_search';

export interface NewtonResult {
  x: Float64Array;
  f: number;
  gradientMaxAbs: number;
  iterations: number;
  stop: NewtonStop;
  converged: boolean;
}

const ARMIJO = 1e-4;
/** Smallest step fraction tried before the line search gives up. */
const MIN_STEP = 1e-10;

export function minimizeNewton(problem: NewtonProblem, x0: Float64Array, options: NewtonOptions): NewtonResult {
  const n = problem.nParams;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialGradient = new Float64Array(n);
  const H = new Float64Array(n * n);
  const d = new Float64Array(n);

  let f = problem.valueAndGradient(x, g);
  let gMax = maxAbs(g);
  let iterations = 0;
  const done = (stop: NewtonStop): NewtonResult => ({ x, f, gradientMaxAbs: gMax, iterations, stop, converged: stop === 'gradient' });

  while (true) {
    if (gMax <= options.gtol) return done('gradient');
    if (iterations >= options.maxIter) return done('max_iter');
    problem.hessian(x, H);
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    choleskySolveInPlace(H, n, d);
    let slope = 0;
    for (let i = 0; i < n; i++) slope += g[i]! * d[i]!;
    if (!(slope < 0)) {
      // The Hessian solve lost descent to rounding: fall back to the gradient.
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      slope = -(gMax * gMax);
    }
    // Armijo backtracking from the full step. Near the optimum f changes by less than its rounding
    // error, so a step is also accepted when it does not raise f beyond a few ulps and shrinks |∇f|.
    const slack = 8 * Number.EPSILON * Math.abs(f);
    let t = 1;
    let accepted = false;
    while (t >= MIN_STEP) {
      for (let i = 0; i < n; i++) trial[i] = x[i]! + t * d[i]!;
      const fTrial = problem.valueAndGradient(trial, trialGradient);
      if (fTrial <= f + ARMIJO * t * slope || (fTrial <= f + slack && maxAbs(trialGradient) < gMax)) {
        x.set(trial);
        g.set(trialGradient);
        f = fTrial;
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) return done('line_search');
    iterations++;
    gMax = maxAbs(g);
    options.onIteration?.(iterations, f, gMax);
  }
}

/**
 * Solves A·x = b for a symmetric positive definite A (row-major, left unchanged), b overwritten by x.
 * A matrix that is not numerically positive definite gets a growing ridge on its diagonal, which keeps
 * the result a descent direction.
 */
export function choleskySolveInPlace(A: Float64Array, n: number, b: Float64Array): void {
  const L = new Float64Array(n * n);
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(A[i * n + i]!));
  for (let ridge = 0; ; ridge = ridge === 0 ? Math.max(scale, 1) * 1e-12 : ridge * 100) {
    if (factor(A, n, ridge, L)) break;
    if (ridge > Math.max(scale, 1) * 1e6) throw new Error('Newton: the Hessian is not positive definite even with a large ridge');
  }
  // Forward then backward substitution: L·u = b, Lᵀ·x = u.
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * b[k]!;
    b[i] = s / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * b[k]!;
    b[i] = s / L[i * n + i]!;
  }
}

/** L·Lᵀ = A + ridge·I into L (lower triangle); false when a pivot is not positive. */
function factor(A: Float64Array, n: number, ridge: number, L: Float64Array): boolean {
  L.fill(0);
  for (let j = 0; j < n; j++) {
    let diag = A[j * n + j]! + ridge;
    for (let k = 0; k < j; k++) diag -= L[j * n + k]! ** 2;
    if (!(diag > 0)) return false;
    const ljj = Math.sqrt(diag);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / ljj;
    }
  }
  return true;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}
