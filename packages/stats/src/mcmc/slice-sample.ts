import { WcError } from "@wc/tensor";
import { checkCallback, checkInt, checkParam } from "../internal/checks";
import { toRandomSource, uniformOpen, type SeedOrRng } from "../internal/rng";

/** Log density up to a constant, without gradient (return -Infinity outside the support). */
export type SliceLogDensityFn = (q: Float64Array) => number;

/** Options of {@link sliceSample}; defaults follow Neal (2003). */
export interface SliceOptions {
  /** Sweeps discarded as burn-in (default 1000). */
  numWarmup?: number;
  /** Sweeps kept (default 1000). */
  numDraws?: number;
  /** Initial interval width w (default 1, Neal 2003). */
  width?: number;
  /** Maximum stepping-out steps m (default 50, Neal 2003). */
  maxSteps?: number;
  /** Seed (integer in [0, 2^53 - 1], used as @wc/tensor's `rng(seed)`) or random source (default 0). */
  seed?: SeedOrRng;
  /**
   * Called after every sweep, burn-in included, with `(done, total)`, `done` running 1..`total` =
   * numWarmup + numDraws (default none; for progress bars; never changes the draws).
   */
  onIteration?: (done: number, total: number) => void;
}

/** Result of {@link sliceSample}. */
export interface SliceResult {
  /** numDraws x dim draws, row-major. */
  readonly draws: Float64Array;
  /** Dimension of the target. */
  readonly dim: number;
  /** Number of kept draws (sweeps). */
  readonly numDraws: number;
  /** Log density at each kept draw. */
  readonly logDensity: Float64Array;
}

/** Most shrinkage steps per coordinate update before giving up. */
const MAX_SHRINK = 200;

/**
 * Univariate slice sampling with stepping out and shrinkage (Neal 2003, figures 3 and 5), cycling
 * over the coordinates; one kept draw per full sweep. Gradient-free: slower than NUTS on correlated
 * posteriors, useful as a cross-check of a gradient-based sampler.
 *
 * Per coordinate: the slice level is `log f(x0) + log u` with u uniform in (0, 1); an interval of
 * width w is placed at a uniform offset around x0 and stepped out by w at most m - 1 times in total
 * (the budget split uniformly between the two ends); points are then drawn uniformly in the
 * interval, which shrinks towards x0 after each rejection.
 *
 * @param logDensity - log density up to a constant (return -Infinity outside the support).
 * @param init - starting point with finite log density.
 * @param options - see {@link SliceOptions}; defaults w = 1, m = 50, 1000 + 1000 sweeps, seed 0.
 * @returns {@link SliceResult}.
 * @throws {WcError} `E_RANGE` for bad options (non-integer counts, width not > 0, a negative seed) or a
 *   non-finite density at `init`; `E_ARGUMENT` for a fractional seed or a malformed random source;
 *   `E_SHAPE` for an empty `init`; `E_NOT_CONVERGED` if the shrinkage does not find a point in 200 steps
 *   (a density that is not a function of q).
 * @example
 * const r = sliceSample((q) => -0.5 * q[0]! ** 2, [0], { numDraws: 200 });
 * r.draws.length; // 200
 */
export function sliceSample(logDensity: SliceLogDensityFn, init: ArrayLike<number>, options: SliceOptions = {}): SliceResult {
  const where = "sliceSample";
  const numWarmup = options.numWarmup ?? 1000;
  const numDraws = options.numDraws ?? 1000;
  const w = options.width ?? 1;
  const m = options.maxSteps ?? 50;
  checkInt(numWarmup, 0, where, "numWarmup");
  checkInt(numDraws, 1, where, "numDraws");
  checkParam(w, (v) => v > 0 && v < Infinity, where, "width > 0 and finite");
  checkInt(m, 1, where, "maxSteps");
  const r = toRandomSource(options.seed ?? 0, where);
  const onIteration = checkCallback(options.onIteration, where);
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
      const y = f + Math.log(uniformOpen(r));
      // stepping out (Neal 2003, fig. 3)
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
      // shrinkage (Neal 2003, fig. 5)
      let accepted = false;
      for (let s = 0; s < MAX_SHRINK; s++) {
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
      if (!accepted) {
        throw new WcError("E_NOT_CONVERGED", `${where}: shrinkage found no point in the slice after ${MAX_SHRINK} steps (coordinate ${i}); the log density must be a deterministic function of q`);
      }
    }
    if (it >= numWarmup) {
      draws.set(q, (it - numWarmup) * d);
      lp[it - numWarmup] = f;
    }
    onIteration?.(it + 1, numWarmup + numDraws);
  }
  return { draws, dim: d, numDraws, logDensity: lp };
}
