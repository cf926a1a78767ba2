import { WcError } from "@wc/tensor";
import { resolveRankOptions, type RankOpts, type ResolvedRankOpts } from "./options";
import { userRankValues, type UserRankValues } from "./ranking-user";
import { RANK_METRICS, type Id, type Qrels, type RankMetric, type RankedList, type Run } from "./types";

/** Result of {@link rankingMetrics}. */
export interface RankingResult {
  /** Mean of each requested metric under the preset's averaging rules (0 when no user is averaged). */
  mean: Record<string, number>;
  /** Per-user values of the requested metrics for every evaluated user (`auc`/`gauc` only where both classes exist). */
  perUser: Map<Id, Record<string, number>>;
  /** How many users were averaged, and how many were skipped for having no relevant item. */
  counts: { users: number; skipped: number };
  /** The resolved options the numbers were computed with. */
  options: ResolvedRankOpts;
}

function pick(v: UserRankValues, m: RankMetric): number | undefined {
  switch (m) {
    case "mrr":
      return v.rr;
    case "map":
      return v.ap;
    case "auc":
    case "gauc":
      return v.auc;
    default:
      return v[m];
  }
}

function orderedList(user: Id, list: RankedList, ties: ResolvedRankOpts["ties"]): { keys: string[]; scores?: Float64Array } {
  if (!list || !Array.isArray(list.items)) {
    throw new WcError("E_ARGUMENT", `rankingMetrics: run entry of user ${String(user)} must be { items: Id[], scores? }`);
  }
  const keys = list.items.map((x) => String(x));
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new WcError("E_ARGUMENT", `rankingMetrics: item ${key} appears twice in the list of user ${String(user)}; remove duplicates`);
    seen.add(key);
  }
  const s = list.scores;
  if (s === undefined) return { keys };
  if (s.length !== keys.length) {
    throw new WcError("E_SHAPE", `rankingMetrics: user ${String(user)} has ${keys.length} items but ${s.length} scores; give one score per item`);
  }
  for (let i = 0; i < s.length; i++) {
    if (!Number.isFinite(s[i])) throw new WcError("E_RANGE", `rankingMetrics: score ${i} of user ${String(user)} is ${String(s[i])}; scores must be finite`);
  }
  const idx = keys.map((_, i) => i);
  idx.sort((a, b) => {
    const d = (s[b] as number) - (s[a] as number);
    if (d !== 0 || ties === "inputOrder") return d;
    const ka = keys[a] as string;
    const kb = keys[b] as string;
    return ka < kb ? 1 : ka > kb ? -1 : 0;
  });
  return { keys: idx.map((i) => keys[i] as string), scores: Float64Array.from(idx, (i) => s[i] as number) };
}

function gradesOf(user: Id, m: Map<Id, number> | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (m === undefined) return out;
  if (!(m instanceof Map)) throw new WcError("E_ARGUMENT", `rankingMetrics: qrels of user ${String(user)} must be a Map item -> grade`);
  for (const [item, g] of m) {
    if (typeof g !== "number" || !Number.isFinite(g)) {
      throw new WcError("E_RANGE", `rankingMetrics: grade of user ${String(user)}, item ${String(item)} is ${String(g)}; grades must be finite numbers`);
    }
    out.set(String(item), g);
  }
  return out;
}

/**
 * Top-k ranking metrics per user and averaged, with every convention explicit (see {@link RankOpts}
 * and the presets in {@link PRESETS}).
 *
 * @param qrels - user -> item -> graded relevance
 * @param run - user -> ranked list (optionally with scores, re-sorted with the tie rule)
 * @param metrics - metric names to report ('precision', 'recall', 'f1', 'hitRate', 'mrr', 'arhr', 'map', 'ndcg', 'dcg', 'auc', 'gauc')
 * @param o - options; defaults: k 10, preset 'standard' (linear gain, IDCG over all relevant, AP over |R|, precision over k, qrels users, users without relevant items skipped, relLevel 1, trec tie order)
 * @returns means, per-user values, counts and the resolved options
 * @throws WcError E_ARGUMENT for bad metric names, options, duplicate items or malformed entries; E_SHAPE when scores and items differ in length; E_RANGE for non-finite grades or scores
 * @example
 * const qrels = new Map([["u", new Map([["b", 3], ["d", 1], ["f", 2]])]]);
 * const run = new Map([["u", { items: ["a", "b", "c", "d", "e"] }]]);
 * rankingMetrics(qrels, run, ["ndcg"], { k: 5 }).mean.ndcg; // 0.487932...
 */
