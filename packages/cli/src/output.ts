import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { RunResult } from "@wc/command";
import type { SharedFlags } from "./context";
import { formatTable, renderReport } from "./report";
import { writeFileAtomic } from "./atomic";
import { VERSION } from "./version";

/** Prints a result: JSON on stdout with --json, else tables and text for a person. */
export function printResult(name: string, result: RunResult, flags: SharedFlags): void {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
    return;
  }
  if (flags.quiet) return;
  const out: string[] = [];
  for (const s of result.sections) {
    if (s.kind === "table") out.push(`${s.title}\n${formatTable(s.columns, s.rows)}${s.note ? `\n${s.note}` : ""}`);
    else if (s.kind === "text") out.push(`${s.title}\n${s.text}`);
    else out.push(`${s.title}: chart (see --report)`);
  }
  if (result.files?.length) out.push(`wrote ${result.files.join(", ")}`);
  process.stdout.write(`${out.join("\n\n")}\n`);
  void name;
}

/** Writes the HTML report for one command run, atomically. */
export async function writeReport(
  file: string,
  name: string,
  params: Record<string, unknown>,
  result: RunResult,
): Promise<void> {
  const html = await renderReport({
    title: `wcraft ${name}`,
    params: { command: name, ...params, version: VERSION },
    groups: [{ heading: name, sections: result.sections }],
  });
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  await writeFileAtomic(path, html);
}
