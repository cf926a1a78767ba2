import { WcError } from "./errors";
import { dtypeOf, type DType, type FloatTensor, type Shape, type Tensor } from "./types";

const fmt = (s: Shape): string => `[${s.join(", ")}]`;

/**
 * Asserts that `t` has exactly `ndim` dimensions.
 * @throws {WcError} `E_SHAPE` otherwise.
 */
export function assertNdim(t: Tensor, ndim: number, where: string): void {
  if (t.shape.length !== ndim) {
    throw new WcError(
      "E_SHAPE",
      `${where}: expected a ${ndim}-D tensor, got shape ${fmt(t.shape)} (${t.shape.length}-D); reshape it first`,
      { shape: [...t.shape] },
    );
  }
}

/**
 * Asserts that `t` has the given shape (`-1` in `shape` matches any extent).
 * @throws {WcError} `E_SHAPE` otherwise.
 */
export function assertShape(t: Tensor, shape: Shape, where: string): void {
  const ok = t.shape.length === shape.length && shape.every((s, i) => s === -1 || s === t.shape[i]);
  if (!ok) {
    throw new WcError("E_SHAPE", `${where}: expected shape ${fmt(shape)}, got ${fmt(t.shape)}`, {
      expected: [...shape],
      received: [...t.shape],
    });
  }
}

/**
 * Asserts that two tensors have identical shapes.
 * @throws {WcError} `E_SHAPE` otherwise.
 */
export function assertSameShape(a: Tensor, b: Tensor, where: string): void {
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) {
    throw new WcError("E_SHAPE", `${where}: shapes differ, ${fmt(a.shape)} vs ${fmt(b.shape)}; they must be equal`, {
      a: [...a.shape],
      b: [...b.shape],
    });
  }
}

/**
 * Asserts a float dtype and narrows the type.
 * @throws {WcError} `E_DTYPE` for int32/uint8 tensors.
 */
export function assertFloat(t: Tensor, where: string): asserts t is FloatTensor {
  const d = dtypeOf(t);
  if (d !== "float32" && d !== "float64") {
    throw new WcError("E_DTYPE", `${where}: expected a float32 or float64 tensor, got ${d}; convert with astype()`);
  }
}

/**
 * Asserts the tensor's dtype is one of `allowed`.
 * @throws {WcError} `E_DTYPE` otherwise.
 */
export function assertDType(t: Tensor, allowed: readonly DType[], where: string): void {
  const d = dtypeOf(t);
  if (!allowed.includes(d)) {
    throw new WcError("E_DTYPE", `${where}: expected dtype ${allowed.join(" or ")}, got ${d}; convert with astype()`);
  }
}

/**
 * Asserts every element is finite (no NaN or +-Inf).
 * @throws {WcError} `E_RANGE` naming the first offending index.
 */
export function assertFinite(t: Tensor, where: string): void {
  const { shape, stride, offset } = t;
  const data = t.data;
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  let total = 1;
  for (const s of shape) total *= s;
  for (let n = 0; n < total; n++) {
    let p = offset;
    for (let k = 0; k < nd; k++) p += idx[k]! * stride[k]!;
    const v = data[p]!;
    if (!Number.isFinite(v)) {
      throw new WcError("E_RANGE", `${where}: expected finite values, found ${v} at index [${idx.join(", ")}]; clean or mask the input`, {
        index: [...idx],
      });
    }
    for (let k = nd - 1; k >= 0; k--) {
      if (++idx[k]! < shape[k]!) break;
      idx[k] = 0;
    }
  }
}

/**
 * Asserts `x` is an integer in `[min, max]`.
 * @throws {WcError} `E_RANGE` otherwise.
 */
export function assertInt(x: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(x) || x < min || x > max) {
    throw new WcError("E_RANGE", `${what}: expected an integer in [${min}, ${max}], got ${x}`);
  }
}

/**
 * Asserts `x` is a finite number in `[min, max]`.
 * @throws {WcError} `E_RANGE` otherwise.
 */
export function assertNumber(x: number, min: number, max: number, what: string): void {
  if (typeof x !== "number" || !Number.isFinite(x) || x < min || x > max) {
    throw new WcError("E_RANGE", `${what}: expected a finite number in [${min}, ${max}], got ${x}`);
  }
}
