import { mat, mm, type Mat } from "./dense";
import { labrdWasm } from "./bidiag-panel";
import { explicitV, larfg } from "./householder";
import { loadBlock, type Region } from "./level2";

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

/** Panel width of the blocked bidiagonalisation, and the size below which it runs unblocked. */
const NBB = 32;
const NX = 32;

/**
 * Golub-Kahan Householder bidiagonalisation in place (LAPACK dgebrd for `m >= n`): alternately a
 * left reflector zeroes column `j` below the diagonal and a right reflector zeroes row `j` beyond
 * the superdiagonal. Blocked like dlabrd: within a panel of {@link NBB} steps the trailing matrix
 * is only read (for `A^T v` and `A u`, the level-2 half); the panel's updates are collected in
 * `V, Y, X, U` and applied afterwards as one GEMM, `A <- A - V Y^T - X U^T` (the level-3 half).
 * The last {@link NX} columns run unblocked.
 */
export function gebrd(A: Mat, wantVectors: boolean): Bidiagonal {
  const { m, n, d: a } = A;
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tauq = new Float64Array(n);
  const taup = new Float64Array(Math.max(0, n - 1));
  let j0 = 0;
  if (n > NX) {
    const ws: Panel = { V: new Float64Array(m * NBB), X: new Float64Array(m * NBB), Y: new Float64Array(n * NBB), U: new Float64Array(n * NBB) };
    for (; j0 + NBB <= n - NX; j0 += NBB) labrd(A, j0, NBB, d, e, tauq, taup, ws);
  }
  gebd2(A, j0, d, e, tauq, taup);
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

/** Unblocked bidiagonalisation of columns `j0 ..` (rows `j0 ..`), two row sweeps per step. */
function gebd2(A: Mat, j0: number, d: Float64Array, e: Float64Array, tauq: Float64Array, taup: Float64Array): void {
  const { m, n, d: a } = A;
  const w = new Float64Array(n);
  for (let j = j0; j < n; j++) {
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
}

interface Panel {
  V: Float64Array;
  X: Float64Array;
  Y: Float64Array;
  U: Float64Array;
}

/**
 * One panel of `nb` steps starting at `j0` (dlabrd): reflectors go into `A` as in the unblocked
 * code; `V` (left vectors, by row), `Y = tau_q A^T v`, `X = tau_p A u`, `U` (right vectors, by
 * column index) are kept with row stride {@link NBB}; then the trailing block gets
 * `A -= V Y^T + X U^T` as one GEMM.
 */
function labrd(A: Mat, j0: number, nb: number, d: Float64Array, e: Float64Array, tauq: Float64Array, taup: Float64Array, ws: Panel): void {
  const { m, n, d: a } = A;
  const { V, X, Y, U } = ws;
  const S = NBB;
  V.fill(0);
  X.fill(0);
  Y.fill(0);
  U.fill(0);
  // The trailing block (rows j0 .., columns j0+1 ..) is only read during the panel: with wasm, one
  // copy of it (and V, X, Y, U) in wasm memory serves every matrix-vector product.
  const blk = loadBlock(a, j0 * n + j0 + 1, n, m - j0, n - j0 - 1, [
    [m - j0, S],
    [m - j0, S],
    [n - j0, S],
    [n - j0, S],
  ]);
  if (blk) {
    labrdWasm(a, m, n, j0, nb, d, e, tauq, taup, blk);
    const f = blk.f64;
    const [Vr, Xr, Yr, Ur] = blk.extra as [Region, Region, Region, Region];
    const back = (R: Region, dst: Float64Array, rows: number): void => {
      for (let r = 0; r < rows; r++) dst.set(f.subarray(R.base + r * R.ld, R.base + r * R.ld + S), (j0 + r) * S);
    };
    back(Vr, V, m - j0);
    back(Xr, X, m - j0);
    back(Yr, Y, n - j0);
    back(Ur, U, n - j0);
  }
  const t1 = new Float64Array(S);
  const t2 = new Float64Array(S);
  const z = new Float64Array(Math.max(m, n));
  for (let i = 0; i < nb && !blk; i++) {
    const j = j0 + i;
    // 1. Bring column j (rows j ..) up to date: a -= V Y[j,:]^T + X U[j,:]^T.
    if (i > 0) {
      for (let t = 0; t < i; t++) {
        t1[t] = Y[j * S + t]!;
        t2[t] = U[j * S + t]!;
      }
      for (let r = j; r < m; r++) {
        let s = 0;
        for (let t = 0; t < i; t++) s += V[r * S + t]! * t1[t]! + X[r * S + t]! * t2[t]!;
        a[r * n + j] -= s;
      }
    }
    // 2. Left reflector on column j.
    const tq = larfg(a, j * n + j, n, m - j);
    tauq[j] = tq;
    d[j] = a[j * n + j]!;
    V[j * S + i] = 1;
    for (let r = j + 1; r < m; r++) V[r * S + i] = a[r * n + j]!;
    // 3. y = tq (A0^T v - Y (V^T v) - U (X^T v)) over columns j+1 .. n-1.
    const q = n - j - 1;
    const c0 = j + 1;
    z.fill(0, 0, q);
    let r4 = j;
    for (; r4 + 3 < m; r4 += 4) {
      // Four rows per pass: one load/store of z feeds four multiply-adds.
      const v0 = V[r4 * S + i]!;
      const v1 = V[(r4 + 1) * S + i]!;
      const v2 = V[(r4 + 2) * S + i]!;
      const v3 = V[(r4 + 3) * S + i]!;
      const b0 = r4 * n + c0;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let x = 0; x < q; x++) z[x] += v0 * a[b0 + x]! + v1 * a[b1 + x]! + v2 * a[b2 + x]! + v3 * a[b3 + x]!;
    }
    for (; r4 < m; r4++) {
      const vr = V[r4 * S + i]!;
      if (vr === 0) continue;
      const rr = r4 * n + c0;
      for (let x = 0; x < q; x++) z[x] += vr * a[rr + x]!;
    }
    if (i > 0) {
      t1.fill(0, 0, i);
      t2.fill(0, 0, i);
      for (let r = j; r < m; r++) {
        const vr = V[r * S + i]!;
        for (let t = 0; t < i; t++) {
          t1[t] += V[r * S + t]! * vr;
          t2[t] += X[r * S + t]! * vr;
        }
      }
      for (let x = 0; x < q; x++) {
        const cb = (c0 + x) * S;
        let s = 0;
        for (let t = 0; t < i; t++) s += Y[cb + t]! * t1[t]! + U[cb + t]! * t2[t]!;
        z[x] -= s;
      }
    }
    for (let x = 0; x < q; x++) Y[(c0 + x) * S + i] = tq * z[x]!;
    // 4. Row j (columns j+1 ..) up to date: a -= V[j, 0..i] Y^T + X[j, 0..i-1] U^T.
    const rj = j * n + c0;
    for (let x = 0; x < q; x++) {
      const cb = (c0 + x) * S;
      let s = 0;
      for (let t = 0; t <= i; t++) s += V[j * S + t]! * Y[cb + t]!;
      for (let t = 0; t < i; t++) s += X[j * S + t]! * U[cb + t]!;
      a[rj + x] -= s;
    }
    // 5. Right reflector on row j.
    const tp = larfg(a, rj, 1, q);
    taup[j] = tp;
    e[j] = a[rj]!;
    U[c0 * S + i] = 1;
    for (let x = 1; x < q; x++) U[(c0 + x) * S + i] = a[rj + x]!;
    // 6. x = tp (A0 u - V (Y^T u) - X (U^T u)) over rows j+1 .. m-1.
    a[rj] = 1;
    rowDots(a, n, j + 1, m, c0, rj, q, z);
    a[rj] = e[j]!;
    t1.fill(0, 0, i + 1);
    t2.fill(0, 0, i + 1);
    for (let x = 0; x < q; x++) {
      const cb = (c0 + x) * S;
      const ux = U[cb + i]!;
      for (let t = 0; t <= i; t++) t1[t] += Y[cb + t]! * ux;
      for (let t = 0; t < i; t++) t2[t] += U[cb + t]! * ux;
    }
    for (let r = j + 1; r < m; r++) {
      const rb = r * S;
      let s = z[r - j - 1]!;
      for (let t = 0; t <= i; t++) s -= V[rb + t]! * t1[t]!;
      for (let t = 0; t < i; t++) s -= X[rb + t]! * t2[t]!;
      X[rb + i] = tp * s;
    }
  }
  // Trailing update A[kt:, kt:] -= [V X] [Y U]^T.
  const kt = j0 + nb;
  const mr = m - kt;
  const nc = n - kt;
  if (mr <= 0 || nc <= 0) return;
  const w2 = 2 * nb;
  const L = new Float64Array(mr * w2);
  const R = new Float64Array(nc * w2);
  for (let r = 0; r < mr; r++) {
    for (let t = 0; t < nb; t++) {
      L[r * w2 + t] = V[(kt + r) * S + t]!;
      L[r * w2 + nb + t] = X[(kt + r) * S + t]!;
    }
  }
  for (let c = 0; c < nc; c++) {
    for (let t = 0; t < nb; t++) {
      R[c * w2 + t] = Y[(kt + c) * S + t]!;
      R[c * w2 + nb + t] = U[(kt + c) * S + t]!;
    }
  }
  mm(mr, nc, w2, -1, { d: L, off: 0, ld: w2 }, false, { d: R, off: 0, ld: w2 }, true, 1, { d: a, off: kt * n + kt, ld: n });
}

/** `z[r - r0] = a[r, c0 .. c0+q-1] . a[uOff ..]` for rows `r0 .. r1-1`, four rows at a time. */
function rowDots(a: Float64Array, n: number, r0: number, r1: number, c0: number, uOff: number, q: number, z: Float64Array): void {
  let r = r0;
  for (; r + 3 < r1; r += 4) {
    const b0 = r * n + c0;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let x = 0; x < q; x++) {
      const u = a[uOff + x]!;
      s0 += a[b0 + x]! * u;
      s1 += a[b1 + x]! * u;
      s2 += a[b2 + x]! * u;
      s3 += a[b3 + x]! * u;
    }
    z[r - r0] = s0;
    z[r - r0 + 1] = s1;
    z[r - r0 + 2] = s2;
    z[r - r0 + 3] = s3;
  }
  for (; r < r1; r++) {
    const b = r * n + c0;
    let s = 0;
    for (let x = 0; x < q; x++) s += a[b + x]! * a[uOff + x]!;
    z[r - r0] = s;
  }
}
