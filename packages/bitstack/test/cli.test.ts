import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "@wc/command";
import { StateDict } from "@wc/io";
import { loadSafetensors, saveSafetensors } from "@wc/io/node";
import { command } from "../src/cli";
import { sampleText, tinyRandomLlama } from "./helpers";

describe("wcraft bitstack", () => {
  const dir = mkdtempSync(join(tmpdir(), "bitstack-cli-"));
  const model = join(dir, "tiny.safetensors");
  const calib = join(dir, "calib.txt");
  const stack = join(dir, "stack");
  const { weights, hf } = tinyRandomLlama(2);

  it("compresses a checkpoint with calibration and perplexity scoring, then loads it at budgets", async () => {
    await saveSafetensors(model, StateDict.fromTensors(Object.fromEntries(weights)));
    writeFileSync(join(dir, "tiny.config.json"), JSON.stringify(hf));
    writeFileSync(calib, sampleText());
    const logs: string[] = [];
    const r = await runCommand(command, ["compress", model], { calib, niter: 3, k: 2, nsamples: 2, seqlen: 16, "score-samples": 2, "curve-points": 4 }, { out: stack, log: (m) => logs.push(m) });
    const json = r.json as { configs: number; curve: { memory: number; value: number }[]; denseBytes: number };
    expect(json.configs).toBe(1 + 14 * 2);
    expect(logs.filter((l) => l.includes("decomposed")).length).toBe(14);
    expect(logs.filter((l) => l.includes(": score ")).length).toBe(28);
    const curve = json.curve;
    expect(curve.length).toBe(4);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!.memory).toBeGreaterThan(curve[i - 1]!.memory);
    expect(r.sections[0]!.kind).toBe("line");
    const configs = JSON.parse(readFileSync(join(stack, "compression_config.json"), "utf8")) as { memory: number; layers: Record<string, number> }[];
    expect(Object.keys(configs[0]!.layers)[0]).toBe("layer.0.self_attn.q_proj");
    const reduced = JSON.parse(readFileSync(join(stack, "reduced_ppl_average.json"), "utf8")) as { reduced_ppl: { bit: number }[] };
    expect(reduced.reduced_ppl.map((l) => l.bit)).toEqual([1, 2]);

    const budget = configs[10]!.memory + 1;
    const dense = join(dir, "dense.safetensors");
    const l = await runCommand(command, ["load", stack], { budget: String(budget) }, { out: dense });
    const lj = l.json as { memory: number; layers: Record<string, number> };
    expect(lj.memory).toBe(configs[10]!.memory);
    expect(lj.layers).toEqual(configs[10]!.layers);
    const sd = await loadSafetensors(dense);
    expect(sd.tensor("model.layers.1.mlp.down_proj.weight").shape).toEqual([16, 24]);
    expect(sd.has("model.embed_tokens.weight")).toBe(true);
    // a percentage of the fp16 size large enough for every block selects the last (full) configuration
    const full = await runCommand(command, ["load", stack], { budget: "1000%" });
    expect((full.json as { memory: number }).memory).toBe(configs[configs.length - 1]!.memory);
    await expect(runCommand(command, ["load", stack], { budget: "1KB" })).rejects.toThrow(/E_RANGE|smallest configuration/);
    await expect(runCommand(command, ["load", stack], { budget: "lots" })).rejects.toThrow(/E_ARGUMENT|cannot read/);
  }, 60_000);

  it("asks for calibration text when scaling or perplexity scoring needs it", async () => {
    await expect(runCommand(command, ["compress", model], { niter: 2, k: 1 })).rejects.toThrow(/--calib/);
    await expect(runCommand(command, ["compress", model], { niter: 2, k: 1, "no-scale": true })).rejects.toThrow(/--score proxy/);
    const r = await runCommand(command, ["compress", model], { niter: 2, k: 1, "no-scale": true, score: "proxy" });
    expect(r.sections[0]!.title).toMatch(/weight error/);
    await expect(runCommand(command, ["unpack", model], {})).rejects.toThrow(/unknown action/);
    await expect(runCommand(command, ["compress", join(dir, "missing.safetensors")], { "no-scale": true, score: "proxy" })).rejects.toThrow(/E_IO|no config/);
    expect(existsSync(stack)).toBe(true);
  }, 30_000);

  it("demo runs on the LM file and skips without one", async () => {
    expect(await command.demo!({ args: [], options: {}, seed: 0, threads: 1, log: () => {}, progress: { start: () => () => {}, stop: () => {} } }, {})).toBeUndefined();
    const r = await command.demo!({ args: [], options: {}, seed: 0, threads: 1, log: () => {}, progress: { start: () => () => {}, stop: () => {} } }, { lm: model });
    const pts = (r!.sections[0] as { series: { points: [number, number][] }[] }).series[0]!.points;
    // weights-only curve: the mean relative error never increases with memory
    for (let i = 1; i < pts.length; i++) expect(pts[i]![1]).toBeLessThanOrEqual(pts[i - 1]![1] + 1e-12);
  }, 30_000);
});
