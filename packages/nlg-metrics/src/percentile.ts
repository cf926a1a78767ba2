import { quantile } from "@wc/stats";

/**
 * Linear-interpolation percentile (NumPy `percentile` default), a thin adapter over `@wc/stats`'
 * `quantile` kept for packages that already call it. The input need not actually be sorted.
 *
 * @param sorted - values (ascending order not required)
 * @param q - percentile in [0, 100]
 * @returns the interpolated value (NaN for an empty array)
 * @throws WcError E_RANGE for q outside [0, 100] or NaN/Inf values
 * @example
 * percentileSorted([1, 2, 3, 4], 50); // 2.5
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  return quantile(sorted, q / 100);
}
