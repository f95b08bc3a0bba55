// The Moré–Thuente line search (MINPACK-2 dcsrch/dcstep, as inside scipy's L-BFGS-B): finds a step
// along a descent direction that satisfies the strong Wolfe conditions, keeping an interval of
// uncertainty and choosing trial steps by safeguarded cubic/quadratic interpolation.

export interface LineSearchOptions {
  /** Sufficient-decrease constant (Armijo): f(a) ≤ f(0) + ftol·a·f'(0). */
  ftol: number;
  /** Curvature constant: |f'(a)| ≤ gtol·|f'(0)|. */
  gtol: number;
  /** Relative width of the interval of uncertainty below which the search stops. */
  xtol: number;
  stpMin: number;
  stpMax: number;
  /** Most function evaluations per search. */
  maxEvals: number;
}

/** scipy's L-BFGS-B settings. */
export const LINE_SEARCH_DEFAULTS: LineSearchOptions = { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpMin: 0, stpMax: 1e10, maxEvals: 20 };

export type LineSearchStatus =
  /** The strong Wolfe conditions hold at `step`. */
  | 'converged'
  /** Stopped early (rounding errors, interval too small, step at a bound); `step` is the last trial. */
  | 'warning'
  /** `maxEvals` reached without meeting the conditions. */
  | 'max_evals';

export interface LineSearchResult {
  status: LineSearchStatus;
  /** The last step evaluated: the caller's point and gradient are those at this step. */
  step: number;
  f: number;
  /** Directional derivative f'(step). */
  dg: number;
  evals: number;
}

/**
 * Search along a direction from f(0) = f0 with slope dg0 < 0, starting at `step0`. `evaluate(step)`
 * moves the caller's point to x0 + step·d, computes its objective and gradient there, and returns the
 * objective and the directional derivative. The point is left at the last step evaluated.
 */
export function moreThuente(
  evaluate: (step: number) => { f: number; dg: number },
  f0: number,
  dg0: number,
  step0: number,
  options: LineSearchOptions = LINE_SEARCH_DEFAULTS,
): LineSearchResult {
  if (!(dg0 < 0)) throw new Error(`line search needs a descent direction (slope ${dg0})`);
  const { ftol, gtol, xtol, stpMin, stpMax } = options;
  const xtrapLower = 1.1;
  const xtrapUpper = 4;
  const gTest = ftol * dg0;
  let width = stpMax - stpMin;
  let width1 = width / 0.5;
  // (stx, fx, gx): the best step so far; (sty, fy, gy): the other end of the interval.
  const s: StepState = { stx: 0, fx: f0, gx: dg0, sty: 0, fy: f0, gy: dg0, brackt: false };
  let stage = 1;
  let stMin = 0;
  let stMax = step0 + xtrapUpper * step0;
  let step = Math.min(Math.max(step0, stpMin), stpMax);

  for (let evals = 1; ; evals++) {
    const { f, dg } = evaluate(step);
    const fTest = f0 + step * gTest;
    if (stage === 1 && f <= fTest && dg >= 0) stage = 2;
    if (f <= fTest && Math.abs(dg) <= gtol * -dg0) return { status: 'converged', step, f, dg, evals };
    if (
      (s.brackt && (step <= stMin || step >= stMax)) ||
      (s.brackt && stMax - stMin <= xtol * stMax) ||
      (step === stpMax && f <= fTest && dg <= gTest) ||
      (step === stpMin && (f > fTest || dg >= gTest))
    ) {
      return { status: 'warning', step, f, dg, evals };
    }
    if (evals >= options.maxEvals) return { status: 'max_evals', step, f, dg, evals };

    // In stage 1 a lower function value without sufficient decrease: step on the modified function
    // ψ(a) = f(a) − f(0) − a·gTest, whose minimiser satisfies the Armijo condition.
    let next: number;
    if (stage === 1 && f <= s.fx && f > fTest) {
      const m: StepState = { stx: s.stx, fx: s.fx - s.stx * gTest, gx: s.gx - gTest, sty: s.sty, fy: s.fy - s.sty * gTest, gy: s.gy - gTest, brackt: s.brackt };
      next = cubicStep(m, step, f - step * gTest, dg - gTest, stMin, stMax);
      s.stx = m.stx;
      s.sty = m.sty;
      s.brackt = m.brackt;
      s.fx = m.fx + m.stx * gTest;
      s.fy = m.fy + m.sty * gTest;
      s.gx = m.gx + gTest;
      s.gy = m.gy + gTest;
    } else {
      next = cubicStep(s, step, f, dg, stMin, stMax);
    }

    // Bisect when the interval has not shrunk enough in two trials.
    if (s.brackt) {
      if (Math.abs(s.sty - s.stx) >= 0.66 * width1) next = s.stx + 0.5 * (s.sty - s.stx);
      width1 = width;
      width = Math.abs(s.sty - s.stx);
      stMin = Math.min(s.stx, s.sty);
      stMax = Math.max(s.stx, s.sty);
    } else {
      stMin = next + xtrapLower * (next - s.stx);
      stMax = next + xtrapUpper * (next - s.stx);
    }
    next = Math.min(Math.max(next, stpMin), stpMax);
    // No further progress possible: fall back to the best step so far.
    if ((s.brackt && (next <= stMin || next >= stMax)) || (s.brackt && stMax - stMin <= xtol * stMax)) next = s.stx;
    step = next;
  }
}

