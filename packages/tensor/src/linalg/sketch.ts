import { gemmWith } from "../gemm/dispatch";
import { releaseResident, residentOperand, type ResidentOperand } from "../gemm/wasm";
import { WcError } from "../errors";
import { dtypeOf, type FloatArray, type Tensor } from "../types";
import { at, flipSigns, identity, mat, mm, transposeMat, type Mat } from "./dense";
import { applyQ, explicitV } from "./householder";
import { geqrf } from "./qr-factor";
import { potrf } from "./cholesky";
import { svdCore } from "./svd-core";

// Building blocks of the sketching methods (randomizedSvd, topSingular): products with the big
// input read in place, Cholesky-QR2 with a Householder fallback, and the final small SVD.

/** Raw strided access to the input without copying it. */
export interface Operand {
  d: FloatArray;
  off: number;
  rs: number;
  cs: number;
  f32: boolean;
  /** The same matrix held in the wasm memory for a series of products (see {@link withResident}). */
  resident?: ResidentOperand;
}

/**
 * `op(A) X` (`rows x l`, returned as float64) with `X` float64 `inner x l`, converted to A's dtype
 * for the product. `A^T X` is computed as `(X^T A)^T` so the big operand is always read in its own
 * row-major layout (packing a transposed 4096 x 4096 operand is cache-hostile).
 */
export function product(A: Operand, trans: boolean, rows: number, inner: number, X: Mat): Mat {
  const l = X.n;
  const x = A.f32 ? Float32Array.from(X.d) : X.d;
  const c = A.f32 ? new Float32Array(rows * l) : new Float64Array(rows * l);
  if (!trans) {
    gemmWith({
      m: rows, n: l, k: inner, alpha: 1,
      a: A.d, aOff: A.off, aRs: A.rs, aCs: A.cs,
      b: x, bOff: 0, bRs: l, bCs: 1,
      beta: 0, c, cOff: 0, cRs: l, cCs: 1,
    }, { a: A.resident });
    return { m: rows, n: l, d: c instanceof Float64Array ? c : Float64Array.from(c) };
  }
  // C^T (l x rows) = X^T (l x inner) A (inner x rows)
  gemmWith({
    m: l, n: rows, k: inner, alpha: 1,
    a: x, aOff: 0, aRs: 1, aCs: l,
    b: A.d, bOff: A.off, bRs: A.rs, bCs: A.cs,
    beta: 0, c, cOff: 0, cRs: rows, cCs: 1,
  }, { b: A.resident });
  return transposeMat({ m: l, n: rows, d: c instanceof Float64Array ? c : Float64Array.from(c) });
}

/**
 * `Y <- Y L^-T` for the Cholesky factor `L` of `Y^T Y` (so the old `Y = Y_new L^T`); returns `L`,
 * or null when Cholesky breaks down (`Y` numerically rank-deficient).
 */
function cholQrStep(Y: Mat): Mat | null {
  const { m, n } = Y;
  const G = mat(n, n);
  mm(n, n, m, 1, at(Y), true, at(Y), false, 0, at(G));
  if (potrf(G) >= 0) return null;
  // Linv = L^-1 (lower, n x n, small), then Y <- Y Linv^T as one GEMM.
  const L = G.d;
  const Linv = mat(n, n);
  const li = Linv.d;
  for (let j = 0; j < n; j++) {
    li[j * n + j] = 1 / L[j * n + j]!;
    for (let i = j + 1; i < n; i++) {
      let s = 0;
      for (let c = j; c < i; c++) s += L[i * n + c]! * li[c * n + j]!;
      li[i * n + j] = -s / L[i * n + i]!;
    }
  }
  const out = mat(m, n);
  mm(m, n, n, 1, at(Y), false, at(Linv), true, 0, at(out));
  Y.d.set(out.d);
  return G;
}

/**
 * Thin QR `Y = Q R` (`m x l`, m >= l): Cholesky-QR2 (two rounds of `Y^T Y = L L^T`,
 * `Y <- Y L^-T`; all GEMM plus `l x l` work) when both Cholesky factorisations succeed and `Q` is
 * orthonormal to 1e-10, else blocked Householder QR.
 */
export function thinQr(Y: Mat): { Q: Mat; R: Mat } {
  const { m, n } = Y;
  const Q: Mat = { m, n, d: Y.d.slice() };
  const L1 = cholQrStep(Q);
  const L2 = L1 && cholQrStep(Q);
  if (L1 && L2) {
    const G = mat(n, n);
    mm(n, n, m, 1, at(Q), true, at(Q), false, 0, at(G));
    let err = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) err = Math.max(err, Math.abs(G.d[i * n + j]! - (i === j ? 1 : 0)));
    if (err <= 1e-10) {
      // Y = Q L2^T L1^T: R = L2^T L1^T = (L1 L2)^T, upper triangular.
      const P = mat(n, n);
      mm(n, n, n, 1, at(L1), false, at(L2), false, 0, at(P));
      return { Q, R: transposeMat(P) };
    }
  }
  const f = geqrf({ m, n, d: Y.d.slice() });
  const R = mat(n, n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R.d[i * n + j] = f.A.d[i * n + j]!;
  const Qh = identity(m, n);
  applyQ(explicitV(f.A, 0, 0, m, n), f.tau, n, Qh, 0, 0, n, false);
  return { Q: Qh, R };
}

