import { eigvalsh, tensor, WcError } from "@wc/tensor";
import { drEstimate, type DrOptions, type DrVariant } from "./dr";
import { foldsForPrompts } from "./folds";
import { checkAlpha, crv1, finishEstimate, nanEstimate, type Estimate } from "./inference";
import type { RewardCalibrator } from "./calibrator";
import type { Sample } from "./types";
import { simplexMinVariance } from "./simplex";

/** Options of {@link stackEstimates}. */
export interface StackOptions {
  /** Ridge added to the influence covariance diagonal (default 1e-4). */
  ridge?: number;
  /** 1 - confidence level (default 0.05). */
  alpha?: number;
}

/**
 * Stacked estimate (cje `StackedDREstimator`): simplex weights alpha minimising the variance of the
 * mixed influence values (covariance of the components' centred influence columns, ddof 1, plus
 * ridge I; uniform when its condition number exceeds 1e8), V = sum alpha_k V_k, phi = IF alpha,
 * CRV1 SE over `clusterIds`, OUA on the mixed jackknife (truncated to the shortest K).
 *
 * @param components - estimates whose `influence` arrays are aligned row by row (same length).
 * @param clusterIds - cluster (fold) of each row, e.g. the prompt hash folds (K 5, seed 42).
 * @param o - {@link StackOptions}; defaults ridge 1e-4, alpha 0.05.
 * @returns the stacked {@link Estimate} and the mixture `mix`.
 * @throws {WcError} `E_SHAPE` for no components, mismatched lengths or fewer than 10 finite rows;
 *   `E_RANGE` for a negative ridge.
 * @example
 * const st = stackEstimates([drA, drB], folds); // st.mix sums to 1
 */
export function stackEstimates(components: Estimate[], clusterIds: ArrayLike<number>, o: StackOptions = {}): Estimate & { mix: number[] } {
  const where = "stackEstimates";
  const alpha = checkAlpha(o.alpha ?? 0.05, where);
  const ridge = o.ridge ?? 1e-4;
  if (!(ridge >= 0 && Number.isFinite(ridge))) throw new WcError("E_RANGE", `${where}: ridge must be >= 0, got ${ridge}`);
  const k = components.length;
  if (k === 0) throw new WcError("E_SHAPE", `${where}: no components`);
  const n = clusterIds.length;
  for (const [c, e] of components.entries()) {
    if (e.influence.length !== n) throw new WcError("E_SHAPE", `${where}: component ${c} has ${e.influence.length} influence values, expected ${n} (one per cluster id)`);
  }
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (components.every((e) => Number.isFinite(e.influence[i]!)) && Number.isFinite(clusterIds[i]!)) rows.push(i);
  if (rows.length < 10) throw new WcError("E_SHAPE", `${where}: need at least 10 rows with finite influence values, got ${rows.length}`);
  const m = rows.length;
  const cols = components.map((e) => {
    const v = Float64Array.from(rows, (i) => e.influence[i]!);
    let mu = 0;
    for (const a of v) mu += a;
    mu /= m;
    return v.map((a) => a - mu);
  });
  const cov = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let t = 0;
      for (let i = 0; i < m; i++) t += cols[a]![i]! * cols[b]![i]!;
      cov[a * k + b] = cov[b * k + a] = t / (m - 1);
    }
    cov[a * k + a] = cov[a * k + a]! + ridge;
  }
  const ev = eigvalsh(tensor(cov.slice(), [k, k])).data;
  let lo = Infinity;
  let hi = 0;
  for (const v of ev) {
    lo = Math.min(lo, Math.abs(v));
    hi = Math.max(hi, Math.abs(v));
  }
  const cond = lo > 0 ? hi / lo : Infinity;
  const mix = cond > 1e8 ? new Float64Array(k).fill(1 / k) : simplexMinVariance(cov, k, 50);
  let value = 0;
  for (let c = 0; c < k; c++) value += mix[c]! * components[c]!.value;
  const phi = new Float64Array(m);
  for (let c = 0; c < k; c++) for (let i = 0; i < m; i++) phi[i] = phi[i]! + mix[c]! * cols[c]![i]!;
  const cl = Float64Array.from(rows, (i) => clusterIds[i]!);
  const { se, df } = crv1(phi, cl);
  let jack: Float64Array | null = null;
  if (components.every((e) => e.jack.length >= 2)) {
    const kj = Math.min(...components.map((e) => e.jack.length));
    jack = new Float64Array(kj);
    for (let j = 0; j < kj; j++) for (let c = 0; c < k; c++) jack[j] = jack[j]! + mix[c]! * components[c]!.jack[j]!;
  }
  const est = finishEstimate(value, phi, se, df, jack, alpha, { n: m, estimator: "stacked", condition: cond });
  return { ...est, mix: Array.from(mix) };
}

