import { WcError, reshape as viewReshape, type FloatArray } from "@wc/tensor";
import { accumulate, makeOutput, type Var } from "../autograd/var";
import { allocLike, fmt, normAxis, numel } from "../internal/alloc";
import { indexMap, iota } from "./index-map";

/**
 * A new shape over the same elements (row-major order); one extent may be `-1`.
 * The output shares the input's buffer (no copy).
 * @throws {WcError} `E_SHAPE` when the sizes differ.
 * @example
 * reshape(x, [batch, -1]);
 */
export function reshape(x: Var, shape: readonly number[]): Var {
  const t = viewReshape(x.value, shape);
  return makeOutput(t.data, t.shape, [x], (g) => accumulate(x, g), "reshape", (g) => [reshape(g, x.shape)]);
}

/** Row-major strides. */
function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let p = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = p;
    p *= shape[i]!;
  }
  return s;
}

/** Copies `src` (read with `srcStrides` in the order of `shape`) into a contiguous `dst`, adding when `add`. */
function gatherStrided(src: FloatArray, srcOff: number, srcStrides: readonly number[], shape: readonly number[], dst: FloatArray): void {
  const nd = shape.length;
  const n = numel(shape);
  if (n === 0) return;
  if (nd === 0) {
    dst[0] = src[srcOff]!;
    return;
  }
  const last = nd - 1;
  const inner = shape[last]!;
  const sl = srcStrides[last]!;
  const cnt = new Array<number>(nd).fill(0);
  let k = 0;
  for (let o = 0; o < n / inner; o++) {
    let p = srcOff;
    for (let d = 0; d < last; d++) p += cnt[d]! * srcStrides[d]!;
    for (let j = 0; j < inner; j++) dst[k++] = src[p + j * sl]!;
    for (let d = last - 1; d >= 0; d--) {
      if (++cnt[d]! < shape[d]!) break;
      cnt[d] = 0;
    }
  }
}

/** Adds contiguous `src` (in the order of `shape`) into `dst` read with `dstStrides`. */
function scatterStrided(src: FloatArray, shape: readonly number[], dst: FloatArray, dstOff: number, dstStrides: readonly number[]): void {
  const nd = shape.length;
  const n = numel(shape);
  if (n === 0) return;
  if (nd === 0) {
    dst[dstOff]! += src[0]!;
    return;
  }
  const last = nd - 1;
  const inner = shape[last]!;
  const sl = dstStrides[last]!;
  const cnt = new Array<number>(nd).fill(0);
  let k = 0;
  for (let o = 0; o < n / inner; o++) {
    let p = dstOff;
    for (let d = 0; d < last; d++) p += cnt[d]! * dstStrides[d]!;
    for (let j = 0; j < inner; j++) dst[p + j * sl]! += src[k++]!;
    for (let d = last - 1; d >= 0; d--) {
      if (++cnt[d]! < shape[d]!) break;
      cnt[d] = 0;
    }
  }
}

/**
 * Permutes axes (a copy in the new order): `out.shape[i] = x.shape[perm[i]]`. Without `perm`,
 * swaps the last two axes (a matrix transpose).
 * @throws {WcError} `E_ARGUMENT` when `perm` is not a permutation of the axes.
 * @example
 * transpose(x, [0, 2, 1, 3]);
 */
export function transpose(x: Var, perm?: readonly number[]): Var {
  const nd = x.shape.length;
  const p = perm ?? [...Array(nd).keys()].map((i) => (i === nd - 2 ? nd - 1 : i === nd - 1 ? nd - 2 : i));
  if (nd < 1 || p.length !== nd || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new WcError("E_ARGUMENT", `transpose: [${p.join(", ")}] is not a permutation of the ${nd} axes of ${fmt(x.shape)}`);
  }
  const xs = strides(x.shape);
  const shape = p.map((a) => x.shape[a]!);
  const pst = p.map((a) => xs[a]!);
  const out = allocLike(x.data, x.data.length);
  gatherStrided(x.data, 0, pst, shape, out);
  return makeOutput(out, shape, [x], (g) => {
    const gx = allocLike(x.data, x.data.length);
    scatterStrided(g, shape, gx, 0, pst);
    accumulate(x, gx, true);
  }, "transpose", (g) => {
    const inv = new Array<number>(nd);
    p.forEach((a, i) => (inv[a] = i));
    return [transpose(g, inv)];
  });
}

