import { WcError } from "@wc/tensor";
import { checkFinite, finiteArray } from "./checks";

/** A reuse level: 1 = reuse as is, 2 = reuse with downgrading, 3 = not for structural reuse. */
export type ReuseLevel = 1 | 2 | 3;

/**
 * Reuse levels from residual performance and two thresholds (paper): level 1 if R >= t12,
 * level 2 if t23 <= R < t12, level 3 if R < t23.
 *
 * @param r - residual performance per specimen.
 * @param t - [t12, t23] with t12 > t23 (the paper's t12 is 0.90).
 * @returns the level per specimen.
 * @throws {WcError} `E_SHAPE` for an empty `r` or `t` not of length 2; `E_RANGE` for NaN/Inf or t12 <= t23.
 * @example
 * levelsFromThresholds([0.95, 0.85, 0.6], [0.9, 0.7]); // [1, 2, 3]
 */
export function levelsFromThresholds(r: readonly number[], t: readonly [number, number]): ReuseLevel[] {
  const where = "levelsFromThresholds";
  const v = finiteArray(r, where, "r");
  if (!Array.isArray(t) || t.length !== 2) throw new WcError("E_SHAPE", `${where}: t must be [t12, t23], got ${JSON.stringify(t)}`);
  const t12 = checkFinite(t[0], where, "t12");
  const t23 = checkFinite(t[1], where, "t23");
  if (!(t12 > t23)) throw new WcError("E_RANGE", `${where}: expected t12 > t23, got t12 = ${t12}, t23 = ${t23}`);
  return Array.from(v, (x) => (x >= t12 ? 1 : x >= t23 ? 2 : 3));
}
