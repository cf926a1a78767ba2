/**
 * A tiny seeded uniform generator (mulberry32) for the bootstrap helpers, used until
 * `@wc/tensor`'s splittable RNG exists; every bootstrap also accepts a caller's `() => number`.
 *
 * @param seed - any integer (taken modulo 2^32)
 * @returns a function returning uniforms in [0, 1)
 * @example
 * const u = seededUniform(0); u(); // same value on every run
 */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Linear-interpolation percentile of sorted values (NumPy `percentile` default).
 *
 * @param sorted - ascending values
 * @param q - percentile in [0, 100]
 * @returns the interpolated value (NaN for an empty array)
 * @example
 * percentileSorted([1, 2, 3, 4], 50); // 2.5
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = ((n - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const frac = pos - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * frac;
}
