import { contiguous, tensor } from "../create";
import { WcError } from "../errors";
import { ARRAY_TYPES, dtypeOf, sizeOf, type FloatTensor } from "../types";
import { assertFloat } from "../validate";
import { forEachLane } from "./lane-walk";
import { normalizeAxis } from "./layout";

/** The quantile estimation methods of `numpy.quantile` (Hyndman and Fan's nine plus four discrete/midpoint rules). */
export type QuantileMethod =
  | "inverted_cdf"
  | "averaged_inverted_cdf"
  | "closest_observation"
  | "interpolated_inverted_cdf"
  | "hazen"
  | "weibull"
  | "linear"
  | "median_unbiased"
  | "normal_unbiased"
  | "lower"
  | "higher"
  | "midpoint"
  | "nearest";

/** Options of {@link quantile}. */
export interface QuantileOptions {
  /** Axis to reduce; default undefined (all elements, flattened). */
  axis?: number;
  /** Keep the reduced axis with extent 1 (with `axis` only); default false. */
  keepdims?: boolean;
  /** Estimation method; default `"linear"` (NumPy's default, Hyndman-Fan type 7). */
  method?: QuantileMethod;
}

const CONTINUOUS: Partial<Record<QuantileMethod, readonly [number, number]>> = {
  interpolated_inverted_cdf: [0, 1],
  hazen: [0.5, 0.5],
  weibull: [0, 0],
  median_unbiased: [1 / 3, 1 / 3],
  normal_unbiased: [3 / 8, 3 / 8],
};

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The q-quantile of sorted `s[0..n)` (n >= 1) by `method`, following NumPy's formulas step for step. */
function quantileSorted(s: Float64Array, n: number, q: number, method: QuantileMethod): number {
  // Discrete methods pick one order statistic.
  let k = -1;
  switch (method) {
    case "inverted_cdf": {
      const v = n * q - 1;
      const f = Math.floor(v);
      k = v - f === 0 ? f : f + 1;
      break;
    }
    case "closest_observation": {
      const v = n * q - 1 - 0.5;
      const f = Math.floor(v);
      // H&F: the nearest even 1-based order statistic at g = 0, i.e. an odd 0-based index
      k = v - f === 0 && ((f % 2) + 2) % 2 === 1 ? f : f + 1;
      break;
    }
    case "lower":
      k = Math.floor((n - 1) * q);
      break;
    case "higher":
      k = Math.ceil((n - 1) * q);
      break;
    case "nearest":
      k = roundHalfEven((n - 1) * q);
      break;
    default:
  }
  if (k >= 0 || method === "inverted_cdf" || method === "closest_observation") {
    return s[Math.min(Math.max(k, 0), n - 1)]!;
  }
  let v: number;
  const ab = CONTINUOUS[method];
  if (ab) v = n * q + (ab[0] + q * (1 - ab[0] - ab[1])) - 1;
  else if (method === "midpoint") v = 0.5 * (Math.floor((n - 1) * q) + Math.ceil((n - 1) * q));
  else if (method === "averaged_inverted_cdf") v = n * q - 1;
  else v = (n - 1) * q; // linear
  let prev = Math.floor(v);
  let next = prev + 1;
  if (v >= n - 1) prev = next = n - 1;
  else if (v < 0) prev = next = 0;
  let g = v - prev;
  if (method === "averaged_inverted_cdf") g = g === 0 ? 0.5 : 1;
  else if (method === "midpoint") g = v % 1 === 0 ? 0 : 0.5;
  return lerp(s[prev]!, s[next]!, g);
}

function loadSorted(dst: Float64Array, d: ArrayLike<number>, off: number, st: number, n: number, where: string): void {
  for (let i = 0, p = off; i < n; i++, p += st) {
    const v = d[p]!;
    if (v !== v) throw new WcError("E_RANGE", `${where}: input holds NaN; drop or replace NaNs first (NaN has no rank)`);
    dst[i] = v;
  }
  dst.sort();
}

const METHODS = new Set<string>(["inverted_cdf", "averaged_inverted_cdf", "closest_observation", "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint", "nearest"]);

