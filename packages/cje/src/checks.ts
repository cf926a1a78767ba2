import { WcError } from "@wc/tensor";

/** Internal: copies to Float64Array and rejects NaN/Inf. */
export function finiteF64(x: ArrayLike<number>, where: string, name: string): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new WcError("E_RANGE", `${where}: ${name}[${i}] must be a finite number, got ${String(v)}; drop or fix that row`);
    }
    out[i] = v;
  }
  return out;
}

/** Internal: throws E_SHAPE unless the lengths match. */
export function sameLength(a: number, b: number, where: string, na: string, nb: string): void {
  if (a !== b) throw new WcError("E_SHAPE", `${where}: ${na} and ${nb} must have the same length, got ${a} and ${b}`);
}

/** Internal: integer option in [lo, hi]. */
export function intOption(v: number, lo: number, hi: number, where: string, name: string): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new WcError("E_RANGE", `${where}: ${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  return v;
}

/** Internal: number option in (lo, hi] (or [lo, hi] with closedLow). */
export function numOption(v: number, lo: number, hi: number, where: string, name: string, closedLow = false): number {
  const ok = typeof v === "number" && Number.isFinite(v) && (closedLow ? v >= lo : v > lo) && v <= hi;
  if (!ok) throw new WcError("E_RANGE", `${where}: ${name} must be in ${closedLow ? "[" : "("}${lo}, ${hi}], got ${String(v)}`);
  return v;
}

/** Internal: mean of a Float64Array. */
export function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

/** Internal: clip to [0, 1]. */
export function clip01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}
