import { fitIsotonic, type IsotonicModel } from "@wc/stats";

/** MRDR regression weights omega from mean-one importance weights w (cje `MRDREstimator.omega_mode`). */
export type OmegaMode = "w" | "w2" | "snips";

/**
 * MRDR regression weights: 'w' = |w| (cje default), 'w2' = w^2, 'snips' = (w - 1)^2, floored at
 * `floor` (default 1e-8) so no row drops out of the weighted fit.
 *
 * @param w - mean-one importance weights.
 * @param mode - {@link OmegaMode} (default 'w').
 * @param floor - lower bound (default 1e-8).
 * @returns a new array of omega weights.
 * @example
 * mrdrOmega([0.5, 1, 1.5], "snips"); // [0.25, 1e-8, 0.25]
 */
export function mrdrOmega(w: ArrayLike<number>, mode: OmegaMode = "w", floor = 1e-8): Float64Array {
  return Float64Array.from(w, (v) => Math.max(floor, mode === "w" ? Math.abs(v) : mode === "w2" ? v * v : (v - 1) ** 2));
}

/**
 * Internal: MRDR's policy-specific outcome model: for each prompt fold k a weighted isotonic
 * regression (scikit-learn semantics, out_of_bounds 'clip') of the rewards on the index x of the
 * logged rows outside fold k, with weights omega; a fold without two training rows uses the fit on
 * all rows. Returns the predictor of fold k.
 */
export function fitMrdrModels(x: Float64Array, r: Float64Array, omega: Float64Array, folds: Int32Array, k: number): (xs: Float64Array, fold: number) => Float64Array {
  const all = fitIsotonic(x, r, { weights: omega, outOfBounds: "clip" });
  const models: IsotonicModel[] = [];
  for (let f = 0; f < k; f++) {
    const tr: number[] = [];
    for (let i = 0; i < x.length; i++) if (folds[i] !== f) tr.push(i);
    models.push(
      tr.length >= 2
        ? fitIsotonic(Float64Array.from(tr, (i) => x[i]!), Float64Array.from(tr, (i) => r[i]!), { weights: Float64Array.from(tr, (i) => omega[i]!), outOfBounds: "clip" })
        : all,
    );
  }
  return (xs, fold) => (models[fold] ?? all).predict(xs);
}
