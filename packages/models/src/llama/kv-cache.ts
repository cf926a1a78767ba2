import { WcError } from "@wc/tensor";
import { concat, type Var } from "@wc/nn";

/**
 * The keys and values a Llama-style decoder has already computed, per layer, so that decoding the
 * next token costs one position instead of the whole prefix. Keys are stored after RoPE, shape
 * `[B, kvHeads, length, headDim]`. Filled by {@link LlamaForCausalLM.forwardIds}; use a fresh cache
 * per sequence batch.
 * @example
 * const cache = new KVCache(cfg.numHiddenLayers);
 * model.forwardIds(prompt, [1, prompt.length], { cache }); // prefill
 * model.forwardIds([next], [1, 1], { cache });             // one step
 */
export class KVCache {
  private readonly keys: (Var | null)[];
  private readonly values: (Var | null)[];
  /**
   * @param layers - number of decoder layers
   * @throws {WcError} `E_RANGE` for a non-positive count.
   */
  constructor(readonly layers: number) {
    if (!Number.isInteger(layers) || layers < 1) throw new WcError("E_RANGE", `KVCache: layers must be a positive integer, got ${layers}`);
    this.keys = new Array<Var | null>(layers).fill(null);
    this.values = new Array<Var | null>(layers).fill(null);
  }

  /** Positions already cached (those of layer 0). */
  get length(): number {
    const k = this.keys[0];
    return k ? k.shape[2]! : 0;
  }

  /**
   * Appends a layer's new keys/values (`[B, kvHeads, T, headDim]`) and returns the full ones.
   * @internal used by the attention layer
   */
  append(layer: number, k: Var, v: Var): { k: Var; v: Var } {
    const pk = this.keys[layer];
    const pv = this.values[layer];
    const nk = pk ? concat([pk, k], 2) : k;
    const nv = pv ? concat([pv, v], 2) : v;
    this.keys[layer] = nk.detach();
    this.values[layer] = nv.detach();
    return { k: nk, v: nv };
  }

  /** Cached positions of one layer (before this forward appends). @internal */
  lengthOf(layer: number): number {
    const k = this.keys[layer];
    return k ? k.shape[2]! : 0;
  }
}
