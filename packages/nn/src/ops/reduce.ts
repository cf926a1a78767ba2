import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike, normAxis, numel } from "../internal/alloc";
import { broadcastIndex } from "../internal/broadcast";
import { broadcastTo } from "../autograd/graph-helpers";
import { scale } from "./elementwise";
import { reshape } from "./shape";

/** Options of {@link sum} and {@link mean}. */
export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end); default all axes. */
  axis?: number | readonly number[];
  /** Keep reduced axes with extent 1; default false. */
  keepDims?: boolean;
}

function reduce(x: Var, options: ReduceOptions, isMean: boolean, where: string): Var {
  const nd = x.shape.length;
  const axes =
    options.axis === undefined
      ? [...x.shape.keys()]
      : (typeof options.axis === "number" ? [options.axis] : options.axis).map((a) => normAxis(a, nd, where));
  const keep = x.shape.map((s, i) => (axes.includes(i) ? 1 : s));
  const outShape = options.keepDims ? keep : x.shape.filter((_, i) => !axes.includes(i));
  const xd = x.data;
  const m = numel(keep);
  const count = m === 0 ? 0 : xd.length / m;
  const f = isMean ? 1 / count : 1;
  const idx = broadcastIndex(x.shape, keep);
  const out = allocLike(xd, m);
  for (let i = 0; i < xd.length; i++) out[idx === null ? i : idx[i]!]! += xd[i]!;
  if (isMean) for (let j = 0; j < m; j++) out[j]! *= f;
  return makeOutput(out, outShape, [x], (g) => {
    const gx = allocLike(xd, xd.length);
    for (let i = 0; i < xd.length; i++) gx[i] = g[idx === null ? i : idx[i]!]! * f;
    accumulate(x, gx, true);
  }, where, (g) => {
    const b = broadcastTo(reshape(g, keep), x.shape);
    return [isMean ? scale(b, f) : b];
  });
}

/**
 * Sum over axes (all by default).
 * @param x - input
 * @param options - see {@link ReduceOptions}
 * @returns the reduced Var (shape `[]` when reducing everything without keepDims)
 * @throws {WcError} `E_RANGE` for an axis out of range.
 * @example
 * sum(x, { axis: -1, keepDims: true });
 */
export function sum(x: Var, options: ReduceOptions = {}): Var {
  return reduce(x, options, false, "sum");
}

/**
 * Mean over axes (all by default); the mean of zero elements is NaN.
 * @throws {WcError} `E_RANGE` for an axis out of range.
 * @example
 * mean(x); // scalar
 */
export function mean(x: Var, options: ReduceOptions = {}): Var {
  return reduce(x, options, true, "mean");
}
