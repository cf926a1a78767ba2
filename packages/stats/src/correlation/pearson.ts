import { WcError } from "@wc/tensor";
import { assertMinLength, assertSameLength, checkLevel, toFiniteF64 } from "../internal/checks";
import { betaIncBoth } from "../special/incomplete-beta";
import { normalQuantile } from "../distributions/normal";
import { meanF64 } from "../numeric/descriptive";

/** Which tail(s) a p-value covers. */
export type Alternative = "two-sided" | "less" | "greater";

/** A correlation coefficient with its p-value (and an interval where one is defined). */
export interface CorrelationResult {
  /** The coefficient. */
  readonly statistic: number;
  /** p-value of the null hypothesis of no association, for the requested alternative. */
  readonly pValue: number;
  /** Number of pairs. */
  readonly n: number;
  /** Confidence interval [low, high] (Fisher z for Pearson/Spearman; absent where undefined, e.g. n <= 3). */
  readonly ci?: readonly [number, number];
}

/** Options shared by the correlation functions. */
export interface CorrelationOptions {
  /** Alternative hypothesis for the p-value (default 'two-sided'). */
  alternative?: Alternative;
  /** Confidence level of the interval (default 0.95). */
  confidenceLevel?: number;
}

/** Internal: Pearson r of two trusted equal-length arrays (centred, normalised, clipped to [-1, 1]). */
export function pearsonR(x: Float64Array, y: Float64Array, where: string): number {
  const n = x.length;
  const mx = meanF64(x);
  const my = meanF64(y);
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) {
    throw new WcError("E_RANGE", `${where}: ${sxx === 0 ? "x" : "y"} is constant, so the correlation is undefined; drop the constant variable`);
  }
  const nx = Math.sqrt(sxx);
  const ny = Math.sqrt(syy);
  let r = 0;
  for (let i = 0; i < n; i++) r += (((x[i] as number) - mx) / nx) * (((y[i] as number) - my) / ny);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Fisher z confidence interval for a correlation: tanh(atanh(r) -+ z_{(1+level)/2} / sqrt(n - 3))
 * (SciPy `pearsonr(...).confidence_interval()`).
 *
 * @param r - correlation in [-1, 1].
 * @param n - number of pairs, > 3.
 * @param options - `confidenceLevel` (default 0.95).
 * @returns [low, high].
 * @throws {WcError} `E_RANGE` for r outside [-1, 1], n <= 3 or a level outside (0, 1).
 * @example
 * fisherInterval(0.15, 500); // [0.06314..., 0.23460...]
 */
export function fisherInterval(r: number, n: number, options: { confidenceLevel?: number } = {}): [number, number] {
  const level = options.confidenceLevel ?? 0.95;
  checkLevel(level, "fisherInterval");
  if (!(r >= -1 && r <= 1)) throw new WcError("E_RANGE", `fisherInterval: expected -1 <= r <= 1, got ${r}`);
  if (!(n > 3)) throw new WcError("E_RANGE", `fisherInterval: need n > 3 pairs, got ${n}`);
  const z = Math.atanh(r);
  const h = normalQuantile((1 + level) / 2) / Math.sqrt(n - 3);
  return [Math.tanh(z - h), Math.tanh(z + h)];
}

/**
 * Pearson's product-moment correlation with its exact p-value under bivariate normality (the
 * Beta(n/2 - 1, n/2 - 1) null distribution on [-1, 1], as SciPy `pearsonr`) and a Fisher z interval.
 *
 * @param x - finite values.
 * @param y - finite values, same length, n >= 2.
 * @param options - alternative (default 'two-sided'), confidenceLevel (default 0.95).
 * @returns {@link CorrelationResult}; `ci` only when n > 3.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or n < 2; `E_RANGE` for NaN/Inf or a constant input.
 * @example
 * pearson([1, 2, 3, 4], [1, 3, 2, 4]).statistic; // 0.8
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, options: CorrelationOptions = {}): CorrelationResult {
  const where = "pearson";
  const xs = toFiniteF64(x, where, "x");
  const ys = toFiniteF64(y, where, "y");
  assertSameLength(xs.length, ys.length, where);
  assertMinLength(xs.length, 2, where);
  const r = pearsonR(xs, ys, where);
  const n = xs.length;
  return withCi(r, correlationPValue(r, n, options.alternative ?? "two-sided", where), n, options);
}

/** Internal: attaches the Fisher interval when defined. */
export function withCi(r: number, pValue: number, n: number, options: CorrelationOptions): CorrelationResult {
  const level = options.confidenceLevel ?? 0.95;
  checkLevel(level, "correlation");
  return n > 3 ? { statistic: r, pValue, n, ci: fisherInterval(r, n, { confidenceLevel: level }) } : { statistic: r, pValue, n };
}

/** Internal: p-value of r under the Beta(n/2 - 1, n/2 - 1) null on [-1, 1]. */
export function correlationPValue(r: number, n: number, alternative: Alternative, where: string): number {
  if (n === 2) return alternative === "two-sided" ? 1 : 0.5;
  const ab = n / 2 - 1;
  // P(R <= r) = I_{(1+r)/2}(ab, ab); the two halves computed directly for accuracy
  const [cdf, sf] = betaIncBoth(ab, ab, (1 + r) / 2, (1 - r) / 2);
  if (alternative === "less") return cdf;
  if (alternative === "greater") return sf;
  if (alternative === "two-sided") return Math.min(1, 2 * Math.min(cdf, sf));
  throw new WcError("E_ARGUMENT", `${where}: alternative must be 'two-sided', 'less' or 'greater', got ${String(alternative)}`);
}
