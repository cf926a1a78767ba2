import { describe, expect, it } from "vitest";
import { StateDict, TensorEntry, parseSafetensors, serializeSafetensors } from "@wc/io";
import { loadFixture, loadManifest } from "@wc/fixtures";
import { tensor } from "@wc/tensor";
import { dimapMasks, maskStateDict, roundHalfEven, swinParamShapes, tensorsFromStateDict } from "../src/index";

describe("state dicts", () => {
  it("masks classified weights in their own dtype and keeps everything else bit for bit", () => {
    const sd = new StateDict(
      [
        ["layers.0.blocks.0.mlp.fc1.weight", TensorEntry.fromTensor(tensor(new Float32Array([4, -1, 0.5, 3]), [2, 2]), { dtype: "F16" })],
        ["layers.0.blocks.0.mlp.fc1.bias", TensorEntry.fromTensor(tensor(new Float32Array([7, 8]), [2]))],
        ["layers.0.blocks.0.mlp.fc2.weight", TensorEntry.fromTensor(tensor(new Float64Array([0.25, 0.125]), [1, 2]))],
      ],
      { format: "pt" },
    );
    const tensors = tensorsFromStateDict(sd);
    expect(tensors.map((t) => t.name)).toEqual(["layers.0.blocks.0.mlp.fc1.weight", "layers.0.blocks.0.mlp.fc2.weight"]);
    // MLP module: fc1 scores [1, 1/26, 0.25/26.25, 9/25]; fc2 [1, 1/5]; keep 3 of 6: both 1s, then fc1's 3 (0.36)
    const { masks } = dimapMasks(tensors, { ratio: 0.5 });
    const out = parseSafetensors(serializeSafetensors(maskStateDict(sd, masks)));
    expect(out.get("layers.0.blocks.0.mlp.fc1.weight")!.dtype).toBe("F16");
    expect(Array.from(out.tensor("layers.0.blocks.0.mlp.fc1.weight").data)).toEqual([4, 0, 0, 3]);
    expect(Array.from(out.tensor("layers.0.blocks.0.mlp.fc2.weight").data)).toEqual([0.25, 0]);
    expect(out.get("layers.0.blocks.0.mlp.fc1.bias")!.bytes).toEqual(sd.get("layers.0.blocks.0.mlp.fc1.bias")!.bytes);
    expect(out.metadata).toEqual({ format: "pt" });
    expect(() => maskStateDict(sd, new Map([["x", new Uint8Array(1)]]))).toThrow(/E_ARGUMENT/);
    expect(() => maskStateDict(sd, new Map([["layers.0.blocks.0.mlp.fc1.weight", new Uint8Array(3)]]))).toThrow(/E_SHAPE/);
    const ints = new StateDict([["head.weight", TensorEntry.fromTensor(tensor(new Int32Array([1, 2]), [2]))]]);
    expect(() => tensorsFromStateDict(ints)).toThrow(/E_DTYPE/);
  });

  it("reads the digits Swin fixture with the names and shapes swinParamShapes predicts", async () => {
    const { fixtures } = await loadManifest();
    const h = fixtures["digits-swin"]!.hyperparameters as { embedDim: number; depths: number[]; heads: number[]; window: number; patchSize: number; inChannels: number; numClasses: number; mlpRatio: number };
    const sd = await loadFixture("digits-swin");
    const want = swinParamShapes(h);
    expect(sd.names()).toEqual(want.map((p) => p.name));
    want.forEach((p) => expect([...sd.get(p.name)!.shape]).toEqual(p.shape));
    const { report } = dimapMasks(tensorsFromStateDict(sd), { ratio: 0.7 });
    // by hand for a 2-stage Swin of width C, 2C, depths [d0, d1], MLP factor r: QKV sum d_i*3*C_i^2,
    // PRJ sum d_i*C_i^2, MLP sum d_i*2*r*C_i^2, AUX patch C*in*p^2 + merge 2C*4C + head classes*2C
    // (the committed fixture, C=48, p=4, r=2: QKV 69,120; PRJ 23,040; MLP 92,160; AUX 20,160)
    const C = [h.embedDim, 2 * h.embedDim];
    const per = (f: number) => h.depths.reduce((a, d, i) => a + d * f * C[i]! ** 2, 0);
    const aux = h.embedDim * h.inChannels * h.patchSize ** 2 + 8 * h.embedDim ** 2 + h.numClasses * C[1]!;
    expect(h.depths.length).toBe(2);
    expect(Object.fromEntries(Object.entries(report.modules).map(([m, g]) => [m, g!.size]))).toEqual({ QKV: per(3), PRJ: per(1), MLP: per(2 * h.mlpRatio), AUX: aux });
    for (const g of Object.values(report.modules)) expect(g!.kept).toBe(roundHalfEven(0.30000000000000004 * g!.size));
    expect(report.totals.emptiedLayers).toBe(0);
  });
});
