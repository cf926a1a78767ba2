import { fitIsotonic, type IsotonicModel } from "@wc/stats";
import { fitSplineRidge } from "./spline-ridge";

/** Internal: one judge-to-oracle map (global or leave-fold-out) of AutoCal-R. */
export interface RewardMap {
  /** Calibrated reward in [0, 1]. */
  predict(s: Float64Array): Float64Array;
  /** The index the final isotonic stage reads: S (monotone) or the ECDF mid-rank U of g(S) (two-stage). */
  index(s: Float64Array): Float64Array;
  /** The final isotonic stage (in index space). */
  readonly iso: IsotonicModel;
}

/** Calibration mode actually fitted. */
export type FittedMode = "monotone" | "two_stage";

function iso01(x: Float64Array, y: Float64Array): IsotonicModel {
  return fitIsotonic(x, y, { increasing: true, yMin: 0, yMax: 1, outOfBounds: "clip" });
}

/** Internal: monotone AutoCal-R map (isotonic of Y on S, clipped to [0, 1]). */
export function fitMonotoneMap(s: Float64Array, y: Float64Array): RewardMap {
  const iso = iso01(s, y);
  return { iso, predict: (x) => iso.predict(x), index: (x) => Float64Array.from(x) };
}

/**
 * Internal: right-continuous empirical CDF of `train` mapped to mid-ranks,
 * U(z) = (#{train <= z} - 0.5) / n (cje `_fit_ecdf`).
 */
export function ecdfMidRank(train: Float64Array): (z: Float64Array) => Float64Array {
  const xs = Float64Array.from(train).sort();
  const n = xs.length;
  return (z) =>
    z.map((v) => {
      let lo = 0;
      let hi = n; // first index with xs[idx] > v
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (xs[mid]! <= v) lo = mid + 1;
        else hi = mid;
      }
      return (lo - 0.5) / n;
    });
}

/**
 * Internal: two-stage AutoCal-R map (cje `FlexibleCalibrator._fit_two_stage`): g = cubic B-spline +
 * LOO ridge with n_knots = min(max(5, 8), floor(n/4)); U = ECDF mid-rank of g over the training rows;
 * isotonic of Y on U. Below 20 rows (or with a constant S, where no spline exists) g is skipped and
 * the isotonic stage reads the ECDF of S, as cje's small-fold fallback.
 */
export function fitTwoStageMap(s: Float64Array, y: Float64Array): RewardMap {
  let g: ((x: Float64Array) => Float64Array) | null = null;
  if (s.length >= 20) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of s) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (hi > lo) {
      const model = fitSplineRidge(s, y, { nKnots: Math.min(8, Math.floor(s.length / 4)) });
      g = (x) => model.predict(x);
    }
  }
  const trainIndex = g ? g(s) : s;
  const F = ecdfMidRank(trainIndex);
  const index = (x: Float64Array): Float64Array => F(g ? g(x) : x);
  const iso = iso01(F(trainIndex), y);
  return { iso, index, predict: (x) => iso.predict(index(x)) };
}

/** Result of the auto-mode selection (all on out-of-fold predictions of the oracle rows). */
export interface ModeSelection {
  selected: FittedMode;
  rmseMonotone: number;
  rmseTwoStage: number;
  /** Delta-method SE of the monotone RMSE: sd(resid^2, ddof 1) / (2 RMSE sqrt(n)). */
  seRmse: number;
  /** Number of S-terciles (low, mid, high) where two-stage has the lower RMSE. */
  tercilesBetter: number;
}

function rmse(y: Float64Array, p: Float64Array, rows?: Int32Array): number {
  let ss = 0;
  const m = rows ? rows.length : y.length;
  for (let t = 0; t < m; t++) {
    const i = rows ? rows[t]! : t;
    ss += (y[i]! - p[i]!) ** 2;
  }
  return Math.sqrt(ss / m);
}

/**
 * Internal: cje's auto rule: two-stage when RMSE_2 < RMSE_mono - SE (1-SE rule) or when it has the
 * lower RMSE in at least 2 of the 3 terciles of S (rows split by a stable argsort of S into
 * floor(n/3), floor(n/3) and the rest).
 */
export function selectMode(s: Float64Array, y: Float64Array, oofMono: Float64Array, oofTwo: Float64Array): ModeSelection {
  const n = y.length;
  const rm = rmse(y, oofMono);
  const rt = rmse(y, oofTwo);
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => s[a]! - s[b]! || a - b);
  const t = Math.floor(n / 3);
  const parts = [order.slice(0, t), order.slice(t, 2 * t), order.slice(2 * t)];
  let better = 0;
  for (const rows of parts) if (rows.length > 0 && rmse(y, oofTwo, rows) < rmse(y, oofMono, rows)) better++;
  let se = 0;
  if (n > 1) {
    const r2 = Float64Array.from(y, (v, i) => (v - oofMono[i]!) ** 2);
    let m = 0;
    for (const v of r2) m += v;
    m /= n;
    let ss = 0;
    for (const v of r2) ss += (v - m) ** 2;
    se = Math.sqrt(ss / (n - 1)) / Math.sqrt(n) / (2 * Math.max(rm, 1e-12));
  }
  return { selected: rt < rm - se || better >= 2 ? "two_stage" : "monotone", rmseMonotone: rm, rmseTwoStage: rt, seRmse: se, tercilesBetter: better };
}
