import { type Mat, type View } from "./dense";
import { NB, larfb, larfg, larft, explicitV } from "./householder";

/** A Householder QR factorisation in LAPACK's compact storage. */
export interface QRFactor {
  /** `R` on and above the diagonal, reflector tails below it. */
  A: Mat;
  /** Reflector scalars, `min(m, n)` of them. */
  tau: Float64Array;
}

/**
 * Blocked Householder QR in place (LAPACK dgeqrf): each panel of {@link NB} columns is factored
 * with level-2 loops, then the trailing columns get the panel's compact-WY block reflector as two
 * GEMMs, so for large matrices most flops run in the GEMM kernel.
 */
export function geqrf(A: Mat): QRFactor {
  const { m, n, d } = A;
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  const w = new Float64Array(Math.min(NB, n));
  for (let j = 0; j < k; j += NB) {
    const jb = Math.min(NB, k - j);
    // Unblocked panel: columns j .. j+jb-1.
    for (let c = j; c < j + jb; c++) {
      const t = larfg(d, c * n + c, n, m - c);
      tau[c] = t;
      const q = j + jb - c - 1;
      if (t === 0 || q === 0) continue;
      // w = v^T A[c:m, c+1:j+jb];  A -= t v w^T
      for (let x = 0; x < q; x++) w[x] = d[c * n + c + 1 + x]!;
      for (let i = c + 1; i < m; i++) {
        const vi = d[i * n + c]!;
        if (vi === 0) continue;
        const r = i * n + c + 1;
        for (let x = 0; x < q; x++) w[x] += vi * d[r + x]!;
      }
      for (let x = 0; x < q; x++) d[c * n + c + 1 + x] -= t * w[x]!;
      for (let i = c + 1; i < m; i++) {
        const vi = t * d[i * n + c]!;
        if (vi === 0) continue;
        const r = i * n + c + 1;
        for (let x = 0; x < q; x++) d[r + x] -= vi * w[x]!;
      }
    }
    const q = n - j - jb;
    if (q > 0) {
      const V = explicitV(A, j, j, m - j, jb);
      const Vv: View = { d: V.d, off: 0, ld: jb };
      const T = larft(Vv, m - j, jb, tau, j);
      // Shift tau indexing: larft read tau[j .. j+jb-1].
      larfb(Vv, m - j, jb, T, true, { d, off: j * n + j + jb, ld: n }, q);
    }
  }
  return { A, tau };
}
