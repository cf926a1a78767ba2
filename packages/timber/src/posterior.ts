import { essBulk, essTail, rhat } from "@wc/stats";
import { WcError, rng as makeRng } from "@wc/tensor";
import { applyStandardizer, toMatrix, type Standardizer } from "./design-matrix";
import type { ReuseLevel } from "./levels";
import { classProbs, constrain, emptyDraw, type Draw } from "./model/constrain";
import type { Layout } from "./model/layout";
import { sortedQuantile } from "./summary";
import type { FeatureRelevance } from "./reuse-fit";

/** Posterior draws on the constrained scale, stored per parameter (chains concatenated). */
export interface DrawStore {
  readonly S: number;
  readonly record: Record<string, Float64Array>;
  readonly shapes: Record<string, number[]>;
}

/** Converts raw unconstrained chains (each numDraws x dim) into a {@link DrawStore}. */
export function storeDraws(raw: readonly Float64Array[], perChain: number, L: Layout): DrawStore {
  const S = raw.length * perChain;
  const kp = L.k1 * L.P;
  const shapes: Record<string, number[]> = {
    [L.link === "ordinal" ? "cutpoints" : "a"]: [2],
    s: [L.k1],
    u: [L.G, L.k1],
    beta: [L.k1, L.P],
    lambda: [L.k1, L.P],
    kappa: [L.k1, L.P],
    tau: [],
  };
  if (L.regularized) shapes.c2 = [];
  if (L.mode === "joint") {
    shapes.mu = [3];
    shapes.sigma = [3];
  }
  const record: Record<string, Float64Array> = {};
  for (const [k, sh] of Object.entries(shapes)) record[k] = new Float64Array(S * sh.reduce((a, b) => a * b, 1));
  const d = emptyDraw(L);
  const aKey = L.link === "ordinal" ? "cutpoints" : "a";
  for (let c = 0; c < raw.length; c++) {
    for (let t = 0; t < perChain; t++) {
      const s = c * perChain + t;
      constrain(raw[c]!.subarray(t * L.dim, (t + 1) * L.dim), L, d);
      record[aKey]!.set(d.a, s * 2);
      record.s!.set(d.s, s * L.k1);
      record.u!.set(d.u, s * L.G * L.k1);
      record.beta!.set(d.beta, s * kp);
      record.lambda!.set(d.lambda, s * kp);
      record.kappa!.set(d.kappa, s * kp);
      record.tau![s] = d.tau;
      if (L.regularized) record.c2![s] = d.c2;
      if (L.mode === "joint") {
        record.mu!.set(d.mu, s * 3);
        record.sigma!.set(d.sigma, s * 3);
      }
    }
  }
  return { S, record, shapes };
}

/** A {@link Draw} view of draw s of a store (subarrays, no copies). */
export function drawAt(store: DrawStore, L: Layout, s: number): Draw {
  const r = store.record;
  const kp = L.k1 * L.P;
  return {
    a: (r.a ?? r.cutpoints)!.subarray(s * 2, s * 2 + 2),
    s: r.s!.subarray(s * L.k1, (s + 1) * L.k1),
    u: r.u!.subarray(s * L.G * L.k1, (s + 1) * L.G * L.k1),
    beta: r.beta!.subarray(s * kp, (s + 1) * kp),
    lambda: r.lambda!.subarray(s * kp, (s + 1) * kp),
    kappa: r.kappa!.subarray(s * kp, (s + 1) * kp),
    tau: r.tau![s] as number,
    c2: r.c2 ? (r.c2[s] as number) : Infinity,
    mu: r.mu ? r.mu.subarray(s * 3, s * 3 + 3) : new Float64Array(3),
    sigma: r.sigma ? r.sigma.subarray(s * 3, s * 3 + 3) : new Float64Array(3),
  };
}

/** Scalar names of a parameter's entries (`beta[2,density]`, `u[ctrl,3]`, `tau`, ...). */
export function scalarNames(name: string, L: Layout, features: readonly string[], groups: readonly string[]): string[] {
  const lv = (k: number): string => (L.k1 === 2 ? String(k + 2) : "");
  const kf = (prefix: string): string[] => {
    const out: string[] = [];
    for (let k = 0; k < L.k1; k++) for (const f of features) out.push(L.k1 === 2 ? `${prefix}[${lv(k)},${f}]` : `${prefix}[${f}]`);
    return out;
  };
  switch (name) {
    case "a":
      return ["a[2]", "a[3]"];
    case "cutpoints":
      return ["cutpoints[1]", "cutpoints[2]"];
    case "s":
      return L.k1 === 2 ? ["s[2]", "s[3]"] : ["s"];
    case "u":
      return groups.flatMap((g) => Array.from({ length: L.k1 }, (_, k) => (L.k1 === 2 ? `u[${g},${lv(k)}]` : `u[${g}]`)));
    case "beta":
    case "lambda":
    case "kappa":
      return kf(name);
    case "mu":
    case "sigma":
      return [1, 2, 3].map((k) => `${name}[${k}]`);
    default:
      return [name];
  }
}

