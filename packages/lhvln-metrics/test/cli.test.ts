import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, runCommand } from "@wc/command";
import { command } from "../src/cli";

const exec = (args: string[], raw: Record<string, unknown>) => runCommand(command, args, raw);



// Two 3-subtask episodes: all three subtasks succeed (spot); the middle one fails (stretch).
const JSONL = [
  '{"subtaskSuccess":[true,true,true],"gtSteps":[5,5,5],"group":{"robot":"spot"}}',
  '{"subtaskSuccess":[true,false,true],"gtSteps":[5,10,5],"group":{"robot":"stretch"}}',
].join("\n");

describe("wcraft lhvln-metrics", () => {
  const dir = mkdtempSync(join(tmpdir(), "lhvln-cli-"));
  const file = join(dir, "episodes.jsonl");
  writeFileSync(file, JSONL);

  it("reports overall and grouped metrics from a JSONL file", async () => {
    const r = await exec([file], { by: "numSubtasks,robot" });
    const json = r.json as { overall: { ISR: number; count: number }; groups: Record<string, Record<string, { ISR: number }>> };
    // ISR (micro) = successful subtasks / all subtasks = 5/6
    expect(json.overall.ISR).toBeCloseTo(5 / 6, 12);
    expect(json.overall.count).toBe(2);
    expect(json.groups.robot!.stretch!.ISR).toBeCloseTo(2 / 3, 12);
    expect(r.sections.map((s) => s.title)).toEqual(["overall", "by numSubtasks", "ISR by numSubtasks", "by robot", "ISR by robot"]);
  });

  it("passes --isr-averaging through and rejects bad values", async () => {
    const r = await exec([file], { "isr-averaging": "macro" });
    // macro ISR = mean over episodes of per-episode subtask success = (1 + 2/3) / 2
    expect((r.json as { overall: { ISR: number } }).overall.ISR).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(() => parseOptions(command.options, { "isr-averaging": "mean" })).toThrow(/expected one of micro, macro/);
  });

  it("reports an unreadable file as E_IO", async () => {
    await expect(exec([join(dir, "missing.json")], {})).rejects.toThrow(/E_IO/);
  });
});
