import { WcError } from "@wc/tensor";
import { assertMinLength, assertSameLength, toFiniteF64 } from "../internal/checks";
import { rankAverage } from "../numeric/ranks";
import { studentTCdf, studentTSf } from "../distributions/student-t";
import { pearsonR, withCi, type CorrelationOptions, type CorrelationResult } from "./pearson";

/**
 * Spearman's rank correlation: Pearson's r of average ranks (ties share their mean rank), with
 * SciPy `spearmanr`'s p-value (t = r sqrt((n - 2) / (1 - r^2)) on n - 2 degrees of freedom) and a
 * Fisher z interval (an approximation for rank correlations, as is usual).
 *
 * @param x - finite values.
 * @param y - finite values, same length, n >= 2.
 * @param options - alternative (default 'two-sided'), confidenceLevel (default 0.95).
 * @returns {@link CorrelationResult}; `ci` only when n > 3.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or n < 2; `E_RANGE` for NaN/Inf or a constant input.
 * @example
 * spearman([1, 2, 3, 4], [10, 30, 20, 40]).statistic; // 0.8
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>, options: CorrelationOptions = {}): CorrelationResult {
  const where = "spearman";
  const xs = toFiniteF64(x, where, "x");
  const ys = toFiniteF64(y, where, "y");
  assertSameLength(xs.length, ys.length, where);
  assertMinLength(xs.length, 2, where);
  const n = xs.length;
  const r = pearsonR(rankAverage(xs), rankAverage(ys), where);
  const alt = options.alternative ?? "two-sided";
  const dof = n - 2;
  let p: number;
  if (dof === 0) p = alt === "two-sided" ? 1 : 0.5;
  else {
    const denom = (r + 1) * (1 - r);
    const t = denom <= 0 ? (r > 0 ? Infinity : -Infinity) : r * Math.sqrt(dof / denom);
    if (alt === "two-sided") p = Math.min(1, 2 * studentTSf(Math.abs(t), dof));
    else if (alt === "greater") p = studentTSf(t, dof);
    else if (alt === "less") p = studentTCdf(t, dof);
    else throw new WcError("E_ARGUMENT", `${where}: alternative must be 'two-sided', 'less' or 'greater', got ${String(alt)}`);
  }
  return withCi(r, p, n, options);
}
