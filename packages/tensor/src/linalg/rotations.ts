import type { Mat } from "./dense";

/**
 * Applies a sequence of plane rotations to consecutive columns of `Z` (every row): for
 * `t = 0 .. cnt-1`, columns `(l+t, l+t+1)` map `(x, y) -> (c x - s y, s x + c y)` with
 * `c = cs[t]`, `s = ss[t]`. Rows are contiguous, so each row's pass keeps the running column in a
 * register (LAPACK dlasr, side R, variable pivot, forward) and touches memory once.
 */
export function rotateColumns(Z: Mat, l: number, cnt: number, cs: Float64Array, ss: Float64Array): void {
  if (cnt <= 0) return;
  const { m, n, d } = Z;
  for (let r = 0; r < m; r++) {
    const base = r * n + l;
    let x = d[base]!;
    for (let t = 0; t < cnt; t++) {
      const y = d[base + t + 1]!;
      const c = cs[t]!;
      const s = ss[t]!;
      d[base + t] = c * x - s * y;
      x = s * x + c * y;
    }
    d[base + cnt] = x;
  }
}

/** One rotation of columns `j`, `k` (any two): `(x, y) -> (c x + s y, -s x + c y)`. */
export function rotatePair(Z: Mat, j: number, k: number, c: number, s: number): void {
  const { m, n, d } = Z;
  for (let r = 0; r < m; r++) {
    const x = d[r * n + j]!;
    const y = d[r * n + k]!;
    d[r * n + j] = c * x + s * y;
    d[r * n + k] = -s * x + c * y;
  }
}

/** Permutes the columns of `Z` so that new column `i` is old column `order[i]`. */
export function permuteColumns(Z: Mat, order: ArrayLike<number>): void {
  const { m, n, d } = Z;
  const k = order.length;
  const row = new Float64Array(k);
  for (let r = 0; r < m; r++) {
    const b = r * n;
    for (let i = 0; i < k; i++) row[i] = d[b + order[i]!]!;
    for (let i = 0; i < k; i++) d[b + i] = row[i]!;
  }
}
