import type { FloatArray } from "@wc/tensor";

/**
 * Internal: the mask keeping the `k` largest-magnitude entries of `data` (equal magnitudes by
 * index, smallest first), given the magnitudes sorted from largest to smallest.
 */
export function prefixMask(data: FloatArray, sortedMags: ArrayLike<number>, k: number): Uint8Array {
  const n = data.length;
  const mask = new Uint8Array(n);
  if (k <= 0) return mask;
  if (k >= n) return mask.fill(1);
  const t = sortedMags[k - 1]!;
  let above = 0;
  for (let i = 0; i < n; i++) if (Math.abs(data[i]!) > t) above++;
  let ties = k - above;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(data[i]!);
    if (a > t) mask[i] = 1;
    else if (a === t && ties > 0) {
      mask[i] = 1;
      ties--;
    }
  }
  return mask;
}

/** Internal: how a tensor splits into output units for the row-level option. */
export interface RowGeometry {
  /** Number of output units. */
  rows: number;
  /** Weights per unit. */
  length: number;
  /** Flat index of element `c` of unit `r`. */
  index(r: number, c: number): number;
}

/**
 * Internal: output units of a weight. `out_in` (PyTorch, conv kernels flattened): unit r is the
 * r-th row of the `shape[0] x rest` matrix; `in_out` 2-D: unit r is column r. A 1-D tensor has one
 * unit per element.
 */
export function rowGeometry(shape: readonly number[], layout: "out_in" | "in_out" | undefined): RowGeometry {
  const size = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 1) return { rows: size, length: 1, index: (r) => r };
  if (layout === "in_out" && shape.length === 2) {
    const cols = shape[1]!;
    return { rows: cols, length: shape[0]!, index: (r, c) => c * cols + r };
  }
  const length = size / shape[0]!;
  return { rows: shape[0]!, length, index: (r, c) => r * length + c };
}

/** Internal: squared L2 norm of every output unit (Float64). */
export function rowEnergies(data: FloatArray, g: RowGeometry): Float64Array {
  const out = new Float64Array(g.rows);
  for (let r = 0; r < g.rows; r++) {
    let s = 0;
    for (let c = 0; c < g.length; c++) {
      const v = data[g.index(r, c)]!;
      s += v * v;
    }
    out[r] = s;
  }
  return out;
}

/** Internal: the mask keeping whole units `keepRows` (a 0/1 flag per unit). */
export function rowMask(size: number, g: RowGeometry, keepRows: Uint8Array): Uint8Array {
  const mask = new Uint8Array(size);
  for (let r = 0; r < g.rows; r++) if (keepRows[r]) for (let c = 0; c < g.length; c++) mask[g.index(r, c)] = 1;
  return mask;
}
