import type { FloatArray } from "@wc/tensor";
import { allocLike, sameShape, wrap } from "../internal/alloc";
import { add } from "../ops/elementwise";
import { sum } from "../ops/reduce";
import { reshape } from "../ops/shape";
import { Var } from "./var";

/**
 * Sums a broadcast gradient back to an input's shape (the adjoint of NumPy broadcasting), with
 * differentiable ops.
 * @internal
 */
export function sumTo(g: Var, shape: readonly number[]): Var {
  if (sameShape(g.shape, shape)) return g;
  const nd = g.shape.length;
  const off = nd - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < nd; i++) if (i < off || (shape[i - off] === 1 && g.shape[i] !== 1)) axes.push(i);
  const s = axes.length > 0 ? sum(g, { axis: axes, keepDims: true }) : g;
  return reshape(s, shape);
}

/**
 * Broadcasts `g` (whose shape broadcasts onto `shape`) to `shape`, differentiably (adding a zero
 * constant; its second-order rule is {@link sumTo}).
 * @internal
 */
export function broadcastTo(g: Var, shape: readonly number[]): Var {
  if (sameShape(g.shape, shape)) return g;
  let n = 1;
  for (const s of shape) n *= s;
  return add(new Var(wrap(allocLike(g.data, n), shape)), g);
}

/**
 * A constant Var of `x`'s shape and dtype whose entries are `f(x_i)` (a fixed derivative factor:
 * relu's step, abs's sign, a dropout mask).
 * @internal
 */
export function constMap(x: Var, f: (v: number, i: number) => number): Var {
  const xd = x.data;
  const d: FloatArray = allocLike(xd, xd.length);
  for (let i = 0; i < d.length; i++) d[i] = f(xd[i]!, i);
  return new Var(wrap(d, x.shape));
}
