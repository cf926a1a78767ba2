import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isWcError, tensor } from "@wc/tensor";
import { loadSafetensors } from "@wc/io/node";
import { captureActivations, crossEntropy, noGrad } from "@wc/nn";
import { LlamaForCausalLM, generate, llamaConfigFromHf, llamaConfigToHf, loadLlamaWeights, resolveLlamaConfig } from "../src/index";

const fx = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
// Produced by `python3 test/fixtures/llama-reference.py` (NumPy float64 forward of the float32 weights).
const ref = JSON.parse(readFileSync(fx("llama-reference.json"), "utf8")) as {
  prompt: number[];
  logits: number[][];
  greedyPrompt: number[];
  greedy: number[];
};
const hfConfig = JSON.parse(readFileSync(fx("tiny-llama-ref.config.json"), "utf8")) as Record<string, unknown>;

async function loadRef(): Promise<LlamaForCausalLM> {
  const lm = new LlamaForCausalLM(llamaConfigFromHf(hfConfig), { seed: 1 });
  loadLlamaWeights(lm, await loadSafetensors(fx("tiny-llama-ref.safetensors")));
  return lm.eval();
}

describe("Llama-style decoder vs the NumPy reference (HF names, GQA 4/2 heads, RoPE, SwiGLU)", () => {
  it("reads the HF config", () => {
    const c = llamaConfigFromHf(hfConfig);
    expect(c).toMatchObject({ vocabSize: 40, hiddenSize: 32, numKeyValueHeads: 2, headDim: 8, rmsNormEps: 1e-5, tieWordEmbeddings: false });
    expect(llamaConfigFromHf(llamaConfigToHf(c))).toEqual(c);
  });

  it("logits match within 1e-5 relative (float32)", async () => {
    const lm = await loadRef();
    const out = noGrad(() => lm.forwardIds(ref.prompt, [1, ref.prompt.length]));
    expect(out.shape).toEqual([1, 7, 40]);
    let worst = 0;
    ref.logits.forEach((row, t) =>
      row.forEach((v, j) => {
        // relative error per element, against the row's logit scale so near-zero logits do not divide by ~0
        const scale = Math.max(...row.map(Math.abs));
        worst = Math.max(worst, Math.abs(out.data[t * 40 + j]! - v) / scale);
      }),
    );
    expect(worst).toBeLessThan(1e-5); // measured 3.2e-7
  });

  it("activation capture sees every decoder layer and attention block on an uncached forward", async () => {
    const lm = await loadRef();
    const cap = captureActivations(lm, { modules: ["model.layers.0", "model.layers.1.self_attn"], side: "output", mode: "record" });
    noGrad(() => lm.forwardIds(ref.prompt, [1, ref.prompt.length]));
    cap.remove();
    expect(cap.entries.get("model.layers.0")!.calls).toBe(1);
    expect(cap.entries.get("model.layers.0")!.outputs[0]!.shape).toEqual([1, 7, 32]);
    expect(cap.entries.get("model.layers.1.self_attn")!.calls).toBe(1);
  });
  it("greedy generation equals the NumPy full-recompute continuation, with and without the cache", async () => {
    const lm = await loadRef();
    expect(generate(lm, ref.greedyPrompt, { maxNewTokens: 10 })).toEqual(ref.greedy);
    expect(generate(lm, ref.greedyPrompt, { maxNewTokens: 10, useCache: false })).toEqual(ref.greedy);
  });

  it("the cached step-by-step logits equal the full-sequence logits", async () => {
    const lm = await loadRef();
    const full = noGrad(() => lm.forwardIds(ref.prompt, [1, 7])).data;
    const cache = lm.newCache();
    noGrad(() => {
      const first = lm.forwardIds(ref.prompt.slice(0, 3), [1, 3], { cache });
      for (let i = 0; i < 3 * 40; i++) expect(first.data[i]).toBeCloseTo(full[i]!, 5);
      for (let t = 3; t < 7; t++) {
        const step = lm.forwardIds([ref.prompt[t]!], [1, 1], { cache });
        for (let j = 0; j < 40; j++) expect(step.data[j]).toBeCloseTo(full[t * 40 + j]!, 5);
      }
    });
    expect(cache.length).toBe(7);
  });

  it("seeded sampling is reproducible and identical with and without the cache", async () => {
    const lm = await loadRef();
    const o = { maxNewTokens: 12, temperature: 1.5, topK: 20, seed: 7 };
    const a = generate(lm, [1, 2], o);
    expect(generate(lm, [1, 2], { ...o, useCache: false })).toEqual(a);
    expect(a).toEqual(generate(lm, [1, 2], o));
    expect(generate(lm, [1, 2], { ...o, seed: 8 })).not.toEqual(a);
    expect(a.every((t) => t >= 0 && t < 40)).toBe(true);
  });

  it("batched rows give the same logits as each row alone", async () => {
    const lm = await loadRef();
    const a = [3, 17, 5, 29];
    const b = [11, 0, 38, 2];
    noGrad(() => {
      const both = lm.forwardIds([...a, ...b], [2, 4]).data;
      const onlyB = lm.forwardIds(b, [1, 4]).data;
      for (let i = 0; i < onlyB.length; i++) expect(both[4 * 40 + i]).toBeCloseTo(onlyB[i]!, 5);
    });
  });
});

