import { quantile } from "@wc/stats";
import { rng, WcError } from "@wc/tensor";
import { intOption } from "./checks";
import { foldOf } from "./folds";
import { checkAlpha, type Estimate } from "./inference";
import { fitRewardMaps, type RewardMaps } from "./reward-maps";
import type { Sample } from "./types";

/** Options of {@link directBootstrap}. */
export interface DirectBootstrapOptions {
  /** Number of valid replicates B (default 2000, cje >= 0.4 Direct default). */
  nBootstrap?: number;
  /** Seed of the cluster resampling (default 42). */
  seed?: number;
  /** 1 - confidence level of the percentile interval (default 0.05). */
  alpha?: number;
  /** Use the residual-augmented estimate theta_aug (default true) rather than the plug-in mean. */
  augmented?: boolean;
  /** Oracle rows a replicate needs to count (default max(10, min(30, nOracle / 3))). */
  minOraclePerReplicate?: number;
  /** Calibration mode (default 'monotone'); 'auto' is resolved once on the full data and then fixed. */
  mode?: "monotone" | "two_stage" | "auto";
  /** Cross-fitting folds K on the full data (default 5); replicates use min(K, floor(nOracle_b / 4)). */
  nFolds?: number;
  /** Seed of the prompt-hash folds (default 42). */
  foldSeed?: number;
}

interface Table {
  s: Float64Array;
  y: Float64Array; // NaN when unlabelled
  policy: Int32Array;
  cluster: Int32Array;
  prompts: string[]; // per cluster
  oracleByCluster: number[][];
}

/** Fits the maps on (duplicated) oracle rows and returns per-policy estimates for cluster counts `cnt`. */
function estimateWith(t: Table, cnt: Int32Array, nPol: number, mode: "monotone" | "two_stage" | "auto", kMax: number, foldSeed: number, augmented: boolean): { est: Float64Array; maps: RewardMaps; nOracle: number } | null {
  const os: number[] = [];
  const oy: number[] = [];
  const op: number[] = [];
  const oc: number[] = [];
  for (let c = 0; c < cnt.length; c++) {
    for (let m = 0; m < cnt[c]!; m++) for (const i of t.oracleByCluster[c]!) {
      os.push(t.s[i]!);
      oy.push(t.y[i]!);
      op.push(t.policy[i]!);
      oc.push(c);
    }
  }
  const no = os.length;
  const k = Math.min(kMax, Math.floor(no / 4));
  const folds = Int32Array.from(oc, (c) => (k >= 2 ? foldOf(t.prompts[c]!, k, foldSeed) : 0));
  const S = Float64Array.from(os);
  const Y = Float64Array.from(oy);
  const maps = fitRewardMaps(S, Y, folds, k, mode, k >= 2 && no >= Math.max(10, 2 * k));
  const pred = maps.full.predict(t.s);
  const sum = new Float64Array(nPol);
  const num = new Float64Array(nPol);
  for (let i = 0; i < t.s.length; i++) {
    const w = cnt[t.cluster[i]!]!;
    if (w === 0) continue;
    sum[t.policy[i]!] += w * pred[i]!;
    num[t.policy[i]!] += w;
  }
  const est = Float64Array.from(sum, (v, p) => v / num[p]!);
  if (augmented) {
    const oof = new Float64Array(no);
    if (maps.folds.length === 0) oof.set(maps.full.predict(S));
    else {
      const per = maps.folds.map((m) => (m ?? maps.full).predict(S));
      for (let j = 0; j < no; j++) oof[j] = per[folds[j]!]![j]!;
    }
    const rs = new Float64Array(nPol);
    const rn = new Float64Array(nPol);
    for (let j = 0; j < no; j++) {
      rs[op[j]!] += Y[j]! - oof[j]!;
      rn[op[j]!]++;
    }
    for (let p = 0; p < nPol; p++) if (rn[p]! > 0) est[p] = est[p]! + rs[p]! / rn[p]!;
  }
  return { est, maps, nOracle: no };
}

/**
 * Cluster bootstrap with calibrator refit for Direct estimates (cje `cluster_bootstrap_direct_with_refit`,
 * the Direct default from cje 0.4): the fresh draws of all policies form one table clustered by
 * prompt; each replicate resamples the prompts with replacement, refits AutoCal-R on the replicate's
 * oracle rows (mode fixed to the full-data choice, K = min(nFolds, floor(n_oracle / 4)) hash folds) and
 * recomputes every policy's estimate; replicates with fewer than `minOraclePerReplicate` oracle rows
 * are redrawn (at most 5B attempts). The estimate is theta_aug = mean f_full(S) + mean over the
 * policy's oracle rows of (Y - f_oof(S)) (or the plug-in mean); SE = sd of the replicates (ddof 1);
 * CI = percentile [alpha/2, 1 - alpha/2] (NumPy linear interpolation). Captures the covariance of
 * calibration and evaluation that the additive OUA decomposition misses.
 *
 * @param freshByPolicy - fresh draws per policy; the oracle labels (in [0, 1]) among them are the oracle slice.
 * @param o - {@link DirectBootstrapOptions}; defaults nBootstrap 2000, seed 42, alpha 0.05, augmented
 *   true, minOraclePerReplicate max(10, min(30, nOracle/3)), mode 'monotone', nFolds 5, foldSeed 42.
 * @returns an {@link Estimate} per policy (`seIF` = `se`, `varOUA` 0, df = replicates - 1, empty
 *   influence/jack; `diagnostics` has plugIn, residualCorrection, nValid, nAttempts, skipRate, mode).
 * @throws {WcError} `E_SHAPE` for no policies, a policy with < 2 draws or < 10 oracle labels;
 *   `E_RANGE` for labels outside [0, 1], NaN scores or bad options.
 * @example
 * const est = directBootstrap({ a: freshA, b: freshB }, { nBootstrap: 500 });
 */
