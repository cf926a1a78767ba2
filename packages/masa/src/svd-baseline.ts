import { WcError, svd, tensor, type Matrix } from "@wc/tensor";
import { checkMatrix } from "./internal";

/** What {@link truncatedSvdAtBudget} returns. */
export interface SvdBaselineResult {
  /** Rank used: `floor(paramBudget / (out + in))`, capped at `min(out, in)` (0 when the budget is too small). */
  rank: number;
  /** The rank-`rank` approximation (Float64; all zeros at rank 0). */
  approximation: Matrix;
  /** `||W - W_r||_F / ||W||_F`. */
  relError: number;
}

/**
 * The per-layer low-rank baseline the paper compares MASA against: the best rank-`r` approximation
 * (truncated SVD) of one matrix, with `r` the largest rank whose factors (`r·(out+in)` numbers) fit
 * `paramBudget`.
 * @param w - `out x in` matrix (not modified)
 * @param paramBudget - parameters allowed for this matrix (>= 0)
 * @returns rank, approximation and relative error
 * @throws {WcError} `E_RANGE` for a negative or non-finite budget or NaN/Inf entries; `E_SHAPE` for non-2-D input.
 * @example
 * truncatedSvdAtBudget(W, 4096).relError;
 */
export function truncatedSvdAtBudget(w: Matrix, paramBudget: number): SvdBaselineResult {
  checkMatrix(w, "truncatedSvdAtBudget");
  if (!(paramBudget >= 0) || !Number.isFinite(paramBudget)) throw new WcError("E_RANGE", `truncatedSvdAtBudget: paramBudget must be a finite number >= 0, got ${paramBudget}`);
  const [out, inn] = w.shape as [number, number];
  const rank = Math.min(Math.floor(paramBudget / (out + inn)), Math.min(out, inn));
  const res = new Float64Array(out * inn);
  let w2 = 0;
  for (let i = 0; i < out; i++) for (let j = 0; j < inn; j++) w2 += w.get(i, j) ** 2;
  if (rank > 0) {
    const { U, S, Vt } = svd(w);
    for (let t = 0; t < rank; t++) {
      const s = S.data[t]!;
      for (let i = 0; i < out; i++) {
        const u = U!.get(i, t) * s;
        for (let j = 0; j < inn; j++) res[i * inn + j] += u * Vt!.get(t, j);
      }
    }
  }
  let e = 0;
  for (let i = 0; i < out; i++) for (let j = 0; j < inn; j++) e += (w.get(i, j) - res[i * inn + j]!) ** 2;
  return { rank, approximation: tensor(res, [out, inn]), relError: w2 > 0 ? Math.sqrt(e / w2) : 0 };
}
