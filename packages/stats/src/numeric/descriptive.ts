import { WcError } from "@wc/tensor";
import { toFiniteF64, checkInt } from "../internal/checks";

/**
 * Sum with Neumaier compensation (error independent of n).
 * @param x - finite values.
 * @returns the sum.
 * @throws {WcError} `E_RANGE` for NaN/Inf entries.
 * @example
 * sum([1e16, 1, -1e16]); // 1
 */
export function sum(x: ArrayLike<number>): number {
  const v = toFiniteF64(x, "sum", "x");
  return sumF64(v);
}

/** Internal compensated sum of a trusted Float64Array. */
export function sumF64(v: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < v.length; i++) {
    const xi = v[i] as number;
    const t = s + xi;
    c += Math.abs(s) >= Math.abs(xi) ? s - t + xi : xi - t + s;
    s = t;
  }
  return s + c;
}

/**
 * Arithmetic mean (two-pass: compensated sum, then a correction pass).
 * @param x - finite values, at least one.
 * @returns the mean.
 * @throws {WcError} `E_SHAPE` for an empty input; `E_RANGE` for NaN/Inf.
 * @example
 * mean([1, 2, 3, 4]); // 2.5
 */
export function mean(x: ArrayLike<number>): number {
  const v = toFiniteF64(x, "mean", "x");
  if (v.length === 0) throw new WcError("E_SHAPE", "mean: the input is empty; need at least one value");
  return meanF64(v);
}

/** Internal mean of a trusted non-empty array. */
export function meanF64(v: ArrayLike<number>): number {
  const n = v.length;
  const m = sumF64(v) / n;
  let r = 0;
  for (let i = 0; i < n; i++) r += (v[i] as number) - m;
  return m + r / n;
}

/**
 * Variance with `ddof` degrees of freedom removed (NumPy `var(x, ddof=ddof)`), two-pass.
 * @param x - finite values; length must exceed ddof.
 * @param options - `ddof`: delta degrees of freedom (default 1, the unbiased sample variance).
 * @returns the variance.
 * @throws {WcError} `E_SHAPE` when n <= ddof; `E_RANGE` for NaN/Inf; `E_RANGE` for a negative/non-integer ddof.
 * @example
 * variance([1, 2, 3, 4]); // 1.6666666666666667
 */
export function variance(x: ArrayLike<number>, options: { ddof?: number } = {}): number {
  const ddof = options.ddof ?? 1;
  checkInt(ddof, 0, "variance", "ddof");
  const v = toFiniteF64(x, "variance", "x");
  if (v.length <= ddof) throw new WcError("E_SHAPE", `variance: need more than ddof = ${ddof} values, got ${v.length}`);
  return varianceF64(v, ddof);
}

/** Internal two-pass variance of a trusted array. */
export function varianceF64(v: ArrayLike<number>, ddof: number): number {
  const m = meanF64(v);
  let s = 0;
  let c = 0;
  for (let i = 0; i < v.length; i++) {
    const d = (v[i] as number) - m;
    s += d * d;
    c += d;
  }
  return (s - (c * c) / v.length) / (v.length - ddof);
}

/**
 * Sample quantile with linear interpolation between order statistics (NumPy `quantile(x, q)`,
 * method 'linear', i.e. Hyndman-Fan type 7).
 * @param x - finite values, at least one.
 * @param q - probability in [0, 1].
 * @returns the q-quantile.
 * @throws {WcError} `E_SHAPE` for an empty input; `E_RANGE` for q outside [0, 1] or NaN/Inf values.
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantile(x: ArrayLike<number>, q: number): number {
  const v = toFiniteF64(x, "quantile", "x");
  if (v.length === 0) throw new WcError("E_SHAPE", "quantile: the input is empty; need at least one value");
  if (!(q >= 0 && q <= 1)) throw new WcError("E_RANGE", `quantile: expected 0 <= q <= 1, got ${q}`);
  v.sort();
  return quantileSorted(v, q);
}

/** Internal: type-7 quantile of an ascending-sorted array. */
export function quantileSorted(s: ArrayLike<number>, q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, s.length - 1);
  const a = s[lo] as number;
  const b = s[hi] as number;
  const g = h - lo;
  // NumPy's lerp: a + g (b - a), switched to b - (1 - g)(b - a) for g >= 0.5
  return g >= 0.5 ? b - (b - a) * (1 - g) : a + (b - a) * g;
}
