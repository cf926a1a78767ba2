import { WcError, type Tensor } from "@wc/tensor";
import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike, fmt, toIndices } from "../internal/alloc";
import { broadcastIndex } from "../internal/broadcast";
import { constMap } from "../autograd/graph-helpers";
import { mul } from "./elementwise";
import { indexMap } from "./index-map";

/**
 * Row lookup (an embedding): `out[..., :] = weight[ids[...], :]`, shape `[...ids.shape, dim]`.
 * The gradient scatter-adds into the looked-up rows.
 * @param weight - `[num, dim]` table
 * @param ids - integer indices in `[0, num)`: Int32Array, number[] or an integer Tensor (its shape is kept)
 * @returns the gathered rows
 * @throws {WcError} `E_SHAPE` when `weight` is not 2-D; `E_RANGE` for an index out of range.
 * @example
 * embedding(table, [3, 1, 4]); // [3, dim]
 */
export function embedding(weight: Var, ids: Tensor | Int32Array | readonly number[]): Var {
  if (weight.shape.length !== 2) throw new WcError("E_SHAPE", `embedding: weight must be [num, dim], got ${fmt(weight.shape)}`);
  const [num, dim] = weight.shape as [number, number];
  const { data: idx, shape } = toIndices(ids, "embedding");
  const wd = weight.data;
  const out = allocLike(wd, idx.length * dim);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i]!;
    if (r < 0 || r >= num) throw new WcError("E_RANGE", `embedding: index ${r} at position ${i} is outside [0, ${num})`);
    out.set(wd.subarray(r * dim, (r + 1) * dim), i * dim);
  }
  return makeOutput(out, [...shape, dim], [weight], (g) => {
    const gw = allocLike(wd, wd.length);
    for (let i = 0; i < idx.length; i++) {
      const o = idx[i]! * dim;
      for (let j = 0; j < dim; j++) gw[o + j]! += g[i * dim + j]!;
    }
    accumulate(weight, gw, true);
  }, "embedding", (g) => {
    const rows = new Int32Array(idx.length * dim);
    const table = new Int32Array(idx.length * dim);
    for (let i = 0; i < idx.length; i++) {
      for (let j = 0; j < dim; j++) {
        rows[i * dim + j] = i * dim + j;
        table[i * dim + j] = idx[i]! * dim + j;
      }
    }
    return [indexMap(g, rows, table, 1, weight.shape)];
  });
}

/**
 * Sets the elements where `mask` is non-zero to `value` (e.g. `-Infinity` before a softmax);
 * those elements get no gradient. `mask` (any dtype, typically uint8) broadcasts onto `x`.
 * @param x - input
 * @param mask - broadcastable mask; non-zero = fill
 * @param value - the fill value
 * @returns a new Var
 * @throws {WcError} `E_SHAPE` when `mask` does not broadcast onto `x`.
 * @example
 * maskedFill(scores, causalMask, -Infinity);
 */
export function maskedFill(x: Var, mask: Tensor, value: number): Var {
  const ms = mask.shape;
  if (ms.length > x.shape.length || ms.some((s, i) => s !== 1 && s !== x.shape[x.shape.length - ms.length + i])) {
    throw new WcError("E_SHAPE", `maskedFill: mask ${fmt(ms)} does not broadcast onto ${fmt(x.shape)}`);
  }
  const { data: md } = toIndicesLoose(mask);
  const idx = broadcastIndex(x.shape, ms);
  const xd = x.data;
  const out = allocLike(xd, xd.length);
  const keep = new Uint8Array(xd.length);
  for (let i = 0; i < xd.length; i++) {
    const m = md[idx === null ? i : idx[i]!]!;
    if (m !== 0) out[i] = value;
    else {
      out[i] = xd[i]!;
      keep[i] = 1;
    }
  }
  return makeOutput(out, x.shape, [x], (g) => {
    const gx = allocLike(xd, xd.length);
    for (let i = 0; i < xd.length; i++) if (keep[i]) gx[i] = g[i]!;
    accumulate(x, gx, true);
  }, "maskedFill", (g) => [mul(g, constMap(x, (_v, i) => keep[i]!))]);
}

function toIndicesLoose(t: Tensor): { data: ArrayLike<number> } {
  const n = t.size;
  const out = new Float64Array(n);
  const nd = t.shape.length;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let p = t.offset;
    for (let d = 0; d < nd; d++) p += idx[d]! * t.stride[d]!;
    out[i] = t.data[p]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < t.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { data: out };
}
