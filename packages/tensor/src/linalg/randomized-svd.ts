import { WcError } from "../errors";
import { Rng } from "../rng/generator";
import type { Matrix, Tensor } from "../types";
import { assertFloat, assertNdim } from "../validate";
import { toTensor, vecTensor } from "./dense";
import { operand, product, projectSvd, rangeBasis, sketch, thinQr, withResident } from "./sketch";

/** A source of standard normal draws, e.g. the core's `Rng`. */
export interface NormalSource {
  normal(): number;
}

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Extra sketch columns beyond `k` (Halko et al. recommend 5-10); default 10. */
  oversample?: number;
  /** Power (subspace) iterations, each product followed by re-normalisation; default 2. */
  powerIters?: number;
  /** Seed of the Gaussian test matrix (a new `Rng(seed)`); default 0. Ignored when `rng` is given. */
  seed?: number;
  /** Normal source for the test matrix (e.g. an `Rng`); default `new Rng(seed)`. */
  rng?: NormalSource;
}

/** Result of {@link randomizedSvd}: `A ~ U diag(S) Vt` (rank `k`). */
export interface RandomizedSvdResult {
  /** `m x k` orthonormal columns (float64). */
  U: Matrix;
  /** The `k` largest singular values, descending (float64). */
  S: Tensor<Float64Array>;
  /** `k x n` orthonormal rows (float64). */
  Vt: Matrix;
}

/**
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 + 5.1): a Gaussian
 * sketch `Y = A Omega` with `k + oversample` columns, `powerIters` rounds of subspace iteration
 * `Y = A (A^T Q)` re-normalised after every product, then the exact SVD of the small `Q^T A`. The
 * large products run in the input's dtype through the core GEMM (float32 input stays float32 there,
 * like NumPy/scikit-learn on float32 data); intermediate bases are only made well conditioned (one
 * Cholesky-QR round, a second when needed; scikit-learn uses LU there), the final one is orthonormal
 * (Cholesky-QR2 with a Householder fallback); these and the small SVD run in float64. The input is
 * read in place, never copied.
 *
 * Accuracy: with spectral decay the top values match the exact ones closely (errors shrink like
 * `(s_{k+p+1}/s_j)^(2 q + 1)`); for a flat spectrum use more `powerIters` or the exact {@link svd}.
 * Signs follow {@link svd}'s convention (largest entry of each column of `U` positive).
 *
 * @param A - `m x n` float32 or float64 matrix (any strides; not modified).
 * @param k - number of singular triplets, `1 <= k <= min(m, n)`.
 * @param options - {@link RandomizedSvdOptions}; defaults `{ oversample: 10, powerIters: 2, seed: 0 }`.
 * @returns `{ U, S, Vt }` (float64).
 * @throws {WcError} `E_SHAPE` if not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf, a
 *   `k` out of range, or bad option values; `E_NOT_CONVERGED` as {@link svd}.
 * @example
 * const { S } = randomizedSvd(W, 16, { seed: 42 }); // 16 leading singular values of W
 */
export function randomizedSvd(A: Tensor, k: number, options: RandomizedSvdOptions = {}): RandomizedSvdResult {
  assertNdim(A, 2, "randomizedSvd");
  assertFloat(A, "randomizedSvd");
  const m = A.shape[0]!;
  const n = A.shape[1]!;
  const kmax = Math.min(m, n);
  if (!Number.isInteger(k) || k < 1 || k > kmax) {
    throw new WcError("E_RANGE", `randomizedSvd: k must be an integer in [1, min(m, n) = ${kmax}], got ${k}`);
  }
  const { oversample = 10, powerIters = 2, seed = 0 } = options;
  if (!Number.isInteger(oversample) || oversample < 0) throw new WcError("E_RANGE", `randomizedSvd: oversample must be an integer >= 0, got ${oversample}`);
  if (!Number.isInteger(powerIters) || powerIters < 0 || powerIters > 100) {
    throw new WcError("E_RANGE", `randomizedSvd: powerIters must be an integer in [0, 100], got ${powerIters}`);
  }
  const l = Math.min(k + oversample, kmax);
  // 2 powerIters + 2 products with A: keep A in the GEMM kernels' memory meanwhile.
  return withResident(operand(A), m, n, (op) => {
    // Intermediate bases only need to be well conditioned (rangeBasis); the last one is orthonormal.
    let Q = sketch(op, l, options.rng ?? new Rng(seed), m, n, "randomizedSvd", powerIters === 0);
    for (let it = 0; it < powerIters; it++) {
      const Z = rangeBasis(product(op, true, n, m, Q));
      const Y = product(op, false, m, n, Z);
      Q = it === powerIters - 1 ? thinQr(Y).Q : rangeBasis(Y);
    }
    const { U, s: sv, Vt } = projectSvd(op, Q, k, m, n, "randomizedSvd");
    return { U: toTensor(U), S: vecTensor(sv), Vt: toTensor(Vt) };
  });
}
