import { isWcError } from "../errors";
import type { Matrix, Tensor } from "../types";
import { assertSquare, flipSigns, identity, readMatrix, toTensor, vecTensor, type Mat } from "./dense";
import { applyQ } from "./householder";
import { steqr } from "./tridiag-eig";
import { stedc } from "./tridiag-dc";
import { sytrd } from "./tridiag";

/** Result of {@link eigh}: `S = vectors diag(values) vectors^T`. */
export interface EighResult {
  /** Eigenvalues in ascending order (float64, length n). */
  values: Tensor<Float64Array>;
  /** Orthonormal eigenvectors as columns (float64, `n x n`); column `i` pairs with `values[i]`. */
  vectors: Matrix;
}

function readSymmetric(S: Tensor, where: string): { M: Mat; scale: number } {
  const M = readMatrix(S, where);
  assertSquare(M, where);
  const { n, d } = M;
  // Use the lower triangle, as numpy.linalg.eigh does by default.
  let mx = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) d[j * n + i] = d[i * n + j]!;
    for (let j = 0; j <= i; j++) mx = Math.max(mx, Math.abs(d[i * n + j]!));
  }
  // Power-of-two scaling (exact) keeps far-out magnitudes from overflowing/underflowing.
  let scale = 1;
  if (mx > 0 && (mx > 2 ** 500 || mx < 2 ** -500)) {
    scale = 2 ** Math.round(Math.log2(mx));
    for (let i = 0; i < d.length; i++) d[i] = d[i]! / scale;
  }
  return { M, scale };
}

/**
 * Eigen-decomposition of a real symmetric matrix (like `numpy.linalg.eigh`): blocked Householder
 * tridiagonalisation (panels of reflectors, trailing rank-2k updates as GEMMs), Cuppen's divide
 * and conquer on the tridiagonal matrix (deflation, Gu-Eisenstat vectors, each merge one GEMM;
 * falls back to implicit QR if a secular root fails to converge), then a blocked (GEMM)
 * back-transformation. Only the lower triangle of `S` is read.
 *
 * Sign convention: each eigenvector's entry of largest magnitude is positive (the first one on
 * exact ties), so results are reproducible; NumPy's signs are arbitrary.
 *
 * @param S - `n x n` symmetric float matrix (float32 or float64, any strides; not modified).
 * @returns `{ values, vectors }` with values ascending.
 * @throws {WcError} `E_SHAPE` if not square; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf;
 *   `E_NOT_CONVERGED` only if both divide and conquer and the QR fallback (limit `30 n` sweeps)
 *   fail (never seen in practice).
 * @example
 * const { values, vectors } = eigh(fromNested([[2, 1], [1, 2]]));
 * // values [1, 3] (to rounding); vector columns [0.707, -0.707] and [0.707, 0.707]
 */
export function eigh(S: Tensor): EighResult {
  const { M, scale } = readSymmetric(S, "eigh");
  const n = M.n;
  const t = sytrd(M, true);
  let Z: Mat;
  let values: Float64Array;
  try {
    const r = stedc(t.d, t.e, "eigh");
    Z = r.Z;
    values = r.w;
  } catch (err) {
    // Divide and conquer failed to converge somewhere: fall back to the QR iteration.
    if (!isWcError(err, "E_NOT_CONVERGED")) throw err;
    Z = identity(n);
    values = t.d;
    steqr(values, t.e, Z, "eigh");
  }
  if (n > 2) applyQ(t.V, t.tau, n - 2, Z, 1, 0, n, false);
  flipSigns(Z, n, null);
  if (scale !== 1) for (let i = 0; i < n; i++) values[i] = values[i]! * scale;
  return { values: vecTensor(values), vectors: toTensor(Z) };
}

/**
 * Eigenvalues of a real symmetric matrix, ascending (like `numpy.linalg.eigvalsh`). Skips all
 * eigenvector work: the tridiagonal QR runs without accumulating rotations and no reflector is
 * applied, so it is several times faster than {@link eigh}. Only the lower triangle is read.
 *
 * @param S - `n x n` symmetric float matrix (not modified).
 * @returns the eigenvalues ascending (float64, length n).
 * @throws {WcError} `E_SHAPE` if not square; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf;
 *   `E_NOT_CONVERGED` when the QR iteration exceeds `30 n` sweeps.
 * @example
 * eigvalsh(fromNested([[2, 1], [1, 2]])); // [1, 3]
 */
export function eigvalsh(S: Tensor): Tensor<Float64Array> {
  const { M, scale } = readSymmetric(S, "eigvalsh");
  const t = sytrd(M, false);
  steqr(t.d, t.e, null, "eigvalsh");
  if (scale !== 1) for (let i = 0; i < t.d.length; i++) t.d[i] = t.d[i]! * scale;
  return vecTensor(t.d);
}

