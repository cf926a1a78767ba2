import { describe, expect, it } from "vitest";
import { dimapMasks, estimateFlops, groupModules, roundHalfEven, swinParamShapes, swinTokenCounts, swinTokensFor, type Tensor2D } from "../src/index";
import { ones, seededSwin } from "./helpers";

const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
/** Module sizes from shapes alone (groupModules only reads names). */
function moduleSizes(shapes: { name: string; shape: number[] }[]) {
  const g = groupModules(shapes.map(({ name, shape }) => ({ name, shape, data: new Float32Array(0) })));
  return Object.fromEntries([...g].map(([m, ts]) => [m, ts.reduce((a, t) => a + size(t.shape), 0)]));
}

describe("Swin manifests (spec check 6.4 and the module sizes of section 5)", () => {
  it("groups Swin-T/S/B into the spec's module sizes, for timm and microsoft names", () => {
    // spec 5 (from the architecture): Swin-T QKV 6,469,632; PRJ 2,156,544; MLP 17,252,352; AUX 2,320,896
    const T = { QKV: 6469632, PRJ: 2156544, MLP: 17252352, AUX: 2320896 };
    expect(moduleSizes(swinParamShapes())).toEqual(T);
    expect(moduleSizes(swinParamShapes({ naming: "microsoft" }))).toEqual(T);
    expect(moduleSizes(swinParamShapes({ depths: [2, 2, 18, 2] }))).toEqual({ QKV: 11778048, PRJ: 3926016, MLP: 31408128, AUX: 2320896 });
    expect(moduleSizes(swinParamShapes({ embedDim: 128, depths: [2, 2, 18, 2], heads: [4, 8, 16, 32] }))).toEqual({ QKV: 20938752, PRJ: 6979584, MLP: 55836672, AUX: 3782656 });
    // timm's swin_tiny_patch4_window7_224 has 28,288,354 parameters (weights + biases + norms + bias tables)
    expect(swinParamShapes().reduce((a, p) => a + size(p.shape), 0)).toBe(28288354);
  });

  it("prunes a seeded Swin-T at 50%: each module keeps roundHalfEven(N_m / 2), no layer empties, nothing else is touched", () => {
    const tensors = seededSwin();
    const t0 = performance.now();
    const { masks, report } = dimapMasks(tensors, { ratio: 0.5 });
    const seconds = (performance.now() - t0) / 1000;
    expect(seconds).toBeLessThan(40);
    for (const [m, n] of Object.entries({ QKV: 6469632, PRJ: 2156544, MLP: 17252352, AUX: 2320896 })) {
      expect(report.modules[m as "QKV"]!.size).toBe(n);
      expect(report.modules[m as "QKV"]!.kept).toBe(roundHalfEven(n / 2));
    }
    expect(report.totals.params).toBe(28199424);
    expect(report.totals.emptiedLayers).toBe(0);
    expect(masks.size).toBe(53); // 12 qkv + 12 proj + 24 fc + patch embed + 3 merges + head
    for (const name of masks.keys()) expect(name.endsWith(".weight") && !/norm/.test(name)).toBe(true);
    // FLOPs (spec 3.4). NumPy/Python from the architecture: T=[3136,784,196,49]; C=[96,192,384,768]; D=[2,2,6,2]
    // dense = sum(D[i]*T[i]*12*C[i]**2) + sum(T[i]*8*C[i-1]**2, i=1..3) + 4608*3136 + 768000 = 4,350,425,088
    // attention = sum(D[i]*2*T[i]*49*C[i]) = 140,141,568
    const tokensFor = swinTokensFor(tensors.map((t) => t.name));
    const f = estimateFlops(tensors, masks, tokensFor);
    expect(f.denseMacs).toBe(4350425088);
    expect(f.attentionMacs).toBe(140141568);
    const byHand = report.layers.reduce((a, l) => a + l.kept * tokensFor(l.name), 0);
    expect(f.sparseMacs).toBe(byHand);
    expect(f.sparseMacs / f.denseMacs).toBeGreaterThan(0.3);
    expect(f.sparseMacs / f.denseMacs).toBeLessThan(0.7);
  }, 60000);

  it("assigns tokens by stage, merges on the post-merge grid under either naming", () => {
    expect(swinTokenCounts()).toEqual([3136, 784, 196, 49]);
    expect(swinTokenCounts(16, 2, 2)).toEqual([64, 16]);
    expect(() => swinTokenCounts(224, 4, 7)).toThrow(/E_RANGE/);
    expect(() => swinTokenCounts(0)).toThrow(/E_RANGE/);
    const timm = swinTokensFor(swinParamShapes().map((p) => p.name));
    expect([timm("layers.1.downsample.reduction.weight"), timm("layers.3.downsample.reduction.weight"), timm("layers.2.blocks.0.mlp.fc1.weight"), timm("patch_embed.proj.weight"), timm("head.fc.weight")]).toEqual([784, 49, 196, 3136, 1]);
    const ms = swinTokensFor(swinParamShapes({ naming: "microsoft" }).map((p) => p.name));
    expect([ms("layers.0.downsample.reduction.weight"), ms("layers.2.downsample.reduction.weight"), ms("layers.3.blocks.1.attn.qkv.weight"), ms("head.weight")]).toEqual([784, 49, 49, 1]);
    const hf = swinTokensFor(["swin.encoder.layers.0.downsample.reduction.weight", "swin.encoder.layers.3.blocks.0.attention.self.query.weight"]);
    expect(hf("swin.encoder.layers.0.downsample.reduction.weight")).toBe(784);
  });

  it("counts attention once per block for HF's separate query/key/value and rejects bad token counts", () => {
    const w = (name: string, shape: number[]): Tensor2D => ({ name, shape, data: new Float32Array(size(shape)).fill(1) });
    const p = "swin.encoder.layers.0.blocks.0.attention.self";
    const ts = [w(`${p}.query.weight`, [4, 4]), w(`${p}.key.weight`, [4, 4]), w(`${p}.value.weight`, [4, 4])];
    const f = estimateFlops(ts, new Map([[ts[0]!.name, new Uint8Array([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])]]), () => 100, { window: 2 });
    // 3 layers x 16 weights x 100 tokens; kept 2 + 16 + 16; attention 2 * 100 * 4 * 4
    expect(f).toEqual({ denseMacs: 4800, sparseMacs: 3400, attentionMacs: 3200 });
    expect(() => estimateFlops(ts, new Map(), () => Number.NaN)).toThrow(/E_RANGE/);
    expect(() => estimateFlops(ts, new Map([[ts[0]!.name, new Uint8Array(3)]]), () => 1)).toThrow(/E_SHAPE/);
    expect(() => swinParamShapes({ depths: [2], heads: [1, 2] })).toThrow(/E_ARGUMENT/);
    expect(ones(new Uint8Array([1, 0, 1]))).toBe(2);
  });
});
