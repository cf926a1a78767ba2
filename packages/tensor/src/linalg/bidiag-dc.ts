import { WcError } from "../errors";
import { at, hyp, mat, mm, type Mat } from "./dense";
import { bdsqr } from "./bidiag-svd";
import { structuredProduct } from "./dc-product";
import { permuteColumns, rotatePair } from "./rotations";
import { middleWay, SECULAR_MAX_ITERS } from "./tridiag-dc";

/** Subproblems with at most this many rows are solved by the bidiagonal QR iteration. */
const LEAF = 25;
const EPS = 2.220446049250313e-16;

/** SVD of an `n x (n + sqre)` upper bidiagonal block: `B = U diag(s) V[:, :n]^T`, `V[:, n]` null. */
interface Part {
  s: Float64Array;
  U: Mat;
  V: Mat;
}

/**
 * SVD of the `n x n` upper bidiagonal matrix (`d`, `e`) by divide and conquer (the scheme of
 * LAPACK dbdsdc: Jessup-Sorensen / Gu-Eisenstat). Removing the middle row splits `B` into an
 * `k x (k+1)` and a square block; their SVDs turn `B` into a "broken arrow" matrix
 * `M = e_0 z^T + diag(0, d_1, ...)` whose singular values solve the secular equation
 * `1 + sum z_i^2 / (d_i^2 - s^2) = 0` (that is `M^T M = D^2 + z z^T`), after deflation. Vectors
 * come from Gu-Eisenstat's recomputed `z`, and each merge multiplies the bases with two GEMMs.
 * Returns values descending with `U`, `V` (`n x n`, vectors as columns).
 * @throws {WcError} `E_NOT_CONVERGED` if a secular root needs more than {@link SECULAR_MAX_ITERS}.
 */
export function bdsdc(d: Float64Array, e: Float64Array, where: string): Part {
  const n = d.length;
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]!), i < n - 1 ? Math.abs(e[i]!) : 0);
  if (scale === 0) scale = 1;
  const dd = d.map((x) => x / scale);
  const ee = new Float64Array(n);
  for (let i = 0; i < n - 1; i++) ee[i] = e[i]! / scale;
  const r = solve(dd, ee, 0, n, 0, where);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => r.s[b]! - r.s[a]! || a - b);
  permuteColumns(r.U, order);
  permuteColumns(r.V, order);
  return { s: Float64Array.from(order, (i) => r.s[i]! * scale), U: r.U, V: r.V };
}

/** Rows `lo .. hi-1` of the bidiagonal; `sqre = 1` adds the column `hi` (entry `e[hi-1]`). */
function solve(d: Float64Array, e: Float64Array, lo: number, hi: number, sqre: number, where: string): Part {
  const n = hi - lo;
  if (n <= LEAF) return leaf(d, e, lo, hi, sqre, where);
  const k = n >> 1;
  const L = solve(d, e, lo, lo + k, 1, where);
  const R = solve(d, e, lo + k + 1, hi, sqre, where);
  return merge(L, R, d[lo + k]!, e[lo + k]!, k, n, sqre, where);
}

function leaf(d: Float64Array, e: Float64Array, lo: number, hi: number, sqre: number, where: string): Part {
  const n = hi - lo;
  const s = d.slice(lo, hi);
  const f = e.slice(lo, hi - 1);
  const U = mat(n, n);
  for (let i = 0; i < n; i++) U.d[i * n + i] = 1;
  const m = n + sqre;
  const V = mat(m, m);
  for (let i = 0; i < m; i++) V.d[i * m + i] = 1;
  if (sqre) {
    // Right rotations of columns (j, n) chase the extra entry e[hi-1] out: B G = [B' 0].
    let g = e[hi - 1]!;
    for (let j = n - 1; j >= 0 && g !== 0; j--) {
      const r = hyp(s[j]!, g);
      const c = s[j]! / r;
      const sn = g / r;
      s[j] = r;
      rotatePair(V, j, n, c, sn);
      if (j > 0) {
        g = -sn * f[j - 1]!;
        f[j - 1] = c * f[j - 1]!;
      }
    }
  }
  const Vb = mat(n, n);
  for (let i = 0; i < n; i++) Vb.d[i * n + i] = 1;
  bdsqr(s, f, U, Vb, where);
  if (!sqre) return { s, U, V: Vb };
  // V[:, :n] <- V[:, :n] Vb
  const W = mat(m, n);
  for (let r = 0; r < m; r++) W.d.set(V.d.subarray(r * m, r * m + n), r * n);
  const P = mat(m, n);
  mm(m, n, n, 1, at(W), false, at(Vb), false, 0, at(P));
  for (let r = 0; r < m; r++) V.d.set(P.d.subarray(r * n, r * n + n), r * m);
  return { s, U, V };
}

