// Adam (Kingma & Ba, 2015) over one flat parameter vector, written as scikit-learn's AdamOptimizer:
// the bias corrections are folded into the step size, and epsilon is added outside the square root.
// Its moment estimates are working state of a fit, never part of a saved model.

export interface AdamOptions {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class Adam {
  private readonly options: AdamOptions;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(nParams: number, options: AdamOptions) {
    this.options = options;
    this.m = new Float64Array(nParams);
    this.v = new Float64Array(nParams);
  }

  /** Updates taken so far. */
  get steps(): number {
    return this.t;
  }

  /** One update of `params` in place from the gradient `grad`. */
  step(params: Float64Array, grad: Float64Array): void {
    const { learningRate, beta1, beta2, epsilon } = this.options;
    this.t += 1;
    const stepSize = (learningRate * Math.sqrt(1 - beta2 ** this.t)) / (1 - beta1 ** this.t);
    const m = this.m;
    const v = this.v;
    for (let k = 0; k < params.length; k++) {
      const g = grad[k]!;
      const mk = beta1 * m[k]! + (1 - beta1) * g;
      const vk = beta2 * v[k]! + (1 - beta2) * g * g;
      m[k] = mk;
      v[k] = vk;
      params[k] = params[k]! - (stepSize * mk) / (Math.sqrt(vk) + epsilon);
    }
  }
}
