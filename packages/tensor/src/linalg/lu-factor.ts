import type { Mat } from "./dense";

/** An LU factorisation with partial pivoting in packed form. */
export interface LUFactor {
  /** Unit-lower `L` below the diagonal, `U` on and above it. */
  A: Mat;
  /** `perm[i]` = the original row now at row `i` (so `A_orig[perm] = L U`). */
  perm: Int32Array;
  /** +1 or -1: the parity of the row permutation. */
  sign: number;
  /** Index of the first exactly-zero pivot, or -1 when every pivot is non-zero. */
  zeroPivot: number;
}

/**
 * LU decomposition with partial (row) pivoting in place, LAPACK dgetrf semantics: the pivot is the
 * entry of largest magnitude in the column (first one on ties). A zero pivot does not stop the
 * factorisation; it is reported in `zeroPivot`.
 */
export function getrf(A: Mat): LUFactor {
  const { m, n, d } = A;
  const k = Math.min(m, n);
  const perm = new Int32Array(m);
  for (let i = 0; i < m; i++) perm[i] = i;
  let sign = 1;
  let zeroPivot = -1;
  for (let c = 0; c < k; c++) {
    let p = c;
    let best = Math.abs(d[c * n + c]!);
    for (let i = c + 1; i < m; i++) {
      const a = Math.abs(d[i * n + c]!);
      if (a > best) {
        best = a;
        p = i;
      }
    }
    if (p !== c) {
      const rp = p * n;
      const rc = c * n;
      for (let j = 0; j < n; j++) {
        const t = d[rp + j]!;
        d[rp + j] = d[rc + j]!;
        d[rc + j] = t;
      }
      const t = perm[p]!;
      perm[p] = perm[c]!;
      perm[c] = t;
      sign = -sign;
    }
    const piv = d[c * n + c]!;
    if (piv === 0) {
      if (zeroPivot < 0) zeroPivot = c;
      continue;
    }
    const inv = 1 / piv;
    const rc = c * n;
    for (let i = c + 1; i < m; i++) {
      const ri = i * n;
      const l = d[ri + c]! * inv;
      d[ri + c] = l;
      if (l === 0) continue;
      for (let j = c + 1; j < n; j++) d[ri + j] -= l * d[rc + j]!;
    }
  }
  return { A, perm, sign, zeroPivot };
}

/**
 * Solves `A X = B` in place in `B` (`n x q`, row-major) from a square LU factorisation:
 * permute, forward substitution with unit `L`, back substitution with `U`.
 */
export function getrs(f: LUFactor, B: Mat): Mat {
  const { n, d } = f.A;
  const q = B.n;
  const X = new Float64Array(n * q);
  for (let i = 0; i < n; i++) X.set(B.d.subarray(f.perm[i]! * q, f.perm[i]! * q + q), i * q);
  for (let i = 0; i < n; i++) {
    const ri = i * q;
    for (let c = 0; c < i; c++) {
      const l = d[i * n + c]!;
      if (l === 0) continue;
      const rc = c * q;
      for (let j = 0; j < q; j++) X[ri + j] -= l * X[rc + j]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const ri = i * q;
    for (let c = i + 1; c < n; c++) {
      const u = d[i * n + c]!;
      if (u === 0) continue;
      const rc = c * q;
      for (let j = 0; j < q; j++) X[ri + j] -= u * X[rc + j]!;
    }
    const inv = 1 / d[i * n + i]!;
    for (let j = 0; j < q; j++) X[ri + j] *= inv;
  }
  return { m: n, n: q, d: X };
}
