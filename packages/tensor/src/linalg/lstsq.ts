import { WcError } from "../errors";
import type { Matrix, Tensor } from "../types";
import { at, mat, mm, readMatrix, toTensor, transposeMat, vecTensor, type Mat } from "./dense";
import { applyQ, explicitV } from "./householder";
import { geqrf } from "./qr-factor";
import { readRhs, writeRhs } from "./rhs";
import { svdCore } from "./svd-core";

/** Options of {@link lstsq}. */
export interface LstsqOptions {
  /**
   * `"svd"` (default): minimum-norm solution for any shape and rank, like `numpy.linalg.lstsq`;
   * `"qr"`: Householder QR, faster, for `m >= n` with full column rank only.
   */
  method?: "svd" | "qr";
  /**
   * Relative cutoff: singular values (or `|R_ii|` for `"qr"`) below `rcond * max` count as zero.
   * Default `eps * max(m, n)` (NumPy's `rcond=None`).
   */
  rcond?: number;
}

/** Result of {@link lstsq}. */
export interface LstsqResult {
  /** The solution, `n` or `n x q` like `B` (float64). */
  x: Tensor<Float64Array>;
  /**
   * Squared 2-norm of each residual column, as NumPy reports it: length `q` when `m > n` and `A` has
   * full column rank, else empty.
   */
  residuals: Tensor<Float64Array>;
  /** Numerical rank of `A` under `rcond`. */
  rank: number;
  /** Singular values of `A`, descending (`"svd"`); empty for `"qr"`. */
  s: Tensor<Float64Array>;
}

/** Thin SVD pieces as Mats: `A = U diag(s) Vt` (for any shape). */
export function thinSvd(M: Mat, where: string): { U: Mat; s: Float64Array; Vt: Mat } {
  if (M.m >= M.n) {
    const r = svdCore(M, "thin", where);
    return { U: r.U!, s: r.s, Vt: transposeMat(r.V!) };
  }
  const r = svdCore(transposeMat(M), "thin", where);
  return { U: r.V!, s: r.s, Vt: transposeMat(r.U!) };
}

/** `V diag(w) U^T B` with `w_i = 1/s_i` above the cutoff, else 0. Returns the solution and rank. */
export function pinvApply(U: Mat, s: Float64Array, Vt: Mat, cutoff: number, B: Mat | null): { X: Mat; rank: number } {
  const k = s.length;
  let rank = 0;
  while (rank < k && s[rank]! > cutoff) rank++;
  const m = U.m;
  const n = Vt.n;
  if (!B) {
    // pinv: Vt[:rank]^T diag(1/s) U[:, :rank]^T  (n x m)
    const W = mat(rank, m);
    for (let i = 0; i < rank; i++) for (let j = 0; j < m; j++) W.d[i * m + j] = U.d[j * U.n + i]! / s[i]!;
    const X = mat(n, m);
    mm(n, m, rank, 1, at(Vt), true, at(W), false, 0, at(X));
    return { X, rank };
  }
  const q = B.n;
  const W = mat(rank, q);
  mm(rank, q, m, 1, at(U), true, at(B), false, 0, at(W));
  for (let i = 0; i < rank; i++) for (let j = 0; j < q; j++) W.d[i * q + j] = W.d[i * q + j]! / s[i]!;
  const X = mat(n, q);
  mm(n, q, rank, 1, at(Vt), true, at(W), false, 0, at(X));
  return { X, rank };
}

/**
 * Least-squares solution of `A x = B` (minimises `||A x - B||_2`), like `numpy.linalg.lstsq`.
 * The default `"svd"` method returns the minimum-norm solution and handles rank deficiency through
 * `rcond`; `"qr"` uses a blocked Householder QR (`x = R^-1 Q^T B`) for full-column-rank `m >= n`.
 *
 * @param A - `m x n` float matrix (not modified).
 * @param B - `m` vector or `m x q` matrix.
 * @param options - {@link LstsqOptions}; defaults `{ method: "svd", rcond: eps * max(m, n) }`.
 * @returns `{ x, residuals, rank, s }`.
 * @throws {WcError} `E_SHAPE` for mismatched rows or non-2-D `A`; `E_DTYPE` for integer input;
 *   `E_RANGE` for NaN/Inf or a bad `rcond`, and for `"qr"` when `A` is rank-deficient;
 *   `E_ARGUMENT` for an unknown method or `"qr"` with `m < n`; `E_NOT_CONVERGED` as {@link svd}.
 * @example
 * lstsq(fromNested([[1, 0], [1, 1], [1, 2]]), fromNested([1, 2, 4])).x; // [0.8333..., 1.5]
 */
