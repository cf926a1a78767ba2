import { WcError } from "@wc/tensor";
import { finiteF64 } from "./checks";

/** Result of {@link normalizeToUnit}. */
export interface UnitScale {
  /** (x - min) / (max - min), clipped to [0, 1]. */
  values: Float64Array;
  min: number;
  max: number;
  /** Maps a value on [0, 1] back to the original scale: min + v (max - min). */
  inverse(v: number): number;
}

/**
 * Min-max normalisation to [0, 1] with declared (or observed) bounds, as cje's `normalization.py`.
 *
 * @param x - values (finite).
 * @param o - `min`/`max` bounds (default: the observed extremes).
 * @returns normalised values and the inverse map.
 * @throws {WcError} `E_RANGE` for NaN/Inf or max <= min; `E_SHAPE` for an empty input without bounds.
 * @example
 * normalizeToUnit([1, 5, 10], { min: 0, max: 10 }).values; // [0.1, 0.5, 1]
 */
export function normalizeToUnit(x: ArrayLike<number>, o: { min?: number; max?: number } = {}): UnitScale {
  const v = finiteF64(x, "normalizeToUnit", "x");
  if (v.length === 0 && (o.min === undefined || o.max === undefined)) throw new WcError("E_SHAPE", "normalizeToUnit: empty input and no declared bounds");
  let lo = o.min ?? Infinity;
  let hi = o.max ?? -Infinity;
  if (o.min === undefined) for (const a of v) lo = Math.min(lo, a);
  if (o.max === undefined) for (const a of v) hi = Math.max(hi, a);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new WcError("E_RANGE", `normalizeToUnit: need finite min < max, got [${lo}, ${hi}]`);
  const span = hi - lo;
  const values = v.map((a) => Math.min(1, Math.max(0, (a - lo) / span)));
  return { values, min: lo, max: hi, inverse: (u) => lo + u * span };
}
