import type { GemmArgs } from "./contract";

/**
 * The degenerate GEMM `C = beta * C` (used when `k === 0` or `alpha === 0`): with `beta === 0`
 * C is set to zero without being read, as BLAS does.
 */
export function scaleC(g: GemmArgs): void {
  const { m, n, beta, c, cRs, cCs } = g;
  for (let i = 0; i < m; i++) {
    let q = g.cOff + i * cRs;
    if (beta === 0) {
      for (let j = 0; j < n; j++, q += cCs) c[q] = 0;
    } else if (beta !== 1) {
      for (let j = 0; j < n; j++, q += cCs) c[q] = beta * c[q]!;
    }
  }
}
