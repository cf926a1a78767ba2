import { WcError } from "../errors";
import { dtypeOf, type FloatTensor, type Tensor } from "../types";
import { assertFloat, assertNdim, assertSameShape } from "../validate";
import { commonFloatDType, RowWalker } from "./layout";
import { laneAbsMax, laneAbsSum, laneNorm2, type Lane } from "./lanes";
import { reduceAll, reduceAxis, type AxisOptions } from "./reduce-axis";

/** Vector norm orders: 1 (sum of |x|), 2 (Euclidean), Infinity (max |x|). */
export type NormOrder = 1 | 2 | typeof Infinity;

/** Options of {@link vectorNorm} over all elements. */
export interface NormOptions {
  /** Norm order; default 2. */
  ord?: NormOrder;
}

/** Options of {@link vectorNorm} along an axis. */
export interface NormAxisOptions extends NormOptions, AxisOptions {}

function laneFor(ord: number | undefined, where: string): Lane {
  const o = ord ?? 2;
  if (o === 2) return laneNorm2;
  if (o === 1) return laneAbsSum;
  if (o === Infinity) return laneAbsMax;
  throw new WcError("E_ARGUMENT", `${where}: ord must be 1, 2 or Infinity, got ${String(ord)}`);
}

/**
 * The vector p-norm (p = 1, 2 or Infinity) of all elements (a number) or of each lane along an axis
 * (a tensor of x's dtype), as `np.linalg.norm(x.ravel(), ord)` / `np.linalg.norm(x, ord, axis)`.
 * The 2-norm uses a pairwise sum of squares and rescales by max|x| when that sum would overflow or
 * underflow. NaN propagates; the norm of nothing is 0.
 * @throws {WcError} `E_ARGUMENT` for another ord; `E_DTYPE`; `E_SHAPE` for an axis out of range.
 * @example
 * vectorNorm(fromNested([3, -4])); // 5
 * vectorNorm(fromNested([3, -4]), { ord: 1 }); // 7
 */
export function vectorNorm(x: FloatTensor, options?: NormOptions & { axis?: undefined }): number;
export function vectorNorm(x: FloatTensor, options: NormAxisOptions): FloatTensor;
export function vectorNorm(x: FloatTensor, options: NormOptions & { axis?: number; keepdims?: boolean } = {}): number | FloatTensor {
  assertFloat(x, "vectorNorm");
  const lane = laneFor(options.ord, "vectorNorm");
  if (options.axis === undefined) return reduceAll(x, lane);
  return reduceAxis(x, options as NormAxisOptions, lane, dtypeOf(x), "vectorNorm") as FloatTensor;
}

/**
 * The Frobenius norm `sqrt(sum x^2)` of a tensor of any rank (overflow-safe, see {@link vectorNorm}).
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * frobeniusNorm(fromNested([[1, 2], [2, 4]])); // 5
 */
export function frobeniusNorm(x: FloatTensor): number {
  assertFloat(x, "frobeniusNorm");
  return reduceAll(x, laneNorm2);
}

/** Options of {@link rowNorms} and {@link colNorms}. */
export interface RowColNormOptions extends NormOptions {
  /** Keep the reduced axis (result `m x 1` for rows, `1 x n` for columns); default false. */
  keepdims?: boolean;
}

/**
 * The norm of each row of a matrix (length m, or `m x 1` with keepdims).
 * @throws {WcError} `E_SHAPE` unless x is 2-D; `E_ARGUMENT` for a bad ord; `E_DTYPE`.
 * @example
 * rowNorms(W); // Euclidean norm of each output neuron's weights
 */
export function rowNorms(x: FloatTensor, options: RowColNormOptions = {}): FloatTensor {
  assertNdim(x, 2, "rowNorms");
  return vectorNorm(x, { ...options, axis: 1 });
}

/**
 * The norm of each column of a matrix (length n, or `1 x n` with keepdims).
 * @throws {WcError} `E_SHAPE` unless x is 2-D; `E_ARGUMENT` for a bad ord; `E_DTYPE`.
 * @example
 * colNorms(W, { ord: 1 });
 */
export function colNorms(x: FloatTensor, options: RowColNormOptions = {}): FloatTensor {
  assertNdim(x, 2, "colNorms");
  return vectorNorm(x, { ...options, axis: 0 });
}

/**
 * The inner product `sum a_i b_i` of two tensors of the same shape (any rank, any strides; as
 * `np.vdot` for real input), accumulated in double with Neumaier compensated summation.
 * @throws {WcError} `E_SHAPE` when shapes differ; `E_DTYPE` for integer or mixed float dtypes.
 * @example
 * dot(fromNested([1, 2, 3]), fromNested([4, 5, 6])); // 32
 */
export function dot(a: FloatTensor, b: FloatTensor): number {
  commonFloatDType([a, b], "dot");
  assertSameShape(a as Tensor, b as Tensor, "dot");
  const w = new RowWalker(a.shape, [a.stride, b.stride], [a.offset, b.offset]);
  const da = a.data;
  const db = b.data;
  const ia = w.inner[0]!;
  const ib = w.inner[1]!;
  let s = 0;
  let c = 0;
  for (let r = 0; r < w.rows; r++) {
    let pa = w.pos[0]!;
    let pb = w.pos[1]!;
    for (let j = 0; j < w.n; j++, pa += ia, pb += ib) {
      const v = da[pa]! * db[pb]!;
      const t = s + v;
      c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
      s = t;
    }
    w.next();
  }
  return s + c;
}
