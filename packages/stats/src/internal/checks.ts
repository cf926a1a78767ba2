import { WcError } from "@wc/tensor";

/** Internal: a 1-D numeric input accepted by the statistics functions. */
export type NumericArray = ArrayLike<number>;

/** Copies `a` into a new Float64Array, rejecting NaN/Inf with `E_RANGE`. */
export function toFiniteF64(a: NumericArray, where: string, name = "input"): Float64Array {
  if (a === null || typeof a !== "object" || typeof a.length !== "number") {
    throw new WcError("E_ARGUMENT", `${where}: expected ${name} to be an array of numbers, got ${typeof a}`);
  }
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new WcError("E_RANGE", `${where}: ${name}[${i}] = ${String(v)} is not a finite number; remove or impute it`, { index: i });
    }
    out[i] = v;
  }
  return out;
}

/** Throws `E_SHAPE` when two lengths differ. */
export function assertSameLength(n: number, m: number, where: string, a = "x", b = "y"): void {
  if (n !== m) throw new WcError("E_SHAPE", `${where}: ${a} and ${b} must have the same length, got ${n} and ${m}`);
}

/** Throws `E_SHAPE` when fewer than `min` observations are given. */
export function assertMinLength(n: number, min: number, where: string, name = "input"): void {
  if (n < min) throw new WcError("E_SHAPE", `${where}: need at least ${min} observations in ${name}, got ${n}`);
}

/** Throws `E_RANGE` unless `v` is a finite number satisfying `ok`. */
export function checkParam(v: number, ok: (v: number) => boolean, where: string, what: string): void {
  if (typeof v !== "number" || Number.isNaN(v) || !ok(v)) {
    throw new WcError("E_RANGE", `${where}: expected ${what}, got ${String(v)}`);
  }
}

/** Throws `E_RANGE` unless 0 < level < 1. */
export function checkLevel(level: number, where: string): void {
  checkParam(level, (v) => v > 0 && v < 1, where, "confidenceLevel in (0, 1)");
}

/** Throws `E_RANGE` unless `v` is an integer >= min. */
export function checkInt(v: number, min: number, where: string, name: string): void {
  if (!Number.isInteger(v) || v < min) throw new WcError("E_RANGE", `${where}: expected ${name} to be an integer >= ${min}, got ${String(v)}`);
}

/** A progress callback option: a function or undefined, else `E_ARGUMENT`. */
export function checkCallback(f: unknown, where: string): ((done: number, total: number) => void) | undefined {
  if (f !== undefined && typeof f !== "function") {
    throw new WcError("E_ARGUMENT", `${where}: onIteration must be a function (done, total) => void or undefined, got ${typeof f}`);
  }
  return f as ((done: number, total: number) => void) | undefined;
}
