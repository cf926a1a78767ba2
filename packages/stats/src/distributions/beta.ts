import { WcError } from "@wc/tensor";
import { betaIncBoth } from "../special/incomplete-beta";
import { logBeta } from "../special/log-gamma";
import { solveIncreasing } from "../internal/solve";
import { normalQuantile } from "./normal";

function checkAB(a: number, b: number, where: string): void {
  if (!(a > 0) || !(b > 0) || a === Infinity || b === Infinity) {
    throw new WcError("E_RANGE", `${where}: expected finite a > 0 and b > 0, got a = ${a}, b = ${b}`);
  }
}

function checkX(x: number, where: string): void {
  if (Number.isNaN(x)) throw new WcError("E_RANGE", `${where}: x is NaN`);
}

/**
 * Log density of the beta distribution Beta(a, b).
 * @param x - point.
 * @param a - shape > 0.
 * @param b - shape > 0.
 * @returns log density (`-Infinity` outside [0, 1]).
 * @throws {WcError} `E_RANGE` for invalid shapes or NaN x.
 * @example
 * betaLogPdf(0.5, 2, 2); // log 1.5
 */
export function betaLogPdf(x: number, a: number, b: number): number {
  checkAB(a, b, "betaLogPdf");
  checkX(x, "betaLogPdf");
  if (x < 0 || x > 1) return -Infinity;
  if (x === 0) return a === 1 ? -logBeta(a, b) : a < 1 ? Infinity : -Infinity;
  if (x === 1) return b === 1 ? -logBeta(a, b) : b < 1 ? Infinity : -Infinity;
  return (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBeta(a, b);
}

/**
 * Density of the beta distribution.
 * @param x - point.
 * @param a - shape > 0.
 * @param b - shape > 0.
 * @returns density at x.
 * @throws {WcError} `E_RANGE` for invalid shapes or NaN x.
 * @example
 * betaPdf(0.5, 2, 2); // 1.5
 */
export function betaPdf(x: number, a: number, b: number): number {
  return Math.exp(betaLogPdf(x, a, b));
}

/**
 * Cumulative distribution function of Beta(a, b) (the regularized incomplete beta).
 * @param x - point.
 * @param a - shape > 0.
 * @param b - shape > 0.
 * @returns P(X <= x).
 * @throws {WcError} `E_RANGE` for invalid shapes or NaN x.
 * @example
 * betaCdf(0.4, 2, 3); // 0.5248
 */
export function betaCdf(x: number, a: number, b: number): number {
  checkAB(a, b, "betaCdf");
  checkX(x, "betaCdf");
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return betaIncBoth(a, b, x)[0];
}

/**
 * Survival function of Beta(a, b), accurate when it is tiny.
 * @param x - point.
 * @param a - shape > 0.
 * @param b - shape > 0.
 * @returns P(X > x).
 * @throws {WcError} `E_RANGE` for invalid shapes or NaN x.
 * @example
 * betaSf(0.4, 2, 3); // 0.4752
 */
export function betaSf(x: number, a: number, b: number): number {
  checkAB(a, b, "betaSf");
  checkX(x, "betaSf");
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  return betaIncBoth(a, b, x)[1];
}

/** Solves I_x(a, b) = p for p <= 0.5 (internal). */
function lowerInv(a: number, b: number, p: number): number {
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) * (a + b) * (a + b + 1)));
  let x0 = mean + normalQuantile(p) * sd;
  const small = Math.exp((Math.log(p) + Math.log(a) + logBeta(a, b)) / a);
  if (!(x0 > 0 && x0 < 1) || small < x0) x0 = Math.min(small, 0.5 * mean + 0.5 * (x0 > 0 ? x0 : 0));
  if (!(x0 > 0)) x0 = Math.min(small, mean);
  const lp = Math.log(p);
  const lb = logBeta(a, b);
  return solveIncreasing(
    (x) => Math.log(betaIncBoth(a, b, x)[0]) - lp,
    (x) => Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lb) / betaIncBoth(a, b, x)[0],
    x0,
    0,
    1,
    "betaQuantile",
    true,
  );
}

/**
 * Inverse of the regularized incomplete beta function in x: I_x(a, b) = p (SciPy `betaincinv`).
 * @param a - shape > 0.
 * @param b - shape > 0.
 * @param p - probability in [0, 1].
 * @returns x in [0, 1].
 * @throws {WcError} `E_RANGE` for invalid arguments; `E_NOT_CONVERGED` if the solver fails.
 * @example
 * regularizedBetaInv(2, 3, 0.5248); // 0.4
 */
export function regularizedBetaInv(a: number, b: number, p: number): number {
  checkAB(a, b, "regularizedBetaInv");
  if (!(p >= 0 && p <= 1)) throw new WcError("E_RANGE", `regularizedBetaInv: expected 0 <= p <= 1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  return p <= 0.5 ? lowerInv(a, b, p) : 1 - lowerInv(b, a, 1 - p);
}

/**
 * Quantile of Beta(a, b) (SciPy `beta.ppf`).
 * @param p - probability in [0, 1].
 * @param a - shape > 0.
 * @param b - shape > 0.
 * @returns x with P(X <= x) = p.
 * @throws {WcError} `E_RANGE` for invalid arguments; `E_NOT_CONVERGED` if the solver fails.
 * @example
 * betaQuantile(0.5, 2, 2); // 0.5
 */
export function betaQuantile(p: number, a: number, b: number): number {
  return regularizedBetaInv(a, b, p);
}
