import { WcError } from "@wc/tensor";
import type { Id } from "./types";

/** Key of a (user, item) pair in {@link CandidateOptions.relevance}: `${user}\t${item}`. */
export function pairKey(user: Id, item: Id): string {
  return `${String(user)}\t${String(item)}`;
}

/** Options of {@link candidateMetrics}. */
export interface CandidateOptions {
  /** Item similarity: co-occurrence cosine over train users ('cooccurrence', default) or cosine of item feature vectors ('features'). */
  itemSim?: "cooccurrence" | "features";
  /** Item feature vectors (required with itemSim 'features'). */
  features?: Map<Id, Float64Array>;
  /** rel(u, i) ∈ {0, 1} keyed by {@link pairKey}; missing pairs count as 1. Default: all 1. */
  relevance?: Map<string, 0 | 1>;
}

/** Result of {@link candidateMetrics}. */
export interface CandidateResult {
  catalogCoverage: number;
  distributionalCoverage: number;
  novelty: number;
  diversity: number;
  serendipity: number;
  perUser: Map<Id, { diversity?: number; serendipity: number }>;
}

function checkPairs(name: string, rows: readonly [Id, Id][]): void {
  if (!Array.isArray(rows)) throw new WcError("E_ARGUMENT", `candidateMetrics: ${name} must be an array of [user, item] pairs`);
  rows.forEach((r, i) => {
    if (!Array.isArray(r) || r.length !== 2 || !["string", "number"].includes(typeof r[0]) || !["string", "number"].includes(typeof r[1])) {
      throw new WcError("E_FORMAT", `candidateMetrics: ${name}[${i}] must be a [user, item] pair of strings/numbers, got ${JSON.stringify(r)}`);
    }
  });
}

/**
 * Catalogue-level metrics of recommendation lists: catalog coverage, distributional coverage
 * (Shannon entropy in bits of the recommended-item distribution), novelty (mean self-information
 * −log2 of each recommended item's share of train rows; items unseen in train add 0 but count in the
 * denominator, as the survey repo does), intra-list diversity (1 − mean pairwise item similarity; users
 * with fewer than two distinct items are left out) and serendipity ((1 − mean similarity to the user's
 * train items)·rel, averaged per user then over users; a user without train items has mean similarity 0).
 *
 * @param train - (user, item) interactions used for popularity and similarity
 * @param reco - (user, item) recommendations; the order of a user's rows is its list
 * @param o - options; itemSim default 'cooccurrence'; relevance default all 1
 * @returns global metrics and per-user diversity/serendipity
 * @throws WcError E_FORMAT for malformed pairs; E_SHAPE for empty train or reco; E_ARGUMENT for a missing feature vector or bad option; E_RANGE for a relevance value not 0/1 or non-finite features
 * @example
 * candidateMetrics([["u1", "i1"], ["u2", "i2"]], [["u1", "i2"]]).catalogCoverage; // 0.5
 */
