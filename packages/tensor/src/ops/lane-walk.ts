/** Internal: visit every lane of `x` along `axis`, together with the matching lane of an output. */
import { rowMajorStrides } from "../create";
import type { Shape, Tensor } from "../types";
import { RowWalker } from "./layout";

/**
 * Calls `fn(px, po)` for each lane of `x` along `ax`: `px` is the data offset of the lane's first
 * element in x (step `x.stride[ax]`), `po` the offset of the matching lane in a row-major output
 * of shape `outShape` (same rank as x; step `rowMajorStrides(outShape)[ax]`).
 */
export function forEachLane(x: Tensor, ax: number, outShape: Shape, fn: (px: number, po: number) => void): void {
  const rest = x.shape.filter((_, i) => i !== ax);
  const xs = x.stride.filter((_, i) => i !== ax);
  const os = rowMajorStrides(outShape).filter((_, i) => i !== ax);
  const w = new RowWalker(rest, [xs, os], [x.offset, 0]);
  const ix = w.inner[0]!;
  const io = w.inner[1]!;
  for (let r = 0; r < w.rows; r++) {
    let px = w.pos[0]!;
    let po = w.pos[1]!;
    for (let j = 0; j < w.n; j++, px += ix, po += io) fn(px, po);
    w.next();
  }
}
