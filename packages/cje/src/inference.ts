import { clusterRobustSE, studentTQuantile } from "@wc/stats";
import { WcError } from "@wc/tensor";
import { finiteF64 } from "./checks";

/** A policy-value estimate with its inference, as every estimator of this package returns it. */
export interface Estimate {
  /** Point estimate V-hat (on the [0, 1] reward scale). */
  value: number;
  /** Total standard error sqrt(seIF^2 + varOUA). */
  se: number;
  /** Degrees of freedom of the t interval. */
  df: number;
  /** value -+ t_{1 - alpha/2, df} se. */
  ci: [number, number];
  /** Standard error from the influence function alone (CRV1 or iid). */
  seIF: number;
  /** Oracle-uncertainty variance from the delete-one-fold jackknife (0 when skipped). */
  varOUA: number;
  /** Influence values phi_i (centred), one per row the estimator averaged over. */
  influence: Float64Array;
  /** Jackknife replicates jack_k, k = 0..K-1 (empty when OUA is skipped). */
  jack: Float64Array;
  /** Estimator-specific diagnostics (ESS, gates, counts). */
  diagnostics: Record<string, number | boolean | string>;
}

/**
 * OUA variance of cje's `oracle_jackknife_variance` (after commit fbbc87e): (K - 1)/K times the
 * *sum* of squared deviations of the K delete-one-fold estimates from their mean.
 *
 * @param jack - the K jackknife estimates (finite), K >= 2.
 * @returns Var_OUA.
 * @throws {WcError} `E_SHAPE` for K < 2; `E_RANGE` for NaN/Inf.
 * @example
 * ouaVariance([0.5, 0.6, 0.55, 0.52, 0.58]); // 0.00544
 */
export function ouaVariance(jack: ArrayLike<number>): number {
  const j = finiteF64(jack, "ouaVariance", "jack");
  const k = j.length;
  if (k < 2) throw new WcError("E_SHAPE", `ouaVariance: need at least 2 jackknife estimates, got ${k}`);
  const j0 = j[0]!; // shifted sums: exact 0 for constant replicates
  let m = 0;
  for (const v of j) m += v - j0;
  m /= k;
  let ss = 0;
  for (const v of j) ss += (v - j0 - m) ** 2;
  return ((k - 1) / k) * ss;
}

/** Internal: centres in place. */
export function centre(phi: Float64Array): Float64Array {
  let m = 0;
  for (const v of phi) m += v;
  m /= phi.length;
  for (let i = 0; i < phi.length; i++) phi[i] = phi[i]! - m;
  return phi;
}

/** Internal: iid SE sd(phi, ddof 1)/sqrt(n) with df n - 1. */
export function iidSE(phi: Float64Array): { se: number; df: number } {
  const n = phi.length;
  if (n < 2) return { se: Number.NaN, df: 1 };
  let m = 0;
  for (const v of phi) m += v;
  m /= n;
  let ss = 0;
  for (const v of phi) ss += (v - m) ** 2;
  return { se: Math.sqrt(ss / (n - 1) / n), df: n - 1 };
}

/** Internal: CRV1 SE via @wc/stats (falls back to iid for G < 2 there). */
export function crv1(phi: Float64Array, clusters: ArrayLike<number | string>): { se: number; df: number } {
  if (phi.length < 2) return { se: Number.NaN, df: 1 };
  const r = clusterRobustSE(phi, clusters);
  return { se: r.standardError, df: r.df };
}

/**
 * Internal: assembles an Estimate: SE_total = sqrt(seIF^2 + Var_OUA) with OUA when `jack` has >= 2
 * values; df = max(1, min(dfIF, K - 1)) with OUA, dfIF without; CI = value -+ t_{1-alpha/2, df} SE.
 */
export function finishEstimate(
  value: number,
  influence: Float64Array,
  seIF: number,
  dfIF: number,
  jack: Float64Array | null,
  alpha: number,
  diagnostics: Record<string, number | boolean | string>,
): Estimate {
  const useOua = jack !== null && jack.length >= 2 && jack.every(Number.isFinite);
  const varOUA = useOua ? ouaVariance(jack) : 0;
  const se = Math.sqrt(seIF * seIF + varOUA);
  const df = useOua ? Math.max(1, Math.min(dfIF, jack.length - 1)) : Math.max(1, dfIF);
  const t = Number.isFinite(se) ? studentTQuantile(1 - alpha / 2, df) : Number.NaN;
  return {
    value,
    se,
    df,
    ci: [value - t * se, value + t * se],
    seIF,
    varOUA,
    influence,
    jack: useOua ? jack : new Float64Array(0),
    diagnostics: { ...diagnostics, ouaApplied: useOua },
  };
}

/** Internal: a NaN estimate (e.g. no overlap). */
export function nanEstimate(n: number, diagnostics: Record<string, number | boolean | string>): Estimate {
  return {
    value: Number.NaN,
    se: Number.NaN,
    df: 1,
    ci: [Number.NaN, Number.NaN],
    seIF: Number.NaN,
    varOUA: 0,
    influence: new Float64Array(n).fill(Number.NaN),
    jack: new Float64Array(0),
    diagnostics,
  };
}

/** Internal: alpha in (0, 1). */
export function checkAlpha(alpha: number, where: string): number {
  if (!(alpha > 0 && alpha < 1)) throw new WcError("E_RANGE", `${where}: alpha must be in (0, 1), got ${alpha}`);
  return alpha;
}
