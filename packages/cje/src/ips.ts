import { WcError } from "@wc/tensor";
import { finiteF64, intOption, sameLength } from "./checks";
import { foldOf } from "./folds";
import { checkAlpha, centre, crv1, finishEstimate, iidSE, nanEstimate, type Estimate } from "./inference";
import { simcalW } from "./simcal";
import { importanceWeights, rescaleMeanOne, weightGates } from "./weights";
import type { RewardCalibrator } from "./calibrator";
import type { Sample } from "./types";

/** Options of {@link ipsEstimate}. */
export interface IpsOptions {
  /** 'ips' (Horvitz-Thompson, raw weights), 'snips' (self-normalised) or 'calibrated' (SIMCal-W + outer CV) (default 'calibrated'). */
  mode?: "ips" | "snips" | "calibrated";
  /** Calibrator: gives OOF rewards for the influence function, the SIMCal ordering index and OUA (default none: rewards used as is, no OUA). */
  cal?: RewardCalibrator;
  /** SIMCal-W ESS floor (default 0.2). */
  essFloor?: number | null;
  /** SIMCal-W variance cap (default 1.0). */
  varCap?: number | null;
  /** Number of outer cross-validation folds V (default 5). */
  outerFolds?: number;
  /** Hash seed of the outer folds (default 1042). */
  outerSeed?: number;
  /** Clip the Hajek weights at this value and rescale (default none). */
  clipWeight?: number;
  /** Add OUA when a calibrator with fold models is given (default true). */
  ouaJackknife?: boolean;
  /** Return NaN when the weight tail gate flags the estimate unreliable (default false). */
  refuseUnreliable?: boolean;
  /** 1 - confidence level (default 0.05). */
  alpha?: number;
}

/** Internal: calibrated weights with the outer-fold bookkeeping the honest influence function needs. */
export interface CalibratedWeights {
  weights: Float64Array;
  hajek: Float64Array;
  outer: Int32Array;
  psi: Float64Array;
  m: Float64Array;
  calibratedFolds: number;
}

/** Internal: SIMCal-W with outer cross-fitting (cje `CalibratedIPS`). */
export function calibratedWeights(
  hajek: Float64Array,
  order: Float64Array,
  rTilde: Float64Array,
  innerFolds: Int32Array,
  promptIds: readonly string[],
  o: { essFloor?: number | null; varCap?: number | null; outerFolds: number; outerSeed: number },
): CalibratedWeights {
  const n = hajek.length;
  const nv = o.outerFolds;
  const outer = Int32Array.from(promptIds, (p) => foldOf(p, nv, o.outerSeed));
  const weights = new Float64Array(n);
  const psi = new Float64Array(nv);
  const m = new Float64Array(nv);
  let calibratedFolds = 0;
  for (let v = 0; v < nv; v++) {
    const tr: number[] = [];
    const te: number[] = [];
    for (let i = 0; i < n; i++) (outer[i] === v ? te : tr).push(i);
    let sw = 0;
    let swr = 0;
    for (const i of tr) {
      sw += hajek[i]!;
      swr += hajek[i]! * rTilde[i]!;
    }
    psi[v] = sw > 0 ? swr / sw : 0;
    m[v] = tr.length > 0 ? sw / tr.length : 1;
    let done = false;
    if (tr.length >= 10 && te.length >= 2) {
      try {
        const fit = simcalW(
          Float64Array.from(tr, (i) => hajek[i]!),
          Float64Array.from(tr, (i) => order[i]!),
          Float64Array.from(tr, (i) => rTilde[i]!),
          Int32Array.from(tr, (i) => innerFolds[i]!),
          { essFloor: o.essFloor, varCap: o.varCap },
        );
        const pred = fit.predict(Float64Array.from(te, (i) => hajek[i]!), Float64Array.from(te, (i) => order[i]!));
        te.forEach((i, j) => (weights[i] = pred[j]!));
        done = true;
        calibratedFolds++;
      } catch (e) {
        if (!(e instanceof WcError)) throw e;
      }
    }
    if (!done) for (const i of te) weights[i] = hajek[i]!;
  }
  rescaleMeanOne(weights);
  return { weights, hajek, outer, psi, m, calibratedFolds };
}

/**
 * Off-policy estimate of a target policy's value from logged data: Horvitz-Thompson IPS, SNIPS, or
 * calibrated IPS (cje `CalibratedIPS`: SIMCal-W weights fitted with outer cross-validation, honest
 * influence values w_i (R~_i - psi_v)/m_v and a CRV1 SE over the outer folds), with OUA.
 * Note: cje's `CalibratedIPS(calibrate_weights=False)` returns the ratio form, i.e. its "raw IPS" is
 * SNIPS; here 'ips' is the textbook (1/n) sum w R and 'snips' the ratio.
 *
 * @param logged - logged samples with baseLogprob and targetLogprobs[policy].
 * @param policy - target policy name.
 * @param rewards - calibrated reward per logged row on [0, 1] (e.g. `autoCalR(...).rewards`).
 * @param o - {@link IpsOptions}; defaults mode 'calibrated', no cal, essFloor 0.2, varCap 1.0,
 *   outerFolds 5, outerSeed 1042, no clip, ouaJackknife true, refuseUnreliable false, alpha 0.05.
 * @returns an {@link Estimate} (NaN with diagnostics.noOverlap when every weight is 0).
 * @throws {WcError} `E_SHAPE` for mismatched or too few rows; `E_ARGUMENT` for a row without log-probs
 *   for the policy or an unknown mode; `E_RANGE` for NaN rewards or bad options.
 * @example
 * const est = ipsEstimate(logged, "gpt-x", rewards, { mode: "snips" });
 */
