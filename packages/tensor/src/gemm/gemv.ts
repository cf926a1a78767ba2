import type { GemmArgs } from "./contract";
import { scaleC } from "./scale";

let row: Float64Array | null = null;

/**
 * GEMM for a single row or column of C (`m === 1` or `n === 1`, i.e. vector-matrix and
 * matrix-vector products): direct strided dot products / row updates with no packing, accumulated
 * in float64. Follows {@link GemmArgs} (`beta === 0` never reads C).
 */
export function gemmVector(g: GemmArgs): void {
  const { m, n, k, alpha, beta, a, b, c } = g;
  if (m === 0 || n === 0) return;
  if (k === 0 || alpha === 0) {
    scaleC(g);
    return;
  }
  if (n === 1) {
    // c[i] = alpha * dot(A[i, :], B[:, 0]) (+ beta c[i])
    for (let i = 0; i < m; i++) {
      let pa = g.aOff + i * g.aRs;
      let pb = g.bOff;
      const as = g.aCs;
      const bs = g.bRs;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 1 < k; p += 2) {
        s0 += a[pa]! * b[pb]!;
        s1 += a[pa + as]! * b[pb + bs]!;
        pa += 2 * as;
        pb += 2 * bs;
      }
      if (p < k) s0 += a[pa]! * b[pb]!;
      const q = g.cOff + i * g.cRs;
      c[q] = beta === 0 ? alpha * (s0 + s1) : alpha * (s0 + s1) + beta * c[q]!;
    }
    return;
  }
  // m === 1: row = sum_p A[0, p] B[p, :], accumulated in a reused float64 row.
  if (!row || row.length < n) row = new Float64Array(n);
  const r = row;
  r.fill(0, 0, n);
  for (let p = 0; p < k; p++) {
    const av = a[g.aOff + p * g.aCs]!;
    let pb = g.bOff + p * g.bRs;
    const bs = g.bCs;
    for (let j = 0; j < n; j++, pb += bs) r[j] = r[j]! + av * b[pb]!;
  }
  let q = g.cOff;
  for (let j = 0; j < n; j++, q += g.cCs) c[q] = beta === 0 ? alpha * r[j]! : alpha * r[j]! + beta * c[q]!;
}
