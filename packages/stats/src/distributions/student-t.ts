import { WcError } from "@wc/tensor";
import { betaIncBoth } from "../special/incomplete-beta";
import { logBeta } from "../special/log-gamma";
import { solveIncreasing } from "../internal/solve";
import { normalQuantile } from "./normal";

function checkDf(df: number, where: string): void {
  if (!(df > 0)) throw new WcError("E_RANGE", `${where}: expected degrees of freedom df > 0, got ${df}`);
}

function checkX(x: number, where: string): void {
  if (Number.isNaN(x)) throw new WcError("E_RANGE", `${where}: x is NaN`);
}

function logPdf(t: number, df: number): number {
  if (df === Infinity) return -0.5 * t * t - 0.9189385332046728;
  return -logBeta(df / 2, 0.5) - 0.5 * Math.log(df) - ((df + 1) / 2) * Math.log1p((t * t) / df);
}

/** Lower tail P(T <= t) for t <= 0 (internal). */
function lowerTail(t: number, df: number): number {
  if (t === -Infinity) return 0;
  const t2 = t * t;
  return 0.5 * betaIncBoth(df / 2, 0.5, df / (df + t2), t2 / (df + t2))[0];
}

/**
 * Density of Student's t distribution with `df` degrees of freedom.
 * @param x - point.
 * @param df - degrees of freedom > 0 (may be fractional; `Infinity` gives the normal).
 * @returns the density at x.
 * @throws {WcError} `E_RANGE` for df <= 0 or NaN x.
 * @example
 * studentTPdf(0, 1); // 1 / pi = 0.3183098861837907
 */
export function studentTPdf(x: number, df: number): number {
  checkDf(df, "studentTPdf");
  checkX(x, "studentTPdf");
  return Math.exp(logPdf(x, df));
}

/**
 * Log density of Student's t distribution.
 * @param x - point.
 * @param df - degrees of freedom > 0.
 * @returns log density.
 * @throws {WcError} `E_RANGE` for df <= 0 or NaN x.
 * @example
 * studentTLogPdf(0, 1); // -log(pi) = -1.1447298858494002
 */
export function studentTLogPdf(x: number, df: number): number {
  checkDf(df, "studentTLogPdf");
  checkX(x, "studentTLogPdf");
  return logPdf(x, df);
}

/**
 * Cumulative distribution function of Student's t (SciPy `t.cdf`), accurate in both tails via the
 * regularized incomplete beta function.
 * @param x - point.
 * @param df - degrees of freedom > 0.
 * @returns P(T <= x).
 * @throws {WcError} `E_RANGE` for df <= 0 or NaN x.
 * @example
 * studentTCdf(2.0, 5); // 0.9490302605850709
 */
export function studentTCdf(x: number, df: number): number {
  checkDf(df, "studentTCdf");
  checkX(x, "studentTCdf");
  return x <= 0 ? lowerTail(x, df) : 1 - lowerTail(-x, df);
}

/**
 * Survival function 1 - cdf of Student's t, accurate in the upper tail.
 * @param x - point.
 * @param df - degrees of freedom > 0.
 * @returns P(T > x).
 * @throws {WcError} `E_RANGE` for df <= 0 or NaN x.
 * @example
 * studentTSf(2.0, 5); // 0.05096973941492914
 */
export function studentTSf(x: number, df: number): number {
  checkDf(df, "studentTSf");
  checkX(x, "studentTSf");
  return x >= 0 ? lowerTail(-x, df) : 1 - lowerTail(x, df);
}

/** Quantile for p < 0.5 (internal): closed forms for df = 1, 2; else Newton on log cdf. */
function lowerQuantile(p: number, df: number): number {
  if (df === 1) return -1 / Math.tan(Math.PI * p);
  if (df === 2) return -(1 - 2 * p) / Math.sqrt(2 * p * (1 - p));
  if (df === Infinity) return normalQuantile(p);
  const z = normalQuantile(p);
  const z3 = z * z * z;
  let x0 = z + (z3 + z) / (4 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96 * df * df);
  if (!(x0 < 0)) x0 = z;
  const logP = Math.log(p);
  return solveIncreasing(
    (x) => Math.log(lowerTail(Math.min(x, 0), df)) - logP,
    (x) => Math.exp(logPdf(x, df)) / lowerTail(Math.min(x, 0), df),
    x0,
    -Infinity,
    0,
    "studentTQuantile",
  );
}

/**
 * Quantile (inverse cdf) of Student's t (SciPy `t.ppf`), relative accuracy about 1e-14.
 * @param p - probability in [0, 1]; 0 and 1 give -Infinity and Infinity.
 * @param df - degrees of freedom > 0.
 * @returns t with P(T <= t) = p.
 * @throws {WcError} `E_RANGE` for p outside [0, 1] or df <= 0; `E_NOT_CONVERGED` if the solver fails.
 * @example
 * studentTQuantile(0.975, 10); // 2.2281388519649385
 */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df, "studentTQuantile");
  if (!(p >= 0 && p <= 1)) throw new WcError("E_RANGE", `studentTQuantile: expected 0 <= p <= 1, got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  return p < 0.5 ? lowerQuantile(p, df) : -lowerQuantile(1 - p, df);
}
