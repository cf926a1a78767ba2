import type { CommandDescriptor, RunContext, RunResult } from "@wc/command";
import { readTextFile } from "@wc/command/node";
import { WcError } from "@wc/tensor";
import { readEvidence } from "./read-evidence";
import { scoreAll } from "./score-all";
import type { ClaimedLabel, ModelRecord } from "./types";

async function run(ctx: RunContext): Promise<RunResult> {
  if (ctx.args.length === 0) throw new WcError("E_ARGUMENT", "openness: give at least one evidence file (.json, .yaml, .yml)");
  const label = ctx.options.claimedLabel as ClaimedLabel | undefined;
  const records: ModelRecord[] = [];
  for (const file of ctx.args) {
    const text = await readTextFile(file);
    for (const r of readEvidence(text, file)) {
      records.push(label !== undefined && (r.claimedLabel === undefined || r.claimedLabel === "unspecified") ? { ...r, claimedLabel: label } : r);
    }
  }
  ctx.log(`openness: scoring ${records.length} release(s)`);
  const { cards, summary } = scoreAll(records, {
    requireWeightsLink: ctx.options.requireWeightsLink as boolean,
    warnBelowPct: ctx.options.warnBelowPct as number,
  });
  const yes = (b: boolean): string => (b ? "yes" : "no");
  return {
    json: { cards, summary },
    sections: [
      {
        kind: "table",
        title: "Openness scorecard",
        columns: ["model", "claimed", "open-weight", "OSAID", "index /14", "MOF class", "MOF III/II/I", "open-washing"],
        rows: cards.map((c) => [
          c.name,
          c.claimedLabel,
          yes(c.openWeight),
          c.osaid.pass ? "pass" : "fail",
          c.opennessIndex,
          c.mof.class ?? "none",
          `${Math.round(c.mof.progress.III * 6)}/6 ${Math.round(c.mof.progress.II * 10)}/10 ${Math.round(c.mof.progress.I * 14)}/14`,
          c.openWashing.flag ? "FLAG" : c.openWashing.warning !== undefined ? "warn" : "",
        ]),
        note: "index: opening-up-chatgpt 14-feature openness (open 1, partial 0.5); MOF: LF AI Model Openness Framework; OSAID: OSI Open Source AI Definition 1.0",
      },
      {
        kind: "bar",
        title: "Openness index",
        x: "model",
        y: "index (0-14)",
        data: cards.map((c) => ({ label: c.name, value: c.opennessIndex })),
      },
      {
        kind: "table",
        title: "Summary",
        columns: ["key", "value"],
        rows: Object.entries(summary).map(([k, v]) => [k, Number.isInteger(v) ? v : Number(v.toFixed(4))]),
      },
      {
        kind: "text",
        title: "Open-washing reasons",
        text:
          cards
            .filter((c) => c.openWashing.flag || c.openWashing.warning !== undefined)
            .map((c) => `${c.name}: ${[...c.openWashing.reasons, ...(c.openWashing.warning ? [c.openWashing.warning] : [])].join("; ")}`)
            .join("\n") || "none",
      },
    ],
  };
}

/**
 * The `wcraft openness` command: scores release evidence files (JSON records, opening-up-chatgpt or
 * MOT YAML) into a scorecard table, a summary and open-washing reasons.
 *
 * @example
 * // wcraft openness models/*.yaml evidence.json --claimed-label open-source --json
 */
export const command: CommandDescriptor = {
  name: "openness",
  summary: "score model releases: open-weight vs open-source (OSAID), openness index, MOF class",
  description:
    "Reads evidence files (JSON ModelRecord(s), opening-up-chatgpt projects/*.yaml, MOT models/*.yml) and prints a scorecard per release: open-weight, OSI OSAID 1.0 pass/fail, the 14-feature openness index, the Model Openness Framework class and open-washing flags.",
  args: [{ name: "files", help: "evidence files (.json, .yaml, .yml)", variadic: true, required: true }],
  options: [
    { name: "require-weights-link", type: "boolean", help: "open-weight needs a download link on llmweights", default: true },
    { name: "warn-below-pct", type: "number", help: "open-washing warning below this openness share when claiming openness", default: 0.5, min: 0, max: 1 },
    {
      name: "claimed-label",
      type: "choice",
      help: "label to assume for records that do not state one (YAML files never do)",
      choices: ["open-source", "open-weight", "proprietary", "unspecified"],
    },
  ],
  run,
};
