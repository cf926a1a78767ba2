import { ebfmi, nutsChains, sliceSample } from "@wc/stats";
import { WcError, rng as makeRng } from "@wc/tensor";
import { finiteArray } from "./checks";
import { applyStandardizer, fitStandardizer, toMatrix } from "./design-matrix";
import { levelsFromThresholds, type ReuseLevel } from "./levels";
import { classProbs } from "./model/constrain";
import { makeLayout, type Layout } from "./model/layout";
import { makeLogPosterior, type ModelData } from "./model/log-posterior";
import { resolveFitOptions, type FitOptions } from "./options";
import { drawAt, predictRows, relevance, scalarDiagnostics, scalarNames, storeDraws, type DrawStore } from "./posterior";
import type { ReuseFit } from "./reuse-fit";
import { summarize, type Summary } from "./summary";
import { levelBoundary } from "./thresholds";

/** Starting point of one chain: small jitter around neutral values, data quantiles for the emission means. */
function initPoint(L: Layout, r: Float64Array, tau0: number, slabScale: number, seed: number, chain: number): Float64Array {
  const g = makeRng(seed).fork(`init-${chain}`);
  const jit = (w: number): number => w * (2 * g.uniform() - 1);
  const q = new Float64Array(L.dim);
  for (let i = 0; i < L.dim; i++) q[i] = jit(0.5);
  for (let k = 0; k < L.k1; k++) q[L.ls + k] = Math.log(0.5) + jit(0.5);
  if (L.link === "ordinal") q[L.a + 1] = Math.log(1) + jit(0.5);
  q[L.lt] = Math.log(0.5 * tau0) + jit(0.5);
  for (let kj = 0; kj < L.k1 * L.P; kj++) q[L.ll + kj] = jit(1);
  if (L.regularized) q[L.lc2] = Math.log(slabScale * slabScale) + jit(0.5);
  if (L.mode === "joint") {
    const s = Float64Array.from(r).sort();
    const at = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))] as number;
    const m1 = at(0.9);
    const m2 = Math.min(at(0.5), m1 - 0.01);
    const m3 = Math.min(at(0.1), m2 - 0.01);
    q[L.m] = m1 + jit(0.01);
    q[L.d] = Math.log(m1 - m2) + jit(0.2);
    q[L.d + 1] = Math.log(m2 - m3) + jit(0.2);
    for (let k = 0; k < 3; k++) q[L.lsig + k] = Math.log(0.05) + jit(0.3);
  }
  return q;
}

/** Per-specimen level probabilities (mean over draws) and, in joint mode, threshold draws. */
function levelPosterior(store: DrawStore, L: Layout, data: ModelData): { probs: number[][]; t12?: Float64Array; t23?: Float64Array } {
  const n = data.n;
  const acc = new Float64Array(n * 3);
  const pi = new Float64Array(3);
  const t12 = L.mode === "joint" ? new Float64Array(store.S) : undefined;
  const t23 = L.mode === "joint" ? new Float64Array(store.S) : undefined;
  const lk = new Float64Array(3);
  for (let s = 0; s < store.S; s++) {
    const d = drawAt(store, L, s);
    const bar = [0, 0, 0];
    for (let i = 0; i < n; i++) {
      const gi = data.group[i] as number;
      classProbs(d, L, data.X, i * L.P, d.u[gi * L.k1] as number, L.k1 === 2 ? (d.u[gi * L.k1 + 1] as number) : 0, pi);
      for (let k = 0; k < 3; k++) bar[k] += (pi[k] as number) / n;
      if (L.mode === "joint") {
        const r = data.r![i] as number;
        let mx = -Infinity;
        for (let k = 0; k < 3; k++) {
          const z = (r - (d.mu[k] as number)) / (d.sigma[k] as number);
          lk[k] = Math.log(pi[k] as number) - Math.log(d.sigma[k] as number) - 0.5 * z * z;
          mx = Math.max(mx, lk[k] as number);
        }
        let tot = 0;
        for (let k = 0; k < 3; k++) tot += Math.exp((lk[k] as number) - mx);
        for (let k = 0; k < 3; k++) acc[i * 3 + k] = (acc[i * 3 + k] as number) + Math.exp((lk[k] as number) - mx) / tot;
      } else {
        for (let k = 0; k < 3; k++) acc[i * 3 + k] = (acc[i * 3 + k] as number) + (pi[k] as number);
      }
    }
    if (t12 && t23) {
      const p = bar.map((b) => Math.max(b, 1e-300));
      t12[s] = levelBoundary(p[0]!, d.mu[0] as number, d.sigma[0] as number, p[1]!, d.mu[1] as number, d.sigma[1] as number);
      t23[s] = levelBoundary(p[1]!, d.mu[1] as number, d.sigma[1] as number, p[2]!, d.mu[2] as number, d.sigma[2] as number);
    }
  }
  const probs = Array.from({ length: n }, (_, i) => [0, 1, 2].map((k) => (acc[i * 3 + k] as number) / store.S));
  return { probs, t12, t23 };
}

