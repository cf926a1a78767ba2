import { WcError } from "../errors";
import type { Matrix, Tensor } from "../types";
import { identity, mat, readMatrix, toTensor, type Mat } from "./dense";
import { applyQ, explicitV } from "./householder";
import { geqrf } from "./qr-factor";

/** Options of {@link qr}. */
export interface QrOptions {
  /**
   * `"reduced"` (default): `Q` is `m x k`, `R` is `k x n` with `k = min(m, n)`;
   * `"complete"`: `Q` is `m x m`, `R` is `m x n`; `"r"`: only `R` (`k x n`), `Q` is not formed.
   */
  mode?: "reduced" | "complete" | "r";
}

/** Result of {@link qr}: `A = Q R` with orthonormal columns in `Q` and upper-triangular `R`. */
export interface QrResult {
  /** Orthonormal factor (float64); `null` in mode `"r"`. */
  Q: Matrix | null;
  /** Upper-triangular (trapezoidal) factor (float64). */
  R: Matrix;
}

function upper(A: Mat, rows: number): Mat {
  const R = mat(rows, A.n);
  for (let i = 0; i < Math.min(rows, A.m); i++) {
    for (let j = i; j < A.n; j++) R.d[i * A.n + j] = A.d[i * A.n + j]!;
  }
  return R;
}

/**
 * Householder QR decomposition `A = Q R` (LAPACK dgeqrf/dorgqr semantics, blocked compact-WY so
 * the bulk of the work is GEMM). Signs follow LAPACK: the diagonal of `R` may be negative, exactly
 * as NumPy's `numpy.linalg.qr` returns it. Inputs may be float32 or float64 with any strides; the
 * results are new float64 matrices; `A` is not modified.
 *
 * @param A - `m x n` float matrix (any shape, including 0-size).
 * @param options - {@link QrOptions}; default `{ mode: "reduced" }`.
 * @returns `{ Q, R }` (`Q` is `null` in mode `"r"`).
 * @throws {WcError} `E_SHAPE` if `A` is not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf;
 *   `E_ARGUMENT` for an unknown mode.
 * @example
 * const { Q, R } = qr(fromNested([[1, 2], [3, 4], [5, 6]]));
 * // Q: 3x2 with orthonormal columns, R: 2x2 upper triangular, Q R = A
 */
export function qr(A: Tensor, options: QrOptions = {}): QrResult {
  const mode = options.mode ?? "reduced";
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") {
    throw new WcError("E_ARGUMENT", `qr: mode must be "reduced", "complete" or "r", got ${String(mode)}`);
  }
  const M = readMatrix(A, "qr");
  const { m, n } = M;
  const k = Math.min(m, n);
  const f = geqrf(M);
  const rows = mode === "complete" ? m : k;
  const R = upper(f.A, rows);
  if (mode === "r") return { Q: null, R: toTensor(R) };
  const q = mode === "complete" ? m : k;
  const Q = identity(m, q);
  applyQ(explicitV(f.A, 0, 0, m, k), f.tau, k, Q, 0, 0, q, false);
  return { Q: toTensor(Q), R: toTensor(R) };
}
