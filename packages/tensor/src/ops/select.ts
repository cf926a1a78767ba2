import { tensor } from "../create";
import { WcError } from "../errors";
import { ARRAY_TYPES, dtypeOf, sizeOf, type FloatTensor, type Tensor } from "../types";
import { assertFloat, assertInt } from "../validate";
import { normalizeAxis } from "./layout";
import { orderLanes } from "./sort";

/** Values with their int32 positions along the axis. */
export interface ValuesIndices {
  /** The selected values (x's dtype). */
  values: FloatTensor;
  /** Their indices along the axis (int32). */
  indices: Tensor<Int32Array>;
}

/** Options of {@link topk}. */
export interface TopkOptions {
  /** Axis to select along; default -1. */
  axis?: number;
  /** Largest k (true) or smallest k (false); default true. */
  largest?: boolean;
}

/** Options of {@link kthValue}. */
export interface KthValueOptions {
  /** Axis to select along; default -1. */
  axis?: number;
  /** Keep the axis with extent 1; default false. */
  keepdims?: boolean;
}

function nanError(where: string): WcError {
  return new WcError("E_RANGE", `${where}: input holds NaN, which has no rank; drop or replace NaNs first`);
}

function setup(x: FloatTensor, axis: number | undefined, where: string): number {
  assertFloat(x, where);
  if (x.shape.length === 0) throw new WcError("E_SHAPE", `${where}: needs at least a 1-D tensor, got 0-D`);
  return normalizeAxis(axis ?? -1, x.shape.length, where);
}

/**
 * The k largest (or smallest) entries along an axis, sorted (largest first, or smallest first),
 * with their indices, as `torch.topk(x, k, dim, largest, sorted=True)`. Ties keep the lower index
 * first (the order comes from a stable sort). Result extent along the axis is k.
 * @throws {WcError} `E_RANGE` when k is not an integer in [0, n] or x holds NaN; `E_DTYPE`; `E_SHAPE`.
 * @example
 * topk(fromNested([1, 5, 3]), 2); // values [5, 3], indices [1, 2]
 */
export function topk(x: FloatTensor, k: number, options: TopkOptions = {}): ValuesIndices {
  const ax = setup(x, options.axis, "topk");
  const n = x.shape[ax]!;
  assertInt(k, 0, n, "topk k");
  const shape = x.shape.map((e, i) => (i === ax ? k : e));
  const values = tensor(new ARRAY_TYPES[dtypeOf(x)](sizeOf(shape)), shape) as FloatTensor;
  const indices = tensor(new Int32Array(sizeOf(shape)), shape);
  const v = values.data;
  const ix = indices.data;
  orderLanes(x, ax, options.largest ?? true, shape, (keys, order, m, po, so) => {
    if (m < n) throw nanError("topk");
    for (let i = 0; i < k; i++, po += so) {
      ix[po] = order[i]!;
      v[po] = keys[order[i]!]!;
    }
  });
  return { values, indices };
}

/**
 * The k-th smallest entry along an axis (k is 1-based, as `torch.kthvalue`) and its index. Among
 * equal values the index comes from a stable sort (the lowest index of the tied run at that rank).
 * @throws {WcError} `E_RANGE` when k is not an integer in [1, n] or x holds NaN; `E_DTYPE`; `E_SHAPE`.
 * @example
 * kthValue(fromNested([5, 1, 4]), 2); // values: 0-D tensor holding 4; indices: 0-D holding 2
 */
export function kthValue(x: FloatTensor, k: number, options: KthValueOptions = {}): ValuesIndices {
  const ax = setup(x, options.axis, "kthValue");
  const n = x.shape[ax]!;
  assertInt(k, 1, Math.max(1, n), "kthValue k");
  if (n === 0) throw new WcError("E_SHAPE", `kthValue: axis ${ax} is empty`);
  const keep = x.shape.map((e, i) => (i === ax ? 1 : e));
  const shape = options.keepdims ? keep : x.shape.filter((_, i) => i !== ax);
  const size = sizeOf(keep);
  const vd = new ARRAY_TYPES[dtypeOf(x)](size);
  const id = new Int32Array(size);
  orderLanes(x, ax, false, keep, (keys, order, m, po) => {
    if (m < n) throw nanError("kthValue");
    id[po] = order[k - 1]!;
    vd[po] = keys[order[k - 1]!]!;
  });
  return { values: tensor(vd, shape) as FloatTensor, indices: tensor(id, shape) };
}
