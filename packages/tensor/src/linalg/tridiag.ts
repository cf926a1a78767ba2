import { mat, type Mat } from "./dense";
import { larfg } from "./householder";

/** A Householder tridiagonalisation `A = Q T Q^T`. */
export interface Tridiagonal {
  /** Diagonal of `T` (length n). */
  d: Float64Array;
  /** Off-diagonal of `T` (length n - 1). */
  e: Float64Array;
  /** Explicit reflectors (`(n-1) x (n-2)`, column `k` acts on indices `k+1 .. n-1`). */
  V: Mat;
  tau: Float64Array;
}

/**
 * Householder reduction of a symmetric matrix (full storage, both triangles, overwritten) to
 * tridiagonal form (LAPACK dsytd2, lower): step `k` reflects row `k` beyond the subdiagonal to
 * zero and updates the trailing block with a symmetric rank-2 update, all on contiguous rows.
 */
export function sytrd(A: Mat, wantV: boolean): Tridiagonal {
  const { n, d: a } = A;
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = new Float64Array(Math.max(0, n - 2));
  const p = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    const rk = k * n;
    const t = larfg(a, rk + k + 1, 1, n - k - 1);
    tau[k] = t;
    e[k] = a[rk + k + 1]!;
    d[k] = a[rk + k]!;
    if (t === 0) continue;
    // v = [1, a[rk + k+2 ..]] over indices k+1 .. n-1 (stored in row k).
    const v0 = rk + k + 1;
    a[v0] = 1;
    // p = t * A22 v (row-wise dots), then w = p - (t/2)(p.v) v.
    let pv = 0;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      let s = 0;
      for (let j = k + 1; j < n; j++) s += a[ri + j]! * a[rk + j]!;
      s *= t;
      p[i] = s;
      pv += s * a[rk + i]!;
    }
    const alpha = -0.5 * t * pv;
    for (let i = k + 1; i < n; i++) p[i] += alpha * a[rk + i]!;
    for (let i = k + 1; i < n; i++) {
      const ri = i * n;
      const vi = a[rk + i]!;
      const wi = p[i]!;
      for (let j = k + 1; j < n; j++) a[ri + j] -= vi * p[j]! + wi * a[rk + j]!;
    }
    a[v0] = e[k]!;
  }
  if (n >= 2) {
    d[n - 2] = a[(n - 2) * n + n - 2]!;
    e[n - 2] = a[(n - 1) * n + n - 2]!;
  }
  if (n >= 1) d[n - 1] = a[(n - 1) * n + n - 1]!;
  let V = mat(0, 0);
  if (wantV && n > 2) {
    const q = n - 2;
    V = mat(n - 1, q);
    for (let k = 0; k < q; k++) {
      V.d[k * q + k] = 1;
      for (let r = k + 1; r < n - 1; r++) V.d[r * q + k] = a[k * n + r + 1]!;
    }
  }
  return { d, e, V, tau };
}
