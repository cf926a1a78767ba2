import { WcError } from "../errors";
import type { Matrix, Tensor } from "../types";
import { flipSigns, identity, readMatrix, toTensor, transposeMat, vecTensor, type Mat } from "./dense";
import { svdCore, type VectorMode } from "./svd-core";

/** Options of {@link svd}. */
export interface SvdOptions {
  /**
   * Which singular vectors to form; default `"thin"`.
   * `"thin"`: `U` is `m x k`, `Vt` is `k x n` (`k = min(m, n)`), like NumPy's `full_matrices=False`;
   * `"full"`: `U` is `m x m`, `Vt` is `n x n`; `"none"`: values only (same as {@link svdvals}).
   */
  vectors?: VectorMode;
  /**
   * Keep only the `k` largest singular triplets (`U` is `m x k`, `S` has `k` values, `Vt` is
   * `k x n`); default `min(m, n)` (all). Exact, not an approximation: the same factorisation with
   * only `k` vectors back-transformed, so it costs less than the full thin SVD when `k` is small:
   * for `k <= min(m, n) / 4` the bidiagonal's vectors come from inverse iteration on its
   * Golub-Kahan tridiagonal (as LAPACK's dbdsvdx) rather than a full divide and conquer (for a few
   * approximate triplets of a large matrix, {@link randomizedSvd} is cheaper still).
   * {@link SvdResult.tailEnergy} gives the energy of the dropped values.
   * Needs `vectors` `"thin"` or `"none"`.
   */
  k?: number;
}

/** Result of {@link svd}: `A = U diag(S) Vt`. */
export interface SvdResult {
  /** Left singular vectors as columns (float64); `null` when `vectors` is `"none"`. */
  U: Matrix | null;
  /** Singular values, non-negative and descending (float64, length `min(m, n)`). */
  S: Tensor<Float64Array>;
  /** Right singular vectors as rows (float64); `null` when `vectors` is `"none"`. */
  Vt: Matrix | null;
  /**
   * `Σ_{i >= k} σ_i²`, the squared singular values left out by `k` (0 without `k`): by
   * Eckart-Young, `||A - U diag(S) Vt||_F²`, summed from the values themselves so it stays
   * accurate when it is tiny next to `||A||_F²`.
   */
  tailEnergy: number;
}

/** Reads `A`, transposed when wide, scaled by an exact power of two when far from 1. */
function prepare(A: Tensor, where: string): { M: Mat; wide: boolean; scale: number } {
  const R = readMatrix(A, where);
  const wide = R.m < R.n;
  const M = wide ? transposeMat(R) : R;
  let mx = 0;
  for (let i = 0; i < M.d.length; i++) mx = Math.max(mx, Math.abs(M.d[i]!));
  let scale = 1;
  if (mx > 0 && (mx > 2 ** 500 || mx < 2 ** -500)) {
    scale = 2 ** Math.round(Math.log2(mx));
    for (let i = 0; i < M.d.length; i++) M.d[i] = M.d[i]! / scale;
  }
  return { M, wide, scale };
}

