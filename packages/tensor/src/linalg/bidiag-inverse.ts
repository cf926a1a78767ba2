import { mat, nrm2, type Mat } from "./dense";

const EPS = 2.220446049250313e-16;
/** Singular values closer than `CLUSTER * ||T||` are orthogonalised against each other (LAPACK dstein's `ortol`). */
const CLUSTER = 1e-3;
/** Inverse-iteration steps per vector before giving up (the caller then falls back to divide and conquer). */
const MAX_STEPS = 8;

/**
 * The top `k` singular vectors of the `n x n` upper bidiagonal `B` (diagonal `d`, superdiagonal
 * `e`) whose singular values `s` (all `n`, descending, high relative accuracy) are already known, by
 * inverse iteration on the Golub-Kahan tridiagonal `T = P [[0, B^T], [B, 0]] P^T` (size `2n`, zero
 * diagonal, off-diagonal `d_0, e_0, d_1, ..., d_{n-1}`): its eigenvector for `+s_j` interleaves
 * `(v_j, u_j) / sqrt(2)`. This is the scheme of LAPACK's dbdsvdx (there with bisection for the
 * values); it costs `O(n k)` plus `O(n c^2)` for clusters of size `c`, instead of the `O(n^3)` of a
 * full bidiagonal SVD. Values within `1e-3 ||T||` of each other are Gram-Schmidt orthogonalised
 * (as dstein does). Returns `null` when the problem is outside what the scheme handles reliably
 * (a requested value within `1e-3 ||T||` of zero, where `+s` and `-s` would form one cluster; a
 * vector whose residual does not converge): the caller then uses the full decomposition.
 * @returns `U`, `V` (`n x k`, vectors as columns) with `B v_j = s_j u_j`.
 */
export function bidiagTopVectors(d: Float64Array, e: Float64Array, s: Float64Array, k: number): { U: Mat; V: Mat } | null {
  const n = d.length;
  const N = 2 * n;
  const off = new Float64Array(Math.max(0, N - 1));
  for (let i = 0; i < n; i++) {
    off[2 * i] = d[i]!;
    if (i < n - 1) off[2 * i + 1] = e[i]!;
  }
  let tnorm = 0;
  for (let i = 0; i < N; i++) tnorm = Math.max(tnorm, (i > 0 ? Math.abs(off[i - 1]!) : 0) + (i < N - 1 ? Math.abs(off[i]!) : 0));
  if (tnorm === 0 || s[k - 1]! <= CLUSTER * tnorm) return null;
  const X: Float64Array[] = [];
  const fac = new Tridiag(N);
  let clusterStart = 0;
  let seed = 0x9e3779b9;
  const tol = 4 * N * EPS * tnorm;
  for (let j = 0; j < k; j++) {
    if (j > 0 && s[j - 1]! - s[j]! > CLUSTER * tnorm) clusterStart = j;
    const lambda = s[j]!;
    fac.factor(off, lambda, EPS * tnorm);
    const x = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      // A fixed xorshift sequence: the start vector only needs a component along the eigenvector.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      x[i] = (seed >>> 0) / 4294967296 - 0.5;
    }
    let done = false;
    for (let step = 0; step < MAX_STEPS && !done; step++) {
      scale(x, 1 / nrm2(x, 0, 1, N));
      fac.solve(x);
      for (let c = clusterStart; c < j; c++) axpy(-dot(X[c]!, x), X[c]!, x);
      scale(x, 1 / nrm2(x, 0, 1, N));
      done = residual(off, lambda, x) <= tol;
    }
    if (!done) return null;
    X.push(x);
  }
  const U = mat(n, k);
  const V = mat(n, k);
  for (let j = 0; j < k; j++) {
    const x = X[j]!;
    let nu = 0;
    let nv = 0;
    for (let i = 0; i < n; i++) {
      nv += x[2 * i]! * x[2 * i]!;
      nu += x[2 * i + 1]! * x[2 * i + 1]!;
    }
    nu = 1 / Math.sqrt(nu);
    nv = 1 / Math.sqrt(nv);
    for (let i = 0; i < n; i++) {
      V.d[i * k + j] = x[2 * i]! * nv;
      U.d[i * k + j] = x[2 * i + 1]! * nu;
    }
  }
  return { U, V };
}

