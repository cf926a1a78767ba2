import type { Matrix, Tensor } from "../types";
import { tensor } from "../create";
import { mat, readMatrix, toTensor } from "./dense";
import { getrf } from "./lu-factor";

/** Result of {@link lu}: `A = P L U`. */
export interface LuResult {
  /** `m x m` permutation matrix (float64). */
  P: Matrix;
  /** `m x k` unit lower-triangular (trapezoidal) factor, `k = min(m, n)`. */
  L: Matrix;
  /** `k x n` upper-triangular (trapezoidal) factor. */
  U: Matrix;
  /** Row permutation as indices: row `i` of `L U` is row `perm[i]` of `A` (int32). */
  perm: Tensor<Int32Array>;
}

/**
 * LU decomposition with partial pivoting, `A = P L U`, like `scipy.linalg.lu(A)`: pivots are the
 * largest-magnitude entries of each column (LAPACK dgetrf), so every `|L[i, j]| <= 1`. Works for
 * rectangular and singular matrices (a zero pivot leaves its column of `L` zero).
 *
 * @param A - `m x n` float matrix (float32 or float64, any strides; not modified).
 * @returns `{ P, L, U, perm }` as new float64 matrices and an int32 index vector.
 * @throws {WcError} `E_SHAPE` if not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf.
 * @example
 * const { P, L, U } = lu(fromNested([[1, 2], [3, 4]]));
 * // P = [[0, 1], [1, 0]], L = [[1, 0], [1/3, 1]], U = [[3, 4], [0, 2/3]]
 */
export function lu(A: Tensor): LuResult {
  const M = readMatrix(A, "lu");
  const { m, n } = M;
  const k = Math.min(m, n);
  const f = getrf(M);
  const L = mat(m, k);
  const U = mat(k, n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < Math.min(i, k); j++) L.d[i * k + j] = f.A.d[i * n + j]!;
    if (i < k) L.d[i * k + i] = 1;
  }
  for (let i = 0; i < k; i++) for (let j = i; j < n; j++) U.d[i * n + j] = f.A.d[i * n + j]!;
  const P = mat(m, m);
  for (let i = 0; i < m; i++) P.d[f.perm[i]! * m + i] = 1;
  return { P: toTensor(P), L: toTensor(L), U: toTensor(U), perm: tensor(f.perm, [m]) };
}
