import { WcError, dtypeOf, type Matrix, type Tensor } from "@wc/tensor";

/** Checks `m` is a finite 2-D float matrix. @internal */
export function checkMatrix(m: unknown, where: string): asserts m is Matrix {
  const t = m as Tensor;
  if (t === null || typeof t !== "object" || !Array.isArray(t.shape) || t.data === undefined) {
    throw new WcError("E_ARGUMENT", `${where}: expected a 2-D float Tensor (ndarray), got ${typeof m}`);
  }
  if (t.shape.length !== 2) throw new WcError("E_SHAPE", `${where}: expected a 2-D matrix, got shape [${t.shape.join(", ")}]`);
  const dt = dtypeOf(t);
  if (dt !== "float32" && dt !== "float64") throw new WcError("E_DTYPE", `${where}: expected float32 or float64, got ${dt}`);
  const [r, c] = t.shape as [number, number];
  const [s0, s1] = t.stride as [number, number];
  const d = t.data;
  for (let i = 0; i < r; i++) {
    const o = t.offset + i * s0;
    for (let j = 0; j < c; j++) {
      const v = d[o + j * s1]!;
      if (!Number.isFinite(v)) {
        throw new WcError("E_RANGE", `${where}: entry (${i}, ${j}) is ${v}; remove NaN/Inf from the weights first`);
      }
    }
  }
}

/** Row-major Float64 copy of a 2-D matrix into `dst` at `at` (any strides). @internal */
export function flattenInto(m: Matrix, dst: Float64Array, at: number): void {
  const [r, c] = m.shape as [number, number];
  const [s0, s1] = m.stride as [number, number];
  const d = m.data;
  let k = at;
  for (let i = 0; i < r; i++) {
    const o = m.offset + i * s0;
    for (let j = 0; j < c; j++) dst[k++] = d[o + j * s1]!;
  }
}

/** Checks a positive integer. @internal */
export function checkPositiveInt(x: unknown, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof x !== "number" || !Number.isInteger(x) || x < 1 || x > max) {
    throw new WcError("E_RANGE", `${what} must be an integer in [1, ${max}], got ${String(x)}`);
  }
  return x;
}
