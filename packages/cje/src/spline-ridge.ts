import { eigh, tensor, WcError } from "@wc/tensor";
import { finiteF64, sameLength } from "./checks";

/** Options of {@link fitSplineRidge}. */
export interface SplineRidgeOptions {
  /** Number of uniform knots over [min x, max x] (default 8, the cje `n_splines`); at least 2. */
  nKnots?: number;
  /** Ridge penalties searched by leave-one-out (default logspace(-3, 3, 13)). */
  alphas?: readonly number[];
}

/** A fitted cubic B-spline + ridge regression (stage one of two-stage AutoCal-R). */
export interface SplineRidgeModel {
  /** The uniform base knots (length nKnots). */
  readonly knots: Float64Array;
  /** Ridge penalty chosen by leave-one-out. */
  readonly alpha: number;
  /** Mean squared leave-one-out error for each candidate alpha. */
  readonly looMse: Float64Array;
  /** Coefficients of the nKnots + 1 basis functions (the last B-spline dropped). */
  readonly coef: Float64Array;
  /** Unpenalised intercept. */
  readonly intercept: number;
  /** g(x) = intercept + basis(x) coef; the basis is constant outside the knot range. */
  predict(x: ArrayLike<number>): Float64Array;
}

const DEGREE = 3;

/** logspace(-3, 3, 13): cje's RidgeCV grid. */
export const RIDGE_ALPHAS: readonly number[] = /* @__PURE__ */ Array.from({ length: 13 }, (_, i) => 10 ** (-3 + i / 2));

/**
 * Cubic B-spline design matrix with scikit-learn `SplineTransformer(n_knots, degree=3,
 * knots='uniform', extrapolation='constant', include_bias=False)` semantics: base knots
 * linspace(lo, hi, nKnots), three extra knots spaced like the end intervals on each side, nKnots + 2
 * B-splines of which the last is dropped; inputs outside [lo, hi] get the boundary values.
 *
 * @param x - inputs (finite).
 * @param lo - first base knot.
 * @param hi - last base knot (> lo).
 * @param nKnots - number of base knots (>= 2).
 * @returns row-major n x (nKnots + 1) design matrix.
 * @throws {WcError} `E_RANGE` for hi <= lo, nKnots < 2 or non-finite x.
 * @example
 * splineBasis([0, 0.5, 1], 0, 1, 5); // 3 x 6 matrix; each full row of the 7 B-splines sums to 1
 */
export function splineBasis(x: ArrayLike<number>, lo: number, hi: number, nKnots: number): Float64Array {
  const xs = finiteF64(x, "splineBasis", "x");
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new WcError("E_RANGE", `splineBasis: need finite lo < hi, got [${lo}, ${hi}]`);
  if (!Number.isInteger(nKnots) || nKnots < 2) throw new WcError("E_RANGE", `splineBasis: nKnots must be an integer >= 2, got ${nKnots}`);
  const step = (hi - lo) / (nKnots - 1);
  const t = new Float64Array(nKnots + 2 * DEGREE);
  for (let i = 0; i < t.length; i++) t[i] = i - DEGREE === nKnots - 1 ? hi : lo + (i - DEGREE) * step;
  const nb = t.length - DEGREE - 1; // nKnots + 2 B-splines
  const p = nb - 1; // include_bias=False drops the last
  const out = new Float64Array(xs.length * p);
  const left = new Float64Array(DEGREE + 1);
  const right = new Float64Array(DEGREE + 1);
  const nv = new Float64Array(DEGREE + 1);
  for (let r = 0; r < xs.length; r++) {
    const v = Math.min(hi, Math.max(lo, xs[r]!));
    // span j: t[j] <= v < t[j+1], j in [DEGREE, nb - 1] (v = hi uses the last piece, continuous there)
    let j = DEGREE + Math.min(nKnots - 2, Math.floor((v - lo) / step));
    while (j > DEGREE && v < t[j]!) j--;
    while (j < nb - 1 && v >= t[j + 1]!) j++;
    nv[0] = 1;
    for (let d = 1; d <= DEGREE; d++) {
      left[d] = v - t[j + 1 - d]!;
      right[d] = t[j + d]! - v;
      let saved = 0;
      for (let k = 0; k < d; k++) {
        const tmp = nv[k]! / (right[k + 1]! + left[d - k]!);
        nv[k] = saved + right[k + 1]! * tmp;
        saved = left[d - k]! * tmp;
      }
      nv[d] = saved;
    }
    for (let k = 0; k <= DEGREE; k++) {
      const col = j - DEGREE + k;
      if (col < p) out[r * p + col] = nv[k]!;
    }
  }
  return out;
}

