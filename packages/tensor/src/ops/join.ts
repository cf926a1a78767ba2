import ndarray from "ndarray";
import { rowMajorStrides, tensor } from "../create";
import { WcError } from "../errors";
import { ARRAY_TYPES, dtypeOf, sizeOf, type Tensor, type TensorData } from "../types";
import { normalizeAxis, RowWalker } from "./layout";

/** Options of {@link concat} and {@link stack}. */
export interface JoinOptions {
  /** The axis to join along (for stack: the position of the new axis); default 0. */
  axis?: number;
}

/** Copies `src` (any strides) into `dst` data at `dstOff` with strides `dstStride` (same shape). */
function copyInto(src: Tensor, d: TensorData, dstStride: readonly number[], dstOff: number): void {
  const w = new RowWalker(src.shape, [src.stride, dstStride], [src.offset, dstOff]);
  const s = src.data;
  const is = w.inner[0]!;
  const id = w.inner[1]!;
  for (let r = 0; r < w.rows; r++) {
    let ps = w.pos[0]!;
    let pd = w.pos[1]!;
    for (let j = 0; j < w.n; j++, ps += is, pd += id) d[pd] = s[ps]!;
    w.next();
  }
}

/**
 * Joins tensors of one dtype and rank along an existing axis (as `np.concatenate`); all other
 * extents must match. Any strides; the result is a new row-major tensor.
 * @throws {WcError} `E_ARGUMENT` for an empty list; `E_DTYPE` when dtypes differ; `E_SHAPE` when
 *   ranks or other extents differ, for 0-D inputs, or for a bad axis.
 * @example
 * concat([fromNested([[1, 2]]), fromNested([[3, 4]])]); // [[1, 2], [3, 4]]
 * concat([A, B], { axis: 1 }); // side by side
 */
export function concat<T extends TensorData>(tensors: readonly Tensor<T>[], options: JoinOptions = {}): Tensor<T> {
  if (tensors.length === 0) throw new WcError("E_ARGUMENT", "concat: expected at least one tensor, got an empty list");
  const first = tensors[0]!;
  const nd = first.shape.length;
  if (nd === 0) throw new WcError("E_SHAPE", "concat: cannot concatenate 0-D tensors; use stack");
  const ax = normalizeAxis(options.axis ?? 0, nd, "concat");
  const dtype = dtypeOf(first);
  let total = 0;
  tensors.forEach((t, k) => {
    if (dtypeOf(t) !== dtype) {
      throw new WcError("E_DTYPE", `concat: tensor ${k} is ${dtypeOf(t)} but tensor 0 is ${dtype}; convert with astype()`);
    }
    if (t.shape.length !== nd || t.shape.some((e, i) => i !== ax && e !== first.shape[i])) {
      throw new WcError(
        "E_SHAPE",
        `concat: tensor ${k} has shape [${t.shape.join(", ")}], incompatible with [${first.shape.join(", ")}] along axis ${ax}; all extents but the joined one must match`,
      );
    }
    total += t.shape[ax]!;
  });
  const shape = first.shape.map((e, i) => (i === ax ? total : e));
  const out = tensor(new ARRAY_TYPES[dtype](sizeOf(shape)), shape);
  const st = rowMajorStrides(shape);
  let off = 0;
  for (const t of tensors) {
    copyInto(t, out.data, st, off * st[ax]!);
    off += t.shape[ax]!;
  }
  return out as Tensor<T>;
}

/**
 * Stacks tensors of one shape and dtype along a new axis (as `np.stack`).
 * @throws {WcError} `E_ARGUMENT` for an empty list; `E_DTYPE` when dtypes differ; `E_SHAPE` when shapes differ or the axis is out of range.
 * @example
 * stack([fromNested([1, 2]), fromNested([3, 4])], { axis: 1 }); // [[1, 3], [2, 4]]
 */
export function stack<T extends TensorData>(tensors: readonly Tensor<T>[], options: JoinOptions = {}): Tensor<T> {
  if (tensors.length === 0) throw new WcError("E_ARGUMENT", "stack: expected at least one tensor, got an empty list");
  const first = tensors[0]!;
  const ax = normalizeAxis(options.axis ?? 0, first.shape.length + 1, "stack");
  const views = tensors.map((t, k) => {
    if (t.shape.length !== first.shape.length || t.shape.some((e, i) => e !== first.shape[i])) {
      throw new WcError("E_SHAPE", `stack: tensor ${k} has shape [${t.shape.join(", ")}] but tensor 0 has [${first.shape.join(", ")}]; shapes must be equal`);
    }
    const shape = [...t.shape];
    const stride = [...t.stride];
    shape.splice(ax, 0, 1);
    stride.splice(ax, 0, 0);
    return ndarray(t.data, shape, stride, t.offset) as Tensor<T>;
  });
  return concat(views, { axis: ax });
}
