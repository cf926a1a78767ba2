import {
  WcError,
  assertFinite,
  assertFloat,
  assertNdim,
  astype,
  contiguous,
  copy,
  dtypeOf,
  matmulBatched,
  reshape,
  tensor,
  transpose,
  zeros,
  type FloatArray,
  type FloatDType,
  type FloatTensor,
  type Matrix,
  type Tensor,
} from "@wc/tensor";
import { assertFactors, type MonarchFactors } from "./factors";
import { monarchSizes, type MonarchShape } from "./shapes";

/** The factor array in `dtype` (the same array when it already is). @internal */
export function factorAs(w: FloatArray, dtype: FloatDType): FloatArray {
  if (dtype === "float32") return w instanceof Float32Array ? w : Float32Array.from(w);
  return w instanceof Float64Array ? w : Float64Array.from(w);
}

/** The dtype of a product: float32 only when every operand is float32. @internal */
export function productDType(x: Tensor, f: MonarchFactors): FloatDType {
  return dtypeOf(x) === "float32" && f.w1 instanceof Float32Array && f.w2 instanceof Float32Array ? "float32" : "float64";
}

/**
 * Views of the batch x nMid intermediate `u` as the right factor's output (`k x batch x q`,
 * column `a·q + b`) and as the left factor's input after Pᵀ (`l x batch x r`, column `t·l + g`),
 * and of the batch x nOut output as the left factor's output after P (`l x batch x s`, column `e·l + g`).
 * The permutations are strides: no data moves. @internal
 */
export function monarchViews(s: MonarchShape, batch: number, u: FloatTensor, y: FloatTensor) {
  return {
    uRight: transpose(reshape(u, [batch, s.k, s.q]), [1, 0, 2]),
    uLeft: transpose(reshape(u, [batch, s.r, s.l]), [2, 0, 1]),
    yLeft: transpose(reshape(y, [batch, s.s, s.l]), [2, 0, 1]),
  };
}

/**
 * `y = x Mᵀ` without checks (`x` contiguous `batch x nIn` in `dtype`); also returns the
 * intermediate `u = x Rᵀ` for a backward pass. Two batched GEMMs through @wc/tensor. @internal
 */
export function multiplyCore(x: FloatTensor, f: MonarchFactors, dtype: FloatDType): { y: FloatTensor; u: FloatTensor } {
  const s = f.shape;
  const { nMid, nOut } = monarchSizes(s);
  const batch = x.shape[0]!;
  const W1 = tensor(factorAs(f.w1, dtype), [s.k, s.q, s.p]);
  const W2 = tensor(factorAs(f.w2, dtype), [s.l, s.s, s.r]);
  const u = zeros([batch, nMid], { dtype }) as FloatTensor;
  // Step 1 (R): u[:, a·q + b] = Σ_c w1[a][b][c] x[:, a·p + c], one GEMM per block a.
  const xBlocks = transpose(reshape(x, [batch, s.k, s.p]), [1, 0, 2]);
  matmulBatched(xBlocks, W1, { transB: true, out: transpose(reshape(u, [batch, s.k, s.q]), [1, 0, 2]) });
  // Step 2 (Pᵀ): v[g][:, t] = u[:, t·l + g], gathered into contiguous blocks (a copy: the GEMMs run
  // faster on unit-stride operands than on the stride-l view, measured ~1.3-1.9x at batch 512).
  const v = copy(transpose(reshape(u, [batch, s.r, s.l]), [2, 0, 1])) as FloatTensor;
  // Step 3 (L): z[g] = v[g] w2[g]ᵀ, one GEMM per block g.
  const z = matmulBatched(v, W2, { transB: true });
  // Step 4 (P): y[:, e·l + g] = z[g][:, e].
  const y = reshape(copy(transpose(z, [1, 2, 0])) as FloatTensor, [batch, nOut]);
  return { y, u };
}

/**
 * The Monarch product `y = x Mᵀ` for a batch of row vectors (`M = P L Pᵀ R`, spec §3.1): the
 * block-diagonal factors run as two batched GEMMs through @wc/tensor's `matmulBatched`, and both
 * permutations are strided views, so no dense `M` is formed. Cost `2 · batch · params` FLOPs.
 * The result is float32 when `x` and both factors are float32, else float64.
 * @param x - `batch x nIn` float matrix (any strides; not modified)
 * @param f - the factors
 * @returns `batch x nOut`
 * @throws {WcError} `E_SHAPE` when `x` is not 2-D or has `!= nIn` columns; `E_DTYPE` for an
 *   integer `x`; `E_RANGE` for NaN/Inf in `x` or the factors; others as {@link assertFactors}.
 * @example
 * const f = monarchInit(squareShape(16), new Rng(0));
 * const y = monarchMultiply(randn(1, [3, 16]), f); // 3 x 16
 */
export function monarchMultiply(x: Tensor, f: MonarchFactors): Matrix {
  assertNdim(x, 2, "monarchMultiply x");
  assertFloat(x, "monarchMultiply x");
  assertFactors(f, "monarchMultiply");
  const { nIn } = monarchSizes(f.shape);
  if (x.shape[1] !== nIn) {
    throw new WcError(
      "E_SHAPE",
      `monarchMultiply: x must be batch x ${nIn} (nIn = k*p = ${f.shape.k}*${f.shape.p}), got [${x.shape.join(", ")}]; zero-pad the input or use MonarchLinear`,
    );
  }
  assertFinite(x, "monarchMultiply x");
  const dtype = productDType(x, f);
  return multiplyCore(contiguous(astype(x, dtype)) as FloatTensor, f, dtype).y;
}
