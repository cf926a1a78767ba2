// Dot-product matrix-vector kernels: y[i] = alpha * sum_p M[i, p] x[p] (+ beta y[i]) where each row
// of M is contiguous (column stride 1) and x is contiguous. This is the layout of x @ W^T with W
// stored out x in (every output is the dot product of x with one row of W) and of A x with A
// row-major. Four rows at a time share each load of x; two accumulators per row (eight in all)
// keep the adds independent. Written once per element type so every typed-array access stays
// monomorphic in V8. Sums are formed in float64 (JS numbers).

/**
 * Float32 rows: `y[yOff + i*ys] = alpha * dot(M row i, x) (+ beta * y[...])` for `i < rows`, where
 * row i starts at `mOff + i*mRs` and x at `xOff`, both unit stride over `k` elements. `beta === 0`
 * never reads y.
 */
export function dotRows32(
  rows: number, k: number, alpha: number,
  w: Float32Array, mOff: number, mRs: number,
  x: Float32Array, xOff: number,
  beta: number, y: Float32Array, yOff: number, ys: number,
): void {
  let i = 0;
  const k2 = k & ~1;
  for (; i + 4 <= rows; i += 4) {
    const r0 = mOff + i * mRs;
    const r1 = r0 + mRs;
    const r2 = r1 + mRs;
    const r3 = r2 + mRs;
    let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
    let p = 0;
    for (; p < k2; p += 2) {
      const x0 = x[xOff + p]!;
      const x1 = x[xOff + p + 1]!;
      a0 += w[r0 + p]! * x0;
      b0 += w[r0 + p + 1]! * x1;
      a1 += w[r1 + p]! * x0;
      b1 += w[r1 + p + 1]! * x1;
      a2 += w[r2 + p]! * x0;
      b2 += w[r2 + p + 1]! * x1;
      a3 += w[r3 + p]! * x0;
      b3 += w[r3 + p + 1]! * x1;
    }
    if (p < k) {
      const x0 = x[xOff + p]!;
      a0 += w[r0 + p]! * x0;
      a1 += w[r1 + p]! * x0;
      a2 += w[r2 + p]! * x0;
      a3 += w[r3 + p]! * x0;
    }
    const q = yOff + i * ys;
    if (beta === 0) {
      y[q] = alpha * (a0 + b0);
      y[q + ys] = alpha * (a1 + b1);
      y[q + 2 * ys] = alpha * (a2 + b2);
      y[q + 3 * ys] = alpha * (a3 + b3);
    } else {
      y[q] = alpha * (a0 + b0) + beta * y[q]!;
      y[q + ys] = alpha * (a1 + b1) + beta * y[q + ys]!;
      y[q + 2 * ys] = alpha * (a2 + b2) + beta * y[q + 2 * ys]!;
      y[q + 3 * ys] = alpha * (a3 + b3) + beta * y[q + 3 * ys]!;
    }
  }
  for (; i < rows; i++) {
    const r0 = mOff + i * mRs;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      s0 += w[r0 + p]! * x[xOff + p]!;
      s1 += w[r0 + p + 1]! * x[xOff + p + 1]!;
      s2 += w[r0 + p + 2]! * x[xOff + p + 2]!;
      s3 += w[r0 + p + 3]! * x[xOff + p + 3]!;
    }
    for (; p < k; p++) s0 += w[r0 + p]! * x[xOff + p]!;
    const q = yOff + i * ys;
    const s = s0 + s1 + (s2 + s3);
    y[q] = beta === 0 ? alpha * s : alpha * s + beta * y[q]!;
  }
}

/**
 * Float64 rows, as {@link dotRows32}: `y[yOff + i*ys] = alpha * dot(M row i, x) (+ beta * y[...])` for `i < rows`, where
 * row i starts at `mOff + i*mRs` and x at `xOff`, both unit stride over `k` elements. `beta === 0`
 * never reads y.
 */
export function dotRows64(
  rows: number, k: number, alpha: number,
  w: Float64Array, mOff: number, mRs: number,
  x: Float64Array, xOff: number,
  beta: number, y: Float64Array, yOff: number, ys: number,
): void {
  let i = 0;
  const k2 = k & ~1;
  for (; i + 4 <= rows; i += 4) {
    const r0 = mOff + i * mRs;
    const r1 = r0 + mRs;
    const r2 = r1 + mRs;
    const r3 = r2 + mRs;
    let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
    let p = 0;
    for (; p < k2; p += 2) {
      const x0 = x[xOff + p]!;
      const x1 = x[xOff + p + 1]!;
      a0 += w[r0 + p]! * x0;
      b0 += w[r0 + p + 1]! * x1;
      a1 += w[r1 + p]! * x0;
      b1 += w[r1 + p + 1]! * x1;
      a2 += w[r2 + p]! * x0;
      b2 += w[r2 + p + 1]! * x1;
      a3 += w[r3 + p]! * x0;
      b3 += w[r3 + p + 1]! * x1;
    }
    if (p < k) {
      const x0 = x[xOff + p]!;
      a0 += w[r0 + p]! * x0;
      a1 += w[r1 + p]! * x0;
      a2 += w[r2 + p]! * x0;
      a3 += w[r3 + p]! * x0;
    }
    const q = yOff + i * ys;
    if (beta === 0) {
      y[q] = alpha * (a0 + b0);
      y[q + ys] = alpha * (a1 + b1);
      y[q + 2 * ys] = alpha * (a2 + b2);
      y[q + 3 * ys] = alpha * (a3 + b3);
    } else {
      y[q] = alpha * (a0 + b0) + beta * y[q]!;
      y[q + ys] = alpha * (a1 + b1) + beta * y[q + ys]!;
      y[q + 2 * ys] = alpha * (a2 + b2) + beta * y[q + 2 * ys]!;
      y[q + 3 * ys] = alpha * (a3 + b3) + beta * y[q + 3 * ys]!;
    }
  }
  for (; i < rows; i++) {
    const r0 = mOff + i * mRs;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      s0 += w[r0 + p]! * x[xOff + p]!;
      s1 += w[r0 + p + 1]! * x[xOff + p + 1]!;
      s2 += w[r0 + p + 2]! * x[xOff + p + 2]!;
      s3 += w[r0 + p + 3]! * x[xOff + p + 3]!;
    }
    for (; p < k; p++) s0 += w[r0 + p]! * x[xOff + p]!;
    const q = yOff + i * ys;
    const s = s0 + s1 + (s2 + s3);
    y[q] = beta === 0 ? alpha * s : alpha * s + beta * y[q]!;
  }
}
