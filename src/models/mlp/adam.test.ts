import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';

describe('Adam', () => {
  it("takes scikit-learn's steps: bias corrections folded into the step size, epsilon outside the root", () => {
    const options = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const adam = new Adam(2, options);
    const params = Float64Array.from([1, -2]);
    const grads = [Float64Array.from([0.5, -4]), Float64Array.from([-1, 2])];
    const m = [0, 0];
    const v = [0, 0];
    const expected = [1, -2];
    grads.forEach((g, step) => {
      adam.step(params, g);
      const t = step + 1;
      const stepSize = (0.1 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      for (let k = 0; k < 2; k++) {
        m[k] = 0.9 * m[k]! + (1 - 0.9) * g[k]!;
        v[k] = 0.999 * v[k]! + (1 - 0.999) * g[k]! * g[k]!;
        expected[k] = expected[k]! - (stepSize * m[k]!) / (Math.sqrt(v[k]!) + 1e-8);
      }
      expect([...params]).toEqual(expected);
    });
    expect(adam.steps).toBe(2);
  });

  it('moves each parameter by about the learning rate on its first step, whatever the gradient scale', () => {
    const adam = new Adam(3, { learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const params = new Float64Array(3);
    adam.step(params, Float64Array.from([1e-3, 1, 1e3]));
    for (const p of params) expect(p).toBeCloseTo(-0.01, 4);
  });
});