/**
 * `x[a0:b0, a1:b1, ...]` as a copy; `null` or a missing entry keeps an axis whole.
 * @throws {WcError} `E_SHAPE` when a range falls outside its axis.
 * @example
 * slice(x, [null, [0, 4]]); // first 4 columns
 */
export function slice(x: Var, ranges: readonly (readonly [number, number] | null)[]): Var {
  const st = strides(x.shape);
  let off = 0;
  const shape = x.shape.map((n, i) => {
    const r = ranges[i];
    const a = r ? r[0] : 0;
    const b = r ? r[1] : n;
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b > n || a > b) {
      throw new WcError("E_SHAPE", `slice: axis ${i} range [${a}, ${b}) is outside [0, ${n}] of ${fmt(x.shape)}`);
    }
    off += a * st[i]!;
    return b - a;
  });
  const out = allocLike(x.data, numel(shape));
  gatherStrided(x.data, off, st, shape, out);
  return makeOutput(out, shape, [x], (g) => {
    const gx = allocLike(x.data, x.data.length);
    scatterStrided(g, shape, gx, off, st);
    accumulate(x, gx, true);
  }, "slice", (g) => {
    const n = x.data.length;
    const all = Float64Array.from(iota(n));
    const picked = new Float64Array(numel(shape));
    gatherStrided(all, off, st, shape, picked);
    return [indexMap(g, iota(picked.length), Int32Array.from(picked), 1, x.shape)];
  });
}

/**
 * Joins Vars along an axis; other extents must match.
 * @throws {WcError} `E_SHAPE` for mismatched extents or an empty list; `E_DTYPE` for mixed dtypes.
 * @example
 * concat([a, b], 1);
 */
export function concat(xs: readonly Var[], axis = 0): Var {
  if (xs.length === 0) throw new WcError("E_SHAPE", "concat: needs at least one input");
  const first = xs[0]!;
  const nd = first.shape.length;
  const ax = normAxis(axis, nd, "concat");
  for (const v of xs) {
    if (v.dtype !== first.dtype) throw new WcError("E_DTYPE", `concat: mixed dtypes ${first.dtype} and ${v.dtype}`);
    if (v.shape.length !== nd || v.shape.some((s, i) => i !== ax && s !== first.shape[i])) {
      throw new WcError("E_SHAPE", `concat: shape ${fmt(v.shape)} does not match ${fmt(first.shape)} outside axis ${ax}`);
    }
  }
  const shape = [...first.shape];
  shape[ax] = xs.reduce((s, v) => s + v.shape[ax]!, 0);
  const outer = numel(shape.slice(0, ax));
  const innerOut = numel(shape.slice(ax));
  const out = allocLike(first.data, numel(shape));
  let col = 0;
  const cols: number[] = [];
  for (const v of xs) {
    const w = numel(v.shape.slice(ax));
    cols.push(col);
    for (let o = 0; o < outer; o++) out.set(v.data.subarray(o * w, (o + 1) * w), o * innerOut + col);
    col += w;
  }
  return makeOutput(out, shape, xs, (g) => {
    xs.forEach((v, i) => {
      if (!v.requiresGrad) return;
      const w = numel(v.shape.slice(ax));
      const gv = allocLike(v.data, v.data.length);
      for (let o = 0; o < outer; o++) gv.set(g.subarray(o * innerOut + cols[i]!, o * innerOut + cols[i]! + w), o * w);
      accumulate(v, gv, true);
    });
  }, "concat", (g) => {
    let start = 0;
    return xs.map((v) => {
      const r = [start, start + v.shape[ax]!] as const;
      start += v.shape[ax]!;
      return v.requiresGrad ? slice(g, shape.map((_, i) => (i === ax ? r : null))) : null;
    });
  });
}
