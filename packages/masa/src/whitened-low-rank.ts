import { WcError, cholesky, eigvalsh, isWcError, matmul, solve, svd, tensor, type Matrix } from "@wc/tensor";
import { checkMatrix } from "./internal";

/** What {@link whitenedLowRank} returns. */
export interface WhitenedLowRankResult {
  /** `out x rank` (Float64): `U_r Σ_r^{1/2}`. */
  A: Matrix;
  /** `rank x in` (Float64): `Σ_r^{1/2} V_rᵀ Z^{-1}`. */
  B: Matrix;
  /** `Σ_{i>=r} σ_i²` of `ΔW·Z`, which equals `||(ΔW - A B) X||_F²` for the calibration inputs `X`. */
  whitenedSqError: number;
  /** The diagonal shift added to `H` before the Cholesky factorisation (0 when none was needed). */
  shift: number;
}

/**
 * Whitened rank-`r` correction of a residual (spec §3.4; SVD-LLM's construction): with `H = X Xᵀ`
 * (the Gram of the layer's calibration inputs) and `H = Z Zᵀ` (Cholesky, lower), the SVD
 * `ΔW·Z = U Σ Vᵀ` truncated to rank `r` gives `A = U_r Σ_r^{1/2}`, `B = Σ_r^{1/2} V_rᵀ Z^{-1}`, the
 * rank-`r` `AB` minimising `||(ΔW - AB) X||_F`. When `H` is not positive definite,
 * `(-λ_min(H) + 1e-6)·I` is added, as SVD-LLM's profiling step does. `Z^{-1}` is applied by a linear
 * solve (LU of `Zᵀ`), never formed.
 * @param residual - `ΔW`, `out x in`
 * @param gram - `H`, `in x in`, symmetric (only the lower triangle is read)
 * @param rank - `1 <= rank <= min(out, in)`
 * @returns `{ A, B, whitenedSqError, shift }`
 * @throws {WcError} `E_SHAPE` for a gram that is not `in x in`; `E_DTYPE` for integer input;
 *   `E_RANGE` for NaN/Inf or a rank out of range.
 * @example
 * const { A, B } = whitenedLowRank(sub(W, What), gram, 8); // W ≈ What + A B
 */
export function whitenedLowRank(residual: Matrix, gram: Matrix, rank: number): WhitenedLowRankResult {
  checkMatrix(residual, "whitenedLowRank: residual");
  checkMatrix(gram, "whitenedLowRank: gram");
  const [out, inn] = residual.shape as [number, number];
  if (gram.shape[0] !== inn || gram.shape[1] !== inn) {
    throw new WcError("E_SHAPE", `whitenedLowRank: gram must be ${inn} x ${inn} (the residual's input size), got ${gram.shape.join(" x ")}`);
  }
  const k = Math.min(out, inn);
  if (!Number.isInteger(rank) || rank < 1 || rank > k) throw new WcError("E_RANGE", `whitenedLowRank: rank must be an integer in [1, ${k}], got ${rank}`);
  let Z: Matrix;
  let shift = 0;
  try {
    Z = cholesky(gram);
  } catch (e) {
    if (!isWcError(e, "E_RANGE")) throw e;
    shift = -eigvalsh(gram).data[0]! + 1e-6;
    const h = new Float64Array(inn * inn);
    for (let i = 0; i < inn; i++) for (let j = 0; j <= i; j++) h[i * inn + j] = gram.get(i, j) + (i === j ? shift : 0);
    Z = cholesky(tensor(h, [inn, inn]));
  }
  const WZ = matmul(residual, Z);
  const { U, S: s, Vt } = svd(WZ);
  const sv = s.data;
  let whitenedSqError = 0;
  for (let i = rank; i < sv.length; i++) whitenedSqError += sv[i]! * sv[i]!;
  const A = new Float64Array(out * rank);
  for (let i = 0; i < out; i++) for (let j = 0; j < rank; j++) A[i * rank + j] = U!.get(i, j) * Math.sqrt(sv[j]!);
  // Bᵀ (in x rank) solves Zᵀ Bᵀ = V_r Σ_r^{1/2}.
  const rhs = new Float64Array(inn * rank);
  for (let j = 0; j < rank; j++) for (let i = 0; i < inn; i++) rhs[i * rank + j] = Vt!.get(j, i) * Math.sqrt(sv[j]!);
  const Zt = Z.transpose(1, 0);
  const Bt = solve(Zt, tensor(rhs, [inn, rank])).data;
  const B = new Float64Array(rank * inn);
  for (let i = 0; i < inn; i++) for (let j = 0; j < rank; j++) B[j * inn + i] = Bt[i * rank + j]!;
  return { A: tensor(A, [out, rank]), B: tensor(B, [rank, inn]), whitenedSqError, shift };
}
