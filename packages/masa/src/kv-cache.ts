import { WcError } from "@wc/tensor";
import { concat, type Var } from "@wc/nn";

/**
 * Keys and values already computed by a {@link MasaDecoder}, per layer, so that decoding the next
 * token costs one position instead of the whole prefix (same layout as @wc/models' `KVCache`: keys
 * stored after RoPE, `[B, kvHeads, length, headDim]`, detached). Use a fresh cache per batch of
 * sequences; {@link MasaDecoder.newCache} makes one of the right size.
 * @example
 * const cache = lm.newCache();
 * lm.logits(prompt, [1, prompt.length], { cache }); // prefill
 * lm.logits([next], [1, 1], { cache });             // one step
 */
export class MasaKVCache {
  private readonly keys: (Var | null)[];
  private readonly values: (Var | null)[];
  /**
   * @param layers - number of attention layers
   * @throws {WcError} `E_RANGE` for a non-positive or non-integer count.
   */
  constructor(readonly layers: number) {
    if (!Number.isInteger(layers) || layers < 1) throw new WcError("E_RANGE", `MasaKVCache: layers must be a positive integer, got ${layers}`);
    this.keys = new Array<Var | null>(layers).fill(null);
    this.values = new Array<Var | null>(layers).fill(null);
  }

  /** Positions already cached (those of layer 0). */
  get length(): number {
    return this.lengthOf(0);
  }

  /**
   * Positions cached for one layer (before the current forward appends to it).
   * @throws {WcError} `E_RANGE` for a layer out of range.
   */
  lengthOf(layer: number): number {
    this.check(layer);
    const k = this.keys[layer];
    return k ? k.shape[2]! : 0;
  }

  /**
   * Appends a layer's new keys and values (`[B, kvHeads, T, headDim]`) and returns the full ones
   * (prefix + new). Called by {@link MasaAttention.forwardCached}.
   * @throws {WcError} `E_RANGE` for a layer out of range; `E_SHAPE` when batch, heads or head size
   *   differ from what the layer cached before.
   */
  append(layer: number, k: Var, v: Var): { k: Var; v: Var } {
    this.check(layer);
    const pk = this.keys[layer];
    const pv = this.values[layer];
    if (pk && (pk.shape[0] !== k.shape[0] || pk.shape[1] !== k.shape[1] || pk.shape[3] !== k.shape[3])) {
      throw new WcError("E_SHAPE", `MasaKVCache: layer ${layer} cached keys [${pk.shape.join(", ")}], new keys are [${k.shape.join(", ")}]; use a fresh cache for a different batch`);
    }
    const nk = pk ? concat([pk, k], 2) : k;
    const nv = pv ? concat([pv, v], 2) : v;
    this.keys[layer] = nk.detach();
    this.values[layer] = nv.detach();
    return { k: nk, v: nv };
  }

  private check(layer: number): void {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.layers) {
      throw new WcError("E_RANGE", `MasaKVCache: layer must be in [0, ${this.layers - 1}], got ${layer}`);
    }
  }
}
