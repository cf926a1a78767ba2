import { WcError } from "@wc/tensor";
import { assertFiniteData } from "./scores";
import type { Tensor2D } from "./types";

/**
 * Internal: checks a list of named weights: an array of objects with a string name (unique), a
 * Float32Array/Float64Array `data`, a non-empty shape of positive integers whose product is
 * `data.length`, and (when `finite`) no NaN/Inf.
 * @throws {WcError} `E_ARGUMENT`, `E_DTYPE`, `E_SHAPE`, `E_RANGE`
 */
export function validateTensors(tensors: readonly Tensor2D[], where: string, finite = true): void {
  if (!Array.isArray(tensors)) throw new WcError("E_ARGUMENT", `${where}: expected an array of { name, data, shape } tensors, got ${typeof tensors}`);
  const seen = new Set<string>();
  for (const t of tensors) {
    if (t === null || typeof t !== "object" || typeof t.name !== "string") {
      throw new WcError("E_ARGUMENT", `${where}: every tensor needs a string name, a data array and a shape`);
    }
    if (seen.has(t.name)) throw new WcError("E_ARGUMENT", `${where}: tensor name "${t.name}" appears twice; names must be unique`, { name: t.name });
    seen.add(t.name);
    if (!(t.data instanceof Float32Array) && !(t.data instanceof Float64Array)) {
      throw new WcError("E_DTYPE", `${where}: "${t.name}" must hold a Float32Array or Float64Array, got ${Object.prototype.toString.call(t.data)}; decode it to float first`, { name: t.name });
    }
    const shape = t.shape;
    if (!Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
      throw new WcError("E_SHAPE", `${where}: "${t.name}" needs a non-empty shape of positive integers, got [${String(shape)}]`, { name: t.name });
    }
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length) {
      throw new WcError("E_SHAPE", `${where}: "${t.name}" has shape [${shape.join(", ")}] (${size} entries) but ${t.data.length} values`, { name: t.name });
    }
    if (t.layout !== undefined && t.layout !== "out_in" && t.layout !== "in_out") {
      throw new WcError("E_ARGUMENT", `${where}: "${t.name}" has layout ${String(t.layout)}; expected "out_in" or "in_out"`, { name: t.name });
    }
    if (finite) assertFiniteData(t.data, `${where}: "${t.name}"`);
  }
}

/**
 * Rounds to the nearest integer, halves to even, as `np.round` (LAMP's survivor count and spec 3.3
 * step 2: a module keeps `roundHalfEven((1 - ratio) * N_m)` weights).
 * @param x - a finite number
 * @returns the rounded value
 * @example
 * roundHalfEven(2.5); // 2
 * roundHalfEven(3.5); // 4
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Weights to keep out of `n` when removing the fraction `ratio`: `roundHalfEven((1 - ratio) * n)`. */
export function keepCount(n: number, ratio: number): number {
  return Math.min(n, Math.max(0, roundHalfEven((1 - ratio) * n)));
}
