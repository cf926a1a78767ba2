import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { dataPath, loadFixture, loadManifest } from "@wc/fixtures";
import { LlamaForCausalLM, loadLlamaWeights, sampleWindows, type LlamaConfig } from "@wc/models";
import { noGrad } from "@wc/nn";
import { Rng, tensor } from "@wc/tensor";
import { calibrateLlama } from "../src/index";
import { code } from "./helpers";


describe("calibrateLlama", () => {
  it("layer 0's q/k/v Gram is Σ x xᵀ of input_layernorm(embeddings) over the sampled windows", async () => {
    const { fixtures } = await loadManifest();
    const lm = new LlamaForCausalLM(fixtures["tiny-llama"].hyperparameters as unknown as LlamaConfig);
    loadLlamaWeights(lm, await loadFixture("tiny-llama"));
    const bytes = new Uint8Array(gunzipSync(readFileSync(dataPath("kjv-verses.txt.gz")))).subarray(0, 20000);
    const cal = calibrateLlama(lm, bytes, { windows: 3, seqLen: 16, seed: 7, hidden: false });
    expect(cal.tokens).toBe(48);
    expect(cal.blockMeanHidden).toEqual([]);
    expect(cal.grams).toHaveLength(4);
    expect(cal.grams[1]!.k).toBe(cal.grams[1]!.q);
    expect(cal.grams[1]!.o.shape).toEqual([128, 128]);
    // independent: the same windows (Rng(7), one at a time), layer 0's norm applied to the embeddings
    const rng = new Rng(7);
    const H = new Float64Array(128 * 128);
    for (let w = 0; w < 3; w++) {
      const { x } = sampleWindows(bytes, 1, 16, rng);
      const X = noGrad(() => lm.model.layers.items[0]!.inputLayernorm.call(lm.model.embedTokens.lookup(tensor(x, [1, 16])))).value.data;
      for (let t = 0; t < 16; t++) for (let i = 0; i < 128; i++) for (let j = 0; j < 128; j++) H[i * 128 + j] += X[t * 128 + i]! * X[t * 128 + j]!;
    }
    const G = cal.grams[0]!.q.data;
    let err = 0;
    let scale = 0;
    for (let i = 0; i < H.length; i++) {
      err = Math.max(err, Math.abs(G[i]! - H[i]!));
      scale = Math.max(scale, Math.abs(H[i]!));
    }
    expect(err / scale).toBeLessThan(1e-9);
    // hidden only: distributions sum to 1, no Grams
    const h = calibrateLlama(lm, bytes, { windows: 1, seqLen: 8, grams: false });
    expect(h.grams).toEqual([]);
    expect(h.layerProbs).toHaveLength(4);
    for (const p of h.layerProbs) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(h.drift).toHaveLength(3);
    expect(code(() => calibrateLlama(lm, bytes, { windows: 0 }))).toBe("E_RANGE");
    expect(code(() => calibrateLlama(lm, bytes.subarray(0, 10), { seqLen: 16 }))).toBe("E_RANGE");
  });
});
