import { WcError } from "@wc/tensor";
import { resolveFitOptions, type FitOptions } from "./options";
import { fitSorted, prepareEigs } from "./power-law-fit";

/** The per-layer heavy-tail metrics of one ESD (WeightWatcher / FARMS `analysis_esd` names). */
export interface LayerMetrics {
  /** Power-law exponent of the ESD tail (smaller = heavier tail = "better trained"). */
  alpha: number;
  /** `alpha * log10(spectralNorm)` (WW `alpha_weighted`). */
  alphaHat: number;
  /** KS distance of the fit. */
  D: number;
  /** Lower cut-off of the fitted tail. */
  xmin: number;
  /** Number of eigenvalues `>= xmin` in the fit. */
  nTail: number;
  /** Standard error of alpha. */
  sigma: number;
  /** Largest eigenvalue `lmax` (squared largest singular value). */
  spectralNorm: number;
  /** `log10(lmax)`. */
  logSpectralNorm: number;
  /** Sum of the eigenvalues (squared Frobenius norm). */
  fnorm: number;
  /** `log10(fnorm)` (WW `log_norm`). */
  logNorm: number;
  /** `log10(sum lam^alpha)` (WW `log_alpha_norm`). */
  logAlphaNorm: number;
  /** `fnorm / lmax`. */
  stableRank: number;
  /** `fnorm / numEigs`. */
  normStableRank: number;
  /** Number of eigenvalues (before `filterZeros`). */
  numEigs: number;
}

/** `log10(sum_j lam_j^alpha)` computed without overflow (log-sum-exp over positive lam). */
function logAlphaNorm(lam: Float64Array, alpha: number): number {
  let m = -Infinity;
  for (let j = 0; j < lam.length; j++) if (lam[j]! > 0) m = Math.max(m, alpha * Math.log(lam[j]!));
  if (m === -Infinity || !Number.isFinite(m)) return alpha === 0 ? Math.log10(lam.length) : m / Math.LN10;
  let s = 0;
  for (let j = 0; j < lam.length; j++) if (lam[j]! > 0) s += Math.exp(alpha * Math.log(lam[j]!) - m);
  return (m + Math.log(s)) / Math.LN10;
}

/**
 * Fits the power law ({@link fitPowerLaw}) and computes the layer metrics table of one ESD: alpha,
 * alpha-hat, D, xmin, spectral norm, Frobenius norm, stable ranks, log norms. The norm metrics use
 * every eigenvalue; the fit sees them after `filterZeros` (as FARMS `analysis_esd` does).
 *
 * @param eigs - the ESD (any order; not modified), finite and >= 0.
 * @param fit - {@link FitOptions}; default `{ xmin: 'ks' }` and the other fit defaults.
 * @returns a new {@link LayerMetrics}.
 * @throws {WcError} `E_RANGE` for an all-zero ESD, NaN/Inf, negative values or fewer than 2
 *   eigenvalues; the errors of {@link fitPowerLaw}.
 * @example
 * layerMetrics([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).stableRank; // 5.5
 */
export function layerMetrics(eigs: ArrayLike<number>, fit: FitOptions = {}): LayerMetrics {
  const o = resolveFitOptions(fit, "layerMetrics");
  const kept = prepareEigs(eigs, o, "layerMetrics");
  const all = o.filterZeros ? Float64Array.from(eigs).sort() : kept;
  return metricsFromSorted(all, kept, o);
}

/** {@link layerMetrics} on prepared arrays (internal): `all` sorted, `kept` the filtered fit input. */
export function metricsFromSorted(all: Float64Array, kept: Float64Array, o: ReturnType<typeof resolveFitOptions>): LayerMetrics {
  const lmax = all[all.length - 1]!;
  if (!(lmax > 0)) {
    throw new WcError("E_RANGE", "layerMetrics: every eigenvalue is 0 (an all-zero weight has no spectrum to fit)");
  }
  let sum = 0;
  for (let j = 0; j < all.length; j++) sum += all[j]!;
  const f = fitSorted(kept, o);
  return {
    alpha: f.alpha,
    alphaHat: f.alpha * Math.log10(lmax),
    D: f.D,
    xmin: f.xmin,
    nTail: f.nTail,
    sigma: f.sigma,
    spectralNorm: lmax,
    logSpectralNorm: Math.log10(lmax),
    fnorm: sum,
    logNorm: Math.log10(sum),
    logAlphaNorm: logAlphaNorm(all, f.alpha),
    stableRank: sum / lmax,
    normStableRank: sum / all.length,
    numEigs: all.length,
  };
}

/**
 * The mean of each metric over several ESDs (the FARMS Conv2d aggregation over row blocks);
 * `numEigs` is the total.
 * @param list - at least one {@link LayerMetrics}.
 * @returns a new {@link LayerMetrics}.
 * @throws {WcError} `E_RANGE` for an empty list.
 * @example
 * meanMetrics([m1, m2]).alpha; // (m1.alpha + m2.alpha) / 2
 */
export function meanMetrics(list: readonly LayerMetrics[]): LayerMetrics {
  if (list.length === 0) throw new WcError("E_RANGE", "meanMetrics: expected at least one LayerMetrics, got none");
  const out = { ...list[0]! };
  const keys = Object.keys(out) as (keyof LayerMetrics)[];
  for (const k of keys) {
    let s = 0;
    for (const m of list) s += m[k];
    out[k] = k === "numEigs" ? s : s / list.length;
  }
  return out;
}
