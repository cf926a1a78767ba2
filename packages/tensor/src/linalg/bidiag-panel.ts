import { larfg } from "./householder";
import { blockGemvN, blockGemvT, type Block, type Region } from "./level2";

/**
 * One panel of the blocked bidiagonalisation (dlabrd; see `labrd` in bidiag.ts for the algebra)
 * with every matrix-vector product in wasm (level2.ts). `blk` holds the trailing block (rows
 * `j0 ..`, columns `j0+1 ..`) and four zeroed scratch matrices of width 32: `V`, `X` (rows
 * `j0 ..`) and `Y`, `U` (indexed by column `j0 ..`). Reflectors are written into `a` as usual.
 */
export function labrdWasm(
  a: Float64Array,
  m: number,
  n: number,
  j0: number,
  nb: number,
  d: Float64Array,
  e: Float64Array,
  tauq: Float64Array,
  taup: Float64Array,
  blk: Block,
): void {
  const f = blk.f64;
  const { x, y } = blk;
  const [Vr, Xr, Yr, Ur] = blk.extra as [Region, Region, Region, Region];
  const S = Vr.ld;
  const V = Vr.base;
  const X = Xr.base;
  const Y = Yr.base;
  const U = Ur.base;
  const z = new Float64Array(Math.max(m, n));
  const t1 = new Float64Array(S);
  const t2 = new Float64Array(S);
  for (let i = 0; i < nb; i++) {
    const j = j0 + i;
    const o = j - j0;
    const h = m - j;
    const q = n - j - 1;
    // 1. Column j (rows j ..): a -= V Y[j,:]^T + X U[j,:]^T.
    if (i > 0) {
      f.set(f.subarray(Y + o * S, Y + o * S + i), x);
      blockGemvN(blk, Vr, o, 0, h, i);
      for (let r = 0; r < h; r++) z[r] = f[y + r]!;
      f.set(f.subarray(U + o * S, U + o * S + i), x);
      blockGemvN(blk, Xr, o, 0, h, i);
      for (let r = 0; r < h; r++) a[(j + r) * n + j] -= z[r]! + f[y + r]!;
    }
    // 2. Left reflector on column j; v into V[:, i] and the input vector.
    const tq = larfg(a, j * n + j, n, h);
    tauq[j] = tq;
    d[j] = a[j * n + j]!;
    f[V + o * S + i] = 1;
    f[x] = 1;
    for (let r = 1; r < h; r++) {
      const vr = a[(j + r) * n + j]!;
      f[V + (o + r) * S + i] = vr;
      f[x + r] = vr;
    }
    if (q <= 0) continue;
    // 3. y = tq (A0^T v - Y (V^T v) - U (X^T v)) over columns j+1 ..
    blockGemvT(blk, blk.a, o, o, h, q);
    for (let c = 0; c < q; c++) z[c] = f[y + c]!;
    if (i > 0) {
      blockGemvT(blk, Vr, o, 0, h, i);
      for (let t = 0; t < i; t++) t1[t] = f[y + t]!;
      blockGemvT(blk, Xr, o, 0, h, i);
      for (let t = 0; t < i; t++) t2[t] = f[y + t]!;
      f.set(t1.subarray(0, i), x);
      blockGemvN(blk, Yr, o + 1, 0, q, i);
      for (let c = 0; c < q; c++) z[c] -= f[y + c]!;
      f.set(t2.subarray(0, i), x);
      blockGemvN(blk, Ur, o + 1, 0, q, i);
      for (let c = 0; c < q; c++) z[c] -= f[y + c]!;
    }
    for (let c = 0; c < q; c++) f[Y + (o + 1 + c) * S + i] = tq * z[c]!;
    // 4. Row j (columns j+1 ..): a -= V[j, 0..i] Y^T + X[j, 0..i-1] U^T.
    const rj = j * n + j + 1;
    f.set(f.subarray(V + o * S, V + o * S + i + 1), x);
    blockGemvN(blk, Yr, o + 1, 0, q, i + 1);
    for (let c = 0; c < q; c++) a[rj + c] -= f[y + c]!;
    if (i > 0) {
      f.set(f.subarray(X + o * S, X + o * S + i), x);
      blockGemvN(blk, Ur, o + 1, 0, q, i);
      for (let c = 0; c < q; c++) a[rj + c] -= f[y + c]!;
    }
    // 5. Right reflector on row j; u into U[:, i] and the input vector.
    const tp = larfg(a, rj, 1, q);
    taup[j] = tp;
    e[j] = a[rj]!;
    f[U + (o + 1) * S + i] = 1;
    f[x] = 1;
    for (let c = 1; c < q; c++) {
      const uc = a[rj + c]!;
      f[U + (o + 1 + c) * S + i] = uc;
      f[x + c] = uc;
    }
    // 6. x = tp (A0 u - V (Y^T u) - X (U^T u)) over rows j+1 ..
    const h1 = h - 1;
    if (h1 <= 0) continue;
    blockGemvN(blk, blk.a, o + 1, o, h1, q);
    for (let r = 0; r < h1; r++) z[r] = f[y + r]!;
    blockGemvT(blk, Yr, o + 1, 0, q, i + 1);
    for (let t = 0; t <= i; t++) t1[t] = f[y + t]!;
    if (i > 0) {
      blockGemvT(blk, Ur, o + 1, 0, q, i);
      for (let t = 0; t < i; t++) t2[t] = f[y + t]!;
    }
    f.set(t1.subarray(0, i + 1), x);
    blockGemvN(blk, Vr, o + 1, 0, h1, i + 1);
    for (let r = 0; r < h1; r++) z[r] -= f[y + r]!;
    if (i > 0) {
      f.set(t2.subarray(0, i), x);
      blockGemvN(blk, Xr, o + 1, 0, h1, i);
      for (let r = 0; r < h1; r++) z[r] -= f[y + r]!;
    }
    for (let r = 0; r < h1; r++) f[X + (o + 1 + r) * S + i] = tp * z[r]!;
  }
}
