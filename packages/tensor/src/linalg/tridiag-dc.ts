import { WcError } from "../errors";
import { hyp, mat, type Mat } from "./dense";
import { structuredProduct } from "./dc-product";
import { permuteColumns, rotatePair } from "./rotations";
import { steqr } from "./tridiag-eig";

/** Subproblems up to this size are solved by the QR iteration directly. */
const LEAF = 32;
const EPS = 2.220446049250313e-16;
/** Iteration limit of one secular-equation root (safeguarded Newton + bisection). */
export const SECULAR_MAX_ITERS = 200;

interface Eig {
  w: Float64Array;
  Z: Mat;
}

/**
 * Eigen-decomposition of the symmetric tridiagonal matrix (`d`, `e`) by Cuppen's divide and
 * conquer (as LAPACK dstedc): split in half with a rank-one tear, solve both halves, and merge by
 * solving the secular equation of `D + rho u u^T`, with deflation of negligible components and of
 * close poles, Gu-Eisenstat recomputation of `u` so the vectors stay orthogonal, and the merged
 * vectors formed as one GEMM per merge. Values ascending; `Z` holds the vectors as columns.
 * @throws {WcError} `E_NOT_CONVERGED` if a secular root exceeds {@link SECULAR_MAX_ITERS} iterations.
 */
export function stedc(d: Float64Array, e: Float64Array, where: string): Eig {
  const n = d.length;
  // Scale to unit max so tolerances are absolute in a known range.
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(d[i]!), i < n - 1 ? Math.abs(e[i]!) : 0);
  if (scale === 0) scale = 1;
  const dd = d.map((x) => x / scale);
  const ee = e.map((x) => x / scale);
  const r = solve(dd, ee, 0, n, where);
  for (let i = 0; i < n; i++) r.w[i] = r.w[i]! * scale;
  return r;
}

function solve(d: Float64Array, e: Float64Array, lo: number, hi: number, where: string): Eig {
  const s = hi - lo;
  if (s <= LEAF) {
    const w = d.slice(lo, hi);
    const f = e.slice(lo, hi - 1);
    const Z = mat(s, s);
    for (let i = 0; i < s; i++) Z.d[i * s + i] = 1;
    steqr(w, f, Z, where);
    return { w, Z };
  }
  const mid = lo + (s >> 1);
  const beta = e[mid - 1]!;
  const d1 = d.slice();
  d1[mid - 1] = d1[mid - 1]! - Math.abs(beta);
  d1[mid] = d1[mid]! - Math.abs(beta);
  // T = diag(T1', T2') + |beta| z z^T with z = e_{mid-1} + sign(beta) e_mid.
  const left = solve(d1, e, lo, mid, where);
  const right = solve(d1, e, mid, hi, where);
  return merge(left, right, Math.abs(beta), beta >= 0 ? 1 : -1, where);
}

