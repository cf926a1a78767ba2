import { rng, WcError } from "@wc/tensor";
import { directBootstrap } from "./bootstrap";
import { autoCalR, type CalibOpts } from "./calibrator";
import { intOption, numOption } from "./checks";
import { directEstimate } from "./direct";
import { drEstimate } from "./dr";
import { stackedDrEstimate } from "./stacking";
import type { OmegaMode } from "./mrdr";
import { ipsEstimate } from "./ips";
import { cleDiagnostics } from "./overlap";
import type { CjeData } from "./data";
import type { Estimate } from "./inference";
import type { Sample } from "./types";

/** Estimator choice of {@link analyzeCje}. */
export type CjeEstimator = "auto" | "direct" | "ips" | "snips" | "calibrated-ips" | "dr-cpo" | "tmle" | "mrdr" | "stacked-dr";

/** Options of {@link analyzeCje}. */
export interface AnalyzeOptions {
  /** Policies to estimate (default: every policy found). */
  policies?: string[];
  /** Keep this fraction of the available oracle labels, chosen with `seed` (default 1: all). */
  oracleFraction?: number;
  /** Seed of the oracle subsampling (default 0). */
  seed?: number;
  /** Estimator (default 'auto': direct with fresh draws only, calibrated-ips with logged data only, dr-cpo with both). */
  estimator?: CjeEstimator;
  /** Calibration options (mode 'monotone', nFolds 5, seed 42). */
  calibration?: CalibOpts;
  /**
   * Direct inference (default 'cluster-robust': CRV1 + OUA jackknife t intervals); 'bootstrap' = the
   * refit cluster bootstrap ({@link directBootstrap}) on the fresh draws' own oracle labels (falls back
   * to 'cluster-robust' with fewer than 10 of them).
   */
  inference?: "cluster-robust" | "bootstrap";
  /** Bootstrap replicates for inference 'bootstrap' (default 2000). */
  nBootstrap?: number;
  /** MRDR regression weights for 'mrdr' / 'stacked-dr' (default 'w'). */
  omega?: OmegaMode;
  /** 1 - confidence level (default 0.05). */
  alpha?: number;
  /**
   * Progress callback (default none; for progress bars, never changes the result): called once with
   * `done = 0`, then after the calibration fit and after each policy is estimated, so
   * `total = 1 + number of policies` and `done` runs 1..`total`.
   */
  onProgress?: (done: number, total: number) => void;
}

/** One policy's row of the report. */
export interface PolicyReport {
  policy: string;
  estimator: string;
  value: number;
  se: number;
  ci: [number, number];
  seIF: number;
  varOUA: number;
  df: number;
  diagnostics: Record<string, number | boolean | string>;
}

/** Result of {@link analyzeCje}. */
export interface CjeReport {
  estimator: Exclude<CjeEstimator, "auto">;
  nLogged: number;
  nFresh: number;
  nOracle: number;
  oracleCoverage: number;
  rmseOOF: number;
  /** Calibration mode actually fitted ('auto' resolved). */
  calibrationMode: "monotone" | "two_stage";
  /** The global calibration map (judge score -> calibrated reward): its knots ('monotone') or sampled at the oracle scores ('two_stage'). */
  calibration: { score: number[]; reward: number[] };
  policies: PolicyReport[];
}

/**
 * End-to-end CJE analysis of parsed samples: (optionally) subsample oracle labels, fit AutoCal-R on
 * every labelled row (logged and fresh), estimate each policy with the chosen estimator, and attach
 * weight diagnostics (gates, CLE/TTC) for the off-policy ones.
 *
 * @param data - parsed samples ({@link readCjeJsonl}).
 * @param o - {@link AnalyzeOptions}.
 * @returns a {@link CjeReport}.
 * @throws {WcError} `E_ARGUMENT` for an unknown policy or an estimator the data cannot support;
 *   `E_RANGE` for oracleFraction outside (0, 1]; and the errors of the estimators.
 * @example
 * const rep = analyzeCje(readCjeJsonl(text), { oracleFraction: 0.25 });
 */
