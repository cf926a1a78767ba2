import { WcError } from "@wc/tensor";
import { studentTSf } from "../distributions/student-t";

/** Result of {@link williamsTest}. */
export interface WilliamsResult {
  /** The t statistic (positive when r12 > r13). */
  readonly t: number;
  /** Degrees of freedom, n - 3. */
  readonly df: number;
  /** Two-sided p-value. */
  readonly pValue: number;
}

/**
 * Williams' t test for two dependent correlations sharing a variable (Williams 1959, in the form
 * recommended by Steiger 1980): H0 rho12 = rho13 given r23.
 * t = (r12 - r13) sqrt((n - 1)(1 + r23) / (2 (n - 1)/(n - 3) |R| + rbar^2 (1 - r23)^3)),
 * |R| = 1 - r12^2 - r13^2 - r23^2 + 2 r12 r13 r23, rbar = (r12 + r13)/2, df = n - 3.
 *
 * @param r12 - correlation of variable 1 with 2 (e.g. metric A with the outcome).
 * @param r13 - correlation of variable 1 with 3 (metric B with the outcome).
 * @param r23 - correlation of 2 with 3.
 * @param n - sample size, > 3.
 * @returns {@link WilliamsResult}.
 * @throws {WcError} `E_RANGE` for correlations outside [-1, 1], n <= 3, or a non-positive-definite correlation matrix.
 * @example
 * williamsTest(0.3, 0.15, 0.15, 500); // { t: 2.68188..., df: 497, pValue: 0.007565... }
 */
export function williamsTest(r12: number, r13: number, r23: number, n: number): WilliamsResult {
  for (const [name, r] of [["r12", r12], ["r13", r13], ["r23", r23]] as const) {
    if (!(r >= -1 && r <= 1)) throw new WcError("E_RANGE", `williamsTest: expected -1 <= ${name} <= 1, got ${r}`);
  }
  if (!(n > 3)) throw new WcError("E_RANGE", `williamsTest: need n > 3, got ${n}`);
  const det = 1 - r12 * r12 - r13 * r13 - r23 * r23 + 2 * r12 * r13 * r23;
  if (!(det >= 0)) throw new WcError("E_RANGE", `williamsTest: the correlations (${r12}, ${r13}, ${r23}) do not form a positive semi-definite matrix`);
  const rbar = (r12 + r13) / 2;
  const denom = (2 * (n - 1) * det) / (n - 3) + rbar * rbar * Math.pow(1 - r23, 3);
  const t = (r12 - r13) * Math.sqrt(((n - 1) * (1 + r23)) / denom);
  const df = n - 3;
  return { t, df, pValue: Math.min(1, 2 * studentTSf(Math.abs(t), df)) };
}
