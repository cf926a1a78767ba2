// Row-update (axpy) matrix-vector kernels: r[j] = sum_p x[p] M[j, p] where each column of M is
// contiguous (row stride 1), the layout of x @ W with W row-major k x n (output j reads column j
// of W, so the unit-stride direction is j) and of A^T x. Four rows of W are folded into the float64
// accumulator row per pass, so r is loaded and stored once per four multiply-adds. Written once
// per element type so every typed-array access stays monomorphic in V8.

/**
 * Float32 matrix: `r[j] = sum_{p<k} x[xOff + p*xs] * w[mOff + p*mCs + j]` for `j < len`
 * (r is overwritten; its first `len` entries are used).
 */
export function axpyRows32(
  len: number, k: number,
  w: Float32Array, mOff: number, mCs: number,
  x: Float32Array, xOff: number, xs: number,
  r: Float64Array,
): void {
  let p = 0;
  if (k >= 4) {
    const x0 = x[xOff]!, x1 = x[xOff + xs]!, x2 = x[xOff + 2 * xs]!, x3 = x[xOff + 3 * xs]!;
    const o0 = mOff, o1 = o0 + mCs, o2 = o1 + mCs, o3 = o2 + mCs;
    for (let j = 0; j < len; j++) r[j] = x0 * w[o0 + j]! + x1 * w[o1 + j]! + (x2 * w[o2 + j]! + x3 * w[o3 + j]!);
    p = 4;
  } else r.fill(0, 0, len);
  for (; p + 4 <= k; p += 4) {
    const q = xOff + p * xs;
    const x0 = x[q]!, x1 = x[q + xs]!, x2 = x[q + 2 * xs]!, x3 = x[q + 3 * xs]!;
    const o0 = mOff + p * mCs, o1 = o0 + mCs, o2 = o1 + mCs, o3 = o2 + mCs;
    for (let j = 0; j < len; j++) {
      r[j] = r[j]! + (x0 * w[o0 + j]! + x1 * w[o1 + j]!) + (x2 * w[o2 + j]! + x3 * w[o3 + j]!);
    }
  }
  for (; p < k; p++) {
    const x0 = x[xOff + p * xs]!;
    const o0 = mOff + p * mCs;
    for (let j = 0; j < len; j++) r[j] = r[j]! + x0 * w[o0 + j]!;
  }
}

/**
 * Float64 matrix, as {@link axpyRows32}: `r[j] = sum_{p<k} x[xOff + p*xs] * w[mOff + p*mCs + j]` for `j < len`
 * (r is overwritten; its first `len` entries are used).
 */
export function axpyRows64(
  len: number, k: number,
  w: Float64Array, mOff: number, mCs: number,
  x: Float64Array, xOff: number, xs: number,
  r: Float64Array,
): void {
  let p = 0;
  if (k >= 4) {
    const x0 = x[xOff]!, x1 = x[xOff + xs]!, x2 = x[xOff + 2 * xs]!, x3 = x[xOff + 3 * xs]!;
    const o0 = mOff, o1 = o0 + mCs, o2 = o1 + mCs, o3 = o2 + mCs;
    for (let j = 0; j < len; j++) r[j] = x0 * w[o0 + j]! + x1 * w[o1 + j]! + (x2 * w[o2 + j]! + x3 * w[o3 + j]!);
    p = 4;
  } else r.fill(0, 0, len);
  for (; p + 4 <= k; p += 4) {
    const q = xOff + p * xs;
    const x0 = x[q]!, x1 = x[q + xs]!, x2 = x[q + 2 * xs]!, x3 = x[q + 3 * xs]!;
    const o0 = mOff + p * mCs, o1 = o0 + mCs, o2 = o1 + mCs, o3 = o2 + mCs;
    for (let j = 0; j < len; j++) {
      r[j] = r[j]! + (x0 * w[o0 + j]! + x1 * w[o1 + j]!) + (x2 * w[o2 + j]! + x3 * w[o3 + j]!);
    }
  }
  for (; p < k; p++) {
    const x0 = x[xOff + p * xs]!;
    const o0 = mOff + p * mCs;
    for (let j = 0; j < len; j++) r[j] = r[j]! + x0 * w[o0 + j]!;
  }
}
