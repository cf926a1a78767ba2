import { StateDict, TensorEntry, openSafetensors, serializeSafetensors } from "@wc/io";
import { contiguous, randn, tensor, transpose, zeros } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { analyzeModel, esd, esdConv2d, farmsEsd, fitPowerLaw, type TensorEntryLike, type TensorSource } from "../src/index";

function model(): StateDict {
  return StateDict.fromTensors({
    "embed.weight": randn(1, [40, 16]),
    "block.0.attn.q.weight": randn(2, [16, 16]),
    "block.0.mlp.up.weight": randn(3, [48, 16]),
    "block.0.norm.weight": randn(4, [16]),
    "conv.weight": randn(5, [12, 4, 3, 3]),
    "tiny.weight": randn(6, [3, 16]),
    "dead.weight": zeros([8, 8], { dtype: "float32" }),
    "ids": tensor(new Int32Array(6), [2, 3]),
  });
}

const FARMS = { windowRows: 8, opsPerDim: 3 } as const;

describe("analyzeModel", () => {
  it("analyses every 2-D and 4-D float weight with full ESD and FARMS side by side", async () => {
    const sd = model();
    const seen: string[] = [];
    const { layers, skipped } = await analyzeModel(sd, { farms: FARMS, fit: { xmin: "median" }, onLayer: (l) => seen.push(l.name) });
    expect(layers.map((l) => l.name)).toEqual(["embed.weight", "block.0.attn.q.weight", "block.0.mlp.up.weight", "conv.weight"]);
    expect(seen).toEqual(layers.map((l) => l.name));
    const reasons = Object.fromEntries(skipped.map((s) => [s.name, s.reason]));
    expect(reasons["tiny.weight"]).toMatch(/minEigs/);
    expect(reasons["dead.weight"]).toMatch(/E_RANGE.*0/);
    expect(reasons["ids"]).toMatch(/int32/);
    expect(Object.keys(reasons)).not.toContain("block.0.norm.weight");

    // The wiring: each number is the one the per-matrix functions give.
    const up = layers[2]!;
    const W = sd.tensor("block.0.mlp.up.weight");
    expect(up.kind).toBe("linear");
    expect(up.numParams).toBe(48 * 16);
    expect(up.full!.alpha).toBe(fitPowerLaw(esd(W), { xmin: "median" }).alpha);
    expect(up.farms!.alpha).toBe(fitPowerLaw(farmsEsd(W, FARMS).eigs, { xmin: "median" }).alpha);
    expect(up.farms!.windows).toBe(9);
    const conv = layers[3]!;
    expect(conv.kind).toBe("conv2d");
    expect(conv.full!.numEigs).toBe(36);
    expect(conv.full!.alpha).toBe(fitPowerLaw(esdConv2d(sd.tensor("conv.weight")), { xmin: "median" }).alpha);
    expect(conv.farms!.windows).toBe(3); // floor(12 / 4) row blocks
    expect(layers.every((l) => l.eigs === undefined)).toBe(true);
  });

  it("transposes in x out (ONNX MatMul) weights back to out x in before sampling", async () => {
    const W = randn(9, [40, 24], { dtype: "float64" }); // out x in
    const stored = contiguous(transpose(W)); // in x out, as an ONNX MatMul initializer
    const sd = new StateDict([["m", TensorEntry.fromTensor(stored, { layout: "in_out" })]]);
    const opts = { farms: { windowRows: 10, opsPerDim: 4 }, keepEigs: true } as const;
    const [l] = (await analyzeModel(sd, opts)).layers;
    expect(l!.shape).toEqual([40, 24]);
    const direct = farmsEsd(W, opts.farms).eigs;
    expect(l!.eigs!.farms).toEqual(direct);
    // the layout matters: sampling the stored in x out matrix gives other windows
    expect(farmsEsd(stored, opts.farms).windows).not.toEqual(farmsEsd(W, opts.farms).windows);
  });

  it("streams a lazy safetensors reader one tensor at a time, skipping by header shape", async () => {
    const bytes = serializeSafetensors(model());
    const reader = await openSafetensors(bytes);
    const reads: string[] = [];
    const source: TensorSource = {
      names: () => reader.names(),
      info: (n) => reader.info(n),
      read: async (n): Promise<TensorEntryLike> => {
        reads.push(n);
        return reader.read(n);
      },
    };
    const { layers } = await analyzeModel(source, { farms: FARMS, fit: { xmin: "median" } });
    expect(reads).not.toContain("block.0.norm.weight");
    expect(reads.length).toBe(7);
    const inMemory = await analyzeModel(model(), { farms: FARMS, fit: { xmin: "median" } });
    expect(layers.map((l) => [l.name, l.full!.alpha, l.farms!.alpha])).toEqual(inMemory.layers.map((l) => [l.name, l.full!.alpha, l.farms!.alpha]));
  });

  it("farms: false / full: false / include / keepEigs", async () => {
    const sd = model();
    const a = await analyzeModel(sd, { farms: false, include: (n, s) => s.length === 2 && n.startsWith("block"), keepEigs: (n) => n.includes("q") });
    expect(a.layers.map((l) => l.name)).toEqual(["block.0.attn.q.weight", "block.0.mlp.up.weight"]);
    expect(a.layers.every((l) => l.farms === undefined && l.full !== undefined)).toBe(true);
    expect(a.layers[0]!.eigs!.full!.length).toBe(16);
    expect(a.layers[1]!.eigs).toBeUndefined();
    const b = await analyzeModel(sd, { full: false, farms: FARMS, include: (n) => n === "embed.weight" });
    expect(b.layers[0]!.full).toBeUndefined();
    expect(b.layers[0]!.farms!.windowRows).toBe(8);
  });

  it("threads: 2 spreads layers over worker threads with the same results, in order", async () => {
    const opts = { farms: FARMS, fit: { xmin: "median" }, keepEigs: (n: string) => n === "conv.weight" } as const;
    const one = await analyzeModel(model(), opts);
    const seen: string[] = [];
    const two = await analyzeModel(model(), { ...opts, threads: 2, onLayer: (l) => seen.push(l.name) });
    expect(two.layers).toEqual(one.layers);
    expect(two.skipped).toEqual(one.skipped);
    expect(seen).toEqual(one.layers.map((l) => l.name));
    expect(two.layers[3]!.eigs!.farms!.length).toBeGreaterThan(0);
  }, 60_000);

  it("onProgress counts every candidate tensor (analysed or skipped), 0 then 1..total, without changing results", async () => {
    const opts = { farms: FARMS, fit: { xmin: "median" } } as const;
    const plain = await analyzeModel(model(), opts);
    for (const threads of [1, 2]) {
      const calls: [number, number][] = [];
      const withBar = await analyzeModel(model(), { ...opts, threads, onProgress: (d, t) => calls.push([d, t]) });
      // 7 rank-2/4 tensors: 4 analysed + tiny (minEigs), dead (all zero), ids (int32) skipped.
      expect(calls).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((d) => [d, 7]));
      expect(withBar).toEqual(plain);
    }
  }, 60_000);

  it("rejects bad sources and options before reading", async () => {
    await expect(analyzeModel(null as never)).rejects.toThrow(/E_ARGUMENT/);
    await expect(analyzeModel(model(), { minEigs: 1 })).rejects.toThrow(/E_RANGE/);
    await expect(analyzeModel(model(), { fit: { xmin: "nope" as never } })).rejects.toThrow(/E_ARGUMENT/);
    await expect(analyzeModel(model(), { farms: { opsPerDim: 0 } })).rejects.toThrow(/E_RANGE/);
    await expect(analyzeModel({ names: () => ["a"] })).rejects.toThrow(/E_ARGUMENT/);
    await expect(analyzeModel(model(), { threads: 0 })).rejects.toThrow(/E_RANGE/);
  });
});
