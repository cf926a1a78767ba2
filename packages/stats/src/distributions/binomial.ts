import { WcError } from "@wc/tensor";
import { betaIncBoth } from "../special/incomplete-beta";
import { logBeta } from "../special/log-gamma";
import { normalQuantile } from "./normal";

function checkNP(n: number, p: number, where: string): void {
  if (!Number.isInteger(n) || n < 0) throw new WcError("E_RANGE", `${where}: expected an integer n >= 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new WcError("E_RANGE", `${where}: expected 0 <= p <= 1, got ${p}`);
}

function checkK(k: number, where: string): void {
  if (Number.isNaN(k)) throw new WcError("E_RANGE", `${where}: k is NaN`);
}

/**
 * Log probability mass of Binomial(n, p) at k.
 * @param k - number of successes (non-integers have mass 0).
 * @param n - trials, integer >= 0.
 * @param p - success probability in [0, 1].
 * @returns log P(K = k).
 * @throws {WcError} `E_RANGE` for invalid n, p or NaN k.
 * @example
 * binomialLogPmf(5, 10, 0.5); // log(252/1024)
 */
export function binomialLogPmf(k: number, n: number, p: number): number {
  checkNP(n, p, "binomialLogPmf");
  checkK(k, "binomialLogPmf");
  if (!Number.isInteger(k) || k < 0 || k > n) return -Infinity;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (p === 1) return k === n ? 0 : -Infinity;
  const lc = k === 0 || k === n ? 0 : -Math.log(n + 1) - logBeta(k + 1, n - k + 1);
  return lc + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/**
 * Probability mass of Binomial(n, p) at k (SciPy `binom.pmf`).
 * @param k - number of successes.
 * @param n - trials, integer >= 0.
 * @param p - success probability in [0, 1].
 * @returns P(K = k).
 * @throws {WcError} `E_RANGE` for invalid n, p or NaN k.
 * @example
 * binomialPmf(5, 10, 0.5); // 0.24609375
 */
export function binomialPmf(k: number, n: number, p: number): number {
  return Math.exp(binomialLogPmf(k, n, p));
}

/** [cdf, sf] at integer k (internal). */
function cdfSf(k: number, n: number, p: number): [number, number] {
  if (k < 0) return [0, 1];
  if (k >= n) return [1, 0];
  if (p === 0) return [1, 0];
  if (p === 1) return [0, 1];
  // P(K <= k) = I_{1-p}(n - k, k + 1)
  return betaIncBoth(n - k, k + 1, 1 - p, p);
}

/**
 * Cumulative distribution function of Binomial(n, p) (SciPy `binom.cdf`).
 * @param k - point (floored).
 * @param n - trials, integer >= 0.
 * @param p - success probability in [0, 1].
 * @returns P(K <= k).
 * @throws {WcError} `E_RANGE` for invalid n, p or NaN k.
 * @example
 * binomialCdf(5, 10, 0.5); // 0.623046875
 */
export function binomialCdf(k: number, n: number, p: number): number {
  checkNP(n, p, "binomialCdf");
  checkK(k, "binomialCdf");
  return cdfSf(Math.floor(k), n, p)[0];
}

/**
 * Survival function of Binomial(n, p), accurate for tiny upper-tail probabilities.
 * @param k - point (floored).
 * @param n - trials, integer >= 0.
 * @param p - success probability in [0, 1].
 * @returns P(K > k).
 * @throws {WcError} `E_RANGE` for invalid n, p or NaN k.
 * @example
 * binomialSf(5, 10, 0.5); // 0.376953125
 */
export function binomialSf(k: number, n: number, p: number): number {
  checkNP(n, p, "binomialSf");
  checkK(k, "binomialSf");
  return cdfSf(Math.floor(k), n, p)[1];
}

/**
 * Quantile of Binomial(n, p) (SciPy `binom.ppf`): the smallest integer k with P(K <= k) >= q.
 * @param q - probability in [0, 1].
 * @param n - trials, integer >= 0.
 * @param p - success probability in [0, 1].
 * @returns the quantile k (an integer in [0, n]; -1 for q = 0 as SciPy returns).
 * @throws {WcError} `E_RANGE` for invalid arguments.
 * @example
 * binomialQuantile(0.5, 10, 0.5); // 5
 */
export function binomialQuantile(q: number, n: number, p: number): number {
  checkNP(n, p, "binomialQuantile");
  if (!(q >= 0 && q <= 1)) throw new WcError("E_RANGE", `binomialQuantile: expected 0 <= q <= 1, got ${q}`);
  if (q === 0) return -1;
  if (q === 1 || p === 1) return n;
  const sd = Math.sqrt(n * p * (1 - p));
  let k = Math.min(n, Math.max(0, Math.floor(n * p + normalQuantile(Math.min(Math.max(q, 1e-300), 1 - 1e-16)) * sd)));
  while (k > 0 && cdfSf(k - 1, n, p)[0] >= q) k--;
  while (k < n && cdfSf(k, n, p)[0] < q) k++;
  return k;
}
