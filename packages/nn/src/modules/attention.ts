import { WcError, tensor } from "@wc/tensor";
import type { Var } from "../autograd/var";
import { fmt } from "../internal/alloc";
import { maskedFill } from "../ops/gather";
import { matmul } from "../ops/matmul";
import { rope, type RopeOptions } from "../ops/rope";
import { scale } from "../ops/elementwise";
import { reshape, transpose } from "../ops/shape";
import { softmax } from "../ops/softmax";
import { checkSize, resolveInit, type InitOptions } from "./init";
import { Linear } from "./linear";
import { Module } from "./module";

/** Options of {@link MultiHeadAttention}. */
export interface AttentionOptions extends InitOptions {
  /** Key/value heads (grouped-query attention when fewer than `heads`; must divide it); default `heads`. */
  kvHeads?: number;
  /** Size of each head; default `dim / heads`. */
  headDim?: number;
  /** Mask future positions (decoder); default false. */
  causal?: boolean;
  /**
   * Local attention: a query at position t sees keys j with `|t - j| < window` (and `j <= t` when
   * causal); default unlimited.
   */
  window?: number;
  /** Rotary embeddings on queries and keys (`true` = defaults of {@link RopeOptions}); default off. */
  rope?: boolean | RopeOptions;
  /** Biases on the four projections; default false (Llama). */
  bias?: boolean;
}

/**
 * Multi-head self-attention on `x [B, T, dim]` with Hugging Face Llama parameter names `q_proj`,
 * `k_proj`, `v_proj`, `o_proj` (weights `out x in`). Query head `h` reads key/value head
 * `floor(h / (heads / kvHeads))`, as HF `repeat_kv`; grouped queries are multiplied against the
 * shared keys without copying them. Scores are scaled by `1/sqrt(headDim)`.
 * @example
 * const attn = new MultiHeadAttention(64, 4, { kvHeads: 2, causal: true, rope: true });
 * attn.call(x); // [B, T, 64]
 */
export class MultiHeadAttention extends Module {
  readonly qProj: Linear;
  readonly kProj: Linear;
  readonly vProj: Linear;
  readonly oProj: Linear;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  private readonly causal: boolean;
  private readonly window: number;
  private readonly ropeOptions: RopeOptions | null;
  /**
   * @param dim - model width
   * @param heads - query heads
   * @param options - see {@link AttentionOptions}
   * @throws {WcError} `E_RANGE` for non-positive sizes; `E_SHAPE` when `kvHeads` does not divide
   *   `heads` or `headDim` is not given and `heads` does not divide `dim`.
   */
  constructor(dim: number, heads: number, options: AttentionOptions = {}) {
    super();
    checkSize(dim, "attention dim");
    checkSize(heads, "attention heads");
    const kv = options.kvHeads ?? heads;
    checkSize(kv, "attention kvHeads");
    if (heads % kv !== 0) throw new WcError("E_SHAPE", `attention: kvHeads ${kv} must divide heads ${heads}`);
    if (options.headDim === undefined && dim % heads !== 0) throw new WcError("E_SHAPE", `attention: heads ${heads} must divide dim ${dim} (or pass headDim)`);
    const hd = options.headDim ?? dim / heads;
    checkSize(hd, "attention headDim");
    if (options.window !== undefined) checkSize(options.window, "attention window");
    this.heads = heads;
    this.kvHeads = kv;
    this.headDim = hd;
    this.causal = options.causal ?? false;
    this.window = options.window ?? Infinity;
    this.ropeOptions = options.rope ? (options.rope === true ? {} : options.rope) : null;
    const { dtype, rng } = resolveInit(options);
    const o = { dtype, rng, bias: options.bias ?? false };
    this.qProj = this.registerModule("q_proj", new Linear(dim, heads * hd, o));
    this.kProj = this.registerModule("k_proj", new Linear(dim, kv * hd, o));
    this.vProj = this.registerModule("v_proj", new Linear(dim, kv * hd, o));
    this.oProj = this.registerModule("o_proj", new Linear(heads * hd, dim, o));
  }

  forward(x: Var): Var {
    if (x.shape.length !== 3) throw new WcError("E_SHAPE", `attention: expected x [B, T, dim], got ${fmt(x.shape)}`);
    const [B, T] = x.shape as [number, number, number];
    const { kvHeads: KV, headDim: hd } = this;
    const G = this.heads / KV;
    // q: [B, T, KV, G, hd] -> [B, KV, G, T, hd]; k, v: [B, T, KV, hd] -> [B, KV, T, hd]
    let q = transpose(reshape(this.qProj.call(x), [B, T, KV, G, hd]), [0, 2, 3, 1, 4]);
    let k = transpose(reshape(this.kProj.call(x), [B, T, KV, hd]), [0, 2, 1, 3]);
    const v = transpose(reshape(this.vProj.call(x), [B, T, KV, hd]), [0, 2, 1, 3]);
    if (this.ropeOptions) {
      q = rope(q, this.ropeOptions);
      k = rope(k, this.ropeOptions);
    }
    q = reshape(q, [B, KV, G * T, hd]);
    let scores = scale(matmul(q, transpose(k)), 1 / Math.sqrt(hd));
    const mask = this.mask(G, T);
    if (mask) scores = maskedFill(scores, mask, -Infinity);
    const ctx = matmul(softmax(scores), v); // [B, KV, G*T, hd]
    const merged = reshape(transpose(reshape(ctx, [B, KV, G, T, hd]), [0, 3, 1, 2, 4]), [B, T, KV * G * hd]);
    return this.oProj.call(merged);
  }

  private mask(G: number, T: number) {
    if (!this.causal && !Number.isFinite(this.window)) return null;
    const m = new Uint8Array(G * T * T);
    for (let r = 0; r < G * T; r++) {
      const t = r % T;
      for (let j = 0; j < T; j++) {
        if ((this.causal && j > t) || Math.abs(t - j) >= this.window) m[r * T + j] = 1;
      }
    }
    return tensor(m, [G * T, T]);
  }
}
