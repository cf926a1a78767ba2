import { WcError } from "../errors";
import type { Matrix, Tensor } from "../types";
import { assertSquare, identity, readMatrix, toTensor } from "./dense";
import { getrf, getrs } from "./lu-factor";
import { readRhs, writeRhs } from "./rhs";

/**
 * Solves the square system `A X = B` by LU with partial pivoting (like `numpy.linalg.solve`).
 *
 * @param A - `n x n` float matrix (not modified).
 * @param B - right-hand side, `n` (vector) or `n x q` (matrix).
 * @returns `X` (float64) with the shape of `B`.
 * @throws {WcError} `E_SHAPE` when `A` is not square or `B` has the wrong rows; `E_DTYPE` for integer
 *   input; `E_RANGE` for NaN/Inf or an exactly singular `A` (use {@link lstsq} or {@link pinv} then).
 * @example
 * solve(fromNested([[3, 1], [1, 2]]), fromNested([9, 8])); // [2, 3]
 */
export function solve(A: Tensor, B: Tensor): Tensor<Float64Array> {
  const M = readMatrix(A, "solve A");
  assertSquare(M, "solve");
  const { B: R, vector } = readRhs(B, M.m, "solve");
  const f = getrf(M);
  if (f.zeroPivot >= 0) {
    throw new WcError("E_RANGE", `solve: A is singular (zero pivot at column ${f.zeroPivot}); use lstsq or pinv for singular systems`);
  }
  return writeRhs(getrs(f, R), vector);
}

/** Result of {@link slogdet}: `det(A) = sign * exp(logabsdet)`. */
export interface SlogdetResult {
  /** +1, -1, or 0 for a singular matrix. */
  sign: number;
  /** Natural log of `|det(A)|`; `-Infinity` for a singular matrix. */
  logabsdet: number;
}

/**
 * Sign and log-magnitude of the determinant via LU (like `numpy.linalg.slogdet`); does not
 * overflow where {@link det} would.
 *
 * @param A - `n x n` float matrix (not modified); `0 x 0` gives `{ sign: 1, logabsdet: 0 }`.
 * @returns `{ sign, logabsdet }`.
 * @throws {WcError} `E_SHAPE` if not square; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf.
 * @example
 * slogdet(fromNested([[2, 0], [0, -3]])); // { sign: -1, logabsdet: Math.log(6) }
 */
export function slogdet(A: Tensor): SlogdetResult {
  const M = readMatrix(A, "slogdet");
  assertSquare(M, "slogdet");
  const f = getrf(M);
  if (f.zeroPivot >= 0) return { sign: 0, logabsdet: -Infinity };
  let sign = f.sign;
  let log = 0;
  const n = M.n;
  for (let i = 0; i < n; i++) {
    const u = f.A.d[i * n + i]!;
    if (u < 0) sign = -sign;
    log += Math.log(Math.abs(u));
  }
  return { sign, logabsdet: log };
}

/**
 * Determinant via LU (like `numpy.linalg.det`). May overflow/underflow for large matrices: prefer
 * {@link slogdet}.
 *
 * @param A - `n x n` float matrix (not modified); `0 x 0` gives 1.
 * @returns `det(A)`.
 * @throws {WcError} `E_SHAPE` if not square; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf.
 * @example
 * det(fromNested([[1, 2], [3, 4]])); // -2
 */
export function det(A: Tensor): number {
  const M = readMatrix(A, "det");
  assertSquare(M, "det");
  const f = getrf(M);
  let p = f.sign;
  const n = M.n;
  for (let i = 0; i < n; i++) p *= f.A.d[i * n + i]!;
  return p;
}

/**
 * Matrix inverse via LU (like `numpy.linalg.inv`). Rarely the right tool: to apply `A^-1` to
 * vectors call {@link solve} (faster and more accurate); for singular or ill-conditioned matrices
 * use {@link pinv} or {@link lstsq}.
 *
 * @param A - `n x n` float matrix (not modified).
 * @returns `A^-1` (float64).
 * @throws {WcError} `E_SHAPE` if not square; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf or
 *   an exactly singular matrix.
 * @example
 * inv(fromNested([[2, 0], [0, 4]])); // [[0.5, 0], [0, 0.25]]
 */
export function inv(A: Tensor): Matrix {
  const M = readMatrix(A, "inv");
  assertSquare(M, "inv");
  const f = getrf(M);
  if (f.zeroPivot >= 0) {
    throw new WcError("E_RANGE", `inv: A is singular (zero pivot at column ${f.zeroPivot}); use pinv instead`);
  }
  return toTensor(getrs(f, identity(M.n)));
}
