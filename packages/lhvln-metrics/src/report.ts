import { WcError } from "@wc/tensor";
import { episodesFromJson, parseEpisodes } from "./io";
import { challengeScore, computeGrouped, computeMetrics } from "./metrics";
import type { LhvlnMetrics, LhvlnOptions } from "./types";

/** Input of {@link lhvlnReport}: episodes as parsed JSON or as JSON/JSONL text, plus grouping and options. */
export interface LhvlnReportInput {
  episodes: unknown;
  /** Group field(s), e.g. 'numSubtasks' or ['numSubtasks', 'robot']. */
  by?: string | string[];
  options?: LhvlnOptions;
}

/** Output of {@link lhvlnReport}: plain JSON-serialisable data. */
export interface LhvlnReport {
  overall: LhvlnMetrics & { challengeScore: number };
  groups?: Record<string, Record<string, LhvlnMetrics & { challengeScore: number }>>;
  options: Required<LhvlnOptions>;
}

/**
 * Runs the package on parsed JSON input and returns a JSON-serialisable report (overall metrics, the
 * challenge score and per-group tables); the plain function a `wcraft lhvln-metrics` command wraps.
 *
 * @param input - episodes (array, `{ episodes }`, or JSON/JSONL text), group field(s) and options
 * @returns the report
 * @throws WcError E_ARGUMENT for a missing input; plus those of {@link parseEpisodes} and {@link computeMetrics}
 * @example
 * lhvlnReport({ episodes: [{ subtaskSuccess: [true, false], gtSteps: [1, 1] }], by: "numSubtasks" }).overall.ISR; // 0.5
 */
export function lhvlnReport(input: LhvlnReportInput): LhvlnReport {
  if (input === null || typeof input !== "object" || input.episodes === undefined) {
    throw new WcError("E_ARGUMENT", "lhvlnReport: expected { episodes, by?, options? }");
  }
  const episodes = typeof input.episodes === "string" ? parseEpisodes(input.episodes) : episodesFromJson(input.episodes);
  const opts = input.options ?? {};
  const withScore = (m: LhvlnMetrics) => ({ ...m, challengeScore: challengeScore(m) });
  const overall = computeMetrics(episodes, opts);
  const out: LhvlnReport = {
    overall: withScore(overall),
    options: { isrAveraging: opts.isrAveraging ?? "micro", successDist: opts.successDist ?? 1 },
  };
  if (input.by !== undefined) {
    out.groups = {};
    for (const by of Array.isArray(input.by) ? input.by : [input.by]) {
      const g = computeGrouped(episodes, by, opts);
      out.groups[by] = Object.fromEntries(Object.entries(g).map(([k, m]) => [k, withScore(m)]));
    }
  }
  return out;
}
