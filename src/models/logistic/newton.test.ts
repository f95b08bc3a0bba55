import { describe, expect, it } from 'vitest';
import { choleskySolveInPlace, minimizeNewton, type NewtonProblem } from './newton.js';

describe('choleskySolveInPlace', () => {
  it('solves a symmetric positive definite system and leaves the matrix as it was', () => {
    const A = Float64Array.of(4, 2, 0.6, 2, 5, 1, 0.6, 1, 3);
    const copy = A.slice();
    const x = Float64Array.of(1, -2, 0.5);
    const b = new Float64Array(3);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) b[i]! += A[i * 3 + k]! * x[k]!;
    choleskySolveInPlace(A, 3, b);
    for (let i = 0; i < 3; i++) expect(b[i]).toBeCloseTo(x[i]!, 12);
    expect(A).toEqual(copy);
  });

  it('adds a ridge to a singular matrix instead of failing', () => {
    const b = Float64Array.of(1, 1);
    choleskySolveInPlace(Float64Array.of(1, 1, 1, 1), 2, b);
    expect(b.every(Number.isFinite)).toBe(true);
  });
});

describe('minimizeNewton', () => {
  /** f = Σ (exp(x_i) − 2·x_i): strictly convex, minimum at x_i = ln 2. */
  const problem: NewtonProblem = {
    nParams: 3,
    valueAndGradient(x, g) {
      let f = 0;
      for (let i = 0; i < 3; i++) {
        f += Math.exp(x[i]!) - 2 * x[i]!;
        g[i] = Math.exp(x[i]!) - 2;
      }
      return f;
    },
    hessian(x, H) {
      H.fill(0);
      for (let i = 0; i < 3; i++) H[i * 3 + i] = Math.exp(x[i]!);
    },
  };

  it('converges quadratically to the minimiser', () => {
    const result = minimizeNewton(problem, Float64Array.of(3, -2, 0), { maxIter: 50, gtol: 1e-12 });
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(v).toBeCloseTo(Math.LN2, 12);
    expect(result.iterations).toBeLessThan(12);
  });

  it('stops at maxIter and says it did not converge', () => {
    const result = minimizeNewton(problem, Float64Array.of(3, -2, 0), { maxIter: 1, gtol: 1e-12 });
    expect(result).toMatchObject({ iterations: 1, stop: 'max_iter', converged: false });
  });
});
