import { WcError } from "@wc/tensor";
import type { Id } from "./types";

/** Result of {@link ratingMetrics}. */
export interface RatingResult {
  rmse: number;
  mae: number;
  mse: number;
  /** Mean absolute percentage error in percent (sklearn returns a fraction). */
  mape: number;
  r2: number;
  explainedVariance: number;
}

function checkPair(name: string, a: Float64Array, b: Float64Array): void {
  if (!(a instanceof Float64Array) || !(b instanceof Float64Array)) throw new WcError("E_DTYPE", `${name}: inputs must be Float64Arrays`);
  if (a.length !== b.length) throw new WcError("E_SHAPE", `${name}: yTrue and yPred must have the same length, got ${a.length} and ${b.length}`);
  if (a.length === 0) throw new WcError("E_SHAPE", `${name}: inputs are empty; give at least one rating`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) throw new WcError("E_RANGE", `${name}: value ${i} is not finite (${String(a[i])}, ${String(b[i])})`);
  }
}

/**
 * Rating-prediction errors on aligned arrays: MSE, RMSE, MAE, MAPE (percent), R² = 1 − SSres/SStot and
 * explained variance = 1 − Var(y−ŷ)/Var(y) (population variances). With constant yTrue, R² and
 * explained variance follow scikit-learn's force_finite rule: 1 for a perfect prediction, else 0.
 *
 * @param yTrue - true ratings (non-zero, for MAPE)
 * @param yPred - predicted ratings, same length
 * @returns the six errors
 * @throws WcError E_DTYPE for non-Float64Array input; E_SHAPE for different or zero lengths; E_RANGE for non-finite values or a zero true rating (MAPE undefined)
 * @example
 * ratingMetrics(Float64Array.of(3, 5), Float64Array.of(4, 5)).mse; // 0.5
 */
export function ratingMetrics(yTrue: Float64Array, yPred: Float64Array): RatingResult {
  checkPair("ratingMetrics", yTrue, yPred);
  const n = yTrue.length;
  let mean = 0;
  let meanRes = 0;
  for (let i = 0; i < n; i++) {
    mean += yTrue[i] as number;
    meanRes += (yTrue[i] as number) - (yPred[i] as number);
  }
  mean /= n;
  meanRes /= n;
  let ss = 0;
  let sa = 0;
  let sp = 0;
  let st = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    const y = yTrue[i] as number;
    if (y === 0) throw new WcError("E_RANGE", `ratingMetrics: yTrue[${i}] is 0, so MAPE is undefined; shift the rating scale or drop zero ratings`);
    const r = y - (yPred[i] as number);
    ss += r * r;
    sa += Math.abs(r);
    sp += Math.abs(r / y);
    st += (y - mean) ** 2;
    sv += (r - meanRes) ** 2;
  }
  const mse = ss / n;
  const r2 = st > 0 ? 1 - ss / st : ss === 0 ? 1 : 0;
  const explainedVariance = st > 0 ? 1 - sv / st : sv === 0 ? 1 : 0;
  return { rmse: Math.sqrt(mse), mae: sa / n, mse, mape: (100 * sp) / n, r2, explainedVariance };
}

/** One rating row: user, item, value. */
export interface RatingRow {
  user: Id;
  item: Id;
  rating: number;
  timestamp?: number;
}

/**
 * Inner join of true and predicted ratings on (user, item), as the survey repo's merge_rating_true_pred
 * does: rows present in only one side are dropped. Order follows `truth`.
 *
 * @param truth - true rating rows (one per (user, item))
 * @param pred - predicted rows (one per (user, item))
 * @returns aligned Float64Arrays for {@link ratingMetrics}
 * @throws WcError E_ARGUMENT when a (user, item) pair repeats in one side
 * @example
 * joinRatings([{ user: 1, item: 2, rating: 4 }], [{ user: 1, item: 2, rating: 3.5 }]).yPred; // [3.5]
 */
export function joinRatings(truth: readonly RatingRow[], pred: readonly RatingRow[]): { yTrue: Float64Array; yPred: Float64Array } {
  const p = new Map<string, number>();
  for (const r of pred) {
    const key = `${String(r.user)}\t${String(r.item)}`;
    if (p.has(key)) throw new WcError("E_ARGUMENT", `joinRatings: prediction for (${String(r.user)}, ${String(r.item)}) repeats`);
    p.set(key, r.rating);
  }
  const yt: number[] = [];
  const yp: number[] = [];
  const seen = new Set<string>();
  for (const r of truth) {
    const key = `${String(r.user)}\t${String(r.item)}`;
    if (seen.has(key)) throw new WcError("E_ARGUMENT", `joinRatings: true rating for (${String(r.user)}, ${String(r.item)}) repeats`);
    seen.add(key);
    const v = p.get(key);
    if (v === undefined) continue;
    yt.push(r.rating);
    yp.push(v);
  }
  return { yTrue: Float64Array.from(yt), yPred: Float64Array.from(yp) };
}
