import { defineCommand, type ReportSection, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { readCjeJsonl } from "./data";
import { analyzeCje, type CjeEstimator } from "./report";

const f = (v: number) => (Number.isFinite(v) ? Number(v.toFixed(4)) : "NaN");

/**
 * `wcraft cje --data runs.jsonl [--fresh draws.jsonl] [--policies a,b] [--oracle-fraction 0.05] [--estimator auto]
 * [--calibration-mode monotone|two_stage|auto] [--inference cluster-robust|bootstrap] [--bootstrap 2000] [--omega w|w2|snips]`.
 */
export const command = defineCommand({
  name: "cje",
  summary: "Causal Judge Evaluation: calibrated LLM-judge policy estimates with OUA intervals and overlap diagnostics",
  description:
    "Calibrates judge scores to oracle labels (cross-fitted isotonic AutoCal-R), estimates each policy's value (Direct on fresh draws, IPS/SNIPS/calibrated IPS on logged data with log-probabilities, DR-CPO with both) with CRV1 + oracle-uncertainty t intervals, and reports weight diagnostics (ESS, tail gates, TTC/CLE). JSONL records: prompt_id, judge_score, optional oracle_label, and either policy (fresh draw) or base_policy_logprob + target_policy_logprobs (logged).",
  args: [],
  options: [
    { name: "data", type: "string", required: true, help: "JSONL records (logged responses and/or fresh draws)" },
    { name: "fresh", type: "string", multiple: true, help: "more JSONL files of fresh draws (records with policy)" },
    { name: "policies", type: "string", help: "comma-separated policies to estimate (default: all found)" },
    { name: "oracle-fraction", type: "number", min: 0, max: 1, default: 1, help: "keep this seeded fraction of the oracle labels" },
    { name: "estimator", type: "choice", choices: ["auto", "direct", "ips", "snips", "calibrated-ips", "dr-cpo", "tmle", "mrdr", "stacked-dr"], default: "auto", help: "estimator (auto: direct / calibrated-ips / dr-cpo by the data present)" },
    { name: "calibration-mode", type: "choice", choices: ["monotone", "two_stage", "auto"], default: "monotone", help: "AutoCal-R: isotonic on S, spline+ridge then isotonic on its rank, or the better by out-of-fold RMSE" },
    { name: "inference", type: "choice", choices: ["cluster-robust", "bootstrap"], default: "cluster-robust", help: "Direct intervals: CRV1 + OUA t intervals, or the refit cluster bootstrap (percentile)" },
    { name: "bootstrap", type: "integer", min: 2, max: 100000, default: 2000, help: "bootstrap replicates for --inference bootstrap" },
    { name: "omega", type: "choice", choices: ["w", "w2", "snips"], default: "w", help: "MRDR regression weights (mrdr, stacked-dr)" },
    { name: "folds", type: "integer", min: 2, max: 100, default: 5, help: "cross-fitting folds K" },
    { name: "alpha", type: "number", min: 0.001, max: 0.5, default: 0.05, help: "1 - confidence level" },
  ],
  async run(ctx): Promise<RunResult> {
    const dataFile = ctx.options.data as string;
    let text = await readTextFile(dataFile);
    for (const extra of (ctx.options.fresh as string[] | undefined) ?? []) text += `\n${await readTextFile(extra)}`;
    const data = readCjeJsonl(text);
    const policies = typeof ctx.options.policies === "string" ? ctx.options.policies.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
    let tick: ((increment?: number) => void) | undefined;
    let report: ReturnType<typeof analyzeCje>;
    try {
      report = analyzeCje(data, {
        policies,
        oracleFraction: ctx.options.oracleFraction as number,
        seed: ctx.seed,
        estimator: ctx.options.estimator as CjeEstimator,
        calibration: { nFolds: ctx.options.folds as number, mode: ctx.options.calibrationMode as "monotone" | "two_stage" | "auto" },
        inference: ctx.options.inference as "cluster-robust" | "bootstrap",
        nBootstrap: ctx.options.bootstrap as number,
        omega: ctx.options.omega as "w" | "w2" | "snips",
        alpha: ctx.options.alpha as number,
        onProgress: (done, total) => {
          if (done === 0) tick = ctx.progress.start("cje: calibrate, then estimate each policy", total);
          else tick?.();
        },
      });
    } finally {
      ctx.progress.stop();
    }
    const level = `${Math.round((1 - (ctx.options.alpha as number)) * 100)}%`;
    const sections: ReportSection[] = [
      {
        kind: "table",
        title: `policy estimates (${report.estimator})`,
        columns: ["policy", "estimate", "SE", `${level} low`, `${level} high`, "SE (IF)", "Var OUA", "df"],
        rows: report.policies.map((p) => [p.policy, f(p.value), f(p.se), f(p.ci[0]), f(p.ci[1]), f(p.seIF), f(p.varOUA), p.df]),
        note: `${report.nOracle} oracle labels (coverage ${(100 * report.oracleCoverage).toFixed(1)}%), ${report.calibrationMode} calibration, out-of-fold RMSE ${f(report.rmseOOF)}`,
      },
      { kind: "bar", title: "estimated policy value", x: "policy", y: "value", data: report.policies.map((p) => ({ label: p.policy, value: p.value })) },
      {
        kind: "line",
        title: "calibration curve (judge score -> oracle scale)",
        x: "judge score",
        y: "calibrated reward",
        series: [{ name: `AutoCal-R (${report.calibrationMode})`, points: report.calibration.score.map((s, i) => [s, report.calibration.reward[i]!] as [number, number]) }],
      },
    ];
    if (report.estimator !== "direct") {
      const d = (p: (typeof report.policies)[number], k: string) => p.diagnostics[k] ?? "";
      sections.push({
        kind: "table",
        title: "weight diagnostics",
        columns: ["policy", "ESS/n", "ESS status", "top-5% share", "CV", "unreliable", "TTC", "TTC status", "CLE factor"],
        rows: report.policies.map((p) => [p.policy, f(d(p, "essFraction") as number), String(d(p, "essStatus")), f(d(p, "top5Share") as number), f(d(p, "cv") as number), String(d(p, "unreliable")), f(d(p, "ttc") as number), String(d(p, "ttcStatus")), f(d(p, "cleFactor") as number)]),
      });
    }
    return { json: report, sections };
  },
});
