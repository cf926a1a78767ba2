import { describe, expect, it } from "vitest";
import { Rng, WcError, matmul, tensor, type Matrix } from "@wc/tensor";
import { TensorEntry, parseSafetensors } from "@wc/io";
import {
  activationScales,
  blockBytes,
  buildConfigs,
  decomposeMatrix,
  foldScales,
  fromSafetensors,
  packSigns,
  proxyScores,
  readStack,
  reconstruct,
  scoreBlocks,
  selectConfig,
  sortBlocks,
  toSafetensors,
  unpackSigns,
} from "../src/index";

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof WcError ? e.code : "not-wc";
  }
  return undefined;
};

describe("packing and sizes (spec 6.3)", () => {
  it("packs MSB first and round-trips", () => {
    const s = Int8Array.from([1, -1, -1, 1, 1, 1, -1, 1, 1, 1]);
    // 10011101 = 157, 11000000 = 192
    expect(Array.from(packSigns(s))).toEqual([157, 192]);
    expect(Array.from(unpackSigns(packSigns(s), 10))).toEqual(Array.from(s));
    expect(packSigns([]).length).toBe(0);
    expect(code(() => packSigns([1, 0]))).toBe("E_RANGE");
    expect(code(() => unpackSigns(Uint8Array.of(1), 9))).toBe("E_RANGE");
  });

  it("block bytes", () => {
    expect(blockBytes(4096, 4096, 16)).toBe(2359296);
    expect(blockBytes(14336, 4096, 16)).toBe(7929856);
    expect(blockBytes(1024, 4096, 16)).toBe(688128);
    expect(code(() => blockBytes(0, 4, 1))).toBe("E_RANGE");
  });

  it("activation scales", () => {
    // python3: X=np.array([[[1,2],[2,0],[2,1]],[[0,3],[0,4],[0,0]]],float); np.sqrt((X**2).sum(1)).mean(0)+1e-3
    const s = activationScales([Float32Array.of(1, 2, 2, 0, 2, 1), Float32Array.of(0, 3, 0, 4, 0, 0)], 2);
    expect(s[0]).toBeCloseTo(1.501, 6);
    expect(s[1]).toBeCloseTo(3.619034, 6);
    expect(code(() => activationScales([], 2))).toBe("E_ARGUMENT");
    expect(code(() => activationScales([Float32Array.of(1, 2, 3)], 2))).toBe("E_SHAPE");
    expect(code(() => activationScales([Float32Array.of(1, Number.NaN)], 2))).toBe("E_RANGE");
  });
});

describe("scores, order and configs (spec 6.4)", () => {
  const scores = {
    originalPpl: 8,
    reducedPpl: [
      { level: 1, ppls: [{ layer: "A", ppl: 12 }, { layer: "B", ppl: Number.NaN }] },
      { level: 2, ppls: [{ layer: "A", ppl: 9 }, { layer: "B", ppl: 8.5 }] },
    ],
  };

  it("repairs NaN from the next level, sorts level by level, builds and selects configs", () => {
    const order = sortBlocks(scores);
    expect(order).toEqual(["A", "B", "B", "A"]); // B's NaN -> 8.5 + 12 = 20.5 > 12
    expect(Number.isNaN(scores.reducedPpl[0]!.ppls[1]!.ppl)).toBe(true); // input untouched
    const configs = buildConfigs(order, { A: 24, B: 40 }, 100);
    expect(configs.map((c) => c.memory)).toEqual([164, 188, 228, 268, 292]);
    expect(selectConfig(configs, 250)).toEqual({ A: 2, B: 2 });
    expect(selectConfig(configs, 292)).toEqual({ A: 3, B: 3 });
    expect(selectConfig([...configs].reverse(), 187.9)).toEqual({ A: 1, B: 1 });
    expect(code(() => selectConfig(configs, 163))).toBe("E_RANGE");
    expect(code(() => buildConfigs(["C"], { A: 1 }, 0))).toBe("E_ARGUMENT");
  });

  it("a NaN first entry makes the repair offset 0; NaN at the last level throws", () => {
    const s = { originalPpl: 1, reducedPpl: [{ level: 1, ppls: [{ layer: "A", ppl: Number.NaN }, { layer: "B", ppl: 30 }] }, { level: 2, ppls: [{ layer: "A", ppl: 5 }, { layer: "B", ppl: 6 }] }] };
    expect(sortBlocks(s)).toEqual(["A", "B", "A", "B"]); // A := 5 + 0
    s.reducedPpl[1]!.ppls[0]!.ppl = Number.NaN;
    expect(code(() => sortBlocks(s))).toBe("E_RANGE");
  });

  it("scoreBlocks follows the official level-by-level protocol", async () => {
    const calls: string[] = [];
    const got = await scoreBlocks(["A", "B"], 3, (c) => {
      calls.push(`${c.get("A")}${c.get("B")}`);
      return 10 - c.get("A")! - 2 * c.get("B")!;
    });
    expect(calls).toEqual(["33", "21", "12", "32", "23"]);
    expect(got.originalPpl).toBe(1);
    expect(got.reducedPpl).toEqual([
      { level: 1, ppls: [{ layer: "A", ppl: 6 }, { layer: "B", ppl: 5 }] },
      { level: 2, ppls: [{ layer: "A", ppl: 3 }, { layer: "B", ppl: 2 }] },
    ]);
    await expect(scoreBlocks(["A"], 1, () => 1)).rejects.toThrow(/E_RANGE|nIter/);
  });

  it("proxy scores rank a block by its error drop per byte", () => {
    const l = (name: string, r: number[]) => ({ name, rows: 1, cols: 1, k: 1, blocks: r.slice(1).map(() => ({ signs: new Uint8Array(1), u: new Float64Array(1), vt: new Float64Array(1) })), residualNorms: r });
    const s = proxyScores([l("A", [4, 2, 1]), l("B", [10, 3, 2])], 2, { A: 1, B: 10 });
    // A: -(4 - 1) / 1 = -3; B: -(9 - 4) / 10 = -0.5
    expect(s.reducedPpl[0]!.ppls.map((p) => p.ppl)).toEqual([-3, -0.5]);
    expect(sortBlocks(s)).toEqual(["A", "B"]);
  });
});

