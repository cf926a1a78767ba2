import type { GemmArgs } from "./contract";

/**
 * The reference GEMM: a plain triple loop, accumulating each dot product in float64.
 * Slow; used by tests as the truth and for tiny products.
 */
export function gemmReference(g: GemmArgs): void {
  const { m, n, k, alpha, a, b, beta, c } = g;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let pa = g.aOff + i * g.aRs;
      let pb = g.bOff + j * g.bCs;
      for (let p = 0; p < k; p++) {
        s += a[pa]! * b[pb]!;
        pa += g.aCs;
        pb += g.bRs;
      }
      const pc = g.cOff + i * g.cRs + j * g.cCs;
      c[pc] = beta === 0 ? alpha * s : alpha * s + beta * c[pc]!;
    }
  }
}
