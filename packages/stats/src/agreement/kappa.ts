import { WcError } from "@wc/tensor";
import { assertMinLength, assertSameLength, toFiniteF64 } from "../internal/checks";

/** Round half to even, as NumPy `np.round` and Python `round`. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

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
 * @throws {WcError} `E_SHAPE` for mismatched lengths or no rows; `E_RANGE` for NaN/Inf or a scale that is not integers lo < hi;
 *   `E_ARGUMENT` when `a` or `b` is not an array of numbers.
 * @example
 * quadraticWeightedKappa([1, 2, 3, 4, 5, 3, 2], [1, 3, 3, 5, 5, 4, 2], [1, 5]); // 0.882682...
 */
export function quadraticWeightedKappa(a: ArrayLike<number>, b: ArrayLike<number>, scale: readonly [number, number] = [1, 10]): number {
  const where = "quadraticWeightedKappa";
  const x = toFiniteF64(a, where, "a");
  const y = toFiniteF64(b, where, "b");
  assertSameLength(x.length, y.length, where, "a", "b");
  assertMinLength(x.length, 1, where, "a");
  const [lo, hi] = scale;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || !(lo < hi)) throw new WcError("E_RANGE", `${where}: scale must be integers lo < hi, got [${lo}, ${hi}]`);
  const k = hi - lo + 1;
  const obs = new Float64Array(k * k);
  const ha = new Float64Array(k);
  const hb = new Float64Array(k);
  const idx = (v: number): number => Math.min(hi, Math.max(lo, roundHalfEven(v))) - lo;
  for (let i = 0; i < x.length; i++) {
    const p = idx(x[i] as number);
    const q = idx(y[i] as number);
    obs[p * k + q] = (obs[p * k + q] as number) + 1;
    ha[p] = (ha[p] as number) + 1;
    hb[q] = (hb[q] as number) + 1;
  }
  const n = x.length;
  const norm = (k - 1) * (k - 1);
  let num = 0;
  let den = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = ((i - j) * (i - j)) / norm;
      num += w * (obs[i * k + j] as number);
      den += (w * (ha[i] as number) * (hb[j] as number)) / n;
    }
  }
  return den === 0 ? Number.NaN : 1 - num / den;
}
