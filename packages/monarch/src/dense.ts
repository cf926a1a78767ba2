import { matmulBatched, reshape, tensor, transpose, zeros, type FloatDType, type FloatTensor, type Matrix } from "@wc/tensor";
import { assertFactors, type MonarchFactors } from "./factors";
import { factorAs } from "./multiply";
import { monarchSizes } from "./shapes";

/**
 * The dense `nOut x nIn` matrix `M = P L Pᵀ R` of the factors (spec §3.2). `R` is laid out densely
 * (block-diagonal, `nMid x nIn`), then `M` is one batched GEMM `M_g = L_g · R_g` where `R_g` are the
 * rows `t·l + g` of `R` and `M_g` the rows `e·l + g` of `M` (the permutations are strided views).
 * Use it for checks and export; {@link monarchMultiply} never forms it.
 * @param f - the factors
 * @returns a new `nOut x nIn` matrix, float32 when both factors are float32, else float64
 * @throws {WcError} as {@link assertFactors}.
 * @example
 * const M = monarchToDense(monarchInit(squareShape(16), new Rng(0))); // 16 x 16
 */
export function monarchToDense(f: MonarchFactors): Matrix {
  assertFactors(f, "monarchToDense");
  const s = f.shape;
  const dtype: FloatDType = f.w1 instanceof Float32Array && f.w2 instanceof Float32Array ? "float32" : "float64";
  const { nIn, nMid, nOut } = monarchSizes(s);
  const w1 = factorAs(f.w1, dtype);
  // Dense block-diagonal R: block a occupies rows a·q.., columns a·p.. (a copy, no arithmetic).
  const R = zeros([nMid, nIn], { dtype }) as FloatTensor;
  for (let a = 0; a < s.k; a++) {
    for (let b = 0; b < s.q; b++) {
      const src = (a * s.q + b) * s.p;
      R.data.set(w1.subarray(src, src + s.p), (a * s.q + b) * nIn + a * s.p);
    }
  }
  const M = zeros([nOut, nIn], { dtype }) as FloatTensor;
  const W2 = tensor(factorAs(f.w2, dtype), [s.l, s.s, s.r]);
  const Rg = transpose(reshape(R, [s.r, s.l, nIn]), [1, 0, 2]);
  const Mg = transpose(reshape(M, [s.s, s.l, nIn]), [1, 0, 2]);
  matmulBatched(W2, Rg, { out: Mg });
  return M;
}
