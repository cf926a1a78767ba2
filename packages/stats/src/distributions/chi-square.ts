import { WcError } from "@wc/tensor";
import { gammaCdf, gammaLogPdf, gammaSf, regularizedGammaPInv } from "./gamma";

function checkK(k: number, where: string): void {
  if (!(k > 0) || k === Infinity) throw new WcError("E_RANGE", `${where}: expected finite degrees of freedom k > 0, got ${k}`);
}

/**
 * Density of the chi-square distribution with k degrees of freedom.
 * @param x - point.
 * @param k - degrees of freedom > 0.
 * @returns density at x.
 * @throws {WcError} `E_RANGE` for k <= 0 or NaN x.
 * @example
 * chiSquarePdf(2, 2); // e^-1 / 2 = 0.18393972058572117
 */
export function chiSquarePdf(x: number, k: number): number {
  checkK(k, "chiSquarePdf");
  return Math.exp(gammaLogPdf(x, k / 2, 2));
}

/**
 * Log density of the chi-square distribution.
 * @param x - point.
 * @param k - degrees of freedom > 0.
 * @returns log density.
 * @throws {WcError} `E_RANGE` for k <= 0 or NaN x.
 * @example
 * chiSquareLogPdf(2, 2); // -1 - log 2
 */
export function chiSquareLogPdf(x: number, k: number): number {
  checkK(k, "chiSquareLogPdf");
  return gammaLogPdf(x, k / 2, 2);
}

/**
 * Cumulative distribution function of the chi-square distribution (SciPy `chi2.cdf`).
 * @param x - point.
 * @param k - degrees of freedom > 0.
 * @returns P(X <= x).
 * @throws {WcError} `E_RANGE` for k <= 0 or NaN x.
 * @example
 * chiSquareCdf(3.841458820694124, 1); // 0.95
 */
export function chiSquareCdf(x: number, k: number): number {
  checkK(k, "chiSquareCdf");
  return gammaCdf(x, k / 2, 2);
}

/**
 * Survival function of the chi-square distribution, accurate for tiny p-values.
 * @param x - point.
 * @param k - degrees of freedom > 0.
 * @returns P(X > x).
 * @throws {WcError} `E_RANGE` for k <= 0 or NaN x.
 * @example
 * chiSquareSf(3.841458820694124, 1); // 0.05
 */
export function chiSquareSf(x: number, k: number): number {
  checkK(k, "chiSquareSf");
  return gammaSf(x, k / 2, 2);
}

/**
 * Quantile of the chi-square distribution (SciPy `chi2.ppf`), relative accuracy about 1e-14.
 * @param p - probability in [0, 1].
 * @param k - degrees of freedom > 0.
 * @returns x with P(X <= x) = p.
 * @throws {WcError} `E_RANGE` for invalid arguments; `E_NOT_CONVERGED` if the solver fails.
 * @example
 * chiSquareQuantile(0.95, 1); // 3.841458820694124
 */
export function chiSquareQuantile(p: number, k: number): number {
  checkK(k, "chiSquareQuantile");
  return 2 * regularizedGammaPInv(k / 2, p);
}
