import { zeros } from "../create";
import { WcError } from "../errors";
import { dtypeOf, type FloatDType, type FloatTensor, type Matrix, type Tensor } from "../types";
import { assertFloat, assertNdim } from "../validate";
import type { GemmArgs } from "./contract";
import { gemm } from "./dispatch";

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use `A^T` instead of `A`; default false. */
  transA?: boolean;
  /** Use `B^T` instead of `B`; default false. */
  transB?: boolean;
  /** Scale of the product; default 1. */
  alpha?: number;
  /** Scale of the existing `out` added to the product; default 0 (out is overwritten). */
  beta?: number;
  /** Write into this `m x n` matrix (same dtype) instead of allocating; it is returned. */
  out?: Matrix;
}

/**
 * Matrix product `alpha * op(A) op(B) + beta * out` for float32 or float64 matrices with any strides
 * (transposed and sliced views included). The result has the inputs' dtype; mixed dtypes are promoted
 * to float64.
 *
 * @throws {WcError} `E_SHAPE` when inner extents differ or `out` has the wrong shape;
 *   `E_DTYPE` for integer inputs or an `out` of another dtype.
 * @example
 * const C = matmul(A, B, { transB: true }); // A B^T
 */
export function matmul(A: Tensor, B: Tensor, options: MatmulOptions = {}): Matrix {
  assertNdim(A, 2, "matmul A");
  assertNdim(B, 2, "matmul B");
  assertFloat(A, "matmul A");
  assertFloat(B, "matmul B");
  const { transA = false, transB = false, alpha = 1, beta = 0 } = options;
  const m = transA ? A.shape[1]! : A.shape[0]!;
  const k = transA ? A.shape[0]! : A.shape[1]!;
  const kb = transB ? B.shape[1]! : B.shape[0]!;
  const n = transB ? B.shape[0]! : B.shape[1]!;
  if (k !== kb) {
    throw new WcError(
      "E_SHAPE",
      `matmul: inner extents differ: op(A) is ${m}x${k}, op(B) is ${kb}x${n}; check transA/transB`,
      { a: [...A.shape], b: [...B.shape], transA, transB },
    );
  }
  let dtype: FloatDType = dtypeOf(A) === "float32" && dtypeOf(B) === "float32" ? "float32" : "float64";
  let a: FloatTensor = A;
  let b: FloatTensor = B;
  if (dtypeOf(a) !== dtype) a = promote(a) as FloatTensor;
  if (dtypeOf(b) !== dtype) b = promote(b) as FloatTensor;
  let out = options.out;
  if (out) {
    if (out.shape.length !== 2 || out.shape[0] !== m || out.shape[1] !== n) {
      throw new WcError("E_SHAPE", `matmul: out must be ${m}x${n}, got [${out.shape.join(", ")}]`);
    }
    if (dtypeOf(out) !== dtype) {
      throw new WcError("E_DTYPE", `matmul: out must be ${dtype} like the product, got ${dtypeOf(out)}`);
    }
    if (out.data === a.data || out.data === b.data) {
      throw new WcError("E_ARGUMENT", "matmul: out shares its buffer with an input; pass a separate out");
    }
    dtype = dtypeOf(out) as FloatDType;
  } else {
    out = zeros([m, n], { dtype }) as Matrix;
  }
  const args: GemmArgs = {
    m,
    n,
    k,
    alpha,
    a: a.data as GemmArgs["a"],
    aOff: a.offset,
    aRs: transA ? a.stride[1]! : a.stride[0]!,
    aCs: transA ? a.stride[0]! : a.stride[1]!,
    b: b.data as GemmArgs["b"],
    bOff: b.offset,
    bRs: transB ? b.stride[1]! : b.stride[0]!,
    bCs: transB ? b.stride[0]! : b.stride[1]!,
    beta: options.out ? beta : 0,
    c: out.data,
    cOff: out.offset,
    cRs: out.stride[0]!,
    cCs: out.stride[1]!,
  };
  gemm(args);
  return out;
}

function promote(t: Tensor): Tensor {
  const out = zeros(t.shape, { dtype: "float64" });
  const [r, c] = t.shape as [number, number];
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.data[i * c + j] = t.data[t.offset + i * t.stride[0]! + j * t.stride[1]!]!;
  return out;
}
