import { mat, mm, type Mat } from "./dense";
import type { Region } from "./level2";
import { larfg } from "./householder";
import { blockGemvN, blockGemvT, blockSymvL, loadBlock, type Block } from "./level2";

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

/** Panel width of the blocked tridiagonalisation. */
const NBT = 64;
/** Row-block height of the lower-triangle-only trailing update. */
const LOWER_RB = 128;

/**
 * Householder reduction of a symmetric matrix (full storage, both triangles, overwritten) to
 * tridiagonal form, blocked like LAPACK dsytrd/dlatrd: within a panel of {@link NBT} steps the
 * trailing matrix is not touched; each step reads it once for `A v` (the level-2 half) and corrects
 * for the panel's earlier reflectors with the accumulated `V`, `W` (`A <- A - V W^T - W V^T`), which
 * is applied to the trailing block after the panel as one GEMM (the level-3 half).
 */
export function sytrd(A: Mat, wantV: boolean): Tridiagonal {
  const { n, d: a } = A;
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = new Float64Array(Math.max(0, n - 2));
  const p = new Float64Array(n);
  const steps = n - 2;
  const Vp = new Float64Array(n * NBT);
  const Wp = new Float64Array(n * NBT);
  const t1 = new Float64Array(NBT);
  const t2 = new Float64Array(NBT);
  let lowerOnly = false;
  for (let k0 = 0; k0 < steps; k0 += NBT) {
    const nb = Math.min(NBT, steps - k0);
    // Rows/columns k0 .. n-1 are only read during the panel: one copy of their lower triangle in
    // wasm memory serves its matrix-vector products, and the panel's V, W live there too.
    const blk = loadBlock(
      a,
      k0 * n + k0,
      n,
      n - k0,
      n - k0,
      [
        [n - k0, NBT],
        [n - k0, NBT],
      ],
      true,
    );
    if (!blk && lowerOnly) {
      // Earlier panels updated only the lower triangle: restore the upper one for the TS loops.
      for (let r = k0; r < n; r++) for (let c = k0; c < r; c++) a[c * n + r] = a[r * n + c]!;
    }
    lowerOnly = blk !== null;
    if (blk) {
      panelWasm(a, n, k0, nb, d, e, tau, p, blk);
      const f = blk.f64;
      const [Vr, Wr] = blk.extra as [Region, Region];
      for (let r = k0; r < n; r++) {
        Vp.set(f.subarray(Vr.base + (r - k0) * Vr.ld, Vr.base + (r - k0) * Vr.ld + NBT), r * NBT);
        Wp.set(f.subarray(Wr.base + (r - k0) * Wr.ld, Wr.base + (r - k0) * Wr.ld + NBT), r * NBT);
      }
    } else Vp.fill(0);
    if (!blk) Wp.fill(0);
    for (let i = 0; i < nb && !blk; i++) {
      const k = k0 + i;
      const rk = k * n;
      if (i > 0) {
        // Bring row k up to date with this panel's earlier reflectors.
        const kb = k * NBT;
        for (let j = k; j < n; j++) {
          const jb = j * NBT;
          let s = 0;
          for (let t = 0; t < i; t++) s += Vp[kb + t]! * Wp[jb + t]! + Wp[kb + t]! * Vp[jb + t]!;
          a[rk + j] -= s;
        }
      }
      d[k] = a[rk + k]!;
      const t = larfg(a, rk + k + 1, 1, n - k - 1);
      tau[k] = t;
      e[k] = a[rk + k + 1]!;
      if (t === 0) continue;
      Vp[(k + 1) * NBT + i] = 1;
      for (let j = k + 2; j < n; j++) Vp[j * NBT + i] = a[rk + j]!;
      // p = A22 v with A22 as left by the previous panels (rows below k are untouched so far).
      a[rk + k + 1] = 1;
      symv(a, n, k + 1, rk, p);
      a[rk + k + 1] = e[k]!;
      if (i > 0) {
        t1.fill(0, 0, i);
        t2.fill(0, 0, i);
        for (let j = k + 1; j < n; j++) {
          const jb = j * NBT;
          const vj = Vp[jb + i]!;
          for (let q = 0; q < i; q++) {
            t1[q] += Wp[jb + q]! * vj;
            t2[q] += Vp[jb + q]! * vj;
          }
        }
        for (let r = k + 1; r < n; r++) {
          const rb = r * NBT;
          let s = 0;
          for (let q = 0; q < i; q++) s += Vp[rb + q]! * t1[q]! + Wp[rb + q]! * t2[q]!;
          p[r] -= s;
        }
      }
      let pv = 0;
      for (let r = k + 1; r < n; r++) {
        p[r] *= t;
        pv += p[r]! * Vp[r * NBT + i]!;
      }
      const alpha = -0.5 * t * pv;
      for (let r = k + 1; r < n; r++) Wp[r * NBT + i] = p[r]! + alpha * Vp[r * NBT + i]!;
    }
    // Trailing update A[kt:, kt:] -= [V W] [W V]^T as one GEMM.
    const kt = k0 + nb;
    const mt = n - kt;
    if (mt > 0) {
      const w2 = 2 * nb;
      const P = new Float64Array(mt * w2);
      const Q = new Float64Array(mt * w2);
      for (let r = 0; r < mt; r++) {
        const src = (kt + r) * NBT;
        for (let q = 0; q < nb; q++) {
          P[r * w2 + q] = Vp[src + q]!;
          P[r * w2 + nb + q] = Wp[src + q]!;
          Q[r * w2 + q] = Wp[src + q]!;
          Q[r * w2 + nb + q] = Vp[src + q]!;
        }
      }
      if (!blk) mm(mt, mt, w2, -1, { d: P, off: 0, ld: w2 }, false, { d: Q, off: 0, ld: w2 }, true, 1, { d: a, off: kt * n + kt, ld: n });
      else {
        // The wasm panels read only the lower triangle, so only it (with the diagonal blocks) is updated.
        for (let r = 0; r < mt; r += LOWER_RB) {
          const rb = Math.min(LOWER_RB, mt - r);
          mm(rb, r + rb, w2, -1, { d: P, off: r * w2, ld: w2 }, false, { d: Q, off: 0, ld: w2 }, true, 1, { d: a, off: (kt + r) * n + kt, ld: n });
        }
      }
    }
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

/**
 * `p[r] = sum_j a[r, j] v[j]` for `r, j` in `lo .. n-1`, `v` at `a[vOff + j]`; four rows at a time
 * so each `v` load feeds four independent accumulators.
 */
function symv(a: Float64Array, n: number, lo: number, vOff: number, p: Float64Array): void {
  let r = lo;
  for (; r + 3 < n; r += 4) {
    const r0 = r * n;
    const r1 = r0 + n;
    const r2 = r1 + n;
    const r3 = r2 + n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = lo; j < n; j++) {
      const v = a[vOff + j]!;
      s0 += a[r0 + j]! * v;
      s1 += a[r1 + j]! * v;
      s2 += a[r2 + j]! * v;
      s3 += a[r3 + j]! * v;
    }
    p[r] = s0;
    p[r + 1] = s1;
    p[r + 2] = s2;
    p[r + 3] = s3;
  }
  for (; r < n; r++) {
    const rr = r * n;
    let s = 0;
    for (let j = lo; j < n; j++) s += a[rr + j]! * a[vOff + j]!;
    p[r] = s;
  }
}

/**
 * One panel of {@link sytrd} with its matrix-vector products in wasm (see level2.ts): `blk` holds
 * the lower triangle of the trailing block (rows/columns `k0 ..`) and the panel's `V`, `W` (rows `k0 ..`, zeroed).
 * Same arithmetic as the TS panel loop, but only the lower triangle of the block is read (the
 * caller updates only that triangle of the trailing matrix); `p` is scratch.
 */
function panelWasm(a: Float64Array, n: number, k0: number, nb: number, d: Float64Array, e: Float64Array, tau: Float64Array, p: Float64Array, blk: Block): void {
  const f = blk.f64;
  const { x, y } = blk;
  const [Vr, Wr] = blk.extra as [Region, Region];
  const V = Vr.base;
  const W = Wr.base;
  const S = Vr.ld;
  const t1 = new Float64Array(NBT);
  const t2 = new Float64Array(NBT);
  const A = blk.a;
  for (let i = 0; i < nb; i++) {
    const k = k0 + i;
    const rk = k * n;
    const o = k - k0;
    // Row k (from the lower triangle, i.e. column k of the block, as left by earlier panels).
    for (let j = 0, q = A.base + o * A.ld + o; j < n - k; j++, q += A.ld) a[rk + k + j] = f[q]!;
    if (i > 0) {
      // Row k: a[k, j] -= V[k,:] W[j,:]^T + W[k,:] V[j,:]^T for j >= k.
      const len = n - k;
      f.set(f.subarray(V + o * S, V + o * S + i), x);
      blockGemvN(blk, Wr, o, 0, len, i);
      for (let j = 0; j < len; j++) p[j] = f[y + j]!;
      f.set(f.subarray(W + o * S, W + o * S + i), x);
      blockGemvN(blk, Vr, o, 0, len, i);
      for (let j = 0; j < len; j++) a[rk + k + j] -= p[j]! + f[y + j]!;
    }
    d[k] = a[rk + k]!;
    const t = larfg(a, rk + k + 1, 1, n - k - 1);
    tau[k] = t;
    e[k] = a[rk + k + 1]!;
    if (t === 0) continue;
    const len = n - k - 1;
    // v (v[0] = 1) into column i of V and into the input vector.
    f[V + (o + 1) * S + i] = 1;
    f[x] = 1;
    for (let j = 1; j < len; j++) {
      const vj = a[rk + k + 1 + j]!;
      f[V + (o + 1 + j) * S + i] = vj;
      f[x + j] = vj;
    }
    // p = A22 v - V (W^T v) - W (V^T v), rows k+1 .. n-1.
    blockSymvL(blk, A, o + 1, len);
    for (let j = 0; j < len; j++) p[j] = f[y + j]!;
    if (i > 0) {
      blockGemvT(blk, Vr, o + 1, 0, len, i);
      for (let q = 0; q < i; q++) t2[q] = f[y + q]!;
      blockGemvT(blk, Wr, o + 1, 0, len, i);
      for (let q = 0; q < i; q++) t1[q] = f[y + q]!;
      f.set(t1.subarray(0, i), x);
      blockGemvN(blk, Vr, o + 1, 0, len, i);
      for (let j = 0; j < len; j++) p[j] -= f[y + j]!;
      f.set(t2.subarray(0, i), x);
      blockGemvN(blk, Wr, o + 1, 0, len, i);
      for (let j = 0; j < len; j++) p[j] -= f[y + j]!;
    }
    let pv = 0;
    for (let j = 0; j < len; j++) {
      p[j] *= t;
      pv += p[j]! * f[V + (o + 1 + j) * S + i]!;
    }
    const alpha = -0.5 * t * pv;
    for (let j = 0; j < len; j++) f[W + (o + 1 + j) * S + i] = p[j]! + alpha * f[V + (o + 1 + j) * S + i]!;
  }
}
