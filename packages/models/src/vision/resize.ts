import { WcError, tensor, type FloatTensor } from "@wc/tensor";

/**
 * Bilinear resize of square single-channel images stored as rows `[N, size * size]` to
 * `[N, out * out]`, with PyTorch's `F.interpolate(mode="bilinear", align_corners=False)` sampling
 * (source coordinate `(i + 0.5) * size / out - 0.5`, clamped at the borders). Used to make the
 * 16x16 digits of the Swin fixture from the 8x8 ones.
 * @param rows - images, row-major `[N, size * size]`
 * @param size - input side
 * @param out - output side
 * @returns a new float32 tensor `[N, out * out]`
 * @throws {WcError} `E_SHAPE` when the rows are not `size * size` long.
 * @example
 * resizeBilinear(digits.x, 8, 16); // [1797, 256]
 */
export function resizeBilinear(rows: FloatTensor, size: number, out: number): FloatTensor {
  const [n, f] = rows.shape as [number, number];
  if (rows.shape.length !== 2 || f !== size * size || !Number.isInteger(out) || out < 1) {
    throw new WcError("E_SHAPE", `resizeBilinear: expected rows [N, ${size * size}] and a positive output side, got [${rows.shape.join(", ")}] and ${out}`);
  }
  const src = rows.data;
  const dst = new Float32Array(n * out * out);
  const coord = (i: number) => {
    const c = Math.max(0, ((i + 0.5) * size) / out - 0.5);
    const i0 = Math.min(Math.floor(c), size - 1);
    const i1 = Math.min(i0 + 1, size - 1);
    return [i0, i1, c - i0] as const;
  };
  for (let k = 0; k < n; k++) {
    const o = k * f;
    for (let y = 0; y < out; y++) {
      const [y0, y1, fy] = coord(y);
      for (let x = 0; x < out; x++) {
        const [x0, x1, fx] = coord(x);
        const top = src[o + y0 * size + x0]! * (1 - fx) + src[o + y0 * size + x1]! * fx;
        const bot = src[o + y1 * size + x0]! * (1 - fx) + src[o + y1 * size + x1]! * fx;
        dst[k * out * out + y * out + x] = top * (1 - fy) + bot * fy;
      }
    }
  }
  return tensor(dst, [n, out * out]) as FloatTensor;
}