const fixedSummary = (v: number): Summary => ({ mean: v, sd: 0, q05: v, q50: v, q95: v });

/**
 * Fits the hierarchical Bayesian reuse-level model: a multinomial (default) or ordinal logistic
 * model of the level on standardised features with group effects and a regularised horseshoe on
 * the coefficients; in joint mode the levels are latent and the residual performance R given the
 * level is normal with ordered means, so the decision thresholds on R are inferred; in fixed mode
 * the levels come from given thresholds. Sampled with @wc/stats' NUTS (or a slice sampler).
 *
 * @param r - residual performance per specimen (see `residualPerformance`).
 * @param X - features, one row per specimen (raw units; z-scored internally and again in `predict`).
 * @param groups - group (exposure regime, batch) per specimen.
 * @param options - {@link FitOptions}; defaults: joint, multinomial, tau0 1, slab 2 / df 4,
 *   regularised, NUTS, 4 chains x (1000 warmup + 1000 draws), targetAccept 0.8, depth 10, seed 0.
 *   Also `onProgress(done, total)` (default none; for progress bars, never changes the result):
 *   called once with `done = 0`, then after every sampler iteration of every chain (warmup
 *   included), so `total` = chains x (warmup + draws) and `done` runs 1..`total`.
 * @returns a {@link ReuseFit}.
 * @throws {WcError} `E_SHAPE` for empty or mismatched inputs; `E_RANGE` for NaN/Inf or bad options;
 *   `E_ARGUMENT` for fixed mode without thresholds, bad enum values or non-string groups.
 * @example
 * const fit = fitReuseModel(r, X, groups, { mode: "fixed", thresholds: [0.9, 0.7], chains: 2, warmup: 300, draws: 300 });
 * fit.predict([[450, 12, 1, 0, 30]]).probs[0]; // [p1, p2, p3]
 */
