import { WcError } from "../errors";
import { dtypeOf, type FloatTensor, type Tensor } from "../types";
import { assertFloat } from "../validate";
import { laneArgmax, laneArgmin, laneMax, laneMin, laneProd, laneSqDev, laneSum, type Lane } from "./lanes";
import { assertNonEmpty, reduceAll, reduceAxis, type AxisOptions } from "./reduce-axis";

function reduce(x: Tensor, options: AxisOptions | undefined, lane: Lane, where: string, empty: boolean): number | FloatTensor {
  assertFloat(x, where);
  if (!empty) assertNonEmpty(x, options, where);
  if (options === undefined || options.axis === undefined) return reduceAll(x, lane);
  return reduceAxis(x, options, lane, dtypeOf(x), where) as FloatTensor;
}

/**
 * Sum of all elements (a number), or along `options.axis` (a new tensor of x's dtype). Pairwise
 * summation in double; NaN propagates; the sum of nothing is 0.
 * @throws {WcError} `E_DTYPE` for integer tensors; `E_SHAPE` for an axis out of range.
 * @example
 * sum(fromNested([[1, 2], [3, 4]])); // 10
 * sum(fromNested([[1, 2], [3, 4]]), { axis: 0 }); // [4, 6]
 */
export function sum(x: FloatTensor): number;
export function sum(x: FloatTensor, options: AxisOptions): FloatTensor;
export function sum(x: FloatTensor, options?: AxisOptions): number | FloatTensor {
  return reduce(x, options, laneSum, "sum", true);
}

const laneMean: Lane = (d, off, st, n) => laneSum(d, off, st, n) / n;

/**
 * Arithmetic mean of all elements or along an axis (pairwise sum / n).
 * @throws {WcError} `E_SHAPE` when the reduced extent is 0 or the axis is out of range; `E_DTYPE`.
 * @example
 * mean(X, { axis: 0, keepdims: true }); // column means, shape [1, n]
 */
export function mean(x: FloatTensor): number;
export function mean(x: FloatTensor, options: AxisOptions): FloatTensor;
export function mean(x: FloatTensor, options?: AxisOptions): number | FloatTensor {
  return reduce(x, options, laneMean, "mean", false);
}

/**
 * Product of all elements or along an axis (plain loop in double); the product of nothing is 1.
 * @throws {WcError} `E_DTYPE`; `E_SHAPE` for an axis out of range.
 * @example
 * prod(fromNested([2, 3, 4])); // 24
 */
export function prod(x: FloatTensor): number;
export function prod(x: FloatTensor, options: AxisOptions): FloatTensor;
export function prod(x: FloatTensor, options?: AxisOptions): number | FloatTensor {
  return reduce(x, options, laneProd, "prod", true);
}

/**
 * Minimum of all elements or along an axis; NaN if the lane holds a NaN (as `np.min`).
 * @throws {WcError} `E_SHAPE` when the reduced extent is 0; `E_DTYPE`.
 * @example
 * min(fromNested([[3, 1], [2, 5]]), { axis: 1 }); // [1, 2]
 */
export function min(x: FloatTensor): number;
export function min(x: FloatTensor, options: AxisOptions): FloatTensor;
export function min(x: FloatTensor, options?: AxisOptions): number | FloatTensor {
  return reduce(x, options, laneMin, "min", false);
}

/**
 * Maximum of all elements or along an axis; NaN if the lane holds a NaN (as `np.max`).
 * @throws {WcError} `E_SHAPE` when the reduced extent is 0; `E_DTYPE`.
 * @example
 * max(fromNested([[3, 1], [2, 5]])); // 5
 */
export function max(x: FloatTensor): number;
export function max(x: FloatTensor, options: AxisOptions): FloatTensor;
export function max(x: FloatTensor, options?: AxisOptions): number | FloatTensor {
  return reduce(x, options, laneMax, "max", false);
}

function argReduce(x: FloatTensor, options: AxisOptions | undefined, lane: Lane, where: string): number | Tensor<Int32Array> {
  assertFloat(x, where);
  assertNonEmpty(x, options, where);
  if (options === undefined) return reduceAll(x, lane);
  return reduceAxis(x, options, lane, "int32", where) as Tensor<Int32Array>;
}

