import { describe, expect, it } from "vitest";
import { noGrad } from "@wc/nn";
import { LlamaForCausalLM, loadLlamaWeights } from "@wc/models";
import { compressLlama, denseWeights, llamaActivationScales, llamaLinearNames, llamaScaleGroups, officialLayerName, randomWindows, StackEvaluator, scoreBlocks } from "../src/index";
import { sampleText, tinyRandomLlama } from "./helpers";

function logits(lm: LlamaForCausalLM, ids: Int32Array): Float32Array {
  return noGrad(() => lm.eval().forwardIds(ids, [1, ids.length]).value.data as Float32Array);
}

describe("Llama pipeline", () => {
  const { lm, weights } = tinyRandomLlama(1);
  const cfg = lm.config;
  const text = sampleText();

  it("lists linears and scale groups as the official code", () => {
    expect(llamaLinearNames(cfg).length).toBe(14);
    expect(llamaScaleGroups(cfg).slice(0, 4).map((g) => `${g.prev} -> ${g.next.map((n) => n.split(".").pop()).join(",")}`)).toEqual([
      "model.layers.0.input_layernorm -> q_proj,k_proj,v_proj",
      "model.layers.0.self_attn.v_proj -> o_proj",
      "model.layers.0.post_attention_layernorm -> gate_proj,up_proj",
      "model.layers.0.mlp.up_proj -> down_proj",
    ]);
    expect(officialLayerName("model.layers.3.mlp.up_proj")).toBe("layer.3.mlp.up_proj");
  });

  it("folded scales keep the network function (full-rank single block, fp16 rest)", () => {
    const scales = llamaActivationScales(lm, randomWindows(text, 4, 32, 0));
    expect([...scales.keys()].length).toBe(8);
    for (const s of scales.values()) expect(s.every((v) => v > 1e-3)).toBe(true);
    const scaled = compressLlama(weights, cfg, { nIter: 1, k: 16, storeFp16: false, scales });
    const plain = compressLlama(weights, cfg, { nIter: 1, k: 16, storeFp16: false });
    // The decomposed q_proj weights differ (columns scaled) ...
    const q = (c: typeof plain) => c.layers[0]!;
    expect(Math.abs(q(scaled).residualNorms![0]! - q(plain).residualNorms![0]!)).toBeGreaterThan(0.1 * q(plain).residualNorms![0]!);
    // ... but the rebuilt models compute the same logits up to the fp16 rounding of norms/embeddings.
    const a = new LlamaForCausalLM(cfg);
    const b = new LlamaForCausalLM(cfg);
    loadLlamaWeights(a, denseWeights(scaled.layers, scaled.rest));
    loadLlamaWeights(b, denseWeights(plain.layers, plain.rest));
    const ids = Int32Array.from(text.subarray(0, 24));
    const la = logits(a, ids);
    const lb = logits(b, ids);
    const lo = logits(lm, ids);
    let scale = 0;
    let diff = 0;
    let diffOrig = 0;
    for (let i = 0; i < la.length; i++) {
      scale = Math.max(scale, Math.abs(lb[i]!));
      diff = Math.max(diff, Math.abs(la[i]! - lb[i]!));
      diffOrig = Math.max(diffOrig, Math.abs(lo[i]! - lb[i]!));
    }
    expect(diff).toBeLessThan(5e-3 * scale);
    expect(diffOrig).toBeLessThan(5e-3 * scale);
  });

  it("perplexity falls as blocks are added, and scoring covers (nIter-1) * L evaluations", async () => {
    const c = compressLlama(weights, cfg, { nIter: 3, k: 2 });
    expect(c.fixedBytes).toBe(2 * (256 * 16 * 2 + 16 * 5)); // embed + head + 2x2 norms + final norm, fp16
    const ev = new StackEvaluator(cfg, c.layers, c.rest, randomWindows(text, 2, 32, 1));
    const ppl = [1, 2, 3].map((n) => ev.perplexity(Object.fromEntries(c.layers.map((l) => [l.name, n]))));
    // The original model on the same windows: more blocks -> closer weights -> closer perplexity.
    const orig = new StackEvaluator(cfg, [], new Map([...weights]), randomWindows(text, 2, 32, 1)).perplexity({});
    expect(Math.abs(ppl[2]! - orig)).toBeLessThan(Math.abs(ppl[0]! - orig));
    expect(Math.abs(ppl[2]! - orig)).toBeLessThan(0.05 * orig);
    let evals = 0;
    const scores = await scoreBlocks(c.layers, 3, (counts) => {
      evals++;
      return ev.perplexity(counts);
    });
    expect(evals).toBe(1 + 2 * 14);
    expect(scores.originalPpl).toBeCloseTo(ppl[2]!, 9);
  });
});
