import { WcError, matmul, tensor, type FloatDType, type Matrix } from "@wc/tensor";
import { factorValues } from "./half";
import type { BitStackLinear } from "./types";

/** Options of {@link reconstruct}. */
export interface ReconstructOptions {
  /** Divide columns by `colScale` (when the stack has one); default true. */
  unscale?: boolean;
  /** Element type of the result; default `"float32"` (the storage type of weights). */
  dtype?: FloatDType;
}

/**
 * Rebuilds a weight from its first `nBlocks` blocks: `Ŵ = sum_{i < nBlocks} S_i ⊙ (u_i vt_i)`
 * (stored factors, so fp16-rounded when the stack stores fp16), divided column-wise by the stack's
 * `colScale` when it has one and `unscale` is true. Accumulates in float64.
 * @param layer - the stack
 * @param nBlocks - how many leading blocks to use, `0..layer.blocks.length` (0 gives zeros)
 * @param options - {@link ReconstructOptions}; defaults `{ unscale: true, dtype: "float32" }`
 * @returns a new `rows x cols` matrix
 * @throws {WcError} `E_RANGE` when `nBlocks` is out of range; `E_FORMAT` when a block's sizes do not match the stack's shape.
 * @example
 * const W2 = reconstruct(decomposeMatrix(W, { nIter: 4, k: 2 }), 2);
 */
export function reconstruct(layer: BitStackLinear, nBlocks: number, options: ReconstructOptions = {}): Matrix {
  const { rows: m, cols: n, k } = layer;
  if (!Number.isInteger(nBlocks) || nBlocks < 0 || nBlocks > layer.blocks.length) {
    throw new WcError("E_RANGE", `reconstruct: nBlocks must be an integer in [0, ${layer.blocks.length}] for "${layer.name}", got ${nBlocks}`);
  }
  const acc = new Float64Array(m * n);
  for (let b = 0; b < nBlocks; b++) {
    const blk = layer.blocks[b]!;
    if (blk.signs.length !== Math.ceil((m * n) / 8) || blk.u.length !== m * k || blk.vt.length !== k * n) {
      throw new WcError("E_FORMAT", `reconstruct: block ${b} of "${layer.name}" has ${blk.signs.length} sign bytes, u ${blk.u.length}, vt ${blk.vt.length}; expected ${Math.ceil((m * n) / 8)}, ${m * k}, ${k * n} for [${m}, ${n}] rank ${k}`);
    }
    const P = matmul(tensor(factorValues(blk.u), [m, k]), tensor(factorValues(blk.vt), [k, n])).data as Float64Array;
    const sg = blk.signs;
    for (let i = 0; i < acc.length; i++) acc[i] = sg[i >> 3]! & (128 >> (i & 7)) ? acc[i]! + P[i]! : acc[i]! - P[i]!;
  }
  const s = layer.colScale;
  if (s && (options.unscale ?? true)) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) acc[i * n + j] = acc[i * n + j]! / s[j]!;
  }
  return (options.dtype ?? "float32") === "float64" ? tensor(acc, [m, n]) : tensor(Float32Array.from(acc), [m, n]);
}