/** R-hat, bulk and tail ESS of every scalar of the listed parameters. */
export function scalarDiagnostics(
  store: DrawStore,
  chains: number,
  perChain: number,
  names: Record<string, string[]>,
): { rhat: Record<string, number>; essBulk: Record<string, number>; essTail: Record<string, number> } {
  const out = { rhat: {} as Record<string, number>, essBulk: {} as Record<string, number>, essTail: {} as Record<string, number> };
  for (const [param, scalars] of Object.entries(names)) {
    const arr = store.record[param]!;
    const width = scalars.length;
    scalars.forEach((nm, j) => {
      const cs: Float64Array[] = [];
      for (let c = 0; c < chains; c++) {
        const x = new Float64Array(perChain);
        for (let t = 0; t < perChain; t++) x[t] = arr[(c * perChain + t) * width + j] as number;
        cs.push(x);
      }
      const constant = cs.every((x) => x.every((v) => v === x[0]));
      out.rhat[nm] = constant ? 1 : rhat(cs);
      out.essBulk[nm] = constant ? NaN : essBulk(cs);
      out.essTail[nm] = constant ? NaN : essTail(cs);
    });
  }
  return out;
}

/** Posterior predictive probabilities (mean and 90% interval) for new rows. */
export function predictRows(
  store: DrawStore,
  L: Layout,
  std: Standardizer,
  groupIndex: ReadonlyMap<string, number>,
  seed: number,
  Xnew: readonly (readonly number[])[],
  groups?: readonly string[],
): { probs: number[][]; level: ReuseLevel[]; lo: number[][]; hi: number[][] } {
  const where = "predict";
  const m = toMatrix(Xnew, where, L.P);
  if (groups !== undefined && (!Array.isArray(groups) || groups.length !== m.n)) {
    throw new WcError("E_SHAPE", `${where}: groups has ${Array.isArray(groups) ? groups.length : "no"} entries, expected ${m.n} (one per row)`);
  }
  const x = applyStandardizer(m.data, m.n, L.P, std);
  const S = store.S;
  const rng = makeRng(seed).fork("predict");
  // effects for groups not seen in training: one draw from N(0, s_k^2) per (draw, new group)
  const newGroups = new Map<string, Float64Array>();
  const keyOf = (i: number): string => (groups ? String(groups[i]) : "\u0000new");
  for (let i = 0; i < m.n; i++) {
    const key = keyOf(i);
    if (!groupIndex.has(key) && !newGroups.has(key)) {
      const v = new Float64Array(S * L.k1);
      for (let s = 0; s < S; s++) for (let k = 0; k < L.k1; k++) v[s * L.k1 + k] = (store.record.s![s * L.k1 + k] as number) * rng.normal();
      newGroups.set(key, v);
    }
  }
  const probs: number[][] = [];
  const lo: number[][] = [];
  const hi: number[][] = [];
  const level: ReuseLevel[] = [];
  const pi = new Float64Array(3);
  const cols = [new Float64Array(S), new Float64Array(S), new Float64Array(S)];
  const draws = Array.from({ length: S }, (_, s) => drawAt(store, L, s));
  for (let i = 0; i < m.n; i++) {
    const key = keyOf(i);
    const gi = groupIndex.get(key);
    const nu = newGroups.get(key);
    for (let s = 0; s < S; s++) {
      const d = draws[s]!;
      const u0 = gi !== undefined ? (d.u[gi * L.k1] as number) : (nu![s * L.k1] as number);
      const u1 = L.k1 === 2 ? (gi !== undefined ? (d.u[gi * L.k1 + 1] as number) : (nu![s * L.k1 + 1] as number)) : 0;
      classProbs(d, L, x, i * L.P, u0, u1, pi);
      for (let k = 0; k < 3; k++) cols[k]![s] = pi[k] as number;
    }
    const mean = cols.map((c) => c.reduce((a, b) => a + b, 0) / S);
    const sorted = cols.map((c) => Float64Array.from(c).sort());
    probs.push(mean);
    lo.push(sorted.map((c) => sortedQuantile(c, 0.05)));
    hi.push(sorted.map((c) => sortedQuantile(c, 0.95)));
    let best = 0;
    for (let k = 1; k < 3; k++) if ((mean[k] as number) > (mean[best] as number)) best = k;
    level.push((best + 1) as ReuseLevel);
  }
  return { probs, level, lo, hi };
}

/** Feature relevance from the stored draws, sorted by decreasing mean |beta|. */
export function relevance(store: DrawStore, L: Layout, features: readonly string[]): FeatureRelevance[] {
  const out: FeatureRelevance[] = [];
  const kp = L.k1 * L.P;
  const S = store.S;
  for (let k = 0; k < L.k1; k++) {
    for (let j = 0; j < L.P; j++) {
      let abs = 0;
      let pos = 0;
      let kap = 0;
      for (let s = 0; s < S; s++) {
        const b = store.record.beta![s * kp + k * L.P + j] as number;
        abs += Math.abs(b);
        if (b > 0) pos++;
        kap += store.record.kappa![s * kp + k * L.P + j] as number;
      }
      const row: FeatureRelevance = { name: features[j]!, meanAbsBeta: abs / S, probPositive: pos / S, shrinkage: kap / S };
      out.push(L.k1 === 2 ? { ...row, level: (k + 2) as 2 | 3 } : row);
    }
  }
  return out.sort((a, b) => b.meanAbsBeta - a.meanAbsBeta);
}
