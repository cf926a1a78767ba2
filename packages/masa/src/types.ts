import type { Matrix } from "@wc/tensor";

/** A projection type of attention: query, key, value or output. */
export type Proj = "q" | "k" | "v" | "o";

/** The four projection types in their canonical order. */
export const PROJECTIONS: readonly Proj[] = Object.freeze(["q", "k", "v", "o"]);

/**
 * A MASA dictionary for one projection type over `L` layers: `S` matrix atoms (each `out x in`) and an
 * `L x S` table of mixing coefficients, row `l` for layer `l`, so `Ŵ_l = Σ_s coeffs[l*S + s] · atoms[s]`.
 */
export interface Dictionary {
  /** The `S` shared atoms, each `out x in` (row-major, like the weights). */
  atoms: Matrix[];
  /** `L x S` mixing coefficients, row-major (row `l` = layer `l`). */
  coeffs: Float64Array;
}

/** What {@link matrixPCA} returns: the dictionary plus its spectrum and errors. */
export interface MatrixPcaResult extends Dictionary {
  /** Every eigenvalue of the layer Gram matrix `G_ij = <W_i, W_j>_F`, descending (length L). */
  eigenvalues: Float64Array;
  /** `Σ_l ||W_l - Ŵ_l||_F²` (equals the sum of the dropped eigenvalues up to rounding). */
  sqError: number;
  /** `sqrt(sqError / Σ_l ||W_l||_F²)` (0 when every weight is zero). */
  relError: number;
  /** Per-layer `||W_l - Ŵ_l||_F²` (length L). */
  layerSqError: Float64Array;
  /** Per-layer `||W_l||_F²` (length L); `1 - layerSqError/layerSqNorm` is the energy kept. */
  layerSqNorm: Float64Array;
}