describe("Llama-style decoder: structure, training, errors", () => {
  const small = { vocabSize: 16, hiddenSize: 8, intermediateSize: 12, numHiddenLayers: 2, numAttentionHeads: 2, numKeyValueHeads: 1 };

  it("has exactly the HF parameter names", () => {
    const names = [...new LlamaForCausalLM(small).stateDict().keys()];
    expect(names.slice(0, 10)).toEqual([
      "model.embed_tokens.weight",
      "model.layers.0.self_attn.q_proj.weight",
      "model.layers.0.self_attn.k_proj.weight",
      "model.layers.0.self_attn.v_proj.weight",
      "model.layers.0.self_attn.o_proj.weight",
      "model.layers.0.mlp.gate_proj.weight",
      "model.layers.0.mlp.up_proj.weight",
      "model.layers.0.mlp.down_proj.weight",
      "model.layers.0.input_layernorm.weight",
      "model.layers.0.post_attention_layernorm.weight",
    ]);
    expect(names.slice(-2)).toEqual(["model.norm.weight", "lm_head.weight"]);
    // 16*8 + 2 * (8*8 + 4*8 + 4*8 + 8*8 + 3*8*12 + 8 + 8) + 8 + 16*8
    expect(new LlamaForCausalLM(small).numParameters()).toBe(128 + 2 * (64 + 32 + 32 + 64 + 288 + 16) + 8 + 128);
  });

  it("tied embeddings: no lm_head, logits are hidden states times the embedding matrix", () => {
    const lm = new LlamaForCausalLM({ ...small, tieWordEmbeddings: true }, { seed: 2 });
    expect(lm.stateDict().has("lm_head.weight")).toBe(false);
    noGrad(() => {
      const h = lm.model.hidden(tensor(Int32Array.of(5, 6), [1, 2]), null);
      const logits = lm.forwardIds([5, 6], [1, 2]).data;
      const e = lm.model.embedTokens.weight.data;
      for (let v = 0; v < 16; v++) {
        let s = 0;
        for (let j = 0; j < 8; j++) s += h.data[8 + j]! * e[v * 8 + j]!;
        expect(logits[16 + v]).toBeCloseTo(s, 5);
      }
    });
  });

  it("gradients flow to every parameter (the loss falls on a repeated pattern)", async () => {
    const { AdamW } = await import("@wc/nn");
    const lm = new LlamaForCausalLM(small, { seed: 3 });
    const opt = new AdamW(lm.parameters(), { lr: 1e-2 });
    const ids = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4];
    const loss = () => crossEntropy(lm.forwardIds(ids.slice(0, -1), [1, 11]), ids.slice(1));
    const first = loss();
    first.backward();
    for (const p of lm.parameters()) expect(p.grad?.data.some((g) => g !== 0), p.name).toBe(true);
    opt.step();
    for (let i = 0; i < 30; i++) {
      opt.zeroGrad();
      const l = loss();
      l.backward();
      opt.step();
    }
    expect(noGrad(loss).item()).toBeLessThan(first.item() / 4);
  });

  it("rejects bad configs, inputs and caches with stable codes", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isWcError(e) ? e.code : "not a WcError";
      }
      return "no error";
    };
    expect(code(() => resolveLlamaConfig({ ...small, numKeyValueHeads: 3 }))).toBe("E_SHAPE");
    expect(code(() => resolveLlamaConfig({ ...small, hiddenSize: 0 }))).toBe("E_RANGE");
    expect(code(() => llamaConfigFromHf({ ...llamaConfigToHf(small), rope_scaling: { type: "linear" } }))).toBe("E_UNSUPPORTED");
    const lm = new LlamaForCausalLM({ ...small, maxPositionEmbeddings: 4 });
    expect(code(() => lm.forwardIds([1, 2, 3], [1, 2]))).toBe("E_SHAPE");
    expect(code(() => lm.forwardIds([1, 99], [1, 2]))).toBe("E_RANGE");
    expect(code(() => lm.forwardIds([1, 2, 3, 4, 5], [1, 5]))).toBe("E_RANGE");
    expect(code(() => generate(lm, [], {}))).toBe("E_ARGUMENT");
    expect(code(() => generate(lm, [1], { maxNewTokens: 4 }))).toBe("E_RANGE");
    expect(code(() => generate(lm, [1], { maxNewTokens: 2, temperature: -1 }))).toBe("E_RANGE");
  });
});