/**
 * Index of the first minimum: over all elements a flat row-major index (a number), along an axis an
 * int32 tensor. A NaN counts as the minimum (its first index is returned), as `np.argmin`.
 * @throws {WcError} `E_SHAPE` when the reduced extent is 0; `E_DTYPE`.
 * @example
 * argmin(fromNested([[3, 1], [0, 5]])); // 2
 */
export function argmin(x: FloatTensor): number;
export function argmin(x: FloatTensor, options: AxisOptions): Tensor<Int32Array>;
export function argmin(x: FloatTensor, options?: AxisOptions): number | Tensor<Int32Array> {
  return argReduce(x, options, laneArgmin, "argmin");
}

/**
 * Index of the first maximum (see {@link argmin}; a NaN counts as the maximum).
 * @throws {WcError} `E_SHAPE` when the reduced extent is 0; `E_DTYPE`.
 * @example
 * argmax(logits, { axis: -1 }); // predicted class per row
 */
export function argmax(x: FloatTensor): number;
export function argmax(x: FloatTensor, options: AxisOptions): Tensor<Int32Array>;
export function argmax(x: FloatTensor, options?: AxisOptions): number | Tensor<Int32Array> {
  return argReduce(x, options, laneArgmax, "argmax");
}

/** Options of {@link variance} and {@link std} over all elements. */
export interface VarianceOptions {
  /** Delta degrees of freedom: the divisor is `n - ddof`; default 0 (population variance, as NumPy). */
  ddof?: number;
}

/** Options of {@link variance} and {@link std} along an axis. */
export interface VarianceAxisOptions extends AxisOptions, VarianceOptions {}

function varianceLane(ddof: number, root: boolean): Lane {
  return (d, off, st, n) => {
    const m = laneSum(d, off, st, n) / n;
    const v = laneSqDev(d, off, st, n, m) / (n - ddof);
    return root ? Math.sqrt(v) : v;
  };
}

function varianceImpl(x: FloatTensor, options: (VarianceOptions & { axis?: number; keepdims?: boolean }) | undefined, root: boolean, where: string): number | FloatTensor {
  const ddof = options?.ddof ?? 0;
  assertFloat(x, where);
  const ax = options?.axis === undefined ? undefined : (options as AxisOptions);
  assertNonEmpty(x, ax, where);
  const n = ax === undefined ? x.size : x.shape[ax.axis < 0 ? ax.axis + x.shape.length : ax.axis]!;
  if (!Number.isInteger(ddof) || ddof < 0 || ddof >= n) {
    throw new WcError("E_RANGE", `${where}: ddof must be an integer in [0, n - 1] (n = ${n}), got ${ddof}`);
  }
  return reduce(x, ax, varianceLane(ddof, root), where, false);
}

/**
 * Variance `sum((x - mean)^2) / (n - ddof)` over all elements or along an axis, by two passes
 * (pairwise mean, then pairwise sum of squared deviations). Named `variance` because `var` is a
 * reserved word.
 * @throws {WcError} `E_SHAPE` when the reduced extent is 0; `E_RANGE` unless 0 <= ddof < n; `E_DTYPE`.
 * @example
 * variance(fromNested([1, 2, 3, 4]), { ddof: 1 }); // 1.6666666666666667
 */
export function variance(x: FloatTensor, options?: VarianceOptions & { axis?: undefined }): number;
export function variance(x: FloatTensor, options: VarianceAxisOptions): FloatTensor;
export function variance(x: FloatTensor, options?: VarianceOptions & { axis?: number; keepdims?: boolean }): number | FloatTensor {
  return varianceImpl(x, options, false, "variance");
}

/**
 * Standard deviation: the square root of {@link variance} (same options and errors).
 * @throws {WcError} `E_SHAPE`, `E_RANGE`, `E_DTYPE` as {@link variance}.
 * @example
 * std(X, { axis: 0, ddof: 1 });
 */
export function std(x: FloatTensor, options?: VarianceOptions & { axis?: undefined }): number;
export function std(x: FloatTensor, options: VarianceAxisOptions): FloatTensor;
export function std(x: FloatTensor, options?: VarianceOptions & { axis?: number; keepdims?: boolean }): number | FloatTensor {
  return varianceImpl(x, options, true, "std");
}
