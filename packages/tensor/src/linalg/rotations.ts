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
  let r = 0;
  // Four rows at a time: four independent dependency chains keep the FPU busy (a single row's
  // running value is a serial chain of multiply-adds, latency-bound).
  for (; r + 3 < m; r += 4) {
    const b0 = r * n + l;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    let x0 = d[b0]!;
    let x1 = d[b1]!;
    let x2 = d[b2]!;
    let x3 = d[b3]!;
    for (let t = 0; t < cnt; t++) {
      const c = cs[t]!;
      const s = ss[t]!;
      const y0 = d[b0 + t + 1]!;
      const y1 = d[b1 + t + 1]!;
      const y2 = d[b2 + t + 1]!;
      const y3 = d[b3 + t + 1]!;
      d[b0 + t] = c * x0 - s * y0;
      d[b1 + t] = c * x1 - s * y1;
      d[b2 + t] = c * x2 - s * y2;
      d[b3 + t] = c * x3 - s * y3;
      x0 = s * x0 + c * y0;
      x1 = s * x1 + c * y1;
      x2 = s * x2 + c * y2;
      x3 = s * x3 + c * y3;
    }
    d[b0 + cnt] = x0;
    d[b1 + cnt] = x1;
    d[b2 + cnt] = x2;
    d[b3 + cnt] = x3;
  }
  for (; r < m; r++) {
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
