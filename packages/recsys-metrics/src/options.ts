import { WcError } from "@wc/tensor";

/** Named bundles of conventions; see {@link PRESETS}. */
export type RankPreset = "standard" | "trec" | "ranx" | "recbole" | "msrec";

/**
 * Options of {@link rankingMetrics}. Every field not given comes from the preset; an explicit
 * field always wins over the preset.
 */
export interface RankOpts {
  /** Cutoff; 0 = the whole list. Default 10 (the survey repo's DEFAULT_K). */
  k?: number;
  /** Convention bundle. Default 'standard' (trec_eval conventions, averaged over users with a relevant item). */
  preset?: RankPreset;
  /** DCG gain: 'linear' = rel, 'exp2' = 2^rel - 1, 'binary' = 1. Default 'linear' ('binary' under recbole/msrec). */
  gain?: "linear" | "exp2" | "binary";
  /** IDCG from every relevant item ('allRelevant', default) or only from the relevant items retrieved in the top k. */
  idealOver?: "allRelevant" | "retrievedRelevant";
  /** AP denominator: |R_u| ('numRelevant', default), min(|R_u|, k) ('minRelK', recbole) or the number of hits ('numHits'). */
  apDenominator?: "numRelevant" | "minRelK" | "numHits";
  /** Precision denominator: k even for shorter lists ('k', default) or min(k, list length) ('retrievedAtK'). */
  precisionDenominator?: "k" | "retrievedAtK";
  /** Users averaged: those of the qrels ('qrels', default), of both qrels and run ('common'), or of the run ('run'). */
  userSet?: "qrels" | "common" | "run";
  /** Users without a relevant item: skipped ('skip', default) or scored 0 ('zero'). */
  emptyUser?: "zero" | "skip";
  /** Minimum grade that counts as relevant. Default 1. */
  relLevel?: number;
  /** Tie rule when scores are given: stable input order ('inputOrder') or trec_eval's item id descending ('trec'). Default 'trec' (standard/trec), 'inputOrder' (ranx/recbole/msrec). */
  ties?: "inputOrder" | "trec";
  /** Extension: depth of the reciprocal rank, the top k ('k', default) or the whole list ('full', trec_eval's recip_rank). */
  rrDepth?: "k" | "full";
  /** Extension: logarithm base of the DCG discount. Default 2 (e under msrec, its discfun_type='loge'); NDCG does not depend on it. */
  logBase?: number;
  /** Extension: the survey repo's averaging quirks (see README). Default false; true only under preset 'msrec'. */
  msrecAveraging?: boolean;
}

/** Fully resolved options: every field present. */
export type ResolvedRankOpts = Readonly<Required<Omit<RankOpts, "preset">> & { preset: RankPreset }>;

type PresetFields = Omit<ResolvedRankOpts, "k" | "preset">;

const BASE: PresetFields = {
  gain: "linear",
  idealOver: "allRelevant",
  apDenominator: "numRelevant",
  precisionDenominator: "k",
  userSet: "qrels",
  emptyUser: "skip",
  relLevel: 1,
  ties: "trec",
  rrDepth: "k",
  logBase: 2,
  msrecAveraging: false,
};

/**
 * The conventions of each preset (see the README's fidelity notes for the sources):
 * - standard: trec_eval formulas, averaged over the qrels users that have a relevant item.
 * - trec: pytrec_eval per-query values over users in both qrels and run, 0 for users without a relevant item, recip_rank over the whole list.
 * - ranx: every qrels user, 0 when it has no relevant item, input order on ties.
 * - recbole: binary gain, AP over min(|R|, k), users without a relevant item never evaluated.
 * - msrec: the survey repo's copy of Microsoft Recommenders, with its averaging quirks.
 */
export const PRESETS: Readonly<Record<RankPreset, Readonly<PresetFields>>> = Object.freeze({
  standard: Object.freeze({ ...BASE }),
  trec: Object.freeze({ ...BASE, userSet: "common", emptyUser: "zero", rrDepth: "full" }),
  ranx: Object.freeze({ ...BASE, emptyUser: "zero", ties: "inputOrder" }),
  recbole: Object.freeze({ ...BASE, gain: "binary", apDenominator: "minRelK", ties: "inputOrder" }),
  msrec: Object.freeze({
    ...BASE,
    gain: "binary",
    userSet: "common",
    emptyUser: "zero",
    ties: "inputOrder",
    logBase: Math.E,
    msrecAveraging: true,
  }),
} as const);

const CHOICES: Record<string, readonly (string | boolean)[]> = {
  gain: ["linear", "exp2", "binary"],
  idealOver: ["allRelevant", "retrievedRelevant"],
  apDenominator: ["numRelevant", "minRelK", "numHits"],
  precisionDenominator: ["k", "retrievedAtK"],
  userSet: ["qrels", "common", "run"],
  emptyUser: ["zero", "skip"],
  ties: ["inputOrder", "trec"],
  rrDepth: ["k", "full"],
  msrecAveraging: [true, false],
};

/**
 * Validates ranking options and fills every missing field from the preset.
 *
 * @param o - user options (not mutated)
 * @returns a new frozen, fully resolved options object
 * @throws WcError E_ARGUMENT for an unknown preset/option value or a non-integer or negative k; E_RANGE for a non-finite relLevel or a logBase that is not > 1
 * @example
 * resolveRankOptions({ preset: "recbole", k: 5 }).apDenominator; // "minRelK"
 */
export function resolveRankOptions(o: RankOpts = {}): ResolvedRankOpts {
  const preset = o.preset ?? "standard";
  if (!Object.prototype.hasOwnProperty.call(PRESETS, preset)) {
    throw new WcError("E_ARGUMENT", `rankingMetrics: unknown preset ${JSON.stringify(preset)}; use one of ${Object.keys(PRESETS).join(", ")}`);
  }
  const k = o.k ?? 10;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 0) {
    throw new WcError("E_ARGUMENT", `rankingMetrics: k must be an integer >= 0 (0 = whole list), got ${String(k)}`);
  }
  const out: Record<string, unknown> = { ...PRESETS[preset], k, preset };
  for (const [name, allowed] of Object.entries(CHOICES)) {
    const v = (o as Record<string, unknown>)[name];
    if (v === undefined) continue;
    if (!allowed.includes(v as string | boolean)) {
      throw new WcError("E_ARGUMENT", `rankingMetrics: option ${name} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(v)}`);
    }
    out[name] = v;
  }
  if (o.relLevel !== undefined) {
    if (typeof o.relLevel !== "number" || !Number.isFinite(o.relLevel)) {
      throw new WcError("E_RANGE", `rankingMetrics: relLevel must be a finite number, got ${String(o.relLevel)}`);
    }
    out.relLevel = o.relLevel;
  }
  if (o.logBase !== undefined) {
    if (typeof o.logBase !== "number" || !Number.isFinite(o.logBase) || o.logBase <= 1) {
      throw new WcError("E_RANGE", `rankingMetrics: logBase must be a finite number > 1, got ${String(o.logBase)}`);
    }
    out.logBase = o.logBase;
  }
  return Object.freeze(out) as ResolvedRankOpts;
}