interface StepState {
  stx: number;
  fx: number;
  gx: number;
  sty: number;
  fy: number;
  gy: number;
  brackt: boolean;
}

/**
 * dcstep: the next trial step from the interval ends (stx, sty) and the trial (stp, fp, dp), and the
 * updated interval (mutates `s`). The four cases are those of Moré and Thuente (1994), section 4.
 */
function cubicStep(s: StepState, stp: number, fp: number, dp: number, stpMin: number, stpMax: number): number {
  const { stx, fx, gx: dx, sty, fy, gy: dy } = s;
  const sgnd = dp * Math.sign(dx);
  let stpf: number;
  if (fp > fx) {
    // 1: higher value — the minimum is bracketed; take the cubic step if closer to stx, else average.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = m * Math.sqrt((theta / m) ** 2 - (dx / m) * (dp / m));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const stpc = stx + (p / q) * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    s.brackt = true;
  } else if (sgnd < 0) {
    // 2: lower value, derivatives of opposite sign — bracketed; the step farther from stp.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = m * Math.sqrt((theta / m) ** 2 - (dx / m) * (dp / m));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const stpc = stp + (p / q) * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    s.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // 3: lower value, same sign, derivative magnitude decreasing — the cubic may not have a minimiser
    // in the direction of interest; safeguard it.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = m * Math.sqrt(Math.max(0, (theta / m) ** 2 - (dx / m) * (dp / m)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    const stpc = r < 0 && gamma !== 0 ? stp + r * (stx - stp) : stp > stx ? stpMax : stpMin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (s.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + 0.66 * (sty - stp), stpf) : Math.max(stp + 0.66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpMin, Math.min(stpMax, stpf));
    }
  } else if (s.brackt) {
    // 4: lower value, same sign, derivative not decreasing — cubic step towards sty.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const m = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = m * Math.sqrt((theta / m) ** 2 - (dy / m) * (dp / m));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    stpf = stp + (p / q) * (sty - stp);
  } else {
    stpf = stp > stx ? stpMax : stpMin;
  }

  if (fp > fx) {
    s.sty = stp;
    s.fy = fp;
    s.gy = dp;
  } else {
    if (sgnd < 0) {
      s.sty = stx;
      s.fy = fx;
      s.gy = dx;
    }
    s.stx = stp;
    s.fx = fp;
    s.gx = dp;
  }
  return stpf;
}