export function ipsEstimate(logged: Sample[], policy: string, rewards: ArrayLike<number>, o: IpsOptions = {}): Estimate {
  const where = "ipsEstimate";
  const mode = o.mode ?? "calibrated";
  if (mode !== "ips" && mode !== "snips" && mode !== "calibrated") throw new WcError("E_ARGUMENT", `${where}: mode must be 'ips', 'snips' or 'calibrated', got ${String(mode)}`);
  const alpha = checkAlpha(o.alpha ?? 0.05, where);
  const r = finiteF64(rewards, where, "rewards");
  sameLength(logged.length, r.length, where, "logged", "rewards");
  const n = logged.length;
  if (n < 2) throw new WcError("E_SHAPE", `${where}: need at least 2 logged rows, got ${n}`);
  const outerFolds = intOption(o.outerFolds ?? 5, 2, 1000, where, "outerFolds");
  const { base, target } = logprobs(logged, policy, where);
  const iw = importanceWeights(base, target, { clip: o.clipWeight });
  if (iw.noOverlap) return nanEstimate(n, { noOverlap: true, n, estimator: mode });
  const cal = o.cal;
  const ids = logged.map((x) => x.promptId);
  const s = Float64Array.from(logged, (x) => x.judgeScore);
  const full = cal !== undefined && cal.oracleCoverage === 1;
  const innerFolds = cal ? Int32Array.from(ids, (p) => cal.foldOf(p)) : Int32Array.from(ids, (p) => foldOf(p, 5, 42));
  const oof = cal && !full ? cal.predictOOF(s, innerFolds) : r;
  const doOua = (o.ouaJackknife ?? true) && cal !== undefined && !full && cal.foldModels() >= 2;
  let w: Float64Array;
  let value: number;
  let phi: Float64Array;
  let seDf: { se: number; df: number };
  const diag: Record<string, number | boolean | string> = { n, estimator: mode, noOverlap: false };
  if (mode === "calibrated") {
    const order = cal ? oof : s;
    const cw = calibratedWeights(iw.hajek, order, oof, innerFolds, ids, { essFloor: o.essFloor, varCap: o.varCap, outerFolds, outerSeed: o.outerSeed ?? 1042 });
    w = cw.weights;
    value = ratio(w, r);
    phi = centre(w.map((wi, i) => (wi * (oof[i]! - cw.psi[cw.outer[i]!]!)) / cw.m[cw.outer[i]!]!));
    seDf = crv1(phi, cw.outer);
    diag.calibratedFolds = cw.calibratedFolds;
    diag.rawEssFraction = weightGates(iw.hajek).essFraction;
  } else {
    w = iw.raw;
    if (!w.some((x) => x > 0)) return nanEstimate(n, { noOverlap: true, n, estimator: mode });
    let mw = 0;
    for (const a of w) mw += a;
    mw /= n;
    if (mode === "ips") {
      value = 0;
      for (let i = 0; i < n; i++) value += w[i]! * r[i]!;
      value /= n;
      phi = centre(w.map((wi, i) => wi * oof[i]!));
    } else {
      value = ratio(w, r);
      phi = centre(w.map((wi, i) => (wi * (oof[i]! - value)) / mw));
    }
    seDf = iidSE(phi);
  }
  const gates = weightGates(w);
  Object.assign(diag, gates);
  diag.nearZeroFraction = iw.raw.reduce((c, x) => c + (x < 1e-10 ? 1 : 0), 0) / n;
  diag.nearZeroFlag = (diag.nearZeroFraction as number) > 0.85;
  if (o.refuseUnreliable && gates.unreliable) return nanEstimate(n, { ...diag, refused: true });
  let jack: Float64Array | null = null;
  if (doOua) {
    jack = new Float64Array(cal!.foldModels());
    for (let k = 0; k < jack.length; k++) {
      const rk = cal!.predictFold(s, k);
      jack[k] = mode === "ips" ? w.reduce((acc, wi, i) => acc + wi * rk[i]!, 0) / n : ratio(w, rk);
    }
  }
  return finishEstimate(value, phi, seDf.se, seDf.df, jack, alpha, diag);
}

function ratio(w: Float64Array, r: Float64Array): number {
  let a = 0;
  let b = 0;
  for (let i = 0; i < w.length; i++) {
    a += w[i]! * r[i]!;
    b += w[i]!;
  }
  return a / b;
}

/** Internal: base and target log-probs of a policy, NaN where a row lacks them. */
export function logprobs(logged: Sample[], policy: string, where: string): { base: Float64Array; target: Float64Array } {
  const base = new Float64Array(logged.length);
  const target = new Float64Array(logged.length);
  logged.forEach((x, i) => {
    const b = x.baseLogprob;
    const t = x.targetLogprobs?.[policy];
    if (b === undefined || t === undefined) {
      throw new WcError("E_ARGUMENT", `${where}: logged row ${i} (prompt ${x.promptId}) lacks ${b === undefined ? "baseLogprob" : `targetLogprobs['${policy}']`}; every logged row needs both (use null/NaN for a failed computation)`);
    }
    base[i] = b === null ? Number.NaN : b;
    target[i] = t === null ? Number.NaN : t;
  });
  return { base, target };
}
