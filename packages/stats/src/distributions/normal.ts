import { WcError } from "@wc/tensor";
import { erfc, expMinusSquare } from "../special/erf";

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const LOG_SQRT_2PI = 0.9189385332046728;

function checkScale(mean: number, sd: number, where: string): void {
  if (!Number.isFinite(mean) || !(sd > 0) || sd === Infinity) {
    throw new WcError("E_RANGE", `${where}: expected finite mean and sd > 0, got mean = ${mean}, sd = ${sd}`);
  }
}

function checkX(x: number, where: string): void {
  if (Number.isNaN(x)) throw new WcError("E_RANGE", `${where}: x is NaN`);
}

/**
 * Density of the normal distribution N(mean, sd^2).
 * @param x - point.
 * @param mean - location (default 0).
 * @param sd - standard deviation > 0 (default 1).
 * @returns the density at x.
 * @throws {WcError} `E_RANGE` for NaN x or sd <= 0.
 * @example
 * normalPdf(0); // 0.3989422804014327
 */
export function normalPdf(x: number, mean = 0, sd = 1): number {
  checkScale(mean, sd, "normalPdf");
  checkX(x, "normalPdf");
  const z = (x - mean) / sd;
  return (INV_SQRT_2PI * expMinusSquare(z * SQRT1_2)) / sd;
}

/**
 * Log density of N(mean, sd^2).
 * @param x - point.
 * @param mean - location (default 0).
 * @param sd - standard deviation > 0 (default 1).
 * @returns log density.
 * @throws {WcError} `E_RANGE` for NaN x or sd <= 0.
 * @example
 * normalLogPdf(1); // -1.4189385332046727
 */
export function normalLogPdf(x: number, mean = 0, sd = 1): number {
  checkScale(mean, sd, "normalLogPdf");
  checkX(x, "normalLogPdf");
  const z = (x - mean) / sd;
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sd);
}

/**
 * Cumulative distribution function of N(mean, sd^2) (SciPy `norm.cdf`), accurate in the lower tail.
 * @param x - point.
 * @param mean - location (default 0).
 * @param sd - standard deviation > 0 (default 1).
 * @returns P(X <= x).
 * @throws {WcError} `E_RANGE` for NaN x or sd <= 0.
 * @example
 * normalCdf(-1.959963984540054); // 0.025
 */
export function normalCdf(x: number, mean = 0, sd = 1): number {
  checkScale(mean, sd, "normalCdf");
  checkX(x, "normalCdf");
  return 0.5 * erfc(-((x - mean) / sd) * SQRT1_2);
}

/**
 * Survival function 1 - cdf of N(mean, sd^2), accurate in the upper tail.
 * @param x - point.
 * @param mean - location (default 0).
 * @param sd - standard deviation > 0 (default 1).
 * @returns P(X > x).
 * @throws {WcError} `E_RANGE` for NaN x or sd <= 0.
 * @example
 * normalSf(1.959963984540054); // 0.025
 */
export function normalSf(x: number, mean = 0, sd = 1): number {
  checkScale(mean, sd, "normalSf");
  checkX(x, "normalSf");
  return 0.5 * erfc(((x - mean) / sd) * SQRT1_2);
}

/** Standard normal quantile for 0 < p <= 0.5 (internal): rational start, then Halley steps on erfc. */
function lowerQuantile(p: number): number {
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q +
        2.938163982698783) /
      ((((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r +
        2.506628277459239) *
        q) /
      (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1);
  }
  for (let i = 0; i < 3; i++) {
    const e = 0.5 * erfc(-x * SQRT1_2) - p;
    const u = e / (INV_SQRT_2PI * expMinusSquare(x * SQRT1_2));
    const xn = x - u / (1 + 0.5 * x * u);
    if (Math.abs(xn - x) <= 1e-16 * Math.abs(xn)) return xn;
    x = xn;
  }
  return x;
}

/**
 * Quantile (inverse cdf) of N(mean, sd^2) (SciPy `norm.ppf`), full double precision including the tails.
 * @param p - probability in [0, 1]; 0 and 1 give -Infinity and Infinity.
 * @param mean - location (default 0).
 * @param sd - standard deviation > 0 (default 1).
 * @returns x with P(X <= x) = p.
 * @throws {WcError} `E_RANGE` for p outside [0, 1] or sd <= 0.
 * @example
 * normalQuantile(0.975); // 1.959963984540054
 */
export function normalQuantile(p: number, mean = 0, sd = 1): number {
  checkScale(mean, sd, "normalQuantile");
  if (!(p >= 0 && p <= 1)) throw new WcError("E_RANGE", `normalQuantile: expected 0 <= p <= 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return mean;
  const z = p < 0.5 ? lowerQuantile(p) : -lowerQuantile(1 - p);
  return mean + sd * z;
}
