import { WcError } from "@wc/tensor";
import { toFiniteF64 } from "../internal/checks";

/** Options of {@link isotonicRegression}. */
export interface IsotonicRegressionOptions {
  /** Non-negative weight per observation (default: all 1). */
  weights?: ArrayLike<number>;
  /** Fit a non-decreasing (true, default) or non-increasing (false) sequence. */
  increasing?: boolean;
  /** Lower clip applied to the fitted values after pooling (default: none). */
  yMin?: number;
  /** Upper clip applied to the fitted values after pooling (default: none). */
  yMax?: number;
}

/**
 * Internal: weighted pool-adjacent-violators on trusted arrays, O(n), non-decreasing fit.
 * Blocks live on a stack (level sums, weight sums, end indices); a new point is merged backwards
 * while the previous block's mean is >= its own.
 */
export function pavaIncreasing(y: Float64Array, w: Float64Array): Float64Array {
  const n = y.length;
  const sw = new Float64Array(n);
  const swy = new Float64Array(n);
  const mean = new Float64Array(n);
  const end = new Int32Array(n);
  let top = -1;
  for (let i = 0; i < n; i++) {
    top++;
    let bw = w[i] as number;
    let bwy = bw * (y[i] as number);
    let bm = y[i] as number;
    while (top > 0 && (mean[top - 1] as number) >= bm) {
      top--;
      bw += sw[top] as number;
      bwy += swy[top] as number;
      bm = bwy / bw;
    }
    sw[top] = bw;
    swy[top] = bwy;
    mean[top] = bm;
    end[top] = i + 1;
  }
  const out = new Float64Array(n);
  let start = 0;
  for (let b = 0; b <= top; b++) {
    const e = end[b] as number;
    out.fill(mean[b] as number, start, e);
    start = e;
  }
  return out;
}

/** Internal: validated weights (positive finite unless `allowZero`). */
export function checkWeights(weights: ArrayLike<number> | undefined, n: number, where: string, allowZero: boolean): Float64Array {
  if (weights === undefined) return new Float64Array(n).fill(1);
  const w = toFiniteF64(weights, where, "weights");
  if (w.length !== n) throw new WcError("E_SHAPE", `${where}: weights must have one entry per observation (${n}), got ${w.length}`);
  for (let i = 0; i < n; i++) {
    const v = w[i] as number;
    if (v < 0 || (!allowZero && v === 0)) {
      throw new WcError("E_RANGE", `${where}: weights[${i}] = ${v}; weights must be ${allowZero ? "non-negative" : "positive"}`);
    }
  }
  return w;
}

/** Internal: PAVA in the requested direction plus clipping. */
export function fitSequence(y: Float64Array, w: Float64Array, increasing: boolean, yMin: number, yMax: number): Float64Array {
  let out: Float64Array;
  if (increasing) out = pavaIncreasing(y, w);
  else {
    const neg = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) neg[i] = -(y[i] as number);
    out = pavaIncreasing(neg, w);
    for (let i = 0; i < out.length; i++) out[i] = -(out[i] as number);
  }
  if (yMin > -Infinity || yMax < Infinity) {
    for (let i = 0; i < out.length; i++) out[i] = Math.min(yMax, Math.max(yMin, out[i] as number));
  }
  return out;
}

/** Internal: checks yMin <= yMax and returns them with infinite defaults. */
export function resolveBounds(yMin: number | undefined, yMax: number | undefined, where: string): [number, number] {
  const lo = yMin ?? -Infinity;
  const hi = yMax ?? Infinity;
  if (Number.isNaN(lo) || Number.isNaN(hi) || lo > hi) throw new WcError("E_RANGE", `${where}: expected yMin <= yMax, got yMin = ${lo}, yMax = ${hi}`);
  return [lo, hi];
}

/**
 * Isotonic regression of an ordered sequence by weighted pool-adjacent-violators: the monotone
 * sequence minimising sum_i w_i (y_i - f_i)^2, then clipped to [yMin, yMax]
 * (scikit-learn `isotonic_regression`, SciPy `optimize.isotonic_regression`).
 *
 * @param y - observations in their fixed order (finite).
 * @param options - weights (default 1), increasing (default true), yMin/yMax (default none).
 * @returns the fitted values, a new Float64Array of the same length.
 * @throws {WcError} `E_RANGE` for NaN/Inf values, non-positive weights or yMin > yMax; `E_SHAPE` if weights mismatch.
 * @example
 * isotonicRegression([1, 3, 2, 4]); // Float64Array [1, 2.5, 2.5, 4]
 */
export function isotonicRegression(y: ArrayLike<number>, options: IsotonicRegressionOptions = {}): Float64Array {
  const v = toFiniteF64(y, "isotonicRegression", "y");
  const w = checkWeights(options.weights, v.length, "isotonicRegression", false);
  const [lo, hi] = resolveBounds(options.yMin, options.yMax, "isotonicRegression");
  return fitSequence(v, w, options.increasing ?? true, lo, hi);
}