export function rankingMetrics(qrels: Qrels, run: Run, metrics: readonly RankMetric[], o: RankOpts = {}): RankingResult {
  if (!(qrels instanceof Map) || !(run instanceof Map)) {
    throw new WcError("E_ARGUMENT", "rankingMetrics: qrels and run must be Maps (use qrelsFromJson/runFromJson for plain objects)");
  }
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw new WcError("E_ARGUMENT", `rankingMetrics: metrics must be a non-empty array of ${RANK_METRICS.join(", ")}`);
  }
  for (const m of metrics) {
    if (!RANK_METRICS.includes(m)) throw new WcError("E_ARGUMENT", `rankingMetrics: unknown metric ${JSON.stringify(m)}; use one of ${RANK_METRICS.join(", ")}`);
  }
  const opts = resolveRankOptions(o);
  const qUsers = new Map<string, Id>();
  for (const u of qrels.keys()) qUsers.set(String(u), u);
  const rUsers = new Map<string, Id>();
  for (const u of run.keys()) rUsers.set(String(u), u);
  const qByKey = new Map<string, Map<Id, number>>();
  for (const [u, m] of qrels) qByKey.set(String(u), m);
  const rByKey = new Map<string, RankedList>();
  for (const [u, l] of run) rByKey.set(String(u), l);

  const evalUser = (key: string, id: Id): UserRankValues => {
    const list = rByKey.get(key);
    const ord = list === undefined ? { keys: [] as string[] } : orderedList(id, list, opts.ties);
    return userRankValues(gradesOf(id, qByKey.get(key)), ord.keys, ord.scores, opts);
  };
  const record = (v: UserRankValues): Record<string, number> => {
    const r: Record<string, number> = {};
    for (const m of metrics) {
      const x = pick(v, m);
      if (x !== undefined) r[m] = x;
    }
    return r;
  };

  const perUser = new Map<Id, Record<string, number>>();
  const mean: Record<string, number> = {};
  if (opts.msrecAveraging) {
    // The survey repo's quirks: P/R/MAP over users in both truth and prediction; NDCG over truth users;
    // MRR over users with a hit; ARHR over hit rows.
    const common: [string, Id][] = [...qUsers].filter(([key]) => rByKey.has(key));
    const vals = new Map<string, UserRankValues>();
    for (const [key, id] of qUsers) {
      const v = evalUser(key, id);
      vals.set(key, v);
      perUser.set(id, record(v));
    }
    const nCommon = common.length;
    for (const m of metrics) {
      if (m === "ndcg") {
        let s = 0;
        for (const v of vals.values()) s += v.ndcg;
        mean[m] = vals.size > 0 ? s / vals.size : 0;
      } else if (m === "mrr") {
        let s = 0;
        let n = 0;
        for (const [key] of common) {
          const v = vals.get(key) as UserRankValues;
          if (v.hits > 0) {
            s += v.rr;
            n++;
          }
        }
        mean[m] = n > 0 ? s / n : 0;
      } else if (m === "arhr") {
        let s = 0;
        let n = 0;
        for (const [key] of common) {
          for (const r of (vals.get(key) as UserRankValues).hitRanks) {
            s += 1 / r;
            n++;
          }
        }
        mean[m] = n > 0 ? s / n : 0;
      } else {
        mean[m] = averageOf(common.map(([key]) => vals.get(key) as UserRankValues), m);
      }
    }
    return { mean, perUser, counts: { users: nCommon, skipped: 0 }, options: opts };
  }

  let users: [string, Id][];
  if (opts.userSet === "qrels") users = [...qUsers];
  else if (opts.userSet === "run") users = [...rUsers];
  else users = [...qUsers].filter(([key]) => rByKey.has(key));
  const kept: UserRankValues[] = [];
  let skipped = 0;
  for (const [key, id] of users) {
    const v = evalUser(key, id);
    if (v.nRel === 0 && opts.emptyUser === "skip") {
      skipped++;
      continue;
    }
    kept.push(v);
    perUser.set(id, record(v));
  }
  for (const m of metrics) mean[m] = averageOf(kept, m);
  return { mean, perUser, counts: { users: kept.length, skipped }, options: opts };
}

function averageOf(vals: readonly UserRankValues[], m: RankMetric): number {
  let s = 0;
  let n = 0;
  for (const v of vals) {
    if (m === "gauc") {
      if (v.auc !== undefined) {
        s += v.auc * v.nRel;
        n += v.nRel;
      }
      continue;
    }
    const x = pick(v, m);
    if (x === undefined) continue;
    s += x;
    n++;
  }
  return n > 0 ? s / n : 0;
}
