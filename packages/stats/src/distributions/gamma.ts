import { WcError } from "@wc/tensor";
import { gammaPQ, logGammaPrefactor } from "../special/incomplete-gamma";
import { logGamma } from "../special/log-gamma";
import { solveIncreasing } from "../internal/solve";
import { normalQuantile } from "./normal";

function checkShape(a: number, scale: number, where: string): void {
  if (!(a > 0) || a === Infinity || !(scale > 0) || scale === Infinity) {
    throw new WcError("E_RANGE", `${where}: expected finite shape > 0 and scale > 0, got shape = ${a}, scale = ${scale}`);
  }
}

function checkX(x: number, where: string): void {
  if (Number.isNaN(x)) throw new WcError("E_RANGE", `${where}: x is NaN`);
}

/** Log density of the standard gamma(a) at x > 0 (internal). */
function stdLogPdf(x: number, a: number): number {
  return logGammaPrefactor(a, x) - Math.log(x);
}

/**
 * Log density of the gamma distribution with `shape` and `scale` (SciPy `gamma.logpdf(x, a, scale=scale)`).
 * @param x - point.
 * @param shape - shape a > 0.
 * @param scale - scale > 0 (default 1).
 * @returns log density (`-Infinity` for x < 0).
 * @throws {WcError} `E_RANGE` for invalid parameters or NaN x.
 * @example
 * gammaLogPdf(1, 1); // -1
 */
export function gammaLogPdf(x: number, shape: number, scale = 1): number {
  checkShape(shape, scale, "gammaLogPdf");
  checkX(x, "gammaLogPdf");
  if (x < 0) return -Infinity;
  const z = x / scale;
  if (z === 0) {
    if (shape === 1) return -Math.log(scale);
    return shape < 1 ? Infinity : -Infinity;
  }
  if (z === Infinity) return -Infinity;
  return stdLogPdf(z, shape) - Math.log(scale);
}

/**
 * Density of the gamma distribution.
 * @param x - point.
 * @param shape - shape a > 0.
 * @param scale - scale > 0 (default 1).
 * @returns density at x.
 * @throws {WcError} `E_RANGE` for invalid parameters or NaN x.
 * @example
 * gammaPdf(2, 2); // 2 e^-2 = 0.2706705664732254
 */
export function gammaPdf(x: number, shape: number, scale = 1): number {
  return Math.exp(gammaLogPdf(x, shape, scale));
}

/**
 * Cumulative distribution function of the gamma distribution (regularized lower incomplete gamma).
 * @param x - point.
 * @param shape - shape a > 0.
 * @param scale - scale > 0 (default 1).
 * @returns P(X <= x).
 * @throws {WcError} `E_RANGE` for invalid parameters or NaN x.
 * @example
 * gammaCdf(2, 1); // 0.8646647167633873
 */
export function gammaCdf(x: number, shape: number, scale = 1): number {
  checkShape(shape, scale, "gammaCdf");
  checkX(x, "gammaCdf");
  if (x <= 0) return 0;
  return gammaPQ(shape, x / scale)[0];
}

/**
 * Survival function of the gamma distribution (regularized upper incomplete gamma), accurate in the tail.
 * @param x - point.
 * @param shape - shape a > 0.
 * @param scale - scale > 0 (default 1).
 * @returns P(X > x).
 * @throws {WcError} `E_RANGE` for invalid parameters or NaN x.
 * @example
 * gammaSf(2, 1); // 0.1353352832366127
 */
export function gammaSf(x: number, shape: number, scale = 1): number {
  checkShape(shape, scale, "gammaSf");
  checkX(x, "gammaSf");
  if (x <= 0) return 1;
  return gammaPQ(shape, x / scale)[1];
}

/**
 * Inverse of the regularized lower incomplete gamma function in x: P(a, x) = p (SciPy `gammaincinv`).
 * @param a - shape > 0.
 * @param p - probability in [0, 1].
 * @returns x >= 0 with P(a, x) = p.
 * @throws {WcError} `E_RANGE` for a <= 0 or p outside [0, 1]; `E_NOT_CONVERGED` if the solver fails.
 * @example
 * regularizedGammaPInv(1, 0.5); // log 2 = 0.6931471805599453
 */
export function regularizedGammaPInv(a: number, p: number): number {
  checkShape(a, 1, "regularizedGammaPInv");
  if (!(p >= 0 && p <= 1)) throw new WcError("E_RANGE", `regularizedGammaPInv: expected 0 <= p <= 1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  // start: Wilson-Hilferty, or the small-x expansion P ~ x^a / Gamma(a + 1)
  const z = normalQuantile(p);
  const c = 1 / (9 * a);
  let x0 = a * Math.pow(1 - c + z * Math.sqrt(c), 3);
  const small = Math.exp((Math.log(p) + logGamma(a + 1)) / a);
  if (!(x0 > 0) || small < 0.2 * a) x0 = Math.min(Math.max(small, 1e-300), x0 > 0 ? x0 : Infinity);
  const pdf = (x: number): number => Math.exp(stdLogPdf(x, a));
  if (p <= 0.5) {
    const lp = Math.log(p);
    return solveIncreasing((x) => Math.log(gammaPQ(a, x)[0]) - lp, (x) => pdf(x) / gammaPQ(a, x)[0], x0, 0, Infinity, "regularizedGammaPInv", true);
  }
  const lq = Math.log1p(-p);
  return solveIncreasing((x) => lq - Math.log(gammaPQ(a, x)[1]), (x) => pdf(x) / gammaPQ(a, x)[1], x0, 0, Infinity, "regularizedGammaPInv", true);
}

/**
 * Quantile of the gamma distribution (SciPy `gamma.ppf(p, a, scale=scale)`).
 * @param p - probability in [0, 1].
 * @param shape - shape a > 0.
 * @param scale - scale > 0 (default 1).
 * @returns x with P(X <= x) = p.
 * @throws {WcError} `E_RANGE` for invalid parameters; `E_NOT_CONVERGED` if the solver fails.
 * @example
 * gammaQuantile(0.5, 1); // 0.6931471805599453
 */
export function gammaQuantile(p: number, shape: number, scale = 1): number {
  checkShape(shape, scale, "gammaQuantile");
  return scale * regularizedGammaPInv(shape, p);
}
