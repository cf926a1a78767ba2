import { defineCommand, type ReportSection, type RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { lhvlnReport } from "./report";
import type { LhvlnMetrics } from "./types";

const COLUMNS = ["SR", "OSR", "SPL", "NE", "ISR", "CSR", "CGT", "TAR", "challengeScore"] as const;
type Row = LhvlnMetrics & { challengeScore: number };
const row = (label: string, m: Row): (string | number)[] => [label, m.count, ...COLUMNS.map((c) => m[c])];

/**
 * `wcraft lhvln-metrics <episodes.json|.jsonl> [--by field[,field]] [--isr-averaging micro|macro] [--success-dist d]`.
 */
export const command = defineCommand({
  name: "lhvln-metrics",
  summary: "LH-VLN navigation metrics (SR, OSR, SPL, NE, ISR, CSR, CGT, TAR) from episode logs",
  description:
    "Computes the LH-VLN multi-stage navigation metrics and the challenge score from a JSON array, a { episodes } object or JSONL of episode records, overall and grouped by any field.",
  args: [{ name: "episodes", help: "episodes file (.json or .jsonl)", required: true }],
  options: [
    { name: "by", type: "string", help: "group by these fields (comma-separated), e.g. numSubtasks" },
    { name: "isr-averaging", type: "choice", choices: ["micro", "macro"], default: "micro", help: "ISR as the official code (micro) or the published formula (macro)" },
    { name: "success-dist", type: "number", min: 0, default: 1, help: "success radius in metres" },
  ],
  async run(ctx): Promise<RunResult> {
    const file = ctx.args[0]!;
    const text = await readTextFile(file);
    const by = typeof ctx.options.by === "string" ? ctx.options.by.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
    const report = lhvlnReport({
      episodes: text,
      by,
      options: { isrAveraging: ctx.options.isrAveraging as "micro" | "macro", successDist: ctx.options.successDist as number },
    });
    const columns = ["group", "episodes", ...COLUMNS];
    const sections: ReportSection[] = [{ kind: "table", title: "overall", columns, rows: [row("all", report.overall)] }];
    for (const [field, groups] of Object.entries(report.groups ?? {})) {
      const entries = Object.entries(groups);
      sections.push({ kind: "table", title: `by ${field}`, columns, rows: entries.map(([k, m]) => row(k, m)) });
      sections.push({ kind: "bar", title: `ISR by ${field}`, x: field, y: "ISR", data: entries.map(([k, m]) => ({ label: k, value: m.ISR })) });
    }
    return { json: report, sections };
  },
});
