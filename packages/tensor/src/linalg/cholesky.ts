import { WcError } from "../errors";
import type { Matrix, Tensor } from "../types";
import { assertSquare, readMatrix, toTensor, type Mat } from "./dense";

/**
 * In-place Cholesky of the lower triangle (row-oriented, contiguous dot products). Returns the
 * index of the first non-positive pivot, or -1 on success. The strict upper triangle is zeroed.
 */
export function potrf(M: Mat): number {
  const { n, d } = M;
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = d[ri + j]!;
      for (let c = 0; c < j; c++) s -= d[ri + c]! * d[rj + c]!;
      if (j === i) {
        if (!(s > 0)) return i;
        d[ri + i] = Math.sqrt(s);
      } else {
        d[ri + j] = s / d[rj + j]!;
      }
    }
    for (let j = i + 1; j < n; j++) d[ri + j] = 0;
  }
  return -1;
}

/**
 * Cholesky factor `L` (lower triangular, positive diagonal) with `A = L L^T`, like
 * `numpy.linalg.cholesky`. Only the lower triangle of `A` is read (the upper is assumed to mirror
 * it, as in NumPy).
 *
 * @param A - `n x n` symmetric positive-definite float matrix (not modified).
 * @returns `L` (float64).
 * @throws {WcError} `E_SHAPE` if not square; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf or
 *   when `A` is not positive definite (the message names the failing leading minor).
 * @example
 * cholesky(fromNested([[4, 2], [2, 3]])); // [[2, 0], [1, 1.4142135623730951]]
 */
export function cholesky(A: Tensor): Matrix {
  const M = readMatrix(A, "cholesky");
  assertSquare(M, "cholesky");
  const bad = potrf(M);
  if (bad >= 0) {
    throw new WcError(
      "E_RANGE",
      `cholesky: A is not positive definite (leading minor of order ${bad + 1} is not positive); add a diagonal shift or use eigh`,
      { minor: bad + 1 },
    );
  }
  return toTensor(M);
}
