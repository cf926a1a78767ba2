import { WcError } from "@wc/tensor";
import { assertSameLength, toFiniteF64 } from "../internal/checks";
import { argsortF64 } from "../internal/argsort";
import { checkWeights, fitSequence, resolveBounds } from "./pava";
import { rankAverage } from "../numeric/ranks";

/** Options of {@link fitIsotonic}. */
export interface FitIsotonicOptions {
  /** Non-negative weight per observation; rows with weight 0 are dropped, as scikit-learn does (default: all 1). */
  weights?: ArrayLike<number>;
  /** Direction: true (non-decreasing, default), false, or 'auto' (sign of the Spearman correlation, >= 0 means increasing). */
  increasing?: boolean | "auto";
  /** Lower bound of the fitted values (default: none). */
  yMin?: number;
  /** Upper bound of the fitted values (default: none). */
  yMax?: number;
  /** Prediction outside [xMin, xMax]: 'clip' (default, the edge value), 'nan', or 'raise' (throws E_RANGE). */
  outOfBounds?: "clip" | "nan" | "raise";
}

/** A fitted isotonic regression: knots plus linear interpolation between them. */
export interface IsotonicModel {
  /** Unique, ascending x of the knots (redundant interior points of flat runs removed). */
  readonly xThresholds: Float64Array;
  /** Fitted value at each knot. */
  readonly yThresholds: Float64Array;
  /** Smallest training x. */
  readonly xMin: number;
  /** Largest training x. */
  readonly xMax: number;
  /** The direction used. */
  readonly increasing: boolean;
  /** Fitted values for the training rows, in input order (rows with weight 0 included). */
  readonly fitted: Float64Array;
  /**
   * Predicts by linear interpolation between the knots; outside the training range per `outOfBounds`.
   * @throws {WcError} `E_RANGE` for NaN inputs, or outside the range with outOfBounds 'raise'.
   */
  predict(x: ArrayLike<number>): Float64Array;
}

/**
 * Fits isotonic regression of y on x with scikit-learn's `IsotonicRegression` semantics: rows with
 * zero weight dropped, rows sorted by x, ties in x pooled first (weighted mean y, summed weight),
 * weighted PAVA, clipping to [yMin, yMax], and a model that interpolates linearly between knots and
 * clips outside the training range (`out_of_bounds='clip'`).
 *
 * @param x - predictor values (finite).
 * @param y - responses (finite), same length.
 * @param options - see {@link FitIsotonicOptions}; defaults: weights 1, increasing true, no bounds, outOfBounds 'clip'.
 * @returns an {@link IsotonicModel}.
 * @throws {WcError} `E_SHAPE` for mismatched lengths or no row with positive weight; `E_RANGE` for NaN/Inf,
 * negative weights or yMin > yMax; `E_ARGUMENT` for an unknown outOfBounds.
 * @example
 * const m = fitIsotonic([1, 2, 3, 4], [1, 3, 2, 4]);
 * m.predict([2.5, 10]); // Float64Array [2.5, 4]
 */
