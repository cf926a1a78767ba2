import type { Tensor } from "@wc/tensor";

/** Copies `src` (any strides) into contiguous `dst` of the same shape. */
export function copyInto(src: Tensor, dst: Tensor): void {
  const nd = src.shape.length;
  const n = dst.size;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let p = src.offset;
    for (let d = 0; d < nd; d++) p += idx[d]! * src.stride[d]!;
    dst.data[i] = src.data[p]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < src.shape[d]!) break;
      idx[d] = 0;
    }
  }
}
