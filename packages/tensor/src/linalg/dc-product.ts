import { mat, mm, type Mat, type View } from "./dense";

/**
 * The merge product of the divide-and-conquer solvers, `C = B[:, K] X` (`B` is `rows x *`, `X` is
 * `kk x kk` with `kk = K.length`, `C` is `rows x kk`), exploiting the block structure of `B`: it
 * is the direct sum of the two halves' bases, so most of its columns are zero either in rows
 * `0 .. split-1` or in rows `split ..` (only columns mixed by deflation rotations are dense). As
 * LAPACK's dlaed3/dlasd3 do, the columns are grouped into top-only, dense and bottom-only, and each
 * half of `C` is one GEMM over the groups that reach it: about half the work of the plain product.
 */
export function structuredProduct(B: Mat, K: ArrayLike<number>, X: Mat, split: number, C: View): void {
  const rows = B.m;
  const ld = B.n;
  const kk = K.length;
  const b = B.d;
  const hasTop = new Uint8Array(kk);
  const hasBot = new Uint8Array(kk);
  for (let r = 0; r < rows; r++) {
    const flag = r < split ? hasTop : hasBot;
    const o = r * ld;
    for (let t = 0; t < kk; t++) if (b[o + K[t]!] !== 0) flag[t] = 1;
  }
  const perm: number[] = [];
  for (let t = 0; t < kk; t++) if (!hasBot[t]) perm.push(t);
  const nt = perm.length;
  for (let t = 0; t < kk; t++) if (hasBot[t] && hasTop[t]) perm.push(t);
  const nd = perm.length - nt;
  for (let t = 0; t < kk; t++) if (hasBot[t] && !hasTop[t]) perm.push(t);
  const Bp = mat(rows, kk);
  const Xp = mat(kk, kk);
  for (let r = 0; r < rows; r++) {
    const o = r * ld;
    const p = r * kk;
    for (let t = 0; t < kk; t++) Bp.d[p + t] = b[o + K[perm[t]!]!]!;
  }
  for (let t = 0; t < kk; t++) Xp.d.set(X.d.subarray(perm[t]! * kk, perm[t]! * kk + kk), t * kk);
  mm(split, kk, nt + nd, 1, { d: Bp.d, off: 0, ld: kk }, false, { d: Xp.d, off: 0, ld: kk }, false, 0, C);
  mm(rows - split, kk, kk - nt, 1, { d: Bp.d, off: split * kk + nt, ld: kk }, false, { d: Xp.d, off: nt * kk, ld: kk }, false, 0, {
    d: C.d,
    off: C.off + split * C.ld,
    ld: C.ld,
  });
}
