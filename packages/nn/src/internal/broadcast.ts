import { WcError } from "@wc/tensor";
import { fmt, numel, sameShape } from "./alloc";

/**
 * The NumPy broadcast shape of two shapes (right-aligned; extents equal or 1).
 * @throws {WcError} `E_SHAPE` when they do not broadcast.
 */
export function broadcastShapes(a: readonly number[], b: readonly number[], where: string): number[] {
  const nd = Math.max(a.length, b.length);
  const out = new Array<number>(nd);
  for (let i = 0; i < nd; i++) {
    const x = a[a.length - nd + i] ?? 1;
    const y = b[b.length - nd + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new WcError("E_SHAPE", `${where}: shapes ${fmt(a)} and ${fmt(b)} do not broadcast (axis ${i}: ${x} vs ${y})`);
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/**
 * For every element of `outShape` (row-major), the flat index of the element of an input of
 * shape `inShape` that broadcasts onto it; null when the shapes are equal (identity).
 */
export function broadcastIndex(outShape: readonly number[], inShape: readonly number[]): Int32Array | null {
  if (sameShape(outShape, inShape)) return null;
  const nd = outShape.length;
  const off = nd - inShape.length;
  const st = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = inShape.length - 1; i >= 0; i--) {
    st[i + off] = inShape[i] === 1 ? 0 : s;
    s *= inShape[i]!;
  }
  const n = numel(outShape);
  const idx = new Int32Array(n);
  if (n === 0) return idx;
  const cnt = new Array<number>(nd).fill(0);
  let p = 0;
  for (let i = 0; i < n; i++) {
    idx[i] = p;
    for (let d = nd - 1; d >= 0; d--) {
      cnt[d]!++;
      p += st[d]!;
      if (cnt[d]! < outShape[d]!) break;
      p -= st[d]! * outShape[d]!;
      cnt[d] = 0;
    }
  }
  return idx;
}
