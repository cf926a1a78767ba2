import { WcError } from "@wc/tensor";
import { finite, pair, roundHalfEven } from "./checks";

/**
 * Quadratic-weighted Cohen's kappa on integer ratings (rounded half to even and clipped to `scale`),
 * weights (i - j)^2 / (K - 1)^2 over the **full** label range lo..hi. scikit-learn's
 * `cohen_kappa_score(..., weights='quadratic')` uses only the observed labels unless `labels` is
 * passed; with `labels=range(lo, hi + 1)` the two agree.
 *
 * @param a - first rater's ratings (finite).
 * @param b - second rater's ratings (finite), same length, n >= 1.
 * @param scale - [lo, hi] integer scale (default [1, 10]).
 * @returns kappa in [-1, 1] (NaN when the expected disagreement is 0, e.g. both raters constant and equal).
 * @throws {WcError} `E_SHAPE` for mismatched lengths or no rows; `E_RANGE` for NaN/Inf or a scale that is not integers lo < hi.
 * @example
 * quadraticWeightedKappa([1, 2, 3, 4, 5, 3, 2], [1, 3, 3, 5, 5, 4, 2], [1, 5]); // 0.882682...
 */
export function quadraticWeightedKappa(a: ArrayLike<number>, b: ArrayLike<number>, scale: [number, number] = [1, 10]): number {
  const where = "quadraticWeightedKappa";
  const x = finite(a, where, "a");
  const y = finite(b, where, "b");
  pair(x, y, where, "a", "b", 1);
  const [lo, hi] = scale;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || !(lo < hi)) throw new WcError("E_RANGE", `${where}: scale must be integers lo < hi, got [${lo}, ${hi}]`);
  const k = hi - lo + 1;
  const obs = new Float64Array(k * k);
  const ha = new Float64Array(k);
  const hb = new Float64Array(k);
  const idx = (v: number) => Math.min(hi, Math.max(lo, roundHalfEven(v))) - lo;
  for (let i = 0; i < x.length; i++) {
    const p = idx(x[i]!);
    const q = idx(y[i]!);
    obs[p * k + q] = obs[p * k + q]! + 1;
    ha[p] = ha[p]! + 1;
    hb[q] = hb[q]! + 1;
  }
  const n = x.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
      num += w * obs[i * k + j]!;
      den += (w * ha[i]! * hb[j]!) / n;
    }
  }
  return den === 0 ? Number.NaN : 1 - num / den;
}
