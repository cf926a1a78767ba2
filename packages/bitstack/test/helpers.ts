import { LlamaForCausalLM, resolveLlamaConfig, llamaConfigToHf } from "@wc/models";
import type { Tensor } from "@wc/tensor";

/** A random 2-layer byte-vocabulary Llama (hidden 16, MLP 24, 2 heads, no GQA). */
export function tinyRandomLlama(seed = 0): { lm: LlamaForCausalLM; weights: Map<string, Tensor>; hf: Record<string, unknown> } {
  const cfg = resolveLlamaConfig({ vocabSize: 256, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 2, numAttentionHeads: 2, maxPositionEmbeddings: 64 });
  const lm = new LlamaForCausalLM(cfg, { seed, initializerRange: 0.2 });
  return { lm, weights: lm.stateDict(), hf: llamaConfigToHf(cfg) as Record<string, unknown> };
}

/** A byte stream of repeated English-like text. */
export function sampleText(): Uint8Array {
  const s = "In the beginning God created the heaven and the earth. And the earth was without form, and void. ".repeat(12);
  return new TextEncoder().encode(s);
}
