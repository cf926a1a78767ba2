import { WcError } from "@wc/tensor";

/** Internal: finite Float64Array copy. */
export function finite(x: ArrayLike<number>, where: string, name: string): Float64Array {
  if (x === null || typeof x !== "object" || typeof x.length !== "number") throw new WcError("E_ARGUMENT", `${where}: ${name} must be an array of numbers`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new WcError("E_RANGE", `${where}: ${name}[${i}] must be a finite number, got ${String(v)}`);
    out[i] = v;
  }
  return out;
}

/** Internal: equal lengths and at least `min` rows. */
export function pair(a: ArrayLike<number>, b: ArrayLike<number>, where: string, na: string, nb: string, min: number): void {
  if (a.length !== b.length) throw new WcError("E_SHAPE", `${where}: ${na} and ${nb} must have the same length, got ${a.length} and ${b.length}`);
  if (a.length < min) throw new WcError("E_SHAPE", `${where}: need at least ${min} pairs, got ${a.length}`);
}

/** Internal: mean. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return s / x.length;
}

/** Internal: sample standard deviation (ddof 1). */
export function sd(x: ArrayLike<number>): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((x[i] as number) - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
}

/** Internal: round half to even (NumPy `np.round`, Python `round`). */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
