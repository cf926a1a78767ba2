import type { FloatArray } from "../types";

/**
 * The one GEMM kernel contract: `C = alpha * op(A) * op(B) + beta * C` over raw typed arrays.
 *
 * `op(A)` is `m x k` and is read as `a[aOff + i * aRs + p * aCs]`; a transposed operand is just
 * swapped strides. Likewise `op(B)` (`k x n`) and `C` (`m x n`). `a`, `b`, `c` share one float type.
 * Preconditions (checked by the public ops, not here): extents >= 0, every index in range, `c`
 * does not alias `a` or `b`. When `beta === 0`, C is overwritten without being read (NaN in C is
 * ignored, as BLAS does).
 */
export interface GemmArgs<T extends FloatArray = FloatArray> {
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: T;
  aOff: number;
  aRs: number;
  aCs: number;
  b: T;
  bOff: number;
  bRs: number;
  bCs: number;
  beta: number;
  c: T;
  cOff: number;
  cRs: number;
  cCs: number;
}

/** A GEMM implementation following {@link GemmArgs}. */
export type GemmKernel = (args: GemmArgs) => void;