export function lstsq(A: Tensor, B: Tensor, options: LstsqOptions = {}): LstsqResult {
  const method = options.method ?? "svd";
  if (method !== "svd" && method !== "qr") {
    throw new WcError("E_ARGUMENT", `lstsq: method must be "svd" or "qr", got ${String(method)}`);
  }
  const M = readMatrix(A, "lstsq A");
  const { m, n } = M;
  const rcond = options.rcond ?? 2.220446049250313e-16 * Math.max(m, n);
  if (!(rcond >= 0) || !Number.isFinite(rcond)) throw new WcError("E_RANGE", `lstsq: rcond must be a finite number >= 0, got ${rcond}`);
  const { B: R, vector } = readRhs(B, m, "lstsq");
  const q = R.n;
  const residualsOf = (X: Mat): Float64Array => {
    // ||A X - B||^2 per column, computed directly.
    const res = new Float64Array(q);
    const AX = mat(m, q);
    mm(m, q, n, 1, at(M0), false, at(X), false, 0, at(AX));
    for (let i = 0; i < m; i++) for (let j = 0; j < q; j++) res[j] += (AX.d[i * q + j]! - R.d[i * q + j]!) ** 2;
    return res;
  };
  const M0: Mat = { m, n, d: M.d.slice() };
  if (method === "qr") {
    if (m < n) throw new WcError("E_ARGUMENT", `lstsq: method "qr" needs m >= n, got ${m}x${n}; use method "svd"`);
    const f = geqrf(M);
    let rmax = 0;
    for (let i = 0; i < n; i++) rmax = Math.max(rmax, Math.abs(f.A.d[i * n + i]!));
    for (let i = 0; i < n; i++) {
      if (!(Math.abs(f.A.d[i * n + i]!) > rcond * rmax)) {
        throw new WcError("E_RANGE", `lstsq: A is rank-deficient (|R[${i},${i}]| <= rcond * max); use method "svd"`);
      }
    }
    const QtB: Mat = { m, n: q, d: R.d.slice() };
    applyQ(explicitV(f.A, 0, 0, m, n), f.tau, n, QtB, 0, 0, q, true);
    const X = mat(n, q);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = 0; j < q; j++) {
        let s = QtB.d[i * q + j]!;
        for (let c = i + 1; c < n; c++) s -= f.A.d[i * n + c]! * X.d[c * q + j]!;
        X.d[i * q + j] = s / f.A.d[i * n + i]!;
      }
    }
    const residuals = m > n ? residualsOf(X) : new Float64Array(0);
    return { x: writeRhs(X, vector), residuals: vecTensor(residuals), rank: n, s: vecTensor(new Float64Array(0)) };
  }
  const { U, s, Vt } = thinSvd(M, "lstsq");
  const cutoff = rcond * (s.length ? s[0]! : 0);
  const { X, rank } = pinvApply(U, s, Vt, cutoff, R);
  const residuals = m > n && rank === n ? residualsOf(X) : new Float64Array(0);
  return { x: writeRhs(X, vector), residuals: vecTensor(residuals), rank, s: vecTensor(s) };
}

/** Options of {@link pinv}. */
export interface PinvOptions {
  /** Singular values below `rcond * max(s)` are treated as zero; default 1e-15 (NumPy's default). */
  rcond?: number;
}

/**
 * Moore-Penrose pseudo-inverse via the thin SVD (like `numpy.linalg.pinv`): `V diag(1/s) U^T` over
 * the singular values above `rcond * max(s)`.
 *
 * @param A - `m x n` float matrix (not modified).
 * @param options - {@link PinvOptions}; default `{ rcond: 1e-15 }`.
 * @returns the `n x m` pseudo-inverse (float64).
 * @throws {WcError} `E_SHAPE` if not 2-D; `E_DTYPE` for integer input; `E_RANGE` for NaN/Inf or a
 *   bad `rcond`; `E_NOT_CONVERGED` as {@link svd}.
 * @example
 * pinv(fromNested([[1, 2], [2, 4]])); // [[0.04, 0.08], [0.08, 0.16]]
 */
export function pinv(A: Tensor, options: PinvOptions = {}): Matrix {
  const rcond = options.rcond ?? 1e-15;
  if (!(rcond >= 0) || !Number.isFinite(rcond)) throw new WcError("E_RANGE", `pinv: rcond must be a finite number >= 0, got ${rcond}`);
  const M = readMatrix(A, "pinv");
  const { U, s, Vt } = thinSvd(M, "pinv");
  return toTensor(pinvApply(U, s, Vt, rcond * (s.length ? s[0]! : 0), null).X);
}
