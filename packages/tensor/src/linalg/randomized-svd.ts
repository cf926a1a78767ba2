import { WcError } from "../errors";
import { gemm } from "../gemm/dispatch";
import { Rng } from "../rng/generator";
import { dtypeOf, type FloatArray, type Matrix, type Tensor } from "../types";
import { assertFloat, assertNdim } from "../validate";
import { at, flipSigns, identity, mat, mm, toTensor, transposeMat, vecTensor, type Mat } from "./dense";
import { applyQ, explicitV } from "./householder";
import { geqrf } from "./qr-factor";
import { potrf } from "./cholesky";
import { svdCore } from "./svd-core";

/** A source of standard normal draws, e.g. the core's `Rng`. */
export interface NormalSource {
  normal(): number;
}

/** Options of {@link randomizedSvd}. */
export interface RandomizedSvdOptions {
  /** Extra sketch columns beyond `k` (Halko et al. recommend 5-10); default 10. */
  oversample?: number;
  /** Power (subspace) iterations, each followed by re-orthonormalisation; default 2. */
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

/** Raw strided access to the input without copying it. */
interface Operand {
  d: FloatArray;
  off: number;
  rs: number;
  cs: number;
  f32: boolean;
}

/**
 * `op(A) X` (`rows x l`, returned as float64) with `X` float64 `inner x l`, converted to A's dtype
 * for the product. `A^T X` is computed as `(X^T A)^T` so the big operand is always read in its own
 * row-major layout (packing a transposed 4096 x 4096 operand is cache-hostile).
 */
function product(A: Operand, trans: boolean, rows: number, inner: number, X: Mat): Mat {
  const l = X.n;
  const x = A.f32 ? Float32Array.from(X.d) : X.d;
  const c = A.f32 ? new Float32Array(rows * l) : new Float64Array(rows * l);
  if (!trans) {
    gemm({
      m: rows, n: l, k: inner, alpha: 1,
      a: A.d, aOff: A.off, aRs: A.rs, aCs: A.cs,
      b: x, bOff: 0, bRs: l, bCs: 1,
      beta: 0, c, cOff: 0, cRs: l, cCs: 1,
    });
    return { m: rows, n: l, d: c instanceof Float64Array ? c : Float64Array.from(c) };
  }
  // C^T (l x rows) = X^T (l x inner) A (inner x rows)
  gemm({
    m: l, n: rows, k: inner, alpha: 1,
    a: x, aOff: 0, aRs: 1, aCs: l,
    b: A.d, bOff: A.off, bRs: A.rs, bCs: A.cs,
    beta: 0, c, cOff: 0, cRs: rows, cCs: 1,
  });
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
function thinQr(Y: Mat): { Q: Mat; R: Mat } {
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

function firstNonFinite(op: Operand, m: number, n: number): string {
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
 * Randomized truncated SVD (Halko, Martinsson & Tropp 2011, algorithms 4.4 + 5.1): a Gaussian
 * sketch `Y = A Omega` with `k + oversample` columns, `powerIters` rounds of subspace iteration
 * `Y = A (A^T Q)` re-orthonormalised after every product, then the exact SVD of the small
 * `Q^T A`. The large products run in the input's dtype through the core GEMM (float32 input stays
 * float32 there, like NumPy/scikit-learn on float32 data); orthonormalisation (Cholesky-QR2 with a
 * Householder fallback) and the small SVD run in float64. The input is read in place, never copied.
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
  const src = A.data as FloatArray;
  const op: Operand = { d: src, off: A.offset, rs: A.stride[0]!, cs: A.stride[1]!, f32: dtypeOf(A) === "float32" };
  const g = options.rng ?? new Rng(seed);
  const l = Math.min(k + oversample, kmax);
  const Omega = mat(n, l);
  for (let i = 0; i < Omega.d.length; i++) Omega.d[i] = g.normal();
  const Y = product(op, false, m, n, Omega);
  // NaN/Inf anywhere in A reaches Y = A Omega (a Gaussian Omega has no zeros), so checking the
  // small sketch replaces a full pass over A.
  for (let i = 0; i < Y.d.length; i++) {
    const v = Y.d[i]!;
    if (v - v !== 0) throw new WcError("E_RANGE", `randomizedSvd: expected finite values, found ${firstNonFinite(op, m, n)}; clean or mask the input`);
  }
  let Q = thinQr(Y).Q;
  for (let it = 0; it < powerIters; it++) {
    const Z = thinQr(product(op, true, n, m, Q)).Q;
    Q = thinQr(product(op, false, m, n, Z)).Q;
  }
  // B^T = A^T Q (n x l) = Q2 R; R = Ur S Vr^T (small), so A ~ Q B = (Q Vr) S (Q2 Ur)^T.
  const { Q: Q2, R } = thinQr(product(op, true, n, m, Q));
  const r = svdCore(R, "thin", "randomizedSvd");
  const Ufull = mat(m, l);
  mm(m, l, l, 1, at(Q), false, at(r.V!), false, 0, at(Ufull));
  const Vfull = mat(n, l);
  mm(n, l, l, 1, at(Q2), false, at(r.U!), false, 0, at(Vfull));
  const U = mat(m, k);
  for (let i = 0; i < m; i++) U.d.set(Ufull.d.subarray(i * l, i * l + k), i * k);
  const VtAll = transposeMat(Vfull);
  const Vt: Mat = { m: k, n, d: VtAll.d.slice(0, k * n) };
  flipSigns(U, k, Vt);
  return { U: toTensor(U), S: vecTensor(r.s.slice(0, k)), Vt: toTensor(Vt) };
}