/** `||T x - lambda x||_2` for the zero-diagonal symmetric tridiagonal with off-diagonal `off`. */
function residual(off: Float64Array, lambda: number, x: Float64Array): number {
  const N = x.length;
  let r2 = 0;
  for (let i = 0; i < N; i++) {
    const t = (i > 0 ? off[i - 1]! * x[i - 1]! : 0) + (i < N - 1 ? off[i]! * x[i + 1]! : 0) - lambda * x[i]!;
    r2 += t * t;
  }
  return Math.sqrt(r2);
}

/**
 * LU with partial pivoting of `T - lambda I` (LAPACK dgttrf's layout: multipliers `dl`, pivots `dd`,
 * first and second superdiagonals `du`, `du2`), reused for every step of one vector. Pivots smaller
 * than `pert` are replaced by `pert` when solving (dlagts' perturbation), so the nearly singular
 * system of inverse iteration never divides by zero.
 */
class Tridiag {
  private readonly dl: Float64Array;
  private readonly dd: Float64Array;
  private readonly du: Float64Array;
  private readonly du2: Float64Array;
  private readonly swap: Uint8Array;
  private pert = 0;

  constructor(private readonly N: number) {
    this.dl = new Float64Array(Math.max(0, N - 1));
    this.dd = new Float64Array(N);
    this.du = new Float64Array(Math.max(0, N - 1));
    this.du2 = new Float64Array(Math.max(0, N - 2));
    this.swap = new Uint8Array(N);
  }

  factor(off: Float64Array, lambda: number, pert: number): void {
    const { N, dl, dd, du, du2, swap } = this;
    this.pert = pert;
    dd.fill(-lambda);
    dl.set(off);
    du.set(off);
    du2.fill(0);
    swap.fill(0);
    for (let i = 0; i < N - 1; i++) {
      if (Math.abs(dd[i]!) >= Math.abs(dl[i]!)) {
        const f = dd[i] !== 0 ? dl[i]! / dd[i]! : 0;
        dl[i] = f;
        dd[i + 1] = dd[i + 1]! - f * du[i]!;
      } else {
        const f = dd[i]! / dl[i]!;
        dd[i] = dl[i]!;
        dl[i] = f;
        const t = du[i]!;
        du[i] = dd[i + 1]!;
        dd[i + 1] = t - f * dd[i + 1]!;
        if (i < N - 2) {
          du2[i] = du[i + 1]!;
          du[i + 1] = -f * du[i + 1]!;
        }
        swap[i] = 1;
      }
    }
  }

  /** Overwrites `b` with `(T - lambda I)^{-1} b` (with the pivot perturbation). */
  solve(b: Float64Array): void {
    const { N, dl, dd, du, du2, swap, pert } = this;
    for (let i = 0; i < N - 1; i++) {
      if (swap[i]) {
        const t = b[i]!;
        b[i] = b[i + 1]!;
        b[i + 1] = t - dl[i]! * b[i]!;
      } else {
        b[i + 1] = b[i + 1]! - dl[i]! * b[i]!;
      }
    }
    for (let i = N - 1; i >= 0; i--) {
      let v = b[i]!;
      if (i < N - 1) v -= du[i]! * b[i + 1]!;
      if (i < N - 2) v -= du2[i]! * b[i + 2]!;
      const p = dd[i]!;
      b[i] = v / (Math.abs(p) >= pert ? p : p < 0 ? -pert : pert);
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = y[i]! + alpha * x[i]!;
}

function scale(x: Float64Array, f: number): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * f;
}
