import { WcError } from "@wc/tensor";
import type { RankOpts, ResolvedRankOpts } from "./options";
import { joinRatings, ratingMetrics, type RatingResult, type RatingRow } from "./rating";
import { rankingMetrics } from "./ranking";
import { parseQrels, parseRun, qrelsFromJson, runFromJson } from "./readers";
import { RANK_METRICS, type RankMetric } from "./types";

/**
 * Parsed-JSON input of {@link recsysReport} (the shape a CLI wrapper builds from its flags and files).
 * `qrels`/`run` are TREC file texts (strings) or JSON objects (`{user:{item:grade}}`,
 * `{user:[items]}` or `{user:{item:score}}`).
 */
export interface RecsysReportInput {
  qrels?: string | Record<string, Record<string, number>>;
  run?: string | Record<string, unknown>;
  /** Metrics to report; default every ranking metric. */
  metrics?: RankMetric[];
  /** Ranking options (preset, k, ...); `preset`/`k` at top level are shortcuts that override these. */
  options?: RankOpts;
  preset?: RankOpts["preset"];
  k?: number;
  /** Include per-user values. Default false. */
  perUser?: boolean;
  /** Optional rating-prediction rows, joined on (user, item). */
  ratings?: { truth: RatingRow[]; pred: RatingRow[] };
}

/** Output of {@link recsysReport}: plain JSON-serialisable data. */
export interface RecsysReport {
  options?: ResolvedRankOpts;
  ranking?: Record<string, number>;
  counts?: { users: number; skipped: number };
  perUser?: Record<string, Record<string, number>>;
  rating?: RatingResult & { pairs: number };
}

/**
 * Runs the package on parsed JSON input and returns a JSON-serialisable report; the plain function a
 * `wcraft recsys-metrics` command descriptor wraps.
 *
 * @param input - qrels/run (TREC text or JSON objects), metrics, options and optional rating rows
 * @returns the report (ranking means, counts, options; per-user values when asked; rating errors)
 * @throws WcError E_ARGUMENT when neither qrels+run nor ratings are given, or only one of qrels/run; plus those of the readers and metric functions
 * @example
 * recsysReport({ qrels: { u: { b: 1 } }, run: { u: ["a", "b"] }, metrics: ["mrr"], k: 2 }).ranking?.mrr; // 0.5
 */
export function recsysReport(input: RecsysReportInput): RecsysReport {
  if (input === null || typeof input !== "object") throw new WcError("E_ARGUMENT", "recsysReport: expected an object input");
  const hasRank = input.qrels !== undefined || input.run !== undefined;
  if (!hasRank && input.ratings === undefined) {
    throw new WcError("E_ARGUMENT", "recsysReport: give qrels and run (ranking metrics) and/or ratings { truth, pred } (rating metrics)");
  }
  const out: RecsysReport = {};
  if (hasRank) {
    if (input.qrels === undefined || input.run === undefined) throw new WcError("E_ARGUMENT", "recsysReport: ranking metrics need both qrels and run");
    const qrels = typeof input.qrels === "string" ? parseQrels(input.qrels) : qrelsFromJson(input.qrels);
    const run = typeof input.run === "string" ? parseRun(input.run) : runFromJson(input.run);
    const opts: RankOpts = { ...input.options };
    if (input.preset !== undefined) opts.preset = input.preset;
    if (input.k !== undefined) opts.k = input.k;
    const r = rankingMetrics(qrels, run, input.metrics ?? [...RANK_METRICS], opts);
    out.options = r.options;
    out.ranking = r.mean;
    out.counts = r.counts;
    if (input.perUser) {
      out.perUser = {};
      for (const [u, v] of r.perUser) out.perUser[String(u)] = v;
    }
  }
  if (input.ratings !== undefined) {
    const { yTrue, yPred } = joinRatings(input.ratings.truth, input.ratings.pred);
    out.rating = { ...ratingMetrics(yTrue, yPred), pairs: yTrue.length };
  }
  return out;
}
