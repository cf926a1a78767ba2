import { mat, mm, nrm2, type Mat, type View } from "./dense";

/** Block size of the blocked Householder algorithms (compact WY panels). */
export const NB = 32;

/**
 * Generates an elementary reflector `H = I - tau v v^T` with `H x = beta e1` for the `len` values
 * `x = d[off + i * inc]` (LAPACK's dlarfg convention). On return `d[off]` holds `beta` and the rest
 * of `x` holds `v[1:]` (`v[0] = 1` implicitly). Returns `tau` (0 when `x[1:]` is already zero).
 */
export function larfg(d: Float64Array, off: number, inc: number, len: number): number {
  if (len <= 1) return 0;
  const xnorm = nrm2(d, off + inc, inc, len - 1);
  if (xnorm === 0) return 0;
  const alpha = d[off]!;
  const h = Math.hypot(alpha, xnorm);
  const beta = alpha >= 0 ? -h : h;
  const tau = (beta - alpha) / beta;
  const scal = 1 / (alpha - beta);
  for (let i = 1, p = off + inc; i < len; i++, p += inc) d[p] = d[p]! * scal;
  d[off] = beta;
  return tau;
}

/**
 * The upper-triangular `T` (`nb x nb`) of the compact WY form `H_0 ... H_{nb-1} = I - V T V^T`
 * (forward, column-wise storage; LAPACK's dlarft), for explicit reflectors `V` (`p x nb`, unit
 * diagonal, zeros above). The dot products `V^T V` are one GEMM.
 */
export function larft(V: View, p: number, nb: number, tau: Float64Array, t0: number): Float64Array {
  const S = new Float64Array(nb * nb);
  mm(nb, nb, p, 1, V, true, V, false, 0, { d: S, off: 0, ld: nb });
  const T = new Float64Array(nb * nb);
  const z = new Float64Array(nb);
  for (let i = 0; i < nb; i++) {
    const ti = tau[t0 + i]!;
    T[i * nb + i] = ti;
    if (i === 0) continue;
    for (let r = 0; r < i; r++) z[r] = -ti * S[r * nb + i]!;
    for (let r = 0; r < i; r++) {
      let s = 0;
      for (let c = r; c < i; c++) s += T[r * nb + c]! * z[c]!;
      T[r * nb + i] = s;
    }
  }
  return T;
}

/**
 * Applies one block reflector `I - V T V^T` (or its transpose when `trans`) from the left to the
 * `p x q` region `X`: `W = V^T X` and `X -= V (T W)` as two GEMMs.
 */
export function larfb(V: View, p: number, nb: number, T: Float64Array, trans: boolean, X: View, q: number): void {
  if (q === 0 || p === 0 || nb === 0) return;
  const W = new Float64Array(nb * q);
  const Wv: View = { d: W, off: 0, ld: q };
  mm(nb, q, p, 1, V, true, X, false, 0, Wv);
  // W2 = T W or T^T W (T upper triangular, zeros below): one more small GEMM.
  const W2 = new Float64Array(nb * q);
  mm(nb, q, nb, 1, { d: T, off: 0, ld: nb }, trans, Wv, false, 0, { d: W2, off: 0, ld: q });
  mm(p, q, nb, -1, V, false, { d: W2, off: 0, ld: q }, false, 1, X);
}

/**
 * Applies `Q = H_0 H_1 ... H_{k-1}` (or `Q^T` when `trans`) from the left to rows `r0 .. r0+p-1`,
 * columns `c0 .. c0+q-1` of `X`, where `p = V.m` and column `j` of `V` is the explicit reflector
 * `v_j` (`v_j[j] = 1`, zeros above). Blocked: each panel of {@link NB} reflectors is two GEMMs;
 * for fewer than {@link FEW_COLUMNS} columns the reflectors are applied one by one instead (forming
 * a panel's `T` would cost more than the whole product).
 */
export function applyQ(V: Mat, tau: Float64Array, k: number, X: Mat, r0: number, c0: number, q: number, trans: boolean): void {
  const p = V.m;
  if (k === 0 || q === 0) return;
  if (q < FEW_COLUMNS) {
    applyReflectors(V, tau, k, X, r0, c0, q, trans);
    return;
  }
  const starts: number[] = [];
  for (let j = 0; j < k; j += NB) starts.push(j);
  if (!trans) starts.reverse();
  for (const j of starts) {
    const nb = Math.min(NB, k - j);
    const Vb: View = { d: V.d, off: j * V.n + j, ld: V.n };
    const T = larft(Vb, p - j, nb, tau, j);
    larfb(Vb, p - j, nb, T, trans, { d: X.d, off: (r0 + j) * X.n + c0, ld: X.n }, q);
  }
}

/** {@link applyQ} applies reflectors one at a time to fewer columns than this. */
export const FEW_COLUMNS = 8;

/** Unblocked {@link applyQ}: `X <- H_j X` per reflector, `4 (p - j) q` flops each. */
function applyReflectors(V: Mat, tau: Float64Array, k: number, X: Mat, r0: number, c0: number, q: number, trans: boolean): void {
  const p = V.m;
  const ld = V.n;
  const xd = X.d;
  const xn = X.n;
  const w = new Float64Array(q);
  for (let t = 0; t < k; t++) {
    const j = trans ? t : k - 1 - t;
    const tj = tau[j]!;
    if (tj === 0) continue;
    const base = (r0 + j) * xn + c0;
    for (let c = 0; c < q; c++) w[c] = xd[base + c]!;
    for (let i = j + 1; i < p; i++) {
      const v = V.d[i * ld + j]!;
      if (v === 0) continue;
      const row = (r0 + i) * xn + c0;
      for (let c = 0; c < q; c++) w[c] = w[c]! + v * xd[row + c]!;
    }
    for (let c = 0; c < q; c++) {
      w[c] = w[c]! * tj;
      xd[base + c] = xd[base + c]! - w[c]!;
    }
    for (let i = j + 1; i < p; i++) {
      const v = V.d[i * ld + j]!;
      if (v === 0) continue;
      const row = (r0 + i) * xn + c0;
      for (let c = 0; c < q; c++) xd[row + c] = xd[row + c]! - v * w[c]!;
    }
  }
}

/**
 * Explicit reflectors from a factored matrix: column `j` of the result (`p x k`) is `v_j`, read
 * from `A` below position `(r0 + j, c0 + j)` going down (`A[r0+j+i, c0+j]`), with `v_j[j] = 1`.
 */
export function explicitV(A: Mat, r0: number, c0: number, p: number, k: number): Mat {
  const V = mat(p, k);
  for (let j = 0; j < k; j++) {
    V.d[j * k + j] = 1;
    for (let i = j + 1; i < p; i++) V.d[i * k + j] = A.d[(r0 + i) * A.n + c0 + j]!;
  }
  return V;
}
