import { WcError } from "@wc/tensor";
import { finiteF64, sameLength } from "./checks";

const EPS = 1e-7;

/** Options of {@link solveLogisticFluctuation}. */
export interface FluctuationOptions {
  /** Maximum Newton steps (default 50). */
  maxIter?: number;
  /** Convergence tolerance on |score| / sqrt(Fisher) (default 1e-8). */
  tol?: number;
}

/** Result of {@link solveLogisticFluctuation}. */
export interface FluctuationResult {
  /** The fluctuation epsilon. */
  epsilon: number;
  /** True when |score| / sqrt(Fisher) <= tol was reached. */
  converged: boolean;
  /** Newton iterations used. */
  iters: number;
  /** Final score sum_i H_i (R_i - expit(logit g_i + eps H_i)). */
  score: number;
  /** Final Fisher information sum_i H_i^2 mu_i (1 - mu_i). */
  fisher: number;
  /** |score| / sqrt(Fisher). */
  normalizedScore: number;
}

/** logit with the probability clipped to [1e-7, 1 - 1e-7] (cje `_logit`). */
export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q) - Math.log(1 - q);
}

/** The logistic function 1 / (1 + e^-x). */
export function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * TMLE targeting step of cje's `TMLEEstimator` (logit link): solves
 * sum_i H_i (R_i - expit(logit(g_i) + eps H_i)) = 0 for eps by Newton's method (score / Fisher steps,
 * each clipped to +-5), stopping when |score| / sqrt(Fisher) <= tol or after maxIter steps; a Fisher
 * information below 1e-12 stops early (converged only if |score| <= tol). All-zero H gives eps = 0.
 *
 * @param g - initial outcome predictions in [0, 1] (clipped to [1e-7, 1 - 1e-7] on the logit scale).
 * @param r - rewards in [0, 1].
 * @param h - clever covariate per row (e.g. E[w | S]).
 * @param o - {@link FluctuationOptions}; defaults maxIter 50, tol 1e-8.
 * @returns the {@link FluctuationResult}.
 * @throws {WcError} `E_SHAPE` for mismatched or empty arrays; `E_RANGE` for NaN/Inf or bad options.
 * @example
 * solveLogisticFluctuation([0.5, 0.5], [0.6, 0.8], [1, 1]).epsilon; // logit(0.7)
 */
export function solveLogisticFluctuation(g: ArrayLike<number>, r: ArrayLike<number>, h: ArrayLike<number>, o: FluctuationOptions = {}): FluctuationResult {
  const where = "solveLogisticFluctuation";
  const gs = finiteF64(g, where, "g");
  const rs = finiteF64(r, where, "r");
  const hs = finiteF64(h, where, "h");
  sameLength(gs.length, rs.length, where, "g", "r");
  sameLength(gs.length, hs.length, where, "g", "h");
  if (gs.length === 0) throw new WcError("E_SHAPE", `${where}: no rows`);
  const maxIter = o.maxIter ?? 50;
  const tol = o.tol ?? 1e-8;
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new WcError("E_RANGE", `${where}: maxIter must be an integer >= 1, got ${maxIter}`);
  if (!(tol > 0)) throw new WcError("E_RANGE", `${where}: tol must be > 0, got ${tol}`);
  const eta = gs.map(logit);
  let eps = 0;
  let score = 0;
  let fisher = 0;
  let norm = 0;
  let converged = false;
  let it = 0;
  if (hs.every((v) => v === 0)) return { epsilon: 0, converged: true, iters: 0, score: 0, fisher: 0, normalizedScore: 0 };
  for (; it < maxIter; ) {
    it++;
    score = 0;
    fisher = 0;
    for (let i = 0; i < gs.length; i++) {
      const mu = expit(eta[i]! + eps * hs[i]!);
      score += hs[i]! * (rs[i]! - mu);
      fisher += hs[i]! * hs[i]! * mu * (1 - mu);
    }
    if (fisher > 1e-12) {
      norm = Math.abs(score) / Math.sqrt(fisher);
      if (norm <= tol) {
        converged = true;
        break;
      }
    } else {
      norm = Math.abs(score);
      converged = norm <= tol;
      break;
    }
    let step = score / fisher;
    if (Math.abs(step) > 5) step = Math.sign(step) * 5;
    eps += step;
  }
  return { epsilon: eps, converged, iters: it, score, fisher, normalizedScore: norm };
}

/**
 * Internal: the score-indexed clever covariate H(s) = E[w | S = s] fitted per fold on the logged
 * rows of that fold (mean weight at each distinct score, linear interpolation between scores,
 * constant outside their range); exact (H = w) for weights that are a function of S within a fold,
 * as SIMCal-W weights with prompt-fold outer folds are.
 */
export function cleverCovariateMaps(s: Float64Array, w: Float64Array, folds: Int32Array): Map<number, (x: number) => number> {
  const byFold = new Map<number, number[]>();
  for (let i = 0; i < s.length; i++) {
    const a = byFold.get(folds[i]!);
    if (a) a.push(i);
    else byFold.set(folds[i]!, [i]);
  }
  const out = new Map<number, (x: number) => number>();
  for (const [f, rows] of byFold) {
    rows.sort((a, b) => s[a]! - s[b]!);
    const xs: number[] = [];
    const ys: number[] = [];
    let t = 0;
    while (t < rows.length) {
      const x = s[rows[t]!]!;
      let sum = 0;
      let c = 0;
      while (t < rows.length && s[rows[t]!]! === x) {
        sum += w[rows[t]!]!;
        c++;
        t++;
      }
      xs.push(x);
      ys.push(sum / c);
    }
    out.set(f, (x) => interp(x, xs, ys));
  }
  return out;
}

function interp(x: number, xs: number[], ys: number[]): number {
  const n = xs.length;
  if (x <= xs[0]!) return ys[0]!;
  if (x >= xs[n - 1]!) return ys[n - 1]!;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const t = (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  return ys[lo]! + t * (ys[hi]! - ys[lo]!);
}
