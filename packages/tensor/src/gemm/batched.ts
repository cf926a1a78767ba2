import { astype, zeros } from "../create";
import { WcError } from "../errors";
import { dtypeOf, type FloatDType, type FloatTensor, type Tensor } from "../types";
import { assertFloat } from "../validate";
import type { GemmArgs } from "./contract";
import { gemm } from "./dispatch";

/** Options of {@link matmulBatched}. */
export interface MatmulBatchedOptions {
  /** Use the transpose of every A matrix; default false. */
  transA?: boolean;
  /** Use the transpose of every B matrix; default false. */
  transB?: boolean;
  /** Scale of each product; default 1. */
  alpha?: number;
  /** Scale of the existing `out` added to the products; default 0 (out is overwritten). */
  beta?: number;
  /** Write into this `batch x m x n` tensor (the product's dtype) instead of allocating; returned. */
  out?: Tensor;
}

/**
 * Batched matrix product: `out[i] = alpha * op(A[i]) op(B[i]) + beta * out[i]` for 3-D tensors
 * `batch x rows x cols`. A 2-D operand, or a 3-D one with batch 1, is broadcast over the batch
 * (as NumPy's `matmul` does). Any strides; float32 when both inputs are float32, else float64.
 * Each product runs through {@link gemm}, so large ones take the WASM SIMD kernel.
 *
 * @param A `batch x m x k` (or `k x m` with `transA`), or a 2-D matrix shared by every batch item.
 * @param B `batch x k x n` (or `n x k` with `transB`), or a 2-D matrix shared by every batch item.
 * @param options transposes, scalars and `out`; every default is listed in {@link MatmulBatchedOptions}.
 * @returns the `batch x m x n` product (`out` when given).
 * @throws {WcError} `E_SHAPE` when neither input is 3-D, an input is not 2-D/3-D, batch sizes
 *   differ (and neither is 1), inner extents differ, or `out` has the wrong shape.
 * @throws {WcError} `E_DTYPE` for integer inputs or an `out` of the wrong dtype.
 * @throws {WcError} `E_ARGUMENT` when `out` shares its buffer with an input.
 * @example
 * const Y = matmulBatched(X, W, { transB: true }); // X: b x t x in, W: out x in -> b x t x out
 */
export function matmulBatched(A: Tensor, B: Tensor, options: MatmulBatchedOptions = {}): FloatTensor {
  const nda = A.shape.length;
  const ndb = B.shape.length;
  if (nda < 2 || nda > 3 || ndb < 2 || ndb > 3 || (nda === 2 && ndb === 2)) {
    throw new WcError(
      "E_SHAPE",
      `matmulBatched: expected 3-D (batch x rows x cols) inputs, one of them may be 2-D; got [${A.shape.join(", ")}] and [${B.shape.join(", ")}]; use matmul for two matrices`,
    );
  }
  assertFloat(A, "matmulBatched A");
  assertFloat(B, "matmulBatched B");
  const { transA = false, transB = false, alpha = 1, beta = 0 } = options;
  const ba = nda === 3 ? A.shape[0]! : 1;
  const bb = ndb === 3 ? B.shape[0]! : 1;
  if (ba !== bb && ba !== 1 && bb !== 1) {
    throw new WcError("E_SHAPE", `matmulBatched: batch sizes ${ba} and ${bb} differ; they must match or one must be 1`);
  }
  const batch = ba === 1 ? bb : ba;
  const [ar, ac] = [A.shape[nda - 2]!, A.shape[nda - 1]!];
  const [br, bc] = [B.shape[ndb - 2]!, B.shape[ndb - 1]!];
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [kb, n] = transB ? [bc, br] : [br, bc];
  if (k !== kb) {
    throw new WcError("E_SHAPE", `matmulBatched: inner extents differ: op(A) is ${m}x${k}, op(B) is ${kb}x${n}; check transA/transB`);
  }
  const dtype: FloatDType = dtypeOf(A) === "float32" && dtypeOf(B) === "float32" ? "float32" : "float64";
  const a = astype(A, dtype) as FloatTensor;
  const b = astype(B, dtype) as FloatTensor;
  let out = options.out as FloatTensor | undefined;
  if (out) {
    const s = out.shape;
    if (s.length !== 3 || s[0] !== batch || s[1] !== m || s[2] !== n) {
      throw new WcError("E_SHAPE", `matmulBatched: out must be ${batch}x${m}x${n}, got [${s.join(", ")}]`);
    }
    if (dtypeOf(out) !== dtype) throw new WcError("E_DTYPE", `matmulBatched: out must be ${dtype} like the product, got ${dtypeOf(out)}`);
    if (out.data === a.data || out.data === b.data) {
      throw new WcError("E_ARGUMENT", "matmulBatched: out shares its buffer with an input; pass a separate out");
    }
  } else {
    out = zeros([batch, m, n], { dtype }) as FloatTensor;
  }
  const sa = nda === 3 && ba !== 1 ? a.stride[0]! : 0;
  const sb = ndb === 3 && bb !== 1 ? b.stride[0]! : 0;
  const [aR, aC] = [a.stride[nda - 2]!, a.stride[nda - 1]!];
  const [bR, bC] = [b.stride[ndb - 2]!, b.stride[ndb - 1]!];
  const args: GemmArgs = {
    m, n, k, alpha,
    a: a.data, aOff: a.offset, aRs: transA ? aC : aR, aCs: transA ? aR : aC,
    b: b.data, bOff: b.offset, bRs: transB ? bC : bR, bCs: transB ? bR : bC,
    beta: options.out ? beta : 0,
    c: out.data, cOff: out.offset, cRs: out.stride[1]!, cCs: out.stride[2]!,
  };
  for (let i = 0; i < batch; i++) {
    args.aOff = a.offset + i * sa;
    args.bOff = b.offset + i * sb;
    args.cOff = out.offset + i * out.stride[0]!;
    gemm(args);
  }
  return out;
}
