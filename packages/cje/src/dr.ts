import { WcError } from "@wc/tensor";
import { checkAlpha, centre, crv1, finishEstimate, nanEstimate, type Estimate } from "./inference";
import { calibratedWeights, logprobs } from "./ips";
import { importanceWeights, weightGates } from "./weights";
import type { RewardCalibrator } from "./calibrator";
import type { Sample } from "./types";

/** Options of {@link drEstimate}. */
export interface DrOptions {
  /** 'dr-cpo' (default); 'tmle' and 'mrdr' are the spec's phase 2 and throw E_UNSUPPORTED. */
  variant?: "dr-cpo" | "tmle" | "mrdr";
  /** Use SIMCal-W weights (outer folds = prompt hash folds, K 5, seed 42) instead of Hajek weights (default true). */
  calibrateWeights?: boolean;
  /** Add OUA (default true). */
  ouaJackknife?: boolean;
  /** SIMCal-W ESS floor (default 0.2). */
  essFloor?: number | null;
  /** SIMCal-W variance cap (default 1.0). */
  varCap?: number | null;
  /** 1 - confidence level (default 0.05). */
  alpha?: number;
}

/**
 * Doubly robust DR-CPO estimate (cje `DRCPOEstimator`): outcome model = the cross-fitted calibrator,
 * V = mean_i gbar_{p_i} + mean_i w_i (R_i - g_i), where g_i = f^(-k(p_i))(S_i) on the logged response
 * and gbar_p is the mean of f^(-k(p))(S') over the policy's fresh draws for prompt p. The influence
 * values already carry the fresh-draw noise (no separate Monte-Carlo term); SE = CRV1 over the prompt
 * folds, plus OUA with jack_k = mean gbar^(k) + mean w (f^(-k)(S) - g) (g held fixed).
 *
 * @param logged - logged samples with log-probabilities for `policy`.
 * @param fresh - fresh draws of `policy` covering every logged prompt.
 * @param policy - target policy name.
 * @param cal - fitted {@link RewardCalibrator} (with fold models).
 * @param o - {@link DrOptions}; defaults variant 'dr-cpo', calibrateWeights true, ouaJackknife true, alpha 0.05.
 * @returns an {@link Estimate}.
 * @throws {WcError} `E_ARGUMENT` for a logged prompt without fresh draws or rows without log-probs;
 *   `E_UNSUPPORTED` for variant 'tmle'/'mrdr'; `E_STATE` for a calibrator without fold models;
 *   `E_SHAPE` for fewer than 2 logged rows.
 * @example
 * const est = drEstimate(logged, freshOfPolicy, "gpt-x", autoCalR(s, y, ids).calibrator);
 */
export function drEstimate(logged: Sample[], fresh: Sample[], policy: string, cal: RewardCalibrator, o: DrOptions = {}): Estimate {
  const where = "drEstimate";
  const variant = o.variant ?? "dr-cpo";
  if (variant === "tmle" || variant === "mrdr") throw new WcError("E_UNSUPPORTED", `${where}: variant '${variant}' is the spec's phase 2 and not implemented; use 'dr-cpo'`);
  if (variant !== "dr-cpo") throw new WcError("E_ARGUMENT", `${where}: variant must be 'dr-cpo', 'tmle' or 'mrdr', got ${String(variant)}`);
  const alpha = checkAlpha(o.alpha ?? 0.05, where);
  const n = logged.length;
  if (n < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 logged rows, got ${n}`);
  const kModels = cal.foldModels();
  if (kModels < 2) throw new WcError("E_STATE", `${where}: the calibrator has no fold models (too few oracle labels for cross-fitting); DR needs the cross-fitted outcome model`);
  const { base, target } = logprobs(logged, policy, where);
  const iw = importanceWeights(base, target);
  if (iw.noOverlap) return nanEstimate(n, { noOverlap: true, n, estimator: "dr-cpo" });
  const ids = logged.map((x) => x.promptId);
  const folds = Int32Array.from(ids, (p) => cal.foldOf(p));
  const s = Float64Array.from(logged, (x) => x.judgeScore);
  const full = cal.oracleCoverage === 1;
  const r = cal.predict(s);
  if (full) logged.forEach((x, i) => {
    if (typeof x.oracleLabel === "number") r[i] = x.oracleLabel;
  });
  const g = cal.predictOOF(s, folds);
  // fresh draws grouped by prompt
  const byPrompt = new Map<string, number[]>();
  fresh.forEach((x, j) => {
    const a = byPrompt.get(x.promptId);
    if (a) a.push(j);
    else byPrompt.set(x.promptId, [j]);
  });
  for (const p of ids) {
    if (!byPrompt.has(p)) throw new WcError("E_ARGUMENT", `${where}: logged prompt '${p}' has no fresh draw of policy '${policy}'; DR needs fresh draws for every logged prompt`);
  }
  const fs = Float64Array.from(fresh, (x) => x.judgeScore);
  const ff = Int32Array.from(fresh, (x) => cal.foldOf(x.promptId));
  const gFreshOOF = cal.predictOOF(fs, ff);
  const gbarOf = (pred: Float64Array): Float64Array =>
    Float64Array.from(ids, (p) => {
      const js = byPrompt.get(p)!;
      let t = 0;
      for (const j of js) t += pred[j]!;
      return t / js.length;
    });
  const gbar = gbarOf(gFreshOOF);
  let w: Float64Array;
  const diag: Record<string, number | boolean | string> = { n, estimator: "dr-cpo", noOverlap: false, nFresh: fresh.length };
  if (o.calibrateWeights ?? true) {
    const cw = calibratedWeights(iw.hajek, g, g, folds, ids, { essFloor: o.essFloor, varCap: o.varCap, outerFolds: 5, outerSeed: 42 });
    w = cw.weights;
    diag.calibratedFolds = cw.calibratedFolds;
  } else w = iw.hajek;
  Object.assign(diag, weightGates(w));
  let dm = 0;
  let corr = 0;
  for (let i = 0; i < n; i++) {
    dm += gbar[i]!;
    corr += w[i]! * (r[i]! - g[i]!);
  }
  const value = dm / n + corr / n;
  diag.directTerm = dm / n;
  diag.correctionTerm = corr / n;
  const phi = centre(Float64Array.from({ length: n }, (_, i) => gbar[i]! + w[i]! * (r[i]! - g[i]!) - value));
  const { se, df } = crv1(phi, folds);
  let jack: Float64Array | null = null;
  if ((o.ouaJackknife ?? true) && !full) {
    jack = new Float64Array(kModels);
    for (let k = 0; k < kModels; k++) {
      const gb = gbarOf(cal.predictFold(fs, k));
      const rk = cal.predictFold(s, k);
      let a = 0;
      for (let i = 0; i < n; i++) a += gb[i]! + w[i]! * (rk[i]! - g[i]!);
      jack[k] = a / n;
    }
  }
  return finishEstimate(value, phi, se, df, jack, alpha, diag);
}
