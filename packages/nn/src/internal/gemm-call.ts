import { gemm, type FloatArray, type GemmArgs } from "@wc/tensor";

/** Cumulative GEMM time, for the benchmark's time split. Off unless `enabled` is set. */
export const gemmClock = { enabled: false, ms: 0, calls: 0, flops: 0 };

/**
 * `C[m x n] = op(A) op(B) + beta C` over raw row-major buffers, through @wc/tensor's `gemm`.
 * Strides: element (i, p) of op(A) is `a[aOff + i * aRs + p * aCs]`, likewise B; C has unit column stride.
 */
export function gemmRaw(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOff: number,
  aRs: number,
  aCs: number,
  b: FloatArray,
  bOff: number,
  bRs: number,
  bCs: number,
  c: FloatArray,
  cOff: number,
  cRs: number,
  beta: number,
): void {
  if (m === 0 || n === 0) return;
  const args: GemmArgs = { m, n, k, alpha: 1, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, cRs, cCs: 1 };
  if (!gemmClock.enabled) {
    gemm(args);
    return;
  }
  const t0 = performance.now();
  gemm(args);
  gemmClock.ms += performance.now() - t0;
  gemmClock.calls++;
  gemmClock.flops += 2 * m * n * k;
}