export function firstNonFinite(op: Operand, m: number, n: number): string {
  for (let i = 0; i < m; i++) {
    let p = op.off + i * op.rs;
    for (let j = 0; j < n; j++, p += op.cs) {
      const v = op.d[p]!;
      if (v - v !== 0) return `${v} at [${i}, ${j}]`;
    }
  }
  return "a non-finite value";
}

/**
 * Rank-`k` SVD from an orthonormal basis `Q` (`m x l`) of the range: `A^T Q = Q2 R` (thin QR),
 * `R = Ur S Vr^T` (small exact SVD), so `A ~ (Q Vr) S (Q2 Ur)^T`. Signs follow {@link flipSigns}.
 */
export function projectSvd(op: Operand, Q: Mat, k: number, m: number, n: number, where: string): { U: Mat; s: Float64Array; Vt: Mat } {
  const l = Q.n;
  // B^T = A^T Q (n x l) = Q2 R; R = Ur S Vr^T (small), so A ~ Q B = (Q Vr) S (Q2 Ur)^T.
  const { Q: Q2, R } = thinQr(product(op, true, n, m, Q));
  const r = svdCore(R, "thin", where);
  const Ufull = mat(m, l);
  mm(m, l, l, 1, at(Q), false, at(r.V!), false, 0, at(Ufull));
  const Vfull = mat(n, l);
  mm(n, l, l, 1, at(Q2), false, at(r.U!), false, 0, at(Vfull));
  const U = mat(m, k);
  for (let i = 0; i < m; i++) U.d.set(Ufull.d.subarray(i * l, i * l + k), i * k);
  const VtAll = transposeMat(Vfull);
  const Vt: Mat = { m: k, n, d: VtAll.d.slice(0, k * n) };
  flipSigns(U, k, Vt);
  return { U, s: r.s.slice(0, k), Vt };
}

/** Inputs with at least this many elements are made resident for a series of products. */
export const RESIDENT_MIN = 1 << 20;

/**
 * Runs `f` with `op` copied once into the GEMM kernels' wasm memory (when it is large, the kernels
 * are available and the space can be had), so each product packs it from there instead of copying
 * it in again; the space is released afterwards, also on error.
 */
export function withResident<T>(op: Operand, m: number, n: number, f: (op: Operand) => T): T {
  const r = m * n >= RESIDENT_MIN ? residentOperand(op.d, op.off, op.rs, op.cs, m, n) : null;
  if (!r) return f(op);
  try {
    return f({ ...op, resident: r });
  } finally {
    releaseResident(r);
  }
}

/** Raw access to a 2-D float tensor (no copy). */
export function operand(A: Tensor): Operand {
  return { d: A.data as FloatArray, off: A.offset, rs: A.stride[0]!, cs: A.stride[1]!, f32: dtypeOf(A) === "float32" };
}

/**
 * A well-conditioned basis of the range of `Y` for the intermediate steps of a subspace iteration,
 * where only the span matters: one Cholesky-QR round (`Y L^-T`, two GEMMs), a second one when
 * `L`'s diagonal spread suggests `cond(Y) > 1e6`, and the full {@link thinQr} when a Cholesky
 * factorisation breaks down. Cheaper than {@link thinQr} (which adds a second round, an
 * orthogonality check and `R`), not orthonormal to rounding. The final basis of an iteration must
 * come from {@link thinQr}.
 */
export function rangeBasis(Y: Mat): Mat {
  const Q: Mat = { m: Y.m, n: Y.n, d: Y.d.slice() };
  const L = cholQrStep(Q);
  if (!L) return thinQr(Y).Q;
  const n = Y.n;
  let lo = Infinity;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(L.d[i * n + i]!);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (hi <= 1e6 * lo) return Q;
  return cholQrStep(Q) ? Q : thinQr(Y).Q;
}

/**
 * Orthonormal basis of `A Omega` for an `n x l` Gaussian `Omega` drawn from `g` (with `final`
 * false, only a well-conditioned one: {@link rangeBasis}, for a subspace iteration to refine). NaN/Inf anywhere
 * in `A` reaches the sketch (a Gaussian `Omega` has no zeros), so checking the small `m x l` sketch
 * replaces a full pass over `A`.
 * @throws {WcError} `E_RANGE` when `A` holds NaN/Inf.
 */
export function sketch(op: Operand, l: number, g: { normal(): number }, m: number, n: number, where: string, final = true): Mat {
  const Omega = mat(n, l);
  for (let i = 0; i < Omega.d.length; i++) Omega.d[i] = g.normal();
  const Y = product(op, false, m, n, Omega);
  for (let i = 0; i < Y.d.length; i++) {
    const v = Y.d[i]!;
    if (v - v !== 0) throw new WcError("E_RANGE", `${where}: expected finite values, found ${firstNonFinite(op, m, n)}; clean or mask the input`);
  }
  return final ? thinQr(Y).Q : rangeBasis(Y);
}