/**
 * Stage one of two-stage AutoCal-R (cje `flexible_calibrator.py`): a cubic B-spline basis on uniform
 * knots ({@link splineBasis}) and ridge regression with an unpenalised intercept whose penalty is
 * chosen by exact leave-one-out error over `alphas` (scikit-learn `RidgeCV` efficient LOO: residual
 * / (1 - h_ii) with hat matrix 11'/n + Xc (Xc'Xc + alpha I)^-1 Xc'; first alpha of smallest mean
 * squared LOO error).
 *
 * @param x - predictor (judge scores), finite, not all equal.
 * @param y - targets (oracle labels), finite, same length, at least 3 rows.
 * @param o - {@link SplineRidgeOptions}; defaults nKnots 8, alphas logspace(-3, 3, 13).
 * @returns a {@link SplineRidgeModel}.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or fewer than 3 rows; `E_RANGE` for NaN/Inf,
 *   constant x, nKnots < 2 or a non-positive alpha.
 * @example
 * const g = fitSplineRidge([0, 0.1, 0.2, 0.3, 0.4, 0.5], [0, 0.2, 0.3, 0.3, 0.6, 0.9], { nKnots: 5 });
 * g.predict([0.25]);
 */
export function fitSplineRidge(x: ArrayLike<number>, y: ArrayLike<number>, o: SplineRidgeOptions = {}): SplineRidgeModel {
  const where = "fitSplineRidge";
  const xs = finiteF64(x, where, "x");
  const ys = finiteF64(y, where, "y");
  sameLength(xs.length, ys.length, where, "x", "y");
  const n = xs.length;
  if (n < 3) throw new WcError("E_SHAPE", `${where}: need at least 3 rows, got ${n}`);
  const nKnots = o.nKnots ?? 8;
  const alphas = o.alphas ?? RIDGE_ALPHAS;
  if (alphas.length === 0 || !alphas.every((a) => a > 0 && Number.isFinite(a))) throw new WcError("E_RANGE", `${where}: alphas must be a non-empty list of positive numbers`);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of xs) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi > lo)) throw new WcError("E_RANGE", `${where}: x is constant (${lo}); a spline needs at least two distinct values`);
  const X = splineBasis(xs, lo, hi, nKnots);
  const p = nKnots + 1;
  const xm = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) xm[c] = xm[c]! + X[i * p + c]!;
  for (let c = 0; c < p; c++) xm[c] = xm[c]! / n;
  let ym = 0;
  for (const v of ys) ym += v;
  ym /= n;
  const Xc = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) Xc[i * p + c] = X[i * p + c]! - xm[c]!;
  const yc = ys.map((v) => v - ym);
  const M = new Float64Array(p * p);
  const b = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) {
      const xa = Xc[i * p + a]!;
      b[a] = b[a]! + xa * yc[i]!;
      for (let c = 0; c <= a; c++) M[a * p + c] = M[a * p + c]! + xa * Xc[i * p + c]!;
    }
  }
  for (let a = 0; a < p; a++) for (let c = 0; c < a; c++) M[c * p + a] = M[a * p + c]!;
  const { values, vectors } = eigh(tensor(M, [p, p]));
  const lam = values.data;
  const V = Float64Array.from(vectors.data as ArrayLike<number>);
  // Z = Xc V (n x p), q = V' Xc' y
  const Z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < p; k++) {
    let s = 0;
    for (let c = 0; c < p; c++) s += Xc[i * p + c]! * V[c * p + k]!;
    Z[i * p + k] = s;
  }
  const q = new Float64Array(p);
  for (let k = 0; k < p; k++) for (let c = 0; c < p; c++) q[k] = q[k]! + V[c * p + k]! * b[c]!;
  const looMse = new Float64Array(alphas.length);
  let best = 0;
  for (let ai = 0; ai < alphas.length; ai++) {
    const a = alphas[ai]!;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      let fit = 0;
      let h = 1 / n;
      for (let k = 0; k < p; k++) {
        const z = Z[i * p + k]!;
        const inv = 1 / (Math.max(lam[k]!, 0) + a);
        fit += z * q[k]! * inv;
        h += z * z * inv;
      }
      const e = (yc[i]! - fit) / (1 - h);
      ss += e * e;
    }
    looMse[ai] = ss / n;
    if (looMse[ai]! < looMse[best]!) best = ai;
  }
  const alpha = alphas[best]!;
  const coef = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const g = q[k]! / (Math.max(lam[k]!, 0) + alpha);
    for (let c = 0; c < p; c++) coef[c] = coef[c]! + V[c * p + k]! * g;
  }
  let intercept = ym;
  for (let c = 0; c < p; c++) intercept -= xm[c]! * coef[c]!;
  const knots = new Float64Array(nKnots);
  for (let i = 0; i < nKnots; i++) knots[i] = i === nKnots - 1 ? hi : lo + (i * (hi - lo)) / (nKnots - 1);
  return {
    knots,
    alpha,
    looMse,
    coef,
    intercept,
    predict(xx) {
      const B = splineBasis(xx, lo, hi, nKnots);
      const m = B.length / p;
      const out = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        let s = intercept;
        for (let c = 0; c < p; c++) s += B[i * p + c]! * coef[c]!;
        out[i] = s;
      }
      return out;
    },
  };
}