export function analyzeCje(data: CjeData, o: AnalyzeOptions = {}): CjeReport {
  const where = "analyzeCje";
  const frac = numOption(o.oracleFraction ?? 1, 0, 1, where, "oracleFraction");
  const freshNames = Object.keys(data.fresh);
  const loggedNames = new Set<string>();
  for (const s of data.logged) for (const k of Object.keys(s.targetLogprobs ?? {})) loggedNames.add(k);
  const hasFresh = freshNames.length > 0;
  const hasLogged = data.logged.length > 0;
  const estimator = o.estimator === undefined || o.estimator === "auto" ? (hasFresh && hasLogged ? "dr-cpo" : hasFresh ? "direct" : "calibrated-ips") : o.estimator;
  if (estimator === "direct" && !hasFresh) throw new WcError("E_ARGUMENT", `${where}: the direct estimator needs fresh draws (records with "policy")`);
  if (estimator !== "direct" && !hasLogged) throw new WcError("E_ARGUMENT", `${where}: estimator '${estimator}' needs logged records with log-probabilities`);
  const isDr = estimator === "dr-cpo" || estimator === "tmle" || estimator === "mrdr" || estimator === "stacked-dr";
  if (isDr && !hasFresh) throw new WcError("E_ARGUMENT", `${where}: ${estimator} needs fresh draws as well as logged records`);
  const inference = o.inference ?? "cluster-robust";
  if (inference !== "cluster-robust" && inference !== "bootstrap") throw new WcError("E_ARGUMENT", `${where}: inference must be 'cluster-robust' or 'bootstrap', got ${String(inference)}`);
  const nBootstrap = intOption(o.nBootstrap ?? 2000, 2, 1e7, where, "nBootstrap");
  const available = estimator === "direct" ? freshNames : [...loggedNames];
  const policies = o.policies ?? available;
  for (const p of policies) if (!available.includes(p)) throw new WcError("E_ARGUMENT", `${where}: unknown policy '${p}'; found ${available.join(", ")}`);
  // all rows for calibration: logged first, then fresh in policy order
  const rows: Sample[] = [...data.logged, ...freshNames.flatMap((p) => data.fresh[p]!)];
  const labels = rows.map((s) => (typeof s.oracleLabel === "number" ? s.oracleLabel : null));
  if (frac < 1) {
    const labelled = labels.flatMap((y, i) => (y === null ? [] : [i]));
    const keep = Math.max(2, Math.round(frac * labelled.length));
    const perm = rng(o.seed ?? 0).permutation(labelled.length);
    for (let t = keep; t < labelled.length; t++) labels[labelled[perm[t]!]!] = null;
  }
  const onProgress = o.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new WcError("E_ARGUMENT", `${where}: onProgress must be a function (done, total) => void or undefined, got ${typeof onProgress}`);
  }
  const total = 1 + policies.length;
  let done = 0;
  const step = (): void => onProgress?.(++done, total);
  onProgress?.(0, total);
  const fit = autoCalR(Float64Array.from(rows, (s) => s.judgeScore), labels, rows.map((s) => s.promptId), o.calibration);
  const cal = fit.calibrator;
  step();
  // hide dropped labels from the estimators
  const masked = rows.map((s, i) => ({ ...s, oracleLabel: labels[i] }));
  const logged = masked.slice(0, data.logged.length);
  const fresh: Record<string, Sample[]> = {};
  let off = data.logged.length;
  for (const p of freshNames) {
    fresh[p] = masked.slice(off, off + data.fresh[p]!.length);
    off += data.fresh[p]!.length;
  }
  const alpha = o.alpha ?? 0.05;
  const out: PolicyReport[] = [];
  const row = (policy: string, e: Estimate, extra: Record<string, number | boolean | string> = {}): PolicyReport => ({
    policy, estimator, value: e.value, se: e.se, ci: e.ci, seIF: e.seIF, varOUA: e.varOUA, df: e.df, diagnostics: { ...e.diagnostics, ...extra },
  });
  if (estimator === "direct") {
    const sub: Record<string, Sample[]> = {};
    for (const p of policies) sub[p] = fresh[p]!;
    const freshOracle = policies.reduce((a, p) => a + sub[p]!.filter((s) => typeof s.oracleLabel === "number").length, 0);
    const boot = inference === "bootstrap" && freshOracle >= 10;
    const est = boot ? directBootstrap(sub, { nBootstrap, alpha, mode: cal.mode, nFolds: o.calibration?.nFolds, foldSeed: o.calibration?.seed }) : directEstimate(sub, cal, { alpha });
    for (const p of policies) {
      out.push(row(p, est[p]!, inference === "bootstrap" && !boot ? { inferenceFallback: "cluster-robust (fewer than 10 oracle labels among the fresh draws)" } : {}));
      step();
    }
  } else {
    const rewards = fit.rewards.slice(0, logged.length);
    for (const p of policies) {
      const e = estimator === "stacked-dr"
        ? stackedDrEstimate(logged, fresh[p] ?? [], p, cal, { alpha, omega: o.omega })
        : isDr
        ? drEstimate(logged, fresh[p] ?? [], p, cal, { alpha, variant: estimator, omega: o.omega })
        : ipsEstimate(logged, p, rewards, { mode: estimator === "calibrated-ips" ? "calibrated" : estimator, cal, alpha });
      let cle: Record<string, number | string> = {};
      const finite = logged.filter((s) => Number.isFinite(s.baseLogprob!) && Number.isFinite(s.targetLogprobs![p]!));
      if (finite.length > 0) {
        const c = cleDiagnostics(finite.map((s) => s.baseLogprob!), finite.map((s) => s.targetLogprobs![p]!));
        cle = { ttc: c.ttc, ttcStatus: c.ttcStatus, cleFactor: c.cleFactor, chi2T: c.chi2T };
      }
      out.push(row(p, e, cle));
      step();
    }
  }
  return {
    estimator,
    nLogged: data.logged.length,
    nFresh: rows.length - data.logged.length,
    nOracle: cal.nOracle,
    oracleCoverage: cal.oracleCoverage,
    rmseOOF: fit.rmseOOF,
    calibrationMode: cal.mode,
    calibration: calibrationCurve(cal, rows, labels),
    policies: out,
  };
}

function calibrationCurve(cal: ReturnType<typeof autoCalR>["calibrator"], rows: Sample[], labels: (number | null)[]): { score: number[]; reward: number[] } {
  if (cal.mode === "monotone") return { score: Array.from(cal.model.xThresholds), reward: Array.from(cal.model.yThresholds) };
  const xs = Array.from(new Set(rows.filter((_, i) => labels[i] !== null).map((s) => s.judgeScore))).sort((a, b) => a - b);
  const step = Math.max(1, Math.ceil(xs.length / 200));
  const score = xs.filter((_, i) => i % step === 0 || i === xs.length - 1);
  return { score, reward: Array.from(cal.predict(score)) };
}
