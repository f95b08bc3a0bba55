import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from './lbfgs.js';
import { moreThuente } from './line-search.js';

/** The n-dimensional Rosenbrock function: minimum 0 at (1, …, 1), a curved narrow valley. */
const rosenbrock: Objective = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1]! - x[i]! ** 2;
    const b = 1 - x[i]!;
    f += 100 * a * a + b * b;
    g[i]! += -400 * x[i]! * a - 2 * b;
    g[i + 1]! += 200 * a;
  }
  return f;
};

describe('minimizeLbfgs', () => {
  it('finds the minimum of the Rosenbrock function from (-1.2, 1, …)', () => {
    const x0 = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const result = minimizeLbfgs(rosenbrock, x0, { maxIter: 500, gtol: 1e-10 });
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(v).toBeCloseTo(1, 8);
    expect(result.f).toBeLessThan(1e-16);
    expect(x0[0]).toBe(-1.2);
  });

  it('solves an ill-conditioned quadratic to the gradient tolerance', () => {
    // f = ½·Σ d_i·(x_i − t_i)², condition number 1e3, t_i in [1, 2).
    const n = 20;
    const d = Float64Array.from({ length: n }, (_, i) => 10 ** ((3 * i) / (n - 1)));
    const quadratic: Objective = (x, g) => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        const r = x[i]! - (1 + i / n);
        f += 0.5 * d[i]! * r * r;
        g[i] = d[i]! * r;
      }
      return f;
    };
    const result = minimizeLbfgs(quadratic, new Float64Array(n), { maxIter: 1000, gtol: 1e-6 });
    expect(result.stop).toBe('gradient');
    expect(result.gradientMaxAbs).toBeLessThanOrEqual(1e-6);
    for (let i = 0; i < n; i++) expect(Math.abs(result.x[i]! - (1 + i / n))).toBeLessThan(1e-6);
  });

  it('stops at maxIter and says it did not converge', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 3, gtol: 1e-10 });
    expect(result).toMatchObject({ iterations: 3, stop: 'max_iter', converged: false });
  });

  it('stops at maxEvaluations and says it did not converge', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 100, maxEvaluations: 6, gtol: 1e-10 });
    expect(result.stop).toBe('max_evaluations');
    expect(result.converged).toBe(false);
    expect(result.evaluations).toBeGreaterThanOrEqual(6);
  });

  it('does no iteration when the start already meets the tolerance', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.of(1, 1), { maxIter: 10, gtol: 1e-8 });
    expect(result).toMatchObject({ iterations: 0, evaluations: 1, stop: 'gradient', converged: true });
  });

  it('reports each iteration with the objective and the largest gradient component', () => {
    const seen: number[] = [];
    minimizeLbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 5, gtol: 1e-10, onIteration: (i) => seen.push(i) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('moreThuente', () => {
  it('returns a step meeting the strong Wolfe conditions on a 1-D function', () => {
    // φ(a) = (a − 3)² + sin(3a): φ'(0) < 0.
    const phi = (a: number) => ({ f: (a - 3) ** 2 + Math.sin(3 * a), dg: 2 * (a - 3) + 3 * Math.cos(3 * a) });
    const { f: f0, dg: dg0 } = phi(0);
    const result = moreThuente(phi, f0, dg0, 1);
    expect(result.status).toBe('converged');
    expect(result.f).toBeLessThanOrEqual(f0 + 1e-3 * result.step * dg0);
    expect(Math.abs(result.dg)).toBeLessThanOrEqual(0.9 * Math.abs(dg0));
  });

  it('refuses a direction that does not descend', () => {
    expect(() => moreThuente(() => ({ f: 0, dg: 0 }), 0, 1, 1)).toThrow('line search needs a descent direction');
  });
});
