import { gemm, type FloatArray, type GemmArgs } from "@wc/tensor";

/**
 * Cumulative time, call count and flops of every GEMM @wc/nn issues (matmul, linear, conv2d), for
 * profiling a training or inference step. Off unless `enabled` is set; reset the counters yourself.
 * @example
 * gemmClock.enabled = true; gemmClock.ms = 0; model.call(x); console.log(gemmClock.ms);
 */
export const gemmClock: { enabled: boolean; ms: number; calls: number; flops: number } = { enabled: false, ms: 0, calls: 0, flops: 0 };

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
