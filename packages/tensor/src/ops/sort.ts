import { rowMajorStrides, tensor } from "../create";
import { WcError } from "../errors";
import { ARRAY_TYPES, dtypeOf, sizeOf, type FloatTensor, type Tensor, type TensorData } from "../types";
import { assertFloat } from "../validate";
import { forEachLane } from "./lane-walk";
import { normalizeAxis } from "./layout";

/** Options of {@link sort} and {@link argsort}. */
export interface SortOptions {
  /** Axis to sort along (negative counts from the end); default -1 (the last). */
  axis?: number;
  /** Sort from largest to smallest; default false (ascending). */
  descending?: boolean;
}

const RUN = 32;

function insertion(keys: Float64Array, a: Int32Array, lo: number, hi: number, desc: boolean): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i]!;
    const kv = keys[v]!;
    let j = i - 1;
    if (desc) while (j >= lo && keys[a[j]!]! < kv) a[j + 1] = a[j--]!;
    else while (j >= lo && keys[a[j]!]! > kv) a[j + 1] = a[j--]!;
    a[j + 1] = v;
  }
}

function merge(keys: Float64Array, src: Int32Array, dst: Int32Array, lo: number, mid: number, hi: number, desc: boolean): void {
  let i = lo;
  let j = mid;
  let k = lo;
  while (i < mid && j < hi) {
    const ki = keys[src[i]!]!;
    const kj = keys[src[j]!]!;
    // take from the right only when strictly before: equal keys keep their order (stable)
    if (desc ? kj > ki : kj < ki) dst[k++] = src[j++]!;
    else dst[k++] = src[i++]!;
  }
  while (i < mid) dst[k++] = src[i++]!;
  while (j < hi) dst[k++] = src[j++]!;
}

/**
 * Internal: writes into `idx[0..n)` the stable order of `keys[0..n)` (ascending or descending),
 * NaN keys last in their original order. `tmp` has at least n slots. Returns the count of non-NaN keys.
 */
export function stableOrder(keys: Float64Array, n: number, desc: boolean, idx: Int32Array, tmp: Int32Array): number {
  let m = 0;
  for (let i = 0; i < n; i++) if (keys[i] === keys[i]) idx[m++] = i;
  let q = m;
  for (let i = 0; i < n; i++) if (keys[i] !== keys[i]) idx[q++] = i;
  for (let lo = 0; lo < m; lo += RUN) insertion(keys, idx, lo, Math.min(lo + RUN, m), desc);
  let src = idx;
  let dst = tmp;
  for (let width = RUN; width < m; width *= 2) {
    for (let lo = 0; lo < m; lo += 2 * width) {
      merge(keys, src, dst, lo, Math.min(lo + width, m), Math.min(lo + 2 * width, m), desc);
    }
    [src, dst] = [dst, src];
  }
  if (src !== idx) idx.set(src.subarray(0, m));
  return m;
}

/**
 * Internal: for each lane along `axis`, loads the lane into `keys`, orders it with {@link stableOrder}
 * and lets `emit` write results. `emit(keys, order, nonNaN, po, so)` gets the output lane's offset and stride.
 */
export function orderLanes(
  x: Tensor,
  ax: number,
  desc: boolean,
  outShape: number[],
  emit: (keys: Float64Array, order: Int32Array, nonNaN: number, po: number, so: number) => void,
): void {
  const n = x.shape[ax]!;
  const st = x.stride[ax]!;
  const so = rowMajorStrides(outShape)[ax]!;
  const keys = new Float64Array(n);
  const idx = new Int32Array(n);
  const tmp = new Int32Array(n);
  const d = x.data;
  forEachLane(x, ax, outShape, (px, po) => {
    for (let i = 0, p = px; i < n; i++, p += st) keys[i] = d[p]!;
    const m = stableOrder(keys, n, desc, idx, tmp);
    emit(keys, idx, m, po, so);
  });
}

function prepareSort(x: FloatTensor, options: SortOptions, where: string): number {
  assertFloat(x, where);
  if (x.shape.length === 0) throw new WcError("E_SHAPE", `${where}: cannot sort a 0-D tensor; reshape it to [1]`);
  return normalizeAxis(options.axis ?? -1, x.shape.length, where);
}

/**
 * A sorted copy of x along an axis (any strides; new row-major tensor of x's dtype). The sort is
 * stable (a merge sort), ascending unless `descending`. NaN policy: NaNs go last in both orders;
 * -0 and 0 compare equal and keep their order.
 * @throws {WcError} `E_DTYPE` for integer tensors; `E_SHAPE` for a 0-D tensor or a bad axis.
 * @example
 * sort(fromNested([3, 1, 2])); // [1, 2, 3]
 * sort(fromNested([[3, 1], [0, 5]]), { axis: 0, descending: true }); // [[3, 5], [0, 1]]
 */
export function sort(x: FloatTensor, options: SortOptions = {}): FloatTensor {
  const ax = prepareSort(x, options, "sort");
  const shape = [...x.shape];
  const out = tensor(new ARRAY_TYPES[dtypeOf(x)](sizeOf(shape)), shape) as FloatTensor;
  const o = out.data;
  orderLanes(x, ax, options.descending ?? false, shape, (keys, order, _m, po, so) => {
    for (let i = 0; i < order.length; i++, po += so) o[po] = keys[order[i]!]!;
  });
  return out;
}

/**
 * The int32 indices that sort x along an axis (stable; see {@link sort} for order and NaN policy),
 * as `np.argsort(x, axis, kind="stable")` (ascending).
 * @throws {WcError} `E_DTYPE` for integer tensors; `E_SHAPE` for a 0-D tensor or a bad axis.
 * @example
 * argsort(fromNested([3, 1, 2])); // int32 [1, 2, 0]
 */
export function argsort(x: FloatTensor, options: SortOptions = {}): Tensor<Int32Array> {
  const ax = prepareSort(x, options, "argsort");
  const shape = [...x.shape];
  const out = tensor(new Int32Array(sizeOf(shape)), shape);
  const o: TensorData = out.data;
  orderLanes(x, ax, options.descending ?? false, shape, (_keys, order, _m, po, so) => {
    for (let i = 0; i < order.length; i++, po += so) o[po] = order[i]!;
  });
  return out;
}