function merge(L: Part, R: Part, dk: number, ek: number, k: number, n: number, sqre: number, where: string): Part {
  const n2 = n - k - 1;
  const m = n + sqre;
  // Bases: Ub (n x n) columns [e_k, U1, U2]; Wb (m x m) columns [w1, V1, V2, (w2)].
  const Ub = mat(n, n);
  Ub.d[k * n] = 1;
  for (let r = 0; r < k; r++) for (let t = 0; t < k; t++) Ub.d[r * n + 1 + t] = L.U.d[r * k + t]!;
  for (let r = 0; r < n2; r++) for (let t = 0; t < n2; t++) Ub.d[(k + 1 + r) * n + k + 1 + t] = R.U.d[r * n2 + t]!;
  const Wb = mat(m, m);
  const k1 = k + 1;
  for (let r = 0; r < k1; r++) {
    Wb.d[r * m] = L.V.d[r * k1 + k]!;
    for (let t = 0; t < k; t++) Wb.d[r * m + 1 + t] = L.V.d[r * k1 + t]!;
  }
  const m2 = n2 + sqre;
  for (let r = 0; r < m2; r++) for (let t = 0; t < m2; t++) Wb.d[(k1 + r) * m + k1 + t] = R.V.d[r * m2 + t]!;
  const D = new Float64Array(n);
  const z = new Float64Array(n);
  z[0] = dk * L.V.d[k * k1 + k]!;
  for (let t = 0; t < k; t++) {
    D[1 + t] = L.s[t]!;
    z[1 + t] = dk * L.V.d[k * k1 + t]!;
  }
  for (let t = 0; t < n2; t++) {
    D[k1 + t] = R.s[t]!;
    z[k1 + t] = ek * R.V.d[t]!;
  }
  if (sqre) {
    // Two zero-diagonal columns (0 and the last): rotate them into one; the other is B's null vector.
    const zx = ek * R.V.d[n2]!;
    const r = hyp(z[0]!, zx);
    const c = r === 0 ? 1 : z[0]! / r;
    const sn = r === 0 ? 0 : zx / r;
    rotatePair(Wb, 0, m - 1, c, sn);
    z[0] = r;
  }
  // Sort poles ascending, index 0 (d = 0) first.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (a === 0 ? -1 : b === 0 ? 1 : D[a]! - D[b]! || a - b));
  const Ds = Float64Array.from(order, (i) => D[i]!);
  const zs = Float64Array.from(order, (i) => z[i]!);
  permuteColumns(Ub, order);
  permuteColumns(Wb, [...order, ...(sqre ? [m - 1] : [])]);
  let big = 0;
  for (let i = 0; i < n; i++) big = Math.max(big, Math.abs(Ds[i]!), Math.abs(zs[i]!));
  const tol = 8 * EPS * big;
  const deflated = new Uint8Array(n);
  // M = 0 (a zero block): every value is 0 and the bases are already singular vectors.
  if (big === 0) deflated.fill(1);
  else if (Math.abs(zs[0]!) <= tol) zs[0] = tol;
  let prev = 0;
  for (let i = 1; i < n && big > 0; i++) {
    if (Math.abs(zs[i]!) <= tol) {
      deflated[i] = 1;
      continue;
    }
    if (Ds[i]! <= tol) {
      // A (numerically) zero pole: rotate its column into column 0; it becomes a zero column.
      const r = hyp(zs[0]!, zs[i]!);
      const c = zs[0]! / r;
      const sn = zs[i]! / r;
      rotatePair(Wb, 0, i, c, sn);
      zs[0] = r;
      zs[i] = 0;
      Ds[i] = 0;
      deflated[i] = 1;
      continue;
    }
    if (prev >= 1 && Ds[i]! - Ds[prev]! <= tol) {
      const r = hyp(zs[prev]!, zs[i]!);
      const c = zs[i]! / r;
      const sn = zs[prev]! / r;
      rotatePair(Wb, prev, i, c, -sn);
      rotatePair(Ub, prev, i, c, -sn);
      zs[prev] = 0;
      zs[i] = r;
      deflated[prev] = 1;
    }
    prev = i;
  }
  const K: number[] = [];
  for (let i = 0; i < n; i++) if (!deflated[i]) K.push(i);
  const kk = K.length;
  const dK = Float64Array.from(K, (i) => Ds[i]!);
  const zK = Float64Array.from(K, (i) => zs[i]!);
  const z2 = zK.map((x) => x * x);
  let znorm = 0;
  for (let i = 0; i < kk; i++) znorm += z2[i]!;
  znorm = Math.sqrt(znorm);
  const origin = new Int32Array(kk);
  const tau = new Float64Array(kk);
  const delta = new Float64Array(kk);
  const sum = new Float64Array(kk);
  for (let j = 0; j < kk; j++) {
    const last = j === kk - 1;
    const gap = last ? znorm : dK[j + 1]! - dK[j]!;
    let o = j;
    if (!last) {
      const mid = dK[j]! + gap / 2;
      let f = 1;
      for (let i = 0; i < kk; i++) f += z2[i]! / ((dK[i]! - mid) * (dK[i]! + mid));
      if (f < 0) o = j + 1;
    }
    const dp = dK[o]!;
    for (let i = 0; i < kk; i++) {
      delta[i] = dK[i]! - dp;
      sum[i] = dK[i]! + dp;
    }
    let a = o === j ? 0 : -gap / 2;
    let b = o === j ? (last ? gap : gap / 2) : 0;
    let t = (a + b) / 2;
    let it = 0;
    for (; it < SECULAR_MAX_ITERS; it++) {
      // f and its slope in lambda = s^2, split into the poles at or below dK[j] (psi) and above (phi).
      let psi = 0;
      let dpsi = 0;
      let phi = 0;
      let dphi = 0;
      let abs = 1;
      for (let i = 0; i <= j; i++) {
        const q = 1 / ((delta[i]! - t) * (sum[i]! + t));
        const term = z2[i]! * q;
        psi += term;
        abs += Math.abs(term);
        dpsi += term * q;
      }
      for (let i = j + 1; i < kk; i++) {
        const q = 1 / ((delta[i]! - t) * (sum[i]! + t));
        const term = z2[i]! * q;
        phi += term;
        abs += Math.abs(term);
        dphi += term * q;
      }
      const f = 1 + psi + phi;
      const df = (dpsi + dphi) * 2 * (dp + t);
      if (f < 0) a = t;
      else b = t;
      if (Math.abs(f) <= 8 * EPS * kk * abs) break;
      if (b - a <= 2 * EPS * Math.max(Math.abs(a), Math.abs(b))) break;
      let tn = NaN;
      if (!last) {
        // Li's middle way in lambda, then back to t: s' = sqrt(s^2 + eta), t' = t + eta / (s + s').
        const eta = middleWay(f, psi, dpsi, phi, dphi, (delta[j]! - t) * (sum[j]! + t), (delta[j + 1]! - t) * (sum[j + 1]! + t));
        const sc = dp + t;
        const s2 = sc * sc + eta;
        if (s2 > 0) tn = t + eta / (sc + Math.sqrt(s2));
      }
      if (!(tn > a && tn < b)) tn = t - f / df;
      if (!(tn > a && tn < b)) tn = (a + b) / 2;
      if (tn === t) break;
      t = tn;
    }
    if (it >= SECULAR_MAX_ITERS) {
      throw new WcError("E_NOT_CONVERGED", `${where}: a secular-equation root did not converge in ${SECULAR_MAX_ITERS} iterations`);
    }
    origin[j] = o;
    tau[j] = t;
  }
  // diff2(i, j) = dK_i^2 - s_j^2 = (dK_i - s_j)(dK_i + s_j), s_j = dK[origin_j] + tau_j.
  const diff2 = (i: number, j: number): number => {
    const p = dK[origin[j]!]!;
    return (dK[i]! - p - tau[j]!) * (dK[i]! + p + tau[j]!);
  };
  const zh = new Float64Array(kk);
  for (let i = 0; i < kk; i++) {
    let p = -diff2(i, kk - 1);
    for (let j = 0; j < i; j++) p *= -diff2(i, j) / ((dK[j]! - dK[i]!) * (dK[j]! + dK[i]!));
    for (let j = i; j < kk - 1; j++) p *= -diff2(i, j) / ((dK[j + 1]! - dK[i]!) * (dK[j + 1]! + dK[i]!));
    zh[i] = (zK[i]! >= 0 ? 1 : -1) * Math.sqrt(Math.max(p, 0));
  }
  const s = new Float64Array(n);
  const Xu = mat(kk, kk);
  const Xv = mat(kk, kk);
  for (let j = 0; j < kk; j++) {
    let nu = 1;
    let nv = 0;
    for (let i = 0; i < kk; i++) {
      const q = 1 / diff2(i, j);
      const v = zh[i]! * q;
      Xv.d[i * kk + j] = v;
      nv += v * v;
      if (i > 0) {
        const u = dK[i]! * v;
        Xu.d[i * kk + j] = u;
        nu += u * u;
      }
    }
    Xu.d[j] = -1;
    nu = 1 / Math.sqrt(nu);
    nv = 1 / Math.sqrt(nv);
    for (let i = 0; i < kk; i++) {
      Xu.d[i * kk + j] = Xu.d[i * kk + j]! * nu;
      Xv.d[i * kk + j] = Xv.d[i * kk + j]! * nv;
    }
    s[j] = dK[origin[j]!]! + tau[j]!;
  }
  // U = Ub[:, K] Xu (+ deflated columns), V[:, :n] = Wb[:, K] Xv (+ deflated), V[:, n] = null.
  const U = mat(n, n);
  const V = mat(m, m);
  // Both bases are direct sums of the halves' (rows 0 .. k and k+1 ..): structured products.
  structuredProduct(Ub, K, Xu, k + 1, { d: U.d, off: 0, ld: n });
  structuredProduct(Wb, K, Xv, k1, { d: V.d, off: 0, ld: m });
  let c = kk;
  for (let i = 0; i < n; i++) {
    if (!deflated[i]) continue;
    s[c] = Ds[i]!;
    for (let r = 0; r < n; r++) U.d[r * n + c] = Ub.d[r * n + i]!;
    for (let r = 0; r < m; r++) V.d[r * m + c] = Wb.d[r * m + i]!;
    c++;
  }
  if (sqre) for (let r = 0; r < m; r++) V.d[r * m + n] = Wb.d[r * m + m - 1]!;
  return { s, U, V };
}
