import { WcError } from "@wc/tensor";
import { agreement, type AgreementReport } from "./agreement";
import { calibration, type CalibrationReport } from "./calibration";
import { aggregateHuman, cleanHuman } from "./human";
import { compareOutcomeCorrelations, outcomeValidity, type OutcomeComparison, type OutcomeStat } from "./outcomes";
import type { PaperRecord } from "./types";

/** Options of {@link report}. */
export interface ReportOptions {
  /** Which LLM review: 'fullText' (rating/confidence, default) or 'idea' (abstract-only ideaRating/ideaConfidence). */
  condition?: "fullText" | "idea";
  /** Human aggregation (default 'mean'). */
  aggregate?: "mean" | "median" | "confidenceWeighted";
  /** Clean human reviews first (default true; ranges [1, 10]). */
  clean?: boolean;
  /** Agreement interval method (default 'fisher'). */
  ci?: "fisher" | "bootstrap";
  /** Tolerance for withinTol and calibration (default 1). */
  tol?: number;
  /** Bootstrap seed (default 0). */
  seed?: number;
  /** Bootstrap resamples for the outcome comparisons (default 2000). */
  nResamples?: number;
}

/** Result of {@link report}. */
export interface ReviewReport {
  condition: "fullText" | "idea";
  counts: { papers: number; withLlm: number; failed: number; withHuman: number; used: number };
  /** The paired scores used (for plots). */
  pairs: { paperId: string; llm: number; human: number; confidence?: number }[];
  agreement: AgreementReport;
  calibration?: CalibrationReport;
  outcomes: { llm: Record<string, OutcomeStat>; human: Record<string, OutcomeStat> };
  /** LLM vs human correlation with log1p(citations), when citations exist. */
  citationComparison?: OutcomeComparison;
  markdown: string;
}

const f = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : "NaN");

/**
 * One model's report: cleans and aggregates human reviews, pairs them with the LLM ratings of the
 * chosen condition, and computes agreement, confidence calibration, outcome validity for both scores
 * and the LLM-vs-human comparison on citations; with a markdown summary.
 *
 * @param papers - paper records.
 * @param o - {@link ReportOptions}.
 * @returns {@link ReviewReport}.
 * @throws {WcError} `E_SHAPE` when fewer than 3 papers have both an LLM rating and a human rating.
 * @example
 * const rep = report(readPaperRecords(text)); console.log(rep.markdown);
 */
export function report(papers: PaperRecord[], o: ReportOptions = {}): ReviewReport {
  const condition = o.condition ?? "fullText";
  const pairs: ReviewReport["pairs"] = [];
  const outs: PaperRecord["outcomes"][] = [];
  let withLlm = 0;
  let withHuman = 0;
  for (const p of papers) {
    const rating = condition === "idea" ? p.llm?.ideaRating : p.llm?.rating;
    const conf = condition === "idea" ? p.llm?.ideaConfidence : p.llm?.confidence;
    if (rating !== undefined) withLlm++;
    const human = o.clean === false ? p.human : cleanHuman(p.human);
    if (human.length > 0) withHuman++;
    if (rating === undefined || human.length === 0) continue;
    pairs.push({ paperId: p.paperId, llm: rating, human: aggregateHuman(human, o.aggregate ?? "mean"), ...(conf !== undefined ? { confidence: conf } : {}) });
    outs.push(p.outcomes);
  }
  if (pairs.length < 3) throw new WcError("E_SHAPE", `report: need at least 3 papers with both an LLM (${condition}) rating and a human rating, got ${pairs.length}`);
  const llm = pairs.map((x) => x.llm);
  const hum = pairs.map((x) => x.human);
  const tol = o.tol ?? 1;
  const ag = agreement(llm, hum, { tol, ci: o.ci, seed: o.seed });
  const withConf = pairs.filter((x) => x.confidence !== undefined);
  const cal = withConf.length > 0 ? calibration(withConf.map((x) => x.confidence!), withConf.map((x) => Math.abs(x.llm - x.human)), { tol }) : undefined;
  const outcomes = { llm: outcomeValidity(llm, outs), human: outcomeValidity(hum, outs) };
  const ci = pairs.flatMap((x, i) => (outs[i]?.citations !== undefined ? [i] : []));
  let citationComparison: OutcomeComparison | undefined;
  if (ci.length >= 4) {
    try {
      citationComparison = compareOutcomeCorrelations(ci.map((i) => llm[i]!), ci.map((i) => hum[i]!), ci.map((i) => Math.log1p(outs[i]!.citations!)), { seed: o.seed, nResamples: o.nResamples });
    } catch (e) {
      if (!(e instanceof WcError)) throw e;
    }
  }
  const counts = { papers: papers.length, withLlm, failed: papers.length - withLlm, withHuman, used: pairs.length };
  const md: string[] = [
    `## LLM review agreement (${condition}, n = ${pairs.length})`,
    "",
    "| statistic | value | 95% CI | p |",
    "| --- | --- | --- | --- |",
    ...(["pearson", "spearman", "kendallB"] as const).map((k) => `| ${k} | ${f(ag[k].value)} | [${f(ag[k].ci[0])}, ${f(ag[k].ci[1])}] | ${ag[k].pValue.toExponential(2)} |`),
    `| bias (LLM - human) | ${f(ag.bias)} | [${f(ag.biasCI[0])}, ${f(ag.biasCI[1])}] | |`,
    `| MAE / RMSE | ${f(ag.mae)} / ${f(ag.rmse)} | | |`,
    `| limits of agreement | [${f(ag.loa[0])}, ${f(ag.loa[1])}] | | |`,
    `| exact / within ${tol} | ${f(ag.exact)} / ${f(ag.withinTol)} | | |`,
    `| QWK / sd ratio | ${f(ag.qwk)} / ${f(ag.sdRatio)} | | |`,
  ];
  if (cal) md.push(`| mean confidence / ECE / overconfidence | ${f(cal.meanConfidence, 2)} / ${f(cal.ece)} / ${f(cal.overconfidence)} | | |`);
  for (const [k, s] of Object.entries(outcomes.llm)) {
    const h = outcomes.human[k];
    md.push(`| ${k}: r(LLM) / r(human) | ${f(s.value)} / ${h ? f(h.value) : "-"} | [${f(s.ci[0])}, ${f(s.ci[1])}] | ${s.pValue.toExponential(2)} |`);
  }
  if (citationComparison) md.push(`| Williams t (LLM vs human on citations) | ${f(citationComparison.williams.t)} | diff CI [${f(citationComparison.bootDiffCI[0])}, ${f(citationComparison.bootDiffCI[1])}] | ${citationComparison.williams.p.toExponential(2)} |`);
  return { condition, counts, pairs, agreement: ag, ...(cal ? { calibration: cal } : {}), outcomes, ...(citationComparison ? { citationComparison } : {}), markdown: md.join("\n") };
}
