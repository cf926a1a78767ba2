import { WcError, tensor, type FloatArray, type FloatDType, type FloatTensor, type Tensor } from "@wc/tensor";

/** Number of elements of a shape (1 for `[]`). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** A zero-filled array of the same float type as `like`. */
export function allocLike(like: FloatArray, n: number): FloatArray {
  return like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
}

/** A zero-filled array of a float dtype. */
export function allocFloat(dtype: FloatDType, n: number): FloatArray {
  return dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
}

/** The float dtype of a float array. */
export function floatDTypeOf(a: FloatArray): FloatDType {
  return a instanceof Float32Array ? "float32" : "float64";
}

/** Wraps an array as a row-major float tensor. */
export function wrap(data: FloatArray, shape: readonly number[]): FloatTensor {
  return tensor(data, shape) as FloatTensor;
}

/** Formats a shape for messages. */
export function fmt(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** True when two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Normalises a possibly negative axis into `[0, nd)`. */
export function normAxis(axis: number, nd: number, where: string): number {
  const a = axis < 0 ? axis + nd : axis;
  if (!Number.isInteger(a) || a < 0 || a >= nd) {
    throw new WcError("E_RANGE", `${where}: axis ${axis} is out of range for a ${nd}-D tensor; use -${nd}..${nd - 1}`);
  }
  return a;
}

/**
 * Integer indices from an Int32Array, a number array or an integer/float Tensor, with its shape.
 * @throws {WcError} `E_RANGE` for non-integers.
 */
export function toIndices(ids: Tensor | Int32Array | readonly number[], where: string): { data: Int32Array; shape: number[] } {
  if (ids instanceof Int32Array) return { data: ids, shape: [ids.length] };
  if (Array.isArray(ids)) {
    const d = Int32Array.from(ids as number[]);
    (ids as number[]).forEach((v, i) => {
      if (!Number.isInteger(v)) throw new WcError("E_RANGE", `${where}: index ${i} is ${v}, expected an integer`);
    });
    return { data: d, shape: [d.length] };
  }
  const t = ids as Tensor;
  const shape = [...t.shape];
  const n = numel(shape);
  const out = new Int32Array(n);
  const nd = shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let p = t.offset;
    for (let d = 0; d < nd; d++) p += idx[d]! * t.stride[d]!;
    const v = t.data[p]!;
    if (!Number.isInteger(v)) throw new WcError("E_RANGE", `${where}: index ${i} is ${v}, expected an integer`);
    out[i] = v;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { data: out, shape };
}
