import type { FloatArray } from "../types";
import type { GemmArgs } from "./contract";
import { axpyRows32, axpyRows64 } from "./gemv-axpy";
import { dotRows32, dotRows64 } from "./gemv-dot";
import { scaleC } from "./scale";

// Module-level scratch, grown on demand and reused (nothing is allocated per call once warm):
// the float64 accumulator row of the axpy kernels and unit-stride copies of a strided x.
let acc: Float64Array | null = null;
let xs32: Float32Array | null = null;
let xs64: Float64Array | null = null;

/**
 * GEMM for a single row or column of C (`m === 1` or `n === 1`: vector-matrix and matrix-vector
 * products), with no packing. Both cases are `y = alpha * M x + beta * y` over an output vector y
 * (C's row or column), a vector x (A's row or B's column) and a matrix M (op(B)^T or op(A)), and
 * the kernel is picked from M's strides:
 * - rows of M contiguous (`x @ W^T` with W stored out x in, `A x` with A row-major): 4-row
 *   unrolled dot products (a strided x is first copied to unit stride);
 * - columns of M contiguous (`x @ W` with W row-major, `A^T x`): axpy updates of a float64 row,
 *   four rows of W per pass;
 * - anything else: strided dot products.
 * Sums are formed in float64. Follows {@link GemmArgs} (`beta === 0` never reads C).
 *
 * @param g the operands, extents, strides and scalars; C is written in place.
 * @example
 * // y[0, :] = x[0, :] @ W^T for W (2 x 3, row-major): B = W^T has row stride 1, column stride 3
 * gemmVector({ m: 1, n: 2, k: 3, alpha: 1, a: x, aOff: 0, aRs: 3, aCs: 1, b: w, bOff: 0, bRs: 1,
 *   bCs: 3, beta: 0, c: y, cOff: 0, cRs: 2, cCs: 1 });
 */
export function gemmVector(g: GemmArgs): void {
  const { m, n, k, alpha, beta } = g;
  if (m === 0 || n === 0) return;
  if (k === 0 || alpha === 0) {
    scaleC(g);
    return;
  }
  if (m === 1) {
    // y = C[0, :], x = A[0, :], M[j, p] = op(B)[p, j]
    gemvCore(n, k, alpha, g.b, g.bOff, g.bCs, g.bRs, g.a, g.aOff, g.aCs, beta, g.c, g.cOff, g.cCs);
  } else {
    // n === 1: y = C[:, 0], x = B[:, 0], M = op(A)
    gemvCore(m, k, alpha, g.a, g.aOff, g.aRs, g.aCs, g.b, g.bOff, g.bRs, beta, g.c, g.cOff, g.cRs);
  }
}

/** y[i] = alpha * sum_p M[i, p] x[p] (+ beta y[i]) for i < len, p < k (len, k >= 1, alpha != 0). */
function gemvCore(
  len: number, k: number, alpha: number,
  w: FloatArray, mOff: number, mRs: number, mCs: number,
  x: FloatArray, xOff: number, xs: number,
  beta: number, y: FloatArray, yOff: number, ys: number,
): void {
  const f32 = w instanceof Float32Array;
  if (mCs === 1 && len > 1) {
    if (xs !== 1) {
      // Copy x to unit stride (k elements, exact) so the dot kernel reads both operands in order.
      if (f32) {
        if (!xs32 || xs32.length < k) xs32 = new Float32Array(Math.max(k, 64));
        for (let p = 0; p < k; p++) xs32[p] = x[xOff + p * xs]!;
        x = xs32;
      } else {
        if (!xs64 || xs64.length < k) xs64 = new Float64Array(Math.max(k, 64));
        for (let p = 0; p < k; p++) xs64[p] = x[xOff + p * xs]!;
        x = xs64;
      }
      xOff = 0;
    }
    if (f32) dotRows32(len, k, alpha, w, mOff, mRs, x as Float32Array, xOff, beta, y as Float32Array, yOff, ys);
    else dotRows64(len, k, alpha, w as Float64Array, mOff, mRs, x as Float64Array, xOff, beta, y as Float64Array, yOff, ys);
    return;
  }
  if (mRs === 1 && len > 1) {
    if (!acc || acc.length < len) acc = new Float64Array(Math.max(len, 64));
    const r = acc;
    if (f32) axpyRows32(len, k, w, mOff, mCs, x as Float32Array, xOff, xs, r);
    else axpyRows64(len, k, w as Float64Array, mOff, mCs, x as Float64Array, xOff, xs, r);
    let q = yOff;
    if (beta === 0) for (let j = 0; j < len; j++, q += ys) y[q] = alpha * r[j]!;
    else for (let j = 0; j < len; j++, q += ys) y[q] = alpha * r[j]! + beta * y[q]!;
    return;
  }
  // General strides (and len === 1): strided dot products, two accumulators.
  for (let i = 0; i < len; i++) {
    let pm = mOff + i * mRs;
    let px = xOff;
    let s0 = 0;
    let s1 = 0;
    let p = 0;
    for (; p + 1 < k; p += 2) {
      s0 += w[pm]! * x[px]!;
      s1 += w[pm + mCs]! * x[px + xs]!;
      pm += 2 * mCs;
      px += 2 * xs;
    }
    if (p < k) s0 += w[pm]! * x[px]!;
    const q = yOff + i * ys;
    y[q] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * y[q]!;
  }
}