export function candidateMetrics(train: readonly [Id, Id][], reco: readonly [Id, Id][], o: CandidateOptions = {}): CandidateResult {
  checkPairs("train", train);
  checkPairs("reco", reco);
  if (train.length === 0 || reco.length === 0) throw new WcError("E_SHAPE", `candidateMetrics: train and reco must be non-empty, got ${train.length} and ${reco.length} rows`);
  const itemSim = o.itemSim ?? "cooccurrence";
  if (itemSim !== "cooccurrence" && itemSim !== "features") throw new WcError("E_ARGUMENT", `candidateMetrics: itemSim must be 'cooccurrence' or 'features', got ${JSON.stringify(itemSim)}`);
  if (o.relevance) {
    for (const [key, v] of o.relevance) if (v !== 0 && v !== 1) throw new WcError("E_RANGE", `candidateMetrics: relevance of ${key} must be 0 or 1, got ${String(v)}`);
  }

  // Train structures: item -> set of users, user -> items, item row counts.
  const itemUsers = new Map<string, Set<string>>();
  const userItems = new Map<string, string[]>();
  const trainCount = new Map<string, number>();
  for (const [u, i] of train) {
    const uk = String(u);
    const ik = String(i);
    trainCount.set(ik, (trainCount.get(ik) ?? 0) + 1);
    let s = itemUsers.get(ik);
    if (!s) itemUsers.set(ik, (s = new Set()));
    s.add(uk);
    let l = userItems.get(uk);
    if (!l) userItems.set(uk, (l = []));
    if (!l.includes(ik)) l.push(ik);
  }

  const features = new Map<string, Float64Array>();
  if (itemSim === "features") {
    if (!(o.features instanceof Map)) throw new WcError("E_ARGUMENT", "candidateMetrics: itemSim 'features' needs a features Map item -> Float64Array");
    for (const [i, f] of o.features) {
      for (let t = 0; t < f.length; t++) if (!Number.isFinite(f[t])) throw new WcError("E_RANGE", `candidateMetrics: feature ${t} of item ${String(i)} is not finite`);
      features.set(String(i), f);
    }
  }
  const simCache = new Map<string, number>();
  const sim = (a: string, b: string): number => {
    const key = a < b ? `${a}\t${b}` : `${b}\t${a}`;
    const hit = simCache.get(key);
    if (hit !== undefined) return hit;
    let v: number;
    if (itemSim === "features") {
      const fa = features.get(a);
      const fb = features.get(b);
      if (!fa || !fb) throw new WcError("E_ARGUMENT", `candidateMetrics: no feature vector for item ${!fa ? a : b}`);
      if (fa.length !== fb.length) throw new WcError("E_SHAPE", `candidateMetrics: feature vectors of ${a} and ${b} differ in length (${fa.length} vs ${fb.length})`);
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let t = 0; t < fa.length; t++) {
        dot += (fa[t] as number) * (fb[t] as number);
        na += (fa[t] as number) ** 2;
        nb += (fb[t] as number) ** 2;
      }
      v = na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
    } else {
      const ua = itemUsers.get(a);
      const ub = itemUsers.get(b);
      if (!ua || !ub) v = 0;
      else {
        let inter = 0;
        const [small, big] = ua.size < ub.size ? [ua, ub] : [ub, ua];
        for (const x of small) if (big.has(x)) inter++;
        v = inter / Math.sqrt(ua.size * ub.size);
      }
    }
    simCache.set(key, v);
    return v;
  };

  // Reco structures.
  const recoCount = new Map<string, number>();
  const lists = new Map<string, { id: Id; items: string[] }>();
  let noveltySum = 0;
  for (const [u, i] of reco) {
    const ik = String(i);
    recoCount.set(ik, (recoCount.get(ik) ?? 0) + 1);
    const c = trainCount.get(ik);
    if (c !== undefined) noveltySum += -Math.log2(c / train.length);
    const uk = String(u);
    let l = lists.get(uk);
    if (!l) lists.set(uk, (l = { id: u, items: [] }));
    l.items.push(ik);
  }
  let entropy = 0;
  for (const c of recoCount.values()) {
    const p = c / reco.length;
    entropy -= p * Math.log2(p);
  }

  const perUser = new Map<Id, { diversity?: number; serendipity: number }>();
  let divSum = 0;
  let divN = 0;
  let serSum = 0;
  for (const [uk, { id, items }] of lists) {
    const distinct = [...new Set(items)];
    const rec: { diversity?: number; serendipity: number } = { serendipity: 0 };
    if (distinct.length >= 2) {
      let s = 0;
      let n = 0;
      for (let a = 0; a < distinct.length; a++) {
        for (let b = a + 1; b < distinct.length; b++) {
          s += sim(distinct[a] as string, distinct[b] as string);
          n++;
        }
      }
      rec.diversity = 1 - s / n;
      divSum += rec.diversity;
      divN++;
    }
    const hist = userItems.get(uk) ?? [];
    let ser = 0;
    for (const i of items) {
      let ms = 0;
      for (const j of hist) ms += sim(i, j);
      if (hist.length > 0) ms /= hist.length;
      const rel = o.relevance?.get(`${uk}\t${i}`) ?? 1;
      ser += (1 - ms) * rel;
    }
    rec.serendipity = ser / items.length;
    serSum += rec.serendipity;
    perUser.set(id, rec);
  }

  return {
    catalogCoverage: recoCount.size / trainCount.size,
    distributionalCoverage: entropy,
    novelty: noveltySum / reco.length,
    diversity: divN > 0 ? divSum / divN : 0,
    serendipity: serSum / lists.size,
    perUser,
  };
}
