import { makeOutput, type Var } from "../autograd/var";
import { accumulate } from "../autograd/var";
import { allocLike } from "../internal/alloc";

/**
 * A fixed sparse linear map: `out[dst[k]] += coef * x[src[k]]` for every k, into a zero tensor of
 * `outShape`. Its adjoint (the backward) is the same map with `src` and `dst` swapped, so it is
 * differentiable to any order. The backward of max/average pooling and slicing is built from it
 * for double backpropagation.
 * @internal
 */
export function indexMap(x: Var, src: Int32Array, dst: Int32Array, coef: number, outShape: readonly number[]): Var {
  const xd = x.data;
  let n = 1;
  for (const s of outShape) n *= s;
  const out = allocLike(xd, n);
  for (let k = 0; k < src.length; k++) out[dst[k]!]! += coef * xd[src[k]!]!;
  return makeOutput(
    out,
    outShape,
    [x],
    (g) => {
      const gx = allocLike(xd, xd.length);
      for (let k = 0; k < src.length; k++) gx[src[k]!]! += coef * g[dst[k]!]!;
      accumulate(x, gx, true);
    },
    "indexMap",
    (g) => [indexMap(g, dst, src, coef, x.shape)],
  );
}

/** `0, 1, ..., n-1`. @internal */
export function iota(n: number): Int32Array {
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}
