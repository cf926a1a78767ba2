import { defineCommand, type ReportSection, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { readPaperRecords } from "./records";
import { report } from "./report";

const f = (v: number) => (Number.isFinite(v) ? Number(v.toFixed(4)) : "NaN");

/**
 * `wcraft review-agreement --records papers.jsonl [--condition fullText|idea] [--aggregate mean|median|confidenceWeighted] [--ci fisher|bootstrap] [--tol 1]`.
 */
export const command = defineCommand({
  name: "review-agreement",
  summary: "Agreement, bias, calibration and outcome validity of LLM-generated peer reviews",
  description:
    "Reads paper records (JSON array or JSONL: paperId, human [{rating, confidence}], llm {rating, confidence} or llmRaw text, outcomes {citations, hit1/5/10, novelty, disruption}) and reports LLM-human agreement (Pearson/Spearman/Kendall-b with intervals, bias, limits of agreement, exact/within-tolerance, QWK), confidence calibration (ECE, overconfidence) and outcome validity (correlations, AUROC, Williams' test LLM vs human).",
  args: [],
  options: [
    { name: "records", type: "string", required: true, help: "paper records (.json or .jsonl)" },
    { name: "condition", type: "choice", choices: ["fullText", "idea"], default: "fullText", help: "which LLM review: full text or abstract-only idea" },
    { name: "aggregate", type: "choice", choices: ["mean", "median", "confidenceWeighted"], default: "mean", help: "aggregation of the human ratings per paper" },
    { name: "ci", type: "choice", choices: ["fisher", "bootstrap"], default: "fisher", help: "correlation intervals" },
    { name: "tol", type: "number", min: 0, default: 1, help: "tolerance for within-tolerance agreement and calibration" },
    { name: "no-clean", type: "boolean", default: false, help: "keep human ratings <= 0 and confidences 0/100" },
  ],
  async run(ctx): Promise<RunResult> {
    const file = ctx.options.records as string;
    const text = await readTextFile(file);
    const rep = report(readPaperRecords(text), {
      condition: ctx.options.condition as "fullText" | "idea",
      aggregate: ctx.options.aggregate as "mean" | "median" | "confidenceWeighted",
      ci: ctx.options.ci as "fisher" | "bootstrap",
      tol: ctx.options.tol as number,
      clean: !(ctx.options.noClean as boolean),
      seed: ctx.seed,
    });
    const a = rep.agreement;
    const sections: ReportSection[] = [
      {
        kind: "table",
        title: `agreement with human reviewers (${rep.condition})`,
        columns: ["statistic", "value", "95% low", "95% high", "p"],
        rows: [
          ...(["pearson", "spearman", "kendallB"] as const).map((k) => [k, f(a[k].value), f(a[k].ci[0]), f(a[k].ci[1]), a[k].pValue.toExponential(3)]),
          ["bias (LLM - human)", f(a.bias), f(a.biasCI[0]), f(a.biasCI[1]), ""],
          ["limits of agreement", "", f(a.loa[0]), f(a.loa[1]), ""],
          ["MAE", f(a.mae), "", "", ""],
          ["RMSE", f(a.rmse), "", "", ""],
          ["exact", f(a.exact), "", "", ""],
          ["within tolerance", f(a.withinTol), "", "", ""],
          ["QWK", f(a.qwk), "", "", ""],
          ["sd ratio", f(a.sdRatio), "", "", ""],
        ],
        note: `${rep.counts.used} papers used of ${rep.counts.papers} (${rep.counts.failed} without a parsed LLM rating)`,
      },
      {
        kind: "line",
        title: "LLM vs human rating",
        x: "human rating (aggregated)",
        y: "LLM rating",
        series: [
          { name: "papers", points: rep.pairs.map((p) => [p.human, p.llm] as [number, number]) },
          { name: "y = x", points: [[1, 1], [10, 10]] },
        ],
      },
    ];
    if (rep.calibration) {
      const c = rep.calibration;
      sections.push({
        kind: "line",
        title: "confidence calibration",
        x: "stated confidence / 10",
        y: `P(|error| <= ${ctx.options.tol})`,
        series: [{ name: "reviewer", points: c.reliability.map((b) => [b.conf, b.acc] as [number, number]) }, { name: "perfect", points: [[0, 0], [1, 1]] }],
        note: `mean confidence ${f(c.meanConfidence)}, ECE ${f(c.ece)}, overconfidence ${f(c.overconfidence)}, rho(conf, |error|) ${f(c.rhoConfError.value)}`,
      });
    }
    const keys = Object.keys(rep.outcomes.llm);
    if (keys.length > 0) {
      sections.push({
        kind: "table",
        title: "outcome validity",
        columns: ["outcome", "statistic", "LLM", "human", "AUROC LLM", "AUROC human"],
        rows: keys.map((k) => {
          const l = rep.outcomes.llm[k]!;
          const h = rep.outcomes.human[k];
          return [k, l.kind, f(l.value), h ? f(h.value) : "", l.auroc !== undefined ? f(l.auroc) : "", h?.auroc !== undefined ? f(h.auroc) : ""];
        }),
        ...(rep.citationComparison ? { note: `Williams t = ${f(rep.citationComparison.williams.t)} (p = ${rep.citationComparison.williams.p.toExponential(3)}), bootstrap CI of r(LLM) - r(human) [${f(rep.citationComparison.bootDiffCI[0])}, ${f(rep.citationComparison.bootDiffCI[1])}]` } : {}),
      });
    }
    return { json: rep, sections };
  },
});