export function directBootstrap(freshByPolicy: Record<string, Sample[]>, o: DirectBootstrapOptions = {}): Record<string, Estimate> {
  const where = "directBootstrap";
  const names = Object.keys(freshByPolicy);
  if (names.length === 0) throw new WcError("E_SHAPE", `${where}: no policies given`);
  const B = intOption(o.nBootstrap ?? 2000, 2, 1e7, where, "nBootstrap");
  const alpha = checkAlpha(o.alpha ?? 0.05, where);
  const kMax = intOption(o.nFolds ?? 5, 2, 1000, where, "nFolds");
  const mode0 = o.mode ?? "monotone";
  if (mode0 !== "monotone" && mode0 !== "two_stage" && mode0 !== "auto") throw new WcError("E_ARGUMENT", `${where}: mode must be 'monotone', 'two_stage' or 'auto', got ${String(mode0)}`);
  const foldSeed = o.foldSeed ?? 42;
  const augmented = o.augmented ?? true;
  const rows: { x: Sample; p: number }[] = [];
  names.forEach((name, p) => {
    const fr = freshByPolicy[name] ?? [];
    if (fr.length < 2) throw new WcError("E_SHAPE", `${where}: policy '${name}' needs at least 2 fresh draws, got ${fr.length}`);
    for (const x of fr) rows.push({ x, p });
  });
  const cid = new Map<string, number>();
  const t: Table = { s: new Float64Array(rows.length), y: new Float64Array(rows.length), policy: new Int32Array(rows.length), cluster: new Int32Array(rows.length), prompts: [], oracleByCluster: [] };
  let nOracle = 0;
  rows.forEach(({ x, p }, i) => {
    if (!Number.isFinite(x.judgeScore)) throw new WcError("E_RANGE", `${where}: judge score of policy '${names[p]}' row for prompt ${x.promptId} must be finite, got ${x.judgeScore}`);
    let c = cid.get(x.promptId);
    if (c === undefined) {
      c = t.prompts.length;
      cid.set(x.promptId, c);
      t.prompts.push(x.promptId);
      t.oracleByCluster.push([]);
    }
    t.s[i] = x.judgeScore;
    t.policy[i] = p;
    t.cluster[i] = c;
    const y = x.oracleLabel;
    if (typeof y === "number") {
      if (!(y >= 0 && y <= 1)) throw new WcError("E_RANGE", `${where}: oracle label ${y} (prompt ${x.promptId}) must be in [0, 1]; normalise first (normalizeToUnit)`);
      t.y[i] = y;
      t.oracleByCluster[c]!.push(i);
      nOracle++;
    } else t.y[i] = Number.NaN;
  });
  if (nOracle < 10) throw new WcError("E_SHAPE", `${where}: need at least 10 oracle labels among the fresh draws, got ${nOracle}; use directEstimate (OUA) with a separate calibrator`);
  const minOracle = o.minOraclePerReplicate ?? Math.max(10, Math.min(30, nOracle / 3));
  if (!(minOracle >= 1 && Number.isFinite(minOracle))) throw new WcError("E_RANGE", `${where}: minOraclePerReplicate must be >= 1, got ${minOracle}`);
  const G = t.prompts.length;
  const P = names.length;
  const ones = new Int32Array(G).fill(1);
  const full = estimateWith(t, ones, P, mode0, kMax, foldSeed, augmented)!;
  const plug = augmented ? estimateWith(t, ones, P, full.maps.mode, kMax, foldSeed, false)!.est : full.est;
  const mode = full.maps.mode; // fixed for the replicates
  const g = rng(o.seed ?? 42);
  const boot = Array.from({ length: P }, () => new Float64Array(B));
  let valid = 0;
  let attempts = 0;
  const cnt = new Int32Array(G);
  while (valid < B && attempts < 5 * B) {
    attempts++;
    cnt.fill(0);
    let no = 0;
    for (let d = 0; d < G; d++) {
      const c = g.integers(0, G);
      cnt[c]++;
      no += t.oracleByCluster[c]!.length;
    }
    if (no < minOracle) continue;
    const r = estimateWith(t, cnt, P, mode, kMax, foldSeed, augmented);
    if (r === null || !r.est.every(Number.isFinite)) continue;
    for (let p = 0; p < P; p++) boot[p]![valid] = r.est[p]!;
    valid++;
  }
  const out: Record<string, Estimate> = {};
  names.forEach((name, p) => {
    const b = boot[p]!.slice(0, valid);
    let m = 0;
    for (const v of b) m += v;
    m /= valid;
    let ss = 0;
    for (const v of b) ss += (v - m) ** 2;
    const se = valid > 1 ? Math.sqrt(ss / (valid - 1)) : Number.NaN;
    const ci: [number, number] = valid > 1 ? [quantile(b, alpha / 2), quantile(b, 1 - alpha / 2)] : [Number.NaN, Number.NaN];
    out[name] = {
      value: full.est[p]!,
      se,
      df: Math.max(1, valid - 1),
      ci,
      seIF: se,
      varOUA: 0,
      influence: new Float64Array(0),
      jack: new Float64Array(0),
      diagnostics: {
        estimator: "direct-bootstrap", inference: "cluster-bootstrap-refit", mode, augmented, plugIn: plug[p]!, residualCorrection: full.est[p]! - plug[p]!,
        nValid: valid, nAttempts: attempts, skipRate: (attempts - valid) / attempts, nOracle, minOraclePerReplicate: minOracle, nClusters: G, ouaApplied: false,
      },
    };
  });
  return out;
}
