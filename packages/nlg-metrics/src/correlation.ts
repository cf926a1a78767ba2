import { kendall as kendallStats, pearson as pearsonStats, spearman as spearmanStats, type KendallOptions } from "@wc/stats";

/**
 * True when the pair is well formed (equal lengths ≥ 2, all finite) and one side is constant: the
 * case where @wc/stats throws `E_RANGE` but this package's API returns NaN, as SciPy does. Any
 * other malformed input returns false so that @wc/stats raises its own error.
 */
function constantPair(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  if (x == null || y == null || x.length !== y.length || x.length < 2) return false;
  let xConst = true;
  let yConst = true;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) return false;
    if (x[i] !== x[0]) xConst = false;
    if (y[i] !== y[0]) yConst = false;
  }
  return xConst || yConst;
}

/**
 * Pearson's r with its two-sided p-value (SciPy `pearsonr`), via `@wc/stats`' `pearson`.
 * Constant input gives NaN.
 *
 * @param x - first sample
 * @param y - second sample, same length
 * @returns `{ r, p }`
 * @throws WcError E_SHAPE for unequal lengths or fewer than 2 pairs
 * @throws WcError E_RANGE for NaN/Inf
 * @example
 * pearson([1, 2, 3], [1, 2, 4]).r; // 0.9819805060619657
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): { r: number; p: number } {
  if (constantPair(x, y)) return { r: NaN, p: NaN };
  const c = pearsonStats(x, y);
  return { r: c.statistic, p: c.pValue };
}

/**
 * Spearman's ρ (Pearson on average ranks) with SciPy `spearmanr`'s t-distribution p-value, via
 * `@wc/stats`' `spearman`. Constant input gives NaN.
 *
 * @param x - first sample
 * @param y - second sample, same length
 * @returns `{ rho, p }`
 * @throws WcError E_SHAPE for unequal lengths or fewer than 2 pairs
 * @throws WcError E_RANGE for NaN/Inf
 * @example
 * spearman([1, 2, 3], [1, 2, 4]).rho; // 1
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): { rho: number; p: number } {
  if (constantPair(x, y)) return { rho: NaN, p: NaN };
  const c = spearmanStats(x, y);
  return { rho: c.statistic, p: c.pValue };
}

/**
 * Kendall's τ (variants a, b, c) with SciPy `kendalltau`'s p-value, via `@wc/stats`' `kendall`:
 * the exact permutation distribution when there are no ties and (n ≤ 33 or min(C, D) ≤ 1) under
 * `'auto'`, else the normal approximation with tie-corrected variance. Constant input gives NaN.
 *
 * @param x - first sample
 * @param y - second sample, same length
 * @param options - `variant` `'b'`, `method` `'auto'`, `alternative` `'two-sided'`
 * @returns `{ tau, p }`
 * @throws WcError E_SHAPE for unequal lengths or fewer than 2 pairs
 * @throws WcError E_RANGE for NaN/Inf
 * @throws WcError E_ARGUMENT for `method: 'exact'` with ties, or unknown options
 * @example
 * kendall([1, 2, 3, 4], [1, 2, 4, 3]).tau; // 0.6666666666666666
 */
export function kendall(x: ArrayLike<number>, y: ArrayLike<number>, options: KendallOptions = {}): { tau: number; p: number } {
  if (constantPair(x, y)) {
    kendallStats([0, 1], [0, 1], options); // still reject unknown options
    return { tau: NaN, p: NaN };
  }
  const c = kendallStats(x, y, options);
  return { tau: c.statistic, p: c.pValue };
}

/** Pair counts behind Kendall's τ. */
export interface KendallCounts {
  concordant: number;
  discordant: number;
  /** Pairs tied in x (joint ties included). */
  xTies: number;
  /** Pairs tied in y (joint ties included). */
  yTies: number;
  /** Pairs tied in both. */
  jointTies: number;
}

/**
 * Count concordant, discordant and tied pairs (O(n²); {@link kendall} itself runs in O(n log n)).
 *
 * @param x - first sample
 * @param y - second sample
 * @returns the pair counts
 * @example
 * kendallCounts([1, 2, 3], [1, 3, 2]).discordant; // 1
 */
export function kendallCounts(x: ArrayLike<number>, y: ArrayLike<number>): KendallCounts {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  let txy = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[i]! - x[j]!;
      const dy = y[i]! - y[j]!;
      if (dx === 0 && dy === 0) {
        txy++;
        tx++;
        ty++;
      } else if (dx === 0) tx++;
      else if (dy === 0) ty++;
      else if (dx > 0 === dy > 0) c++;
      else d++;
    }
  }
  return { concordant: c, discordant: d, xTies: tx, yTies: ty, jointTies: txy };
}