export function fitIsotonic(x: ArrayLike<number>, y: ArrayLike<number>, options: FitIsotonicOptions = {}): IsotonicModel {
  const where = "fitIsotonic";
  const xs = toFiniteF64(x, where, "x");
  const ys = toFiniteF64(y, where, "y");
  assertSameLength(xs.length, ys.length, where);
  const w = checkWeights(options.weights, xs.length, where, true);
  const [lo, hi] = resolveBounds(options.yMin, options.yMax, where);
  const oob = options.outOfBounds ?? "clip";
  if (oob !== "clip" && oob !== "nan" && oob !== "raise") {
    throw new WcError("E_ARGUMENT", `${where}: outOfBounds must be 'clip', 'nan' or 'raise', got ${String(oob)}`);
  }
  // drop zero-weight rows
  let m = 0;
  for (let i = 0; i < xs.length; i++) if ((w[i] as number) > 0) m++;
  if (m === 0) throw new WcError("E_SHAPE", `${where}: no observation with positive weight (n = ${xs.length})`);
  const kx = new Float64Array(m);
  const ky = new Float64Array(m);
  const kw = new Float64Array(m);
  for (let i = 0, j = 0; i < xs.length; i++) {
    if ((w[i] as number) > 0) {
      kx[j] = xs[i] as number;
      ky[j] = ys[i] as number;
      kw[j] = w[i] as number;
      j++;
    }
  }
  let increasing: boolean;
  if (options.increasing === "auto") increasing = spearmanSign(kx, ky) >= 0;
  else if (options.increasing === undefined || typeof options.increasing === "boolean") increasing = options.increasing ?? true;
  else throw new WcError("E_ARGUMENT", `${where}: increasing must be true, false or 'auto', got ${String(options.increasing)}`);

  // sort by x, pool ties (scikit-learn merges x closer than 1e-15, keeping the group's first x)
  const order = argsortF64(kx);
  const ux = new Float64Array(m);
  const uy = new Float64Array(m);
  const uw = new Float64Array(m);
  let g = -1;
  let cur = Number.NaN;
  for (let t = 0; t < m; t++) {
    const i = order[t] as number;
    const xi = kx[i] as number;
    const wi = kw[i] as number;
    if (g < 0 || xi - cur >= 1e-15) {
      g++;
      cur = xi;
      ux[g] = xi;
      uw[g] = 0;
      uy[g] = 0;
    }
    uw[g] = (uw[g] as number) + wi;
    uy[g] = (uy[g] as number) + wi * (ky[i] as number);
  }
  const nu = g + 1;
  const gx = ux.slice(0, nu);
  const gw = uw.slice(0, nu);
  const gy = new Float64Array(nu);
  for (let i = 0; i < nu; i++) gy[i] = (uy[i] as number) / (gw[i] as number);
  const fy = fitSequence(gy, gw, increasing, lo, hi);
  // keep the ends of flat runs only
  const keep: number[] = [];
  for (let i = 0; i < nu; i++) {
    if (i === 0 || i === nu - 1 || fy[i] !== fy[i - 1] || fy[i] !== fy[i + 1]) keep.push(i);
  }
  const xt = Float64Array.from(keep, (i) => gx[i] as number);
  const yt = Float64Array.from(keep, (i) => fy[i] as number);
  const xMin = gx[0] as number;
  const xMax = gx[nu - 1] as number;
  const predict = (q: ArrayLike<number>): Float64Array => {
    const qs = toFiniteF64(q, "IsotonicModel.predict", "x");
    const out = new Float64Array(qs.length);
    for (let i = 0; i < qs.length; i++) {
      let v = qs[i] as number;
      if (v < xMin || v > xMax) {
        if (oob === "nan") {
          out[i] = Number.NaN;
          continue;
        }
        if (oob === "raise") {
          throw new WcError("E_RANGE", `IsotonicModel.predict: x[${i}] = ${v} is outside the training range [${xMin}, ${xMax}]; use outOfBounds 'clip'`);
        }
        v = v < xMin ? xMin : xMax;
      }
      out[i] = interpolate(xt, yt, v);
    }
    return out;
  };
  const fitted = predict(xs);
  return Object.freeze({ xThresholds: xt, yThresholds: yt, xMin, xMax, increasing, fitted, predict });
}

/** Linear interpolation on ascending knots for v in [xt[0], xt[last]] (internal). */
function interpolate(xt: Float64Array, yt: Float64Array, v: number): number {
  const n = xt.length;
  if (n === 1) return yt[0] as number;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xt[mid] as number) <= v) lo = mid;
    else hi = mid;
  }
  const x0 = xt[lo] as number;
  const x1 = xt[hi] as number;
  const y0 = yt[lo] as number;
  const y1 = yt[hi] as number;
  if (v === x1) return y1;
  return y0 + ((y1 - y0) * (v - x0)) / (x1 - x0);
}

/** Sign of the Spearman correlation (internal, for increasing = 'auto'). */
function spearmanSign(x: Float64Array, y: Float64Array): number {
  const rx = rankAverage(x);
  const ry = rankAverage(y);
  const c = (x.length + 1) / 2;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += ((rx[i] as number) - c) * ((ry[i] as number) - c);
  return s;
}