/** Options of {@link stackedDrEstimate}: the shared {@link DrOptions} plus the stack's. */
export interface StackedDrOptions extends Omit<DrOptions, "variant"> {
  /** DR variants to stack (default ['dr-cpo', 'tmle', 'mrdr'], cje's `StackedDREstimator`). */
  components?: DrVariant[];
  /** Ridge added to the influence covariance diagonal (default 1e-4). */
  ridge?: number;
}

/**
 * Stacked DR (cje `StackedDREstimator`): fits each DR variant on the same logged rows and fresh draws
 * ({@link drEstimate}) and mixes them with {@link stackEstimates}, clustering the CRV1 SE by the
 * prompt hash folds (K 5, seed 42). `diagnostics` carries each component's value.
 *
 * @param logged - logged samples with log-probabilities for `policy`.
 * @param fresh - fresh draws of `policy` covering every logged prompt.
 * @param policy - target policy name.
 * @param cal - fitted {@link RewardCalibrator} with fold models.
 * @param o - {@link StackedDrOptions}; defaults components ['dr-cpo', 'tmle', 'mrdr'], ridge 1e-4 and
 *   the {@link DrOptions} defaults.
 * @returns the stacked {@link Estimate} with `mix` (one weight per component, in order).
 * @throws {WcError} `E_ARGUMENT` for an empty or unknown component list; the errors of {@link drEstimate}
 *   and {@link stackEstimates}.
 * @example
 * const st = stackedDrEstimate(logged, fresh, "gpt-x", cal); // st.mix: [dr-cpo, tmle, mrdr]
 */
export function stackedDrEstimate(logged: Sample[], fresh: Sample[], policy: string, cal: RewardCalibrator, o: StackedDrOptions = {}): Estimate & { mix: number[] } {
  const comps = o.components ?? ["dr-cpo", "tmle", "mrdr"];
  if (!Array.isArray(comps) || comps.length === 0) throw new WcError("E_ARGUMENT", "stackedDrEstimate: components must be a non-empty list of 'dr-cpo', 'tmle', 'mrdr'");
  const { components: _c, ridge, ...dr } = o;
  const ests = comps.map((variant) => drEstimate(logged, fresh, policy, cal, { ...dr, variant }));
  if (ests.some((e) => !Number.isFinite(e.value))) {
    const bad = nanEstimate(logged.length, { ...ests[0]!.diagnostics, estimator: "stacked-dr" });
    return { ...bad, mix: comps.map(() => Number.NaN) };
  }
  const folds = foldsForPrompts(logged.map((x) => x.promptId), 5, 42);
  const st = stackEstimates(ests, folds, { ridge, alpha: o.alpha });
  const diag: Record<string, number | boolean | string> = { ...ests[0]!.diagnostics, ...st.diagnostics, estimator: "stacked-dr" };
  comps.forEach((c, i) => {
    diag[`value:${c}`] = ests[i]!.value;
    diag[`mix:${c}`] = st.mix[i]!;
  });
  return { ...st, diagnostics: diag };
}
