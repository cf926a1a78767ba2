import { mat, type Mat } from "./dense";
import { explicitV, larfg } from "./householder";

/** A Householder bidiagonalisation `A = Q B P^T` of an `m x n` matrix with `m >= n`. */
export interface Bidiagonal {
  /** Diagonal of the upper bidiagonal `B` (length n). */
  d: Float64Array;
  /** Superdiagonal of `B` (length n - 1). */
  e: Float64Array;
  /** Left reflectors, explicit (`m x n`); null when not requested. */
  VL: Mat | null;
  tauq: Float64Array;
  /** Right reflectors, explicit (`(n-1) x (n-1)`, acting on indices 1 .. n-1); null when not requested. */
  VR: Mat | null;
  taup: Float64Array;
}

/**
 * Golub-Kahan Householder bidiagonalisation in place (LAPACK dgebd2 for `m >= n`): alternately a
 * left reflector zeroes column `j` below the diagonal and a right reflector zeroes row `j` beyond
 * the superdiagonal. Both updates are written as row sweeps over contiguous memory.
 */
export function gebrd(A: Mat, wantVectors: boolean): Bidiagonal {
  const { m, n, d: a } = A;
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tauq = new Float64Array(n);
  const taup = new Float64Array(Math.max(0, n - 1));
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Left reflector on column j (rows j .. m-1).
    const tq = larfg(a, j * n + j, n, m - j);
    tauq[j] = tq;
    d[j] = a[j * n + j]!;
    const q = n - j - 1;
    if (q <= 0) continue;
    const rj = j * n + j + 1;
    if (tq !== 0) {
      // Pass 1: w = v^T A[j:m, j+1:n] (v_j = 1), then row j itself.
      for (let x = 0; x < q; x++) w[x] = a[rj + x]!;
      for (let i = j + 1; i < m; i++) {
        const vi = a[i * n + j]!;
        if (vi === 0) continue;
        const r = i * n + j + 1;
        for (let x = 0; x < q; x++) w[x] += vi * a[r + x]!;
      }
      for (let x = 0; x < q; x++) a[rj + x] -= tq * w[x]!;
    }
    // Right reflector on row j (columns j+1 .. n-1).
    const tp = larfg(a, rj, 1, q);
    taup[j] = tp;
    e[j] = a[rj]!;
    a[rj] = 1;
    // Pass 2, one row at a time while it is in cache: the left update, then the right one.
    for (let i = j + 1; i < m; i++) {
      const r = i * n + j + 1;
      if (tq !== 0) {
        const vi = tq * a[i * n + j]!;
        if (vi !== 0) for (let x = 0; x < q; x++) a[r + x] -= vi * w[x]!;
      }
      if (tp === 0) continue;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let x = 0;
      for (; x + 3 < q; x += 4) {
        s0 += a[r + x]! * a[rj + x]!;
        s1 += a[r + x + 1]! * a[rj + x + 1]!;
        s2 += a[r + x + 2]! * a[rj + x + 2]!;
        s3 += a[r + x + 3]! * a[rj + x + 3]!;
      }
      for (; x < q; x++) s0 += a[r + x]! * a[rj + x]!;
      const s = tp * (s0 + s1 + s2 + s3);
      if (s !== 0) for (let y = 0; y < q; y++) a[r + y] -= s * a[rj + y]!;
    }
    a[rj] = e[j]!;
  }
  let VL: Mat | null = null;
  let VR: Mat | null = null;
  if (wantVectors) {
    VL = explicitV(A, 0, 0, m, n);
    const p = Math.max(0, n - 1);
    VR = mat(p, p);
    for (let k = 0; k < p; k++) {
      VR.d[k * p + k] = 1;
      for (let r = k + 1; r < p; r++) VR.d[r * p + k] = a[k * n + r + 1]!;
    }
  }
  return { d, e, VL, tauq, VR, taup };
}