/**
 * Singular value decomposition `A = U diag(S) Vt` of any real matrix (tall, wide, square, 1xn,
 * nx1, 0-size, rank-deficient), like `numpy.linalg.svd`. Float64 throughout (float32 input is
 * widened). Algorithm: blocked Householder QR first for tall inputs (`m >= 1.6 n`, or `n >= 1.6 m`
 * on the transpose), blocked Householder bidiagonalisation (panels with GEMM trailing updates),
 * then the bidiagonal SVD: divide and conquer (as LAPACK dbdsdc, merges by GEMM) when vectors are
 * wanted and `min(m, n) > 25`, else implicit-shift bidiagonal QR (Golub-Kahan, relative
 * deflation), which is also the fallback should a secular root fail to converge; finally a blocked
 * compact-WY back-transformation through the core GEMM.
 *
 * Sign convention (deterministic, scikit-learn's `svd_flip`): in each column of `U` the entry of
 * largest magnitude is positive (first one on exact ties); the matching row of `Vt` is flipped
 * with it. In `"full"` mode the extra columns of `U` / rows of `Vt` (the null-space basis) are left
 * as computed.
 *
 * @param A - `m x n` float matrix (any strides; not modified).
 * @param options - {@link SvdOptions}; default `{ vectors: "thin", k: min(m, n) }`.
 * @returns `{ U, S, Vt }`.
 * @throws {WcError} `E_SHAPE` if not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf;
 *   `E_ARGUMENT` for an unknown `vectors` mode or `k` with `"full"`; `E_RANGE` for `k` outside
 *   `[0, min(m, n)]`; `E_NOT_CONVERGED` if the bidiagonal QR (used directly
 *   or as the divide-and-conquer fallback) exceeds `30 min(m, n)` sweeps (never seen in practice).
 * @example
 * const { U, S, Vt } = svd(fromNested([[3, 0], [4, 5]]));
 * // S = [6.708203932499369, 2.23606797749979]
 */
export function svd(A: Tensor, options: SvdOptions = {}): SvdResult {
  const mode = options.vectors ?? "thin";
  if (mode !== "none" && mode !== "thin" && mode !== "full") {
    throw new WcError("E_ARGUMENT", `svd: vectors must be "none", "thin" or "full", got ${String(mode)}`);
  }
  const { M, wide, scale } = prepare(A, "svd");
  const kmax = M.n;
  const top = options.k ?? kmax;
  if (options.k !== undefined) {
    if (!Number.isInteger(top) || top < 0 || top > kmax) {
      throw new WcError("E_RANGE", `svd: k must be an integer in [0, min(m, n) = ${kmax}], got ${String(options.k)}`);
    }
    if (mode === "full") throw new WcError("E_ARGUMENT", 'svd: k needs vectors "thin" or "none", got "full"');
  }
  const r = svdCore(M, mode, "svd", top);
  if (scale !== 1) for (let i = 0; i < r.s.length; i++) r.s[i] = r.s[i]! * scale;
  let tailEnergy = 0;
  for (let i = r.s.length - 1; i >= top; i--) tailEnergy += r.s[i]! * r.s[i]!;
  const S = vecTensor(top < r.s.length ? r.s.slice(0, top) : r.s);
  if (mode === "none") return { U: null, S, Vt: null, tailEnergy };
  const k = S.data.length;
  // Tall: U = r.U, Vt = r.V^T.  Wide (A^T = U' S V'^T): U = V', Vt = U'^T.
  let U: Mat = wide ? r.V! : r.U!;
  let Vt: Mat = wide ? transposeMat(r.U!) : transposeMat(r.V!);
  if (U.m === 0 && mode === "full") U = identity(0);
  if (mode === "thin" && wide && Vt.m !== k) Vt = { m: k, n: Vt.n, d: Vt.d.subarray(0, k * Vt.n).slice() };
  flipSigns(U, k, Vt);
  return { U: toTensor(U), S, Vt: toTensor(Vt), tailEnergy };
}

/**
 * Singular values only, descending (like `numpy.linalg.svd(A, compute_uv=False)`): the same
 * reduction as {@link svd} but no reflector is stored or applied and the bidiagonal QR accumulates
 * no rotations, so it is several times faster.
 *
 * @param A - `m x n` float matrix (not modified).
 * @returns the `min(m, n)` singular values (float64).
 * @throws {WcError} `E_SHAPE` if not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf;
 *   `E_NOT_CONVERGED` as {@link svd}.
 * @example
 * svdvals(fromNested([[3, 0], [4, 5]])); // [6.708203932499369, 2.23606797749979]
 */
export function svdvals(A: Tensor): Tensor<Float64Array> {
  return svd(A, { vectors: "none" }).S;
}
