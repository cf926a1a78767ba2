/** Posterior summary of a scalar: mean, sd and the 5/50/95% quantiles. */
export interface Summary {
  readonly mean: number;
  readonly sd: number;
  readonly q05: number;
  readonly q50: number;
  readonly q95: number;
}

/** Linear-interpolation quantile (NumPy's default) of sorted values. */
export function sortedQuantile(s: ArrayLike<number>, p: number): number {
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  return (s[lo] as number) + (h - lo) * ((s[hi] as number) - (s[lo] as number));
}

/** {@link Summary} of draws. */
export function summarize(x: ArrayLike<number>): Summary {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i] as number;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += ((x[i] as number) - m) ** 2;
  const s = Float64Array.from(x).sort();
  return { mean: m, sd: n > 1 ? Math.sqrt(v / (n - 1)) : 0, q05: sortedQuantile(s, 0.05), q50: sortedQuantile(s, 0.5), q95: sortedQuantile(s, 0.95) };
}
