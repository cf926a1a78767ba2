import { tensor } from "../create";
import { WcError } from "../errors";
import { gemm } from "../gemm/dispatch";
import type { Matrix, Tensor } from "../types";
import { assertFloat, assertNdim } from "../validate";

/**
 * Internal dense matrix: row-major, contiguous, float64, leading dimension `n`.
 * Every linalg routine copies its input into one of these, so inputs are never mutated.
 */
export interface Mat {
  m: number;
  n: number;
  d: Float64Array;
}

/** A new zero `m x n` Mat. */
export function mat(m: number, n: number): Mat {
  return { m, n, d: new Float64Array(m * n) };
}

/** The `m x n` identity-like Mat. */
export function identity(m: number, n = m): Mat {
  const r = mat(m, n);
  for (let i = 0; i < Math.min(m, n); i++) r.d[i * n + i] = 1;
  return r;
}

/**
 * Copies a 2-D float tensor (any strides, float32 or float64) into a float64 Mat, rejecting
 * NaN/Inf.
 * @throws {WcError} `E_SHAPE` if not 2-D, `E_DTYPE` if not float, `E_RANGE` on NaN/Inf.
 */
export function readMatrix(A: Tensor, where: string): Mat {
  assertNdim(A, 2, where);
  assertFloat(A, where);
  const m = A.shape[0]!;
  const n = A.shape[1]!;
  const s0 = A.stride[0]!;
  const s1 = A.stride[1]!;
  const src = A.data;
  const out = mat(m, n);
  const d = out.d;
  for (let i = 0; i < m; i++) {
    let p = A.offset + i * s0;
    const r = i * n;
    for (let j = 0; j < n; j++, p += s1) {
      const v = src[p]!;
      if (v - v !== 0) {
        throw new WcError("E_RANGE", `${where}: expected finite values, found ${v} at [${i}, ${j}]; clean or mask the input`, {
          index: [i, j],
        });
      }
      d[r + j] = v;
    }
  }
  return out;
}

/** Asserts a square matrix. */
export function assertSquare(M: Mat, where: string): void {
  if (M.m !== M.n) {
    throw new WcError("E_SHAPE", `${where}: expected a square matrix, got ${M.m}x${M.n}`, { shape: [M.m, M.n] });
  }
}

/** Wraps a Mat as a float64 Matrix (no copy). */
export function toTensor(M: Mat): Matrix {
  return tensor(M.d, [M.m, M.n]) as Matrix;
}

/** Wraps a Float64Array as a 1-D float64 tensor (no copy). */
export function vecTensor(v: Float64Array): Tensor<Float64Array> {
  return tensor(v, [v.length]);
}

/** The transpose of a Mat, as a new Mat. */
export function transposeMat(M: Mat): Mat {
  const { m, n, d } = M;
  const r = mat(n, m);
  const o = r.d;
  const B = 32;
  for (let i0 = 0; i0 < m; i0 += B) {
    const i1 = Math.min(m, i0 + B);
    for (let j0 = 0; j0 < n; j0 += B) {
      const j1 = Math.min(n, j0 + B);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) o[j * m + i] = d[i * n + j]!;
    }
  }
  return r;
}

/** A row-major strided view used by {@link mm}: data, offset, leading dimension. */
export interface View {
  d: Float64Array;
  off: number;
  ld: number;
}

/** The view of `M` starting at `(r, c)`. */
export function at(M: Mat, r = 0, c = 0): View {
  return { d: M.d, off: r * M.n + c, ld: M.n };
}

/**
 * BLAS-style `C = alpha op(A) op(B) + beta C` on row-major views, `op(A)` `m x k`, `op(B)` `k x n`.
 * All the O(n^3) work of linalg goes through here, i.e. through the core's GEMM kernel.
 */
export function mm(
  m: number,
  n: number,
  k: number,
  alpha: number,
  A: View,
  transA: boolean,
  B: View,
  transB: boolean,
  beta: number,
  C: View,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    for (let i = 0; i < m; i++) {
      const r = C.off + i * C.ld;
      for (let j = 0; j < n; j++) C.d[r + j] = beta === 0 ? 0 : beta * C.d[r + j]!;
    }
    return;
  }
  gemm({
    m,
    n,
    k,
    alpha,
    a: A.d,
    aOff: A.off,
    aRs: transA ? 1 : A.ld,
    aCs: transA ? A.ld : 1,
    b: B.d,
    bOff: B.off,
    bRs: transB ? 1 : B.ld,
    bCs: transB ? B.ld : 1,
    beta,
    c: C.d,
    cOff: C.off,
    cRs: C.ld,
    cCs: 1,
  });
}

/** Euclidean norm of `n` values at `d[off + i * inc]`, scaled to avoid overflow/underflow. */
export function nrm2(d: Float64Array, off: number, inc: number, n: number): number {
  let scale = 0;
  for (let i = 0, p = off; i < n; i++, p += inc) {
    const a = Math.abs(d[p]!);
    if (a > scale) scale = a;
  }
  if (scale === 0) return 0;
  if (scale > 1e-150 && scale < 1e150) {
    let s = 0;
    for (let i = 0, p = off; i < n; i++, p += inc) s += d[p]! * d[p]!;
    return Math.sqrt(s);
  }
  let s = 0;
  for (let i = 0, p = off; i < n; i++, p += inc) {
    const x = d[p]! / scale;
    s += x * x;
  }
  return scale * Math.sqrt(s);
}

/** Frobenius norm of a Mat. */
export function frob(M: Mat): number {
  return nrm2(M.d, 0, 1, M.d.length);
}

/**
 * Flips signs so that, for each column `j` of `U` (`m x k`, leading dimension `U.n`), the entry of
 * largest magnitude is positive (first such entry on exact ties); the matching row `j` of `Vt` (if
 * given) is flipped with it. This is scikit-learn's `svd_flip` convention.
 */
export function flipSigns(U: Mat, k: number, Vt: Mat | null): void {
  const { m, n, d } = U;
  for (let j = 0; j < k; j++) {
    let best = -1;
    let bi = 0;
    for (let i = 0; i < m; i++) {
      const a = Math.abs(d[i * n + j]!);
      if (a > best) {
        best = a;
        bi = i;
      }
    }
    if (m > 0 && d[bi * n + j]! < 0) {
      for (let i = 0; i < m; i++) d[i * n + j] = -d[i * n + j]!;
      if (Vt) {
        const r = j * Vt.n;
        for (let c = 0; c < Vt.n; c++) Vt.d[r + c] = -Vt.d[r + c]!;
      }
    }
  }
}

/**
 * `sqrt(a^2 + b^2)` without `Math.hypot` (slow in V8) when the plain formula can neither overflow
 * nor lose accuracy to underflow; `Math.hypot` otherwise (and for NaN/Inf).
 */
export function hyp(a: number, b: number): number {
  const s = a * a + b * b;
  return s > 1e-290 && s < 1e290 ? Math.sqrt(s) : Math.hypot(a, b);
}
