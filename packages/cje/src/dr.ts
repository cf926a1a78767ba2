import { WcError } from "@wc/tensor";
import { checkAlpha, centre, crv1, finishEstimate, nanEstimate, type Estimate } from "./inference";
import { calibratedWeights, logprobs } from "./ips";
import { fitMrdrModels, mrdrOmega, type OmegaMode } from "./mrdr";
import { cleverCovariateMaps, expit, logit, solveLogisticFluctuation } from "./tmle";
import { importanceWeights, weightGates } from "./weights";
import type { RewardCalibrator } from "./calibrator";
import type { Sample } from "./types";

/** Options of {@link drEstimate}. */
export interface DrOptions {
  /**
   * 'dr-cpo' (default: outcome model = the cross-fitted calibrator), 'tmle' (DR-CPO's outcome model
   * targeted by a logistic fluctuation with clever covariate E[w | S]) or 'mrdr' (weighted isotonic
   * outcome model of the rewards, weights omega).
   */
  variant?: DrVariant;
  /** MRDR regression weights: 'w' = |w| (default), 'w2' = w^2, 'snips' = (w - 1)^2, floored at 1e-8. */
  omega?: OmegaMode;
  /** TMLE Newton steps (default 50). */
  tmleMaxIter?: number;
  /** TMLE tolerance on |score| / sqrt(Fisher) (default 1e-8). */
  tmleTol?: number;
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

/** Doubly robust variant of {@link drEstimate}. */
export type DrVariant = "dr-cpo" | "tmle" | "mrdr";

/**
 * Doubly robust estimate (cje `DRCPOEstimator`, `TMLEEstimator`, `MRDREstimator`). DR-CPO (cje `DRCPOEstimator`): outcome model = the cross-fitted calibrator,
 * V = mean_i gbar_{p_i} + mean_i w_i (R_i - g_i), where g_i = f^(-k(p_i))(S_i) on the logged response
 * and gbar_p is the mean of f^(-k(p))(S') over the policy's fresh draws for prompt p. The influence
 * values already carry the fresh-draw noise (no separate Monte-Carlo term); SE = CRV1 over the prompt
 * folds, plus OUA with jack_k = mean gbar^(k) + mean w (f^(-k)(S) - g) (g held fixed).
 * TMLE solves sum H (R - expit(logit g + eps H)) = 0 (Newton, {@link solveLogisticFluctuation}) with
 * H = per-fold E[w | S] and applies the same eps to the logged and to every fresh prediction.
 * MRDR replaces g by a cross-fitted weighted isotonic regression of R on the calibrator index with
 * weights omega(w). All variants share the SE (CRV1 over prompt folds) and the OUA jackknife, which
 * holds each variant's untargeted logged predictions fixed (as cje's shared `get_oracle_jackknife`).
 *
 * @param logged - logged samples with log-probabilities for `policy`.
 * @param fresh - fresh draws of `policy` covering every logged prompt.
 * @param policy - target policy name.
 * @param cal - fitted {@link RewardCalibrator} (with fold models).
 * @param o - {@link DrOptions}; defaults variant 'dr-cpo', omega 'w', tmleMaxIter 50, tmleTol 1e-8,
 *   calibrateWeights true, ouaJackknife true, essFloor 0.2, varCap 1.0, alpha 0.05.
 * @returns an {@link Estimate}.
 * @throws {WcError} `E_ARGUMENT` for a logged prompt without fresh draws or rows without log-probs;
 *   `E_ARGUMENT` for an unknown variant or omega; `E_STATE` for a calibrator without fold models;
 *   `E_SHAPE` for fewer than 2 logged rows; `E_RANGE` for bad TMLE options.
 * @example
 * const est = drEstimate(logged, freshOfPolicy, "gpt-x", autoCalR(s, y, ids).calibrator);
 */
export function drEstimate(logged: Sample[], fresh: Sample[], policy: string, cal: RewardCalibrator, o: DrOptions = {}): Estimate {
  const where = "drEstimate";
  const variant = o.variant ?? "dr-cpo";
  if (variant !== "dr-cpo" && variant !== "tmle" && variant !== "mrdr") throw new WcError("E_ARGUMENT", `${where}: variant must be 'dr-cpo', 'tmle' or 'mrdr', got ${String(variant)}`);
  const omegaMode = o.omega ?? "w";
  if (omegaMode !== "w" && omegaMode !== "w2" && omegaMode !== "snips") throw new WcError("E_ARGUMENT", `${where}: omega must be 'w', 'w2' or 'snips', got ${String(omegaMode)}`);
  const alpha = checkAlpha(o.alpha ?? 0.05, where);
  const n = logged.length;
  if (n < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 logged rows, got ${n}`);
  const kModels = cal.foldModels();
  if (kModels < 2) throw new WcError("E_STATE", `${where}: the calibrator has no fold models (too few oracle labels for cross-fitting); DR needs the cross-fitted outcome model`);
  const { base, target } = logprobs(logged, policy, where);
  const iw = importanceWeights(base, target);
  if (iw.noOverlap) return nanEstimate(n, { noOverlap: true, n, estimator: variant });
  const ids = logged.map((x) => x.promptId);
  const folds = Int32Array.from(ids, (p) => cal.foldOf(p));
  const s = Float64Array.from(logged, (x) => x.judgeScore);
  const full = cal.oracleCoverage === 1;
  const r = cal.predict(s);
  if (full) logged.forEach((x, i) => {
    if (typeof x.oracleLabel === "number") r[i] = x.oracleLabel;
  });
  const g0 = cal.predictOOF(s, folds);
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
  let w: Float64Array;
  const diag: Record<string, number | boolean | string> = { n, estimator: variant, noOverlap: false, nFresh: fresh.length };
  if (o.calibrateWeights ?? true) {
    const cw = calibratedWeights(iw.hajek, g0, g0, folds, ids, { essFloor: o.essFloor, varCap: o.varCap, outerFolds: 5, outerSeed: 42 });
    w = cw.weights;
    diag.calibratedFolds = cw.calibratedFolds;
  } else w = iw.hajek;
  Object.assign(diag, weightGates(w));
  // outcome model: g (logged, held fixed by OUA) and the per-draw fresh predictions
  let g = g0;
  let gFresh = gFreshOOF;
  let gTarget = g0; // logged predictions inside the estimate (targeted for TMLE)
  if (variant === "mrdr") {
    const x = cal.index(s);
    const fx = cal.index(fs);
    const predict = fitMrdrModels(x, r, mrdrOmega(w, omegaMode), folds, kModels);
    g = byFold(x, folds, predict);
    gFresh = byFold(fx, ff, predict);
    gTarget = g;
    diag.omega = omegaMode;
  } else if (variant === "tmle") {
    const maps = cleverCovariateMaps(s, w, folds);
    const hOf = (x: Float64Array, f: Int32Array) => Float64Array.from(x, (v, i) => maps.get(f[i]!)?.(v) ?? 0);
    const hl = hOf(s, folds);
    const fl = solveLogisticFluctuation(g0, r, hl, { maxIter: o.tmleMaxIter, tol: o.tmleTol });
    gTarget = Float64Array.from(g0, (v, i) => expit(logit(v) + fl.epsilon * hl[i]!));
    const hf = hOf(fs, ff);
    gFresh = Float64Array.from(gFreshOOF, (v, j) => expit(logit(v) + fl.epsilon * hf[j]!));
    Object.assign(diag, { epsilon: fl.epsilon, tmleConverged: fl.converged, tmleIters: fl.iters, tmleNormalizedScore: fl.normalizedScore });
  }
  const gbar = gbarOf(gFresh);
  let dm = 0;
  let corr = 0;
  for (let i = 0; i < n; i++) {
    dm += gbar[i]!;
    corr += w[i]! * (r[i]! - gTarget[i]!);
  }
  const value = dm / n + corr / n;
  diag.directTerm = dm / n;
  diag.correctionTerm = corr / n;
  const phi = centre(Float64Array.from({ length: n }, (_, i) => gbar[i]! + w[i]! * (r[i]! - gTarget[i]!) - value));
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

/** Internal: applies a per-fold predictor row by row. */
function byFold(x: Float64Array, folds: Int32Array, predict: (xs: Float64Array, fold: number) => Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  const groups = new Map<number, number[]>();
  folds.forEach((f, i) => {
    const a = groups.get(f);
    if (a) a.push(i);
    else groups.set(f, [i]);
  });
  for (const [f, rows] of groups) {
    const p = predict(Float64Array.from(rows, (i) => x[i]!), f);
    rows.forEach((i, j) => (out[i] = p[j]!));
  }
  return out;
}
