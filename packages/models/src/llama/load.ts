import type { Tensor } from "@wc/tensor";
import type { LoadStateDictResult } from "@wc/nn";
import type { LlamaForCausalLM } from "./model";

/** Something that maps tensor names to tensors: a `Map`, or @wc/io's `StateDict`. */
export type TensorSource = ReadonlyMap<string, Tensor> | { names(): string[]; tensor(name: string): Tensor };

/**
 * Loads Hugging Face Llama weights into a model: takes a @wc/io `StateDict` (e.g. from
 * `loadSafetensors`) or a name -> Tensor map, drops the non-parameter entries old checkpoints carry
 * (`*.rotary_emb.inv_freq`) and a redundant `lm_head.weight` when embeddings are tied, converts
 * dtypes (bf16/f16 decode to float32), and checks every name and shape (strict).
 * @param model - the model to fill (its storage is kept)
 * @param source - the tensors
 * @returns the unmatched names (empty: loading is strict)
 * @throws {WcError} `E_ARGUMENT` listing missing/unexpected names; `E_SHAPE` naming a tensor whose
 *   shape differs from the config's.
 * @example
 * loadLlamaWeights(lm, await loadSafetensors("model.safetensors"));
 */
export function loadLlamaWeights(model: LlamaForCausalLM, source: TensorSource): LoadStateDictResult {
  const names = source instanceof Map ? [...source.keys()] : (source as { names(): string[] }).names();
  const get = (n: string): Tensor => (source instanceof Map ? source.get(n)! : (source as { tensor(name: string): Tensor }).tensor(n));
  const sd = new Map<string, Tensor>();
  for (const n of names) {
    if (n.endsWith(".rotary_emb.inv_freq")) continue;
    if (n === "lm_head.weight" && model.config.tieWordEmbeddings) continue;
    sd.set(n, get(n));
  }
  return model.loadStateDict(sd);
}
