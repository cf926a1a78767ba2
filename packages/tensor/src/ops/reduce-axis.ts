/** Internal driver: apply a lane reducer along one axis or over all elements. */
import { contiguous, rowMajorStrides, tensor } from "../create";
import { WcError } from "../errors";
import { ARRAY_TYPES, sizeOf, type DType, type Tensor } from "../types";
import { normalizeAxis, RowWalker } from "./layout";
import type { Lane } from "./lanes";

/** Options of reductions along an axis. */
export interface AxisOptions {
  /** The axis to reduce (negative counts from the end). */
  axis: number;
  /** Keep the reduced axis with extent 1 (for broadcasting back); default false. */
  keepdims?: boolean;
}

/** Reduces all elements (row-major order) with `lane`. */
export function reduceAll(x: Tensor, lane: Lane): number {
  const c = contiguous(x);
  return lane(c.data, c.offset, 1, c.size);
}

/** Reduces along `axis`, writing `lane`'s result per lane into a new tensor of `dtype`. */
export function reduceAxis(x: Tensor, options: AxisOptions, lane: Lane, dtype: DType, where: string): Tensor {
  const nd = x.shape.length;
  const ax = normalizeAxis(options.axis, nd, where);
  const rest = x.shape.filter((_, i) => i !== ax);
  const restStride = x.stride.filter((_, i) => i !== ax);
  const outShape = options.keepdims ? x.shape.map((e, i) => (i === ax ? 1 : e)) : rest;
  const out = tensor(new ARRAY_TYPES[dtype](sizeOf(rest)), outShape);
  const w = new RowWalker(rest, [restStride, rowMajorStrides(rest)], [x.offset, 0]);
  const n = x.shape[ax]!;
  const st = x.stride[ax]!;
  const d = x.data;
  const o = out.data;
  const ix = w.inner[0]!;
  const io = w.inner[1]!;
  for (let r = 0; r < w.rows; r++) {
    let px = w.pos[0]!;
    let po = w.pos[1]!;
    for (let j = 0; j < w.n; j++, px += ix, po += io) o[po] = lane(d, px, st, n);
    w.next();
  }
  return out;
}

/** Throws E_SHAPE when the reduced extent is 0 for a reduction that has no identity. */
export function assertNonEmpty(x: Tensor, options: AxisOptions | undefined, where: string): void {
  const n = options === undefined ? x.size : x.shape[normalizeAxis(options.axis, x.shape.length, where)]!;
  if (n === 0) {
    throw new WcError("E_SHAPE", `${where}: cannot reduce an empty ${options === undefined ? "tensor" : `axis ${options.axis}`} (shape [${x.shape.join(", ")}]); it has no identity element`);
  }
}