describe("scale folding (spec 6.4)", () => {
  it("(x ⊙ g / s)(W diag(s))^T equals (x ⊙ g) W^T", () => {
    const rng = new Rng(7);
    const C = 12;
    const g = Float32Array.from({ length: C }, () => 0.5 + rng.uniform());
    const s = Float32Array.from({ length: C }, () => 0.1 + 3 * rng.uniform());
    const W = tensor(Float32Array.from({ length: 5 * C }, () => rng.normal()), [5, C]) as Matrix;
    const x = Float32Array.from({ length: 4 * C }, () => rng.normal());
    const f = foldScales({ weight: g }, [W], s);
    const g2 = f.prev.weight as Float32Array;
    const xg = tensor(x.map((v, i) => v * g[i % C]!), [4, C]);
    const xg2 = tensor(x.map((v, i) => v * g2[i % C]!), [4, C]);
    const y = matmul(xg, W, { transB: true }).data;
    const y2 = matmul(xg2, f.next[0]!, { transB: true }).data;
    for (let i = 0; i < y.length; i++) expect(Math.abs(y[i]! - y2[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(y[i]!)));
    // previous linear: its last C rows are divided
    const P = tensor(Float64Array.from({ length: 3 * (C + 2) }, (_, i) => i + 1), [C + 2, 3]) as Matrix;
    const fp = foldScales({ weight: P, bias: Float64Array.from({ length: C + 2 }, () => 1) }, [W], s);
    expect((fp.prev.weight as Matrix).data[0]).toBe(1);
    expect((fp.prev.weight as Matrix).data[2 * 3]).toBeCloseTo(7 / s[0]!, 12);
    expect(fp.prev.bias![2]).toBeCloseTo(1 / s[0]!, 12);
    expect(code(() => foldScales({ weight: g }, [W], Float32Array.of(1, 2)))).toBe("E_SHAPE");
    expect(code(() => foldScales({ weight: g }, [W], s.map((v, i) => (i === 3 ? -1 : v))))).toBe("E_RANGE");
  });
});

describe("safetensors storage", () => {
  it("writes official buffer names and reads back only the requested blocks", async () => {
    const rng = new Rng(1);
    const W = tensor(Float64Array.from({ length: 6 * 10 }, () => rng.normal()), [6, 10]) as Matrix;
    const l = { ...decomposeMatrix(W, { nIter: 3, k: 2, name: "model.layers.0.mlp.up_proj" }), bias: Uint16Array.of(15360, 0, 0, 0, 0, 0) };
    const bytes = toSafetensors([l], [["model.norm.weight", TensorEntry.fromTensor(tensor(Float32Array.of(1, 2), [2]))]]);
    const sd = parseSafetensors(bytes);
    expect(sd.get("model.layers.0.mlp.up_proj.qweight_2")!.shape).toEqual([8]); // ceil(60/8)
    expect(sd.get("model.layers.0.mlp.up_proj.u_1")!.dtype).toBe("F16");
    expect(sd.get("model.layers.0.mlp.up_proj.vt_0")!.shape).toEqual([2, 10]);
    const { layers, extra } = await fromSafetensors(bytes, { "model.layers.0.mlp.up_proj": 2 });
    expect(layers[0]!.blocks.length).toBe(2);
    expect([...extra.keys()]).toEqual(["model.norm.weight"]);
    expect(Array.from(layers[0]!.bias!)).toEqual([15360, 0, 0, 0, 0, 0]);
    expect(Array.from(reconstruct(layers[0]!, 2).data)).toEqual(Array.from(reconstruct(l, 2).data));
    await expect(readStack(sd, { "model.layers.0.mlp.up_proj": 4 })).rejects.toThrow(/holds 3 blocks/);
  });
});
