// Generic gradient-free sampler that @wc/stats does not provide yet (candidate to move there).
import { WcError, rng as makeRng } from "@wc/tensor";
import { checkInt, checkPositive } from "../checks";

/** Options of {@link sliceSample}. */
export interface SliceOptions {
  /** Sweeps discarded as burn-in (default 1000). */
  numWarmup?: number;
  /** Sweeps kept (default 1000). */
  numDraws?: number;
  /** Initial interval width w (default 1, Neal 2003). */
  width?: number;
  /** Maximum stepping-out steps m (default 50, Neal 2003). */
  maxSteps?: number;
  /** Seed (default 0). */
  seed?: number;
}

/** Result of {@link sliceSample}. */
export interface SliceResult {
  /** numDraws x dim draws, row-major. */
  readonly draws: Float64Array;
  readonly dim: number;
  readonly numDraws: number;
  /** Log density at each kept draw. */
  readonly logDensity: Float64Array;
}

/**
 * Univariate slice sampling with stepping out and shrinkage (Neal 2003, figures 3 and 5), cycling
 * over the coordinates; one kept draw per full sweep. Gradient-free: slower than NUTS on correlated
 * posteriors, used as a cross-check.
 *
 * @param logDensity - log density up to a constant (return -Infinity outside the support).
 * @param init - starting point with finite log density.
 * @param options - see {@link SliceOptions}; defaults w = 1, m = 50, 1000 + 1000 sweeps, seed 0.
 * @returns {@link SliceResult}.
 * @throws {WcError} `E_RANGE` for bad options or a non-finite density at `init`; `E_SHAPE` for an empty `init`;
 *   `E_NOT_CONVERGED` if the shrinkage does not find a point in 200 steps (a density that is not a function of q).
 * @example
 * const r = sliceSample((q) => -0.5 * q[0]! ** 2, [0], { numDraws: 200 });
 */
export function sliceSample(logDensity: (q: Float64Array) => number, init: ArrayLike<number>, options: SliceOptions = {}): SliceResult {
  const where = "sliceSample";
  const numWarmup = checkInt(options.numWarmup ?? 1000, 0, where, "numWarmup");
  const numDraws = checkInt(options.numDraws ?? 1000, 1, where, "numDraws");
  const w = checkPositive(options.width ?? 1, where, "width");
  const m = checkInt(options.maxSteps ?? 50, 1, where, "maxSteps");
  const r = makeRng(checkInt(options.seed ?? 0, 0, where, "seed"));
  const d = init.length;
  if (d === 0) throw new WcError("E_SHAPE", `${where}: init is empty`);
  const q = Float64Array.from(init);
  let f = logDensity(q);
  if (!Number.isFinite(f)) throw new WcError("E_RANGE", `${where}: the log density at init is ${f}; start from a point with finite density`);
  const draws = new Float64Array(numDraws * d);
  const lp = new Float64Array(numDraws);
  for (let it = 0; it < numWarmup + numDraws; it++) {
    for (let i = 0; i < d; i++) {
      const x0 = q[i] as number;
      const y = f + Math.log(r.uniformOpen());
      let left = x0 - w * r.uniform();
      let right = left + w;
      let j = Math.floor(m * r.uniform());
      let k = m - 1 - j;
      q[i] = left;
      while (j > 0 && logDensity(q) > y) {
        left -= w;
        q[i] = left;
        j--;
      }
      q[i] = right;
      while (k > 0 && logDensity(q) > y) {
        right += w;
        q[i] = right;
        k--;
      }
      let accepted = false;
      for (let s = 0; s < 200; s++) {
        const x1 = left + r.uniform() * (right - left);
        q[i] = x1;
        const f1 = logDensity(q);
        if (f1 > y) {
          f = f1;
          accepted = true;
          break;
        }
        if (x1 < x0) left = x1;
        else right = x1;
      }
      if (!accepted) throw new WcError("E_NOT_CONVERGED", `${where}: shrinkage found no point in the slice after 200 steps (coordinate ${i})`);
    }
    if (it >= numWarmup) {
      draws.set(q, (it - numWarmup) * d);
      lp[it - numWarmup] = f;
    }
  }
  return { draws, dim: d, numDraws, logDensity: lp };
}
