import { WcError } from "@wc/tensor";
import { tauLike } from "@wc/nlg-metrics";
import { ACES_CATEGORY_WEIGHTS, ACES_PHENOMENA_MAPPING } from "./phenomena";
import type { ScoredRow } from "./types";

/** How a category with no phenomena enters the ACES-score. */
export type MissingCategory = "nan" | "zero";

/** Options of {@link acesScore}. */
export interface AcesScoreOptions {
  /** `'nan'` (evaluate.py: mean of an empty list is NaN, so ACES is NaN) or `'zero'` (normalize_scores_utils.py: contributes 0). Default `'nan'`. */
  missingCategory?: MissingCategory;
}

/**
 * The weighted ACES-score: Σ_c w_c · τ_c over the weighted categories (default weights sum to 29.1,
 * so ACES ∈ [−29.1, 29.1]). NaN category values propagate, as in the official code.
 *
 * @param categoryTau - τ per category
 * @param weights - weight per category, default {@link ACES_CATEGORY_WEIGHTS}
 * @param options - `missingCategory` `'nan'`
 * @returns the ACES-score
 * @throws WcError E_RANGE for a non-finite weight
 * @throws WcError E_ARGUMENT for an unknown missingCategory
 * @example
 * acesScore({ addition: 1, omission: 1, mistranslation: 1, untranslated: 1, "do not translate": 1, overtranslation: 1, undertranslation: 1, "real-world knowledge": 1, "wrong language": 1, punctuation: 1 }); // 29.1
 */
export function acesScore(
  categoryTau: Readonly<Record<string, number>>,
  weights: Readonly<Record<string, number>> = ACES_CATEGORY_WEIGHTS,
  options: AcesScoreOptions = {},
): number {
  const missing = options.missingCategory ?? "nan";
  if (missing !== "nan" && missing !== "zero") {
    throw new WcError("E_ARGUMENT", `acesScore: expected missingCategory 'nan' or 'zero', got ${JSON.stringify(missing)}`);
  }
  let s = 0;
  for (const [cat, w] of Object.entries(weights)) {
    if (!Number.isFinite(w)) throw new WcError("E_RANGE", `acesScore: weight of ${JSON.stringify(cat)} must be finite, got ${w}`);
    const tau = categoryTau[cat];
    if (tau === undefined) {
      if (missing === "nan") return NaN;
      continue;
    }
    s += w * tau;
  }
  return s;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions extends AcesScoreOptions {
  /** Phenomenon → category map. Default {@link ACES_PHENOMENA_MAPPING}; an unknown label throws (as the official script). */
  mapping?: Readonly<Record<string, string>>;
  /** Category weights. Default {@link ACES_CATEGORY_WEIGHTS}. */
  weights?: Readonly<Record<string, number>>;
}

/** The result of {@link evaluate}. */
export interface EvaluateResult {
  /** Metric names, in first-seen order. */
  metrics: string[];
  /** Per phenomenon (sorted by label, code-point order as pandas groupby): row count and τ per metric. */
  perPhenomenon: { phenomenon: string; n: number; tau: Record<string, number> }[];
  /** Per metric, the unweighted mean τ of the phenomena of each category present. */
  perCategory: Record<string, Record<string, number>>;
  /** Per metric, the ACES-score. */
  acesScore: Record<string, number>;
}

function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * The official ACES evaluation (`aces/cli/evaluate.py`): group rows by the exact `phenomena`
 * string, compute the τ-like statistic per group and metric (ties count as discordant; any NaN
 * score makes τ NaN), average τ over the phenomena of each category (macro over phenomena, not
 * rows), and combine the categories into the ACES-score.
 *
 * @param rows - scored rows (a metric missing from a row counts as NaN there)
 * @param options - `mapping` official, `weights` official, `missingCategory` `'nan'`
 * @returns per-phenomenon, per-category and ACES-score results
 * @throws WcError E_ARGUMENT for a phenomenon missing from the mapping, or no rows
 * @example
 * evaluate(scored).acesScore.BLEU;
 */
export function evaluate(rows: readonly ScoredRow[], options: EvaluateOptions = {}): EvaluateResult {
  if (!Array.isArray(rows) || rows.length === 0) throw new WcError("E_ARGUMENT", "evaluate: expected at least one scored row");
  const mapping = options.mapping ?? ACES_PHENOMENA_MAPPING;
  const weights = options.weights ?? ACES_CATEGORY_WEIGHTS;
  const metrics: string[] = [];
  for (const r of rows) for (const m of Object.keys(r.scores ?? {})) if (!metrics.includes(m)) metrics.push(m);
  const groups = new Map<string, ScoredRow[]>();
  for (const r of rows) {
    if (typeof r.phenomena !== "string") throw new WcError("E_ARGUMENT", "evaluate: every row needs a string `phenomena` label");
    let g = groups.get(r.phenomena);
    if (!g) groups.set(r.phenomena, (g = []));
    g.push(r);
  }
  const labels = [...groups.keys()].sort(byCodePoint);
  const perPhenomenon: EvaluateResult["perPhenomenon"] = [];
  const catLists: Record<string, Record<string, number[]>> = Object.fromEntries(metrics.map((m) => [m, {}]));
  for (const label of labels) {
    const cat = mapping[label];
    if (cat === undefined) {
      throw new WcError("E_ARGUMENT", `evaluate: phenomenon ${JSON.stringify(label)} is not in the mapping (the official script raises KeyError); pass options.mapping with your own labels`);
    }
    const g = groups.get(label)!;
    const tau: Record<string, number> = {};
    for (const m of metrics) {
      const good = g.map((r) => r.scores?.[m]?.good ?? NaN);
      const bad = g.map((r) => r.scores?.[m]?.bad ?? NaN);
      tau[m] = tauLike(good, bad);
      (catLists[m]![cat] ??= []).push(tau[m]!);
    }
    perPhenomenon.push({ phenomenon: label, n: g.length, tau });
  }
  const perCategory: Record<string, Record<string, number>> = {};
  const aces: Record<string, number> = {};
  for (const m of metrics) {
    perCategory[m] = Object.fromEntries(Object.entries(catLists[m]!).map(([c, v]) => [c, v.reduce((a, b) => a + b, 0) / v.length]));
    aces[m] = acesScore(perCategory[m]!, weights, options);
  }
  return { metrics, perPhenomenon, perCategory, acesScore: aces };
}

/** Python `str(float)` for the official table. */
function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const s = String(x);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  return m ? `${m[1]}e${m[2]}${m[3]!.padStart(2, "0")}` : s;
}

/**
 * The official `phenomenon\tnum_examples\t<metric...>` table of `aces-eval` (τ printed as Python
 * floats, e.g. `1.0`, `nan`).
 *
 * @param result - output of {@link evaluate}
 * @returns the table with a trailing newline
 * @example
 * formatAcesTable(evaluate(scored));
 */
export function formatAcesTable(result: EvaluateResult): string {
  const lines = [["phenomenon", "num_examples", ...result.metrics].join("\t")];
  for (const p of result.perPhenomenon) lines.push([p.phenomenon, String(p.n), ...result.metrics.map((m) => pyFloat(p.tau[m]!))].join("\t"));
  return lines.join("\n") + "\n";
}

export { tauLike };