export function fitReuseModel(
  r: readonly number[],
  X: readonly (readonly number[])[],
  groups: readonly string[],
  options: FitOptions & { onProgress?: (done: number, total: number) => void } = {},
): ReuseFit {
  const where = "fitReuseModel";
  const o = resolveFitOptions(options);
  const onProgress = options.onProgress;
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new WcError("E_ARGUMENT", `${where}: onProgress must be a function (done, total) => void or undefined, got ${typeof onProgress}`);
  }
  const rv = finiteArray(r, where, "r");
  const n = rv.length;
  const m = toMatrix(X, where, undefined, n);
  const P = m.P;
  if (!Array.isArray(groups) || groups.length !== n) {
    throw new WcError("E_SHAPE", `${where}: groups has ${Array.isArray(groups) ? groups.length : "no"} entries, expected ${n} (one per specimen)`);
  }
  const features = options.featureNames ? [...options.featureNames] : Array.from({ length: P }, (_, j) => `x${j + 1}`);
  if (features.length !== P) throw new WcError("E_SHAPE", `${where}: featureNames has ${features.length} names, expected ${P}`);
  const groupIndex = new Map<string, number>();
  const group = new Int32Array(n);
  groups.forEach((g, i) => {
    if (typeof g !== "string") throw new WcError("E_ARGUMENT", `${where}: groups[${i}] must be a string, got ${typeof g}`);
    if (!groupIndex.has(g)) groupIndex.set(g, groupIndex.size);
    group[i] = groupIndex.get(g)!;
  });
  const std = fitStandardizer(m.data, n, P, options.standardize);
  const xs = applyStandardizer(m.data, n, P, std);
  let labels: Int32Array | undefined;
  let fixedLevels: ReuseLevel[] | undefined;
  if (o.mode === "fixed") {
    fixedLevels = levelsFromThresholds(Array.from(rv), o.thresholds!);
    labels = Int32Array.from(fixedLevels, (l) => l - 1);
  }
  const data: ModelData = { n, X: xs, group, labels, r: rv };
  const L = makeLayout(o.link, o.mode, o.prior.regularized, P, groupIndex.size);
  const logp = makeLogPosterior(data, L, { ...o.prior, interceptScale: 2.5 });
  const inits = Array.from({ length: o.chains }, (_, c) => initPoint(L, rv, o.prior.tau0, o.prior.slabScale, o.seed, c));

  let raw: Float64Array[];
  let divergences = 0;
  let bfmi: number[] = [];
  let stepSize: number[] = [];
  const perChain = o.warmup + o.draws;
  const total = o.chains * perChain;
  onProgress?.(0, total);
  // Chain c's iterations count after the c earlier chains'.
  const tick = (c: number) => (onProgress ? (done: number): void => onProgress(c * perChain + done, total) : undefined);
  if (o.sampler === "nuts") {
    // One chain at a time (chain c with seed + c, exactly as nutsChains does) so progress can tick.
    const res = inits.map((q0, c) => {
      const [one] = nutsChains(logp, [q0], { numWarmup: o.warmup, numDraws: o.draws, seed: o.seed + c, targetAccept: o.targetAccept, maxTreeDepth: o.maxTreeDepth, onIteration: tick(c) });
      return one!;
    });
    raw = res.map((x) => x.draws);
    divergences = res.reduce((a, x) => a + x.divergences, 0);
    bfmi = res.map((x) => ebfmi(x.energy));
    stepSize = res.map((x) => x.stepSize);
  } else {
    const grad = new Float64Array(L.dim);
    const f = (q: Float64Array): number => logp(q, grad);
    raw = inits.map((q0, c) => {
      return sliceSample(f, q0, { numWarmup: o.warmup, numDraws: o.draws, seed: o.seed + c, onIteration: tick(c) }).draws;
    });
  }
  const store = storeDraws(raw, o.draws, L);
  const post = levelPosterior(store, L, data);
  if (post.t12 && post.t23) {
    store.record.t12 = post.t12;
    store.record.t23 = post.t23;
    store.shapes.t12 = [];
    store.shapes.t23 = [];
  }
  const groupNames = [...groupIndex.keys()];
  const diagNames: Record<string, string[]> = {};
  for (const name of Object.keys(store.shapes)) if (name !== "kappa") diagNames[name] = scalarNames(name, L, features, groupNames);
  const diag = scalarDiagnostics(store, o.chains, o.draws, diagNames);
  const warnings: string[] = [];
  const badR = Object.entries(diag.rhat).filter(([, v]) => v > 1.01);
  if (badR.length) warnings.push(`R-hat > 1.01 for ${badR.length} scalars (worst ${badR.sort((a, b) => b[1] - a[1])[0]![0]} = ${badR[0]![1].toFixed(3)})`);
  const lowEss = Object.entries(diag.essBulk).filter(([, v]) => v < 400);
  if (lowEss.length) warnings.push(`bulk ESS < 400 for ${lowEss.length} scalars`);
  if (divergences > 0) warnings.push(`${divergences} divergent transitions after warmup; raise targetAccept`);
  if (bfmi.some((b) => b < 0.3)) warnings.push(`E-BFMI < 0.3 in ${bfmi.filter((b) => b < 0.3).length} chains`);

  const levels: ReuseLevel[] =
    fixedLevels ?? post.probs.map((p) => ((p[0]! >= p[1]! && p[0]! >= p[2]! ? 1 : p[1]! >= p[2]! ? 2 : 3) as ReuseLevel));
  const thresholds =
    o.mode === "joint"
      ? { t12: summarize(post.t12!), t23: summarize(post.t23!) }
      : { t12: fixedSummary(o.thresholds![0]), t23: fixedSummary(o.thresholds![1]) };
  return {
    mode: o.mode,
    link: o.link,
    featureNames: features,
    groupNames,
    chains: o.chains,
    drawsPerChain: o.draws,
    draws: store.record,
    paramShapes: store.shapes,
    thresholds,
    levelProbs: post.probs,
    levels,
    predict: (Xnew, g) => predictRows(store, L, std, groupIndex, o.seed, Xnew, g),
    featureRelevance: () => relevance(store, L, features),
    diagnostics: { ...diag, divergences, ebfmi: bfmi, stepSize, warnings },
  };
}