function merge(L: Eig, R: Eig, rho: number, sgn: number, where: string): Eig {
  const n1 = L.w.length;
  const n = n1 + R.w.length;
  // Q = diag(Q1, Q2); u = Q^T z = [last row of Q1; sgn * first row of Q2].
  const Q = mat(n, n);
  for (let i = 0; i < n1; i++) Q.d.set(L.Z.d.subarray(i * n1, i * n1 + n1), i * n);
  const n2 = n - n1;
  for (let i = 0; i < n2; i++) Q.d.set(R.Z.d.subarray(i * n2, i * n2 + n2), (n1 + i) * n + n1);
  const D = new Float64Array(n);
  D.set(L.w);
  D.set(R.w, n1);
  const u = new Float64Array(n);
  for (let j = 0; j < n1; j++) u[j] = L.Z.d[(n1 - 1) * n1 + j]!;
  for (let j = 0; j < n2; j++) u[n1 + j] = sgn * R.Z.d[j]!;
  // rho u u^T with unit u.
  let unorm = 0;
  for (let i = 0; i < n; i++) unorm += u[i]! * u[i]!;
  rho *= unorm;
  unorm = Math.sqrt(unorm);
  for (let i = 0; i < n; i++) u[i] = u[i]! / unorm;
  // Sort poles ascending (permute Q's columns with them).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => D[a]! - D[b]! || a - b);
  permuteColumns(Q, order);
  const Ds = Float64Array.from(order, (i) => D[i]!);
  const us = Float64Array.from(order, (i) => u[i]!);
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(Ds[i]!));
  const tol = 8 * EPS * Math.max(dmax, rho);
  // Deflation.
  const deflated = new Uint8Array(n);
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (rho * Math.abs(us[i]!) <= tol) {
      deflated[i] = 1;
      continue;
    }
    if (prev >= 0) {
      const a = us[prev]!;
      const b = us[i]!;
      const r = hyp(a, b);
      const c = b / r;
      const sn = a / r;
      if (Math.abs(c * sn * (Ds[i]! - Ds[prev]!)) <= tol) {
        // Rotate (prev, i) so u_prev = 0; prev deflates with value c^2 d_prev + s^2 d_i.
        const dp = Ds[prev]!;
        const di = Ds[i]!;
        Ds[prev] = c * c * dp + sn * sn * di;
        Ds[i] = sn * sn * dp + c * c * di;
        us[prev] = 0;
        us[i] = r;
        // New basis columns: q_prev' = c q_prev - s q_i, q_i' = s q_prev + c q_i.
        rotatePair(Q, prev, i, c, -sn);
        deflated[prev] = 1;
      }
    }
    prev = i;
  }
  const K: number[] = [];
  for (let i = 0; i < n; i++) if (!deflated[i]) K.push(i);
  const k = K.length;
  const w = new Float64Array(n);
  const Z = mat(n, n);
  if (k > 0) {
    const dk = Float64Array.from(K, (i) => Ds[i]!);
    const uk = Float64Array.from(K, (i) => us[i]!);
    const u2 = uk.map((x) => x * x);
    const ru2 = u2.map((x) => rho * x);
    let usum = 0;
    for (let i = 0; i < k; i++) usum += u2[i]!;
    const origin = new Int32Array(k);
    const tau = new Float64Array(k);
    const delta = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      // Root j lies in (dk[j], dk[j+1]) or, for the last, (dk[k-1], dk[k-1] + rho * usum].
      const last = j === k - 1;
      const gap = last ? rho * usum : dk[j + 1]! - dk[j]!;
      let o = j;
      if (!last) {
        // f at the midpoint decides which pole is nearer the root.
        const mid = dk[j]! + gap / 2;
        let f = 1;
        for (let i = 0; i < k; i++) f += (rho * u2[i]!) / (dk[i]! - mid);
        if (f < 0) o = j + 1;
      }
      for (let i = 0; i < k; i++) delta[i] = dk[i]! - dk[o]!;
      let a = o === j ? 0 : -gap / 2;
      let b = o === j ? (last ? gap : gap / 2) : 0;
      let t = (a + b) / 2;
      let it = 0;
      for (; it < SECULAR_MAX_ITERS; it++) {
        // f and f', split into the poles at or below dk[j] (psi) and above it (phi).
        let psi = 0;
        let dpsi = 0;
        let phi = 0;
        let dphi = 0;
        for (let i = 0; i <= j; i++) {
          const q = 1 / (delta[i]! - t);
          const term = ru2[i]! * q;
          psi += term;
          dpsi += term * q;
        }
        for (let i = j + 1; i < k; i++) {
          const q = 1 / (delta[i]! - t);
          const term = ru2[i]! * q;
          phi += term;
          dphi += term * q;
        }
        const f = 1 + psi + phi;
        const df = dpsi + dphi;
        if (f < 0) a = t;
        else b = t;
        if (Math.abs(f) <= 8 * EPS * k * (1 + rho * df * Math.abs(t) + Math.abs(f))) break;
        if (b - a <= 2 * EPS * Math.max(Math.abs(a), Math.abs(b))) break;
        let tn = last ? t - f / df : t + middleWay(f, psi, dpsi, phi, dphi, delta[j]! - t, delta[j + 1]! - t);
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
    // Gu-Eisenstat: recompute u from the computed roots; diff(i, j) = dk[i] - lambda_j.
    const diff = (i: number, j: number): number => dk[i]! - dk[origin[j]!]! - tau[j]!;
    const uh = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let p = -diff(i, k - 1) / rho;
      for (let j = 0; j < i; j++) p *= -diff(i, j) / (dk[j]! - dk[i]!);
      for (let j = i + 1; j < k; j++) p *= -diff(i, j - 1) / (dk[j]! - dk[i]!);
      uh[i] = (uk[i]! >= 0 ? 1 : -1) * Math.sqrt(Math.max(p, 0));
    }
    // Eigenvectors of D + rho u u^T on K, columns normalised, then Z[:, j] = Q[:, K] x_j (GEMM).
    const X = mat(k, k);
    for (let j = 0; j < k; j++) {
      let nrm = 0;
      for (let i = 0; i < k; i++) {
        const x = uh[i]! / diff(i, j);
        X.d[i * k + j] = x;
        nrm += x * x;
      }
      nrm = Math.sqrt(nrm);
      for (let i = 0; i < k; i++) X.d[i * k + j] = X.d[i * k + j]! / nrm;
      w[j] = dk[origin[j]!]! + tau[j]!;
    }
    // Q = diag(Q1, Q2) (rows 0 .. n1-1 and n1 ..): a structured product.
    structuredProduct(Q, K, X, n1, { d: Z.d, off: 0, ld: n });
  }
  // Deflated pairs keep their pole and basis column.
  let c = k;
  for (let i = 0; i < n; i++) {
    if (!deflated[i]) continue;
    w[c] = Ds[i]!;
    for (let r = 0; r < n; r++) Z.d[r * n + c] = Q.d[r * n + i]!;
    c++;
  }
  const ord = Array.from({ length: n }, (_, i) => i).sort((a, b) => w[a]! - w[b]! || a - b);
  permuteColumns(Z, ord);
  return { w: Float64Array.from(ord, (i) => w[i]!), Z };
}

/**
 * One step of Li's "middle way" for a secular root between two poles: psi (the poles at or below
 * the root) and phi (those above) are each modelled as `c + s / (pole - x)` through their value and
 * slope at the current point, and the model's root in between is taken (a quadratic). `dl < 0 < du`
 * are the distances from the current point to the two poles. Returns the step, or NaN when the
 * model has no usable root (callers then take a Newton or bisection step).
 */
export function middleWay(f: number, psi: number, dpsi: number, phi: number, dphi: number, dl: number, du: number): number {
  const b1 = dpsi * dl * dl;
  const b2 = dphi * du * du;
  const C = f - b1 / dl - b2 / du;
  // C eta^2 - B eta + f dl du = 0, B = C (dl + du) + b1 + b2; the model increases from -inf to
  // +inf between its poles, so exactly one root lies in (dl, du).
  const B = C * (dl + du) + b1 + b2;
  const c0 = f * dl * du;
  const disc = B * B - 4 * C * c0;
  if (!(disc >= 0)) return NaN;
  const den = B + (B >= 0 ? 1 : -1) * Math.sqrt(disc);
  const r1 = den === 0 ? NaN : (2 * c0) / den;
  if (r1 > dl && r1 < du) return r1;
  const r2 = C === 0 ? NaN : den / (2 * C);
  return r2 > dl && r2 < du ? r2 : NaN;
}
