import { tensor, type Rng } from "@wc/tensor";
import { Linear, Module, matmul, maskedFill, reshape, rope, scale, softmax, transpose, type Var } from "@wc/nn";
import type { ResolvedLlamaConfig } from "./config";
import type { KVCache } from "./kv-cache";

/**
 * Llama self-attention (Hugging Face `LlamaAttention`): bias-free `q_proj`, `k_proj`, `v_proj`,
 * `o_proj`; RoPE with `rotate_half` pairing on queries and keys at their absolute positions;
 * grouped-query attention (query head `h` reads key/value head `floor(h / (heads / kvHeads))`, as
 * `repeat_kv`); causal mask; scores scaled by `1/sqrt(headDim)`. Unlike @wc/nn's
 * `MultiHeadAttention`, it reads and extends a {@link KVCache}.
 * @example
 * const attn = new LlamaAttention(cfg, 0, rng); attn.forwardCached(x, cache);
 */
export class LlamaAttention extends Module {
  readonly qProj: Linear;
  readonly kProj: Linear;
  readonly vProj: Linear;
  readonly oProj: Linear;
  /**
   * @param config - resolved config
   * @param layerIndex - this layer's index (its slot in the cache)
   * @param rng - initialiser
   */
  constructor(
    private readonly config: ResolvedLlamaConfig,
    private readonly layerIndex: number,
    rng: Rng,
  ) {
    super();
    const { hiddenSize: d, numAttentionHeads: H, numKeyValueHeads: KV, headDim: hd } = config;
    const o = { rng, bias: false };
    this.qProj = this.registerModule("q_proj", new Linear(d, H * hd, o));
    this.kProj = this.registerModule("k_proj", new Linear(d, KV * hd, o));
    this.vProj = this.registerModule("v_proj", new Linear(d, KV * hd, o));
    this.oProj = this.registerModule("o_proj", new Linear(H * hd, d, o));
  }

  /** Attention over `x [B, T, d]` alone (positions 0..T-1, no cache). */
  forward(x: Var): Var {
    return this.forwardCached(x, null);
  }

  /**
   * Attention of `x [B, T, d]` at positions `P..P+T-1` over the cached prefix (length P) and itself;
   * appends this step's keys/values to `cache`.
   * @param x - hidden states
   * @param cache - the cache, or null for a prefix-free forward
   * @returns `[B, T, d]`
   */
  forwardCached(x: Var, cache: KVCache | null): Var {
    const [B, T] = x.shape as [number, number, number];
    const { numAttentionHeads: H, numKeyValueHeads: KV, headDim: hd, ropeTheta } = this.config;
    const G = H / KV;
    const past = cache ? cache.lengthOf(this.layerIndex) : 0;
    const ro = { base: ropeTheta, offset: past, pairing: "half" as const };
    // q: [B, T, KV, G, hd] -> [B, KV, G, T, hd]; k, v: [B, T, KV, hd] -> [B, KV, T, hd]
    const q = rope(transpose(reshape(this.qProj.call(x), [B, T, KV, G, hd]), [0, 2, 3, 1, 4]), ro);
    let k = rope(transpose(reshape(this.kProj.call(x), [B, T, KV, hd]), [0, 2, 1, 3]), ro);
    let v = transpose(reshape(this.vProj.call(x), [B, T, KV, hd]), [0, 2, 1, 3]);
    if (cache) ({ k, v } = cache.append(this.layerIndex, k, v));
    let scores = scale(matmul(reshape(q, [B, KV, G * T, hd]), transpose(k)), 1 / Math.sqrt(hd));
    if (T > 1) scores = maskedFill(scores, causalMask(G, T, past), -Infinity);
    const ctx = matmul(softmax(scores), v); // [B, KV, G*T, hd]
    const merged = reshape(transpose(reshape(ctx, [B, KV, G, T, hd]), [0, 3, 1, 2, 4]), [B, T, H * hd]);
    return this.oProj.call(merged);
  }
}

/** Mask `[G*T, past+T]`: query row r (position past + r % T) may not see keys after it. */
function causalMask(G: number, T: number, past: number) {
  const S = past + T;
  const m = new Uint8Array(G * T * S);
  for (let r = 0; r < G * T; r++) {
    const t = past + (r % T);
    for (let j = t + 1; j < S; j++) m[r * S + j] = 1;
  }
  return tensor(m, [G * T, S]);
}
