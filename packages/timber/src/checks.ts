import { WcError } from "@wc/tensor";

/** Throws `E_RANGE` unless `x` is a finite number. */
export function checkFinite(x: unknown, where: string, name: string): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new WcError("E_RANGE", `${where}: ${name} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/** Throws `E_RANGE` unless `x` is a finite number > 0. */
export function checkPositive(x: unknown, where: string, name: string): number {
  const v = checkFinite(x, where, name);
  if (!(v > 0)) throw new WcError("E_RANGE", `${where}: ${name} must be > 0, got ${v}`);
  return v;
}

/** Throws `E_RANGE` unless `x` is an integer >= `min`. */
export function checkInt(x: unknown, min: number, where: string, name: string): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < min) {
    throw new WcError("E_RANGE", `${where}: ${name} must be an integer >= ${min}, got ${String(x)}`);
  }
  return x;
}

/** Copies an array of finite numbers into a Float64Array (`E_SHAPE` if empty, `E_RANGE` for NaN/Inf). */
export function finiteArray(x: ArrayLike<number>, where: string, name: string): Float64Array {
  if (x === null || typeof x !== "object" || typeof x.length !== "number") {
    throw new WcError("E_ARGUMENT", `${where}: ${name} must be an array of numbers`);
  }
  if (x.length === 0) throw new WcError("E_SHAPE", `${where}: ${name} is empty; need at least one value`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = checkFinite(x[i], where, `${name}[${i}]`);
  return out;
}