/**
 * The q-th quantile(s) of x, over all elements or along an axis, matching `numpy.quantile` for
 * all 13 of its methods (default "linear"). Shapes follow NumPy: a scalar q over all elements gives
 * a number; along an axis the reduced shape; an array of q prepends an axis of length q.length.
 * @param q - probability or probabilities in [0, 1]
 * @throws {WcError} `E_RANGE` for q outside [0, 1] or NaN in x (NaN has no rank);
 *   `E_SHAPE` for an empty lane or bad axis; `E_ARGUMENT` for an unknown method; `E_DTYPE`.
 * @example
 * quantile(fromNested([1, 2, 3, 4]), 0.25); // 1.75
 * quantile(X, [0.1, 0.9], { axis: 0 }); // shape [2, n]
 */
export function quantile(x: FloatTensor, q: number, options?: QuantileOptions & { axis?: undefined }): number;
export function quantile(x: FloatTensor, q: number | readonly number[], options?: QuantileOptions): FloatTensor;
export function quantile(x: FloatTensor, q: number | readonly number[], options: QuantileOptions = {}): number | FloatTensor {
  return quantileImpl(x, q, options, "quantile");
}

function quantileImpl(x: FloatTensor, q: number | readonly number[], options: QuantileOptions, where: string): number | FloatTensor {
  assertFloat(x, where);
  const method = options.method ?? "linear";
  if (!METHODS.has(method)) throw new WcError("E_ARGUMENT", `${where}: unknown method "${method}"; use one of ${[...METHODS].join(", ")}`);
  const qs = typeof q === "number" ? [q] : [...q];
  for (const p of qs) {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new WcError("E_RANGE", `${where}: q must lie in [0, 1], got ${p}`);
  }
  const dtype = dtypeOf(x);
  if (options.axis === undefined) {
    const n = x.size;
    if (n === 0) throw new WcError("E_SHAPE", `${where}: cannot take a quantile of an empty tensor`);
    const c = contiguous(x);
    const s = new Float64Array(n);
    loadSorted(s, c.data, c.offset, 1, n, where);
    const vals = qs.map((p) => quantileSorted(s, n, p, method));
    if (typeof q === "number") return vals[0]!;
    return tensor(ARRAY_TYPES[dtype].from(vals), [qs.length]) as FloatTensor;
  }
  const ax = normalizeAxis(options.axis, x.shape.length, where);
  const n = x.shape[ax]!;
  if (n === 0) throw new WcError("E_SHAPE", `${where}: axis ${ax} is empty`);
  const keep = x.shape.map((e, i) => (i === ax ? 1 : e));
  const lanes = sizeOf(keep);
  const laneShape = options.keepdims ? keep : x.shape.filter((_, i) => i !== ax);
  const out = new ARRAY_TYPES[dtype](lanes * qs.length);
  const s = new Float64Array(n);
  const st = x.stride[ax]!;
  forEachLane(x, ax, keep, (px, po) => {
    loadSorted(s, x.data, px, st, n, where);
    for (let i = 0; i < qs.length; i++) out[i * lanes + po] = quantileSorted(s, n, qs[i]!, method);
  });
  return tensor(out, typeof q === "number" ? laneShape : [qs.length, ...laneShape]) as FloatTensor;
}

/** Options of {@link median}. */
export interface MedianOptions {
  /** Axis to reduce; default undefined (all elements). */
  axis?: number;
  /** Keep the reduced axis with extent 1 (with `axis` only); default false. */
  keepdims?: boolean;
}

/**
 * The median (the 0.5 quantile, "linear" method: the mean of the two middle values for even n), as `np.median`.
 * @throws {WcError} `E_RANGE` for NaN in x; `E_SHAPE` for an empty lane or bad axis; `E_DTYPE`.
 * @example
 * median(fromNested([3, 1, 4, 2])); // 2.5
 */
export function median(x: FloatTensor, options?: MedianOptions & { axis?: undefined }): number;
export function median(x: FloatTensor, options: MedianOptions): FloatTensor;
export function median(x: FloatTensor, options: MedianOptions = {}): number | FloatTensor {
  return quantileImpl(x, 0.5, { ...options, method: "linear" }, "median");
}
