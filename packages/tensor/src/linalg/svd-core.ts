import { identity, mat, type Mat } from "./dense";
import { isWcError } from "../errors";
import { bdsdc } from "./bidiag-dc";
import { bidiagTopVectors } from "./bidiag-inverse";
import { bdsqr } from "./bidiag-svd";
import { gebrd } from "./bidiag";
import { applyQ, explicitV } from "./householder";
import { geqrf } from "./qr-factor";

/** How many vectors to form: none, thin (`m x k`) or full (`m x m`). */
export type VectorMode = "none" | "thin" | "full";

/**
 * `A = U diag(s) V^T` for `m >= n`; `U` is `m x n` (thin) or `m x m` (full), `V` is `n x n`; with
 * `top < n` (thin only) `U` is `m x top` and `V` is `n x top`, the vectors of the largest values.
 */
export interface CoreSvd {
  s: Float64Array;
  U: Mat | null;
  V: Mat | null;
}

/** Tall inputs with `m >= QR_FIRST_RATIO * n` are reduced by a blocked QR before bidiagonalising. */
export const QR_FIRST_RATIO = 1.6;

/**
 * Thin SVDs asking for at most `n / INVERSE_ITERATION_RATIO` triplets get the bidiagonal's vectors
 * by inverse iteration ({@link bidiagTopVectors}) instead of a full divide and conquer.
 */
export const INVERSE_ITERATION_RATIO = 4;

/**
 * SVD of an `m x n` Mat with `m >= n` (overwritten). Tall inputs go through a blocked Householder
 * QR first (its trailing updates and the final `U = Q [U_R; 0]` are GEMMs); the square or mildly
 * tall remainder is bidiagonalised, the bidiagonal SVD runs with rotations accumulated into
 * `n x n` factors, and those are back-transformed with blocked reflectors (GEMMs). With `top < n`
 * (thin mode) only the leading `top` columns are back-transformed (`4 m n top` instead of `4 m n^2`
 * flops); `s` still holds all `n` values. When `top <= n / 4`, the bidiagonal's values come from
 * the QR iteration and only its `top` leading vectors are formed, by inverse iteration (falling
 * back to divide and conquer where that scheme does not apply).
 */
export function svdCore(A: Mat, mode: VectorMode, where: string, top = A.n): CoreSvd {
  const { m, n } = A;
  if (n === 0) {
    return { s: new Float64Array(0), U: mode === "none" ? null : mode === "full" ? identity(m) : mat(m, 0), V: mode === "none" ? null : mat(0, 0) };
  }
  if (m >= QR_FIRST_RATIO * n && n > 1) {
    const f = geqrf(A);
    const R = mat(n, n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R.d[i * n + j] = f.A.d[i * n + j]!;
    const inner = svdCore(R, mode === "none" ? "none" : "thin", where, top);
    if (mode === "none") return inner;
    const q = mode === "full" ? m : top;
    const iw = inner.U!.n;
    const X = mat(m, q);
    for (let i = 0; i < n; i++) X.d.set(inner.U!.d.subarray(i * iw, i * iw + iw), i * q);
    for (let i = n; i < q; i++) X.d[i * q + i] = 1;
    applyQ(explicitV(f.A, 0, 0, m, n), f.tau, n, X, 0, 0, q, false);
    return { s: inner.s, U: X, V: inner.V };
  }
  const want = mode !== "none";
  const b = gebrd(A, want);
  if (!want) {
    bdsqr(b.d, b.e, null, null, where);
    return { s: b.d, U: null, V: null };
  }
  if (mode === "thin" && top > 0 && top * INVERSE_ITERATION_RATIO <= n) {
    const few = topByInverseIteration(A, b, top, where);
    if (few) return few;
  }
  let Ub: Mat;
  let Vb: Mat;
  try {
    // Divide and conquer: its merges are GEMMs instead of O(n^3) scalar rotations.
    const r = bdsdc(b.d, b.e, where);
    Ub = r.U;
    Vb = r.V;
    b.d.set(r.s);
  } catch (err) {
    if (!isWcError(err, "E_NOT_CONVERGED")) throw err;
    Ub = identity(n);
    Vb = identity(n);
    bdsqr(b.d, b.e, Ub, Vb, where);
  }
  const q = mode === "full" ? m : top;
  const X = mat(m, q);
  const w = Math.min(q, n);
  for (let i = 0; i < n; i++) X.d.set(Ub.d.subarray(i * n, i * n + w), i * q);
  for (let i = n; i < q; i++) X.d[i * q + i] = 1;
  applyQ(b.VL!, b.tauq, n, X, 0, 0, q, false);
  if (top < n) {
    const Vk = mat(n, top);
    for (let i = 0; i < n; i++) Vk.d.set(Vb.d.subarray(i * n, i * n + top), i * top);
    Vb = Vk;
  }
  if (n > 1) applyQ(b.VR!, b.taup, n - 1, Vb, 1, 0, Vb.n, false);
  return { s: b.d, U: X, V: Vb };
}

/** The `top` leading triplets from the bidiagonal reduction `b` of `A`; `null` to fall back. */
function topByInverseIteration(A: Mat, b: ReturnType<typeof gebrd>, top: number, where: string): CoreSvd | null {
  const { m, n } = A;
  const s = b.d.slice();
  bdsqr(s, b.e.slice(), null, null, where);
  const vec = bidiagTopVectors(b.d, b.e, s, top);
  if (!vec) return null;
  const X = mat(m, top);
  X.d.set(vec.U.d);
  applyQ(b.VL!, b.tauq, n, X, 0, 0, top, false);
  const V = vec.V;
  if (n > 1) applyQ(b.VR!, b.taup, n - 1, V, 1, 0, top, false);
  return { s, U: X, V };
}
