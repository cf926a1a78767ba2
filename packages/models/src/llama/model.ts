import { Rng, WcError, tensor, type Tensor } from "@wc/tensor";
import { Embedding, Linear, Module, RMSNorm, SwiGLU, add, linear, reshape, slice, type Var, ModuleList } from "@wc/nn";
import { resolveLlamaConfig, type LlamaConfig, type ResolvedLlamaConfig } from "./config";
import { LlamaAttention } from "./attention";
import { KVCache } from "./kv-cache";

/** Options of the {@link LlamaForCausalLM} constructor. */
export interface LlamaInitOptions {
  /** Seed of the initial weights; default 0. */
  seed?: number;
  /** Std of the normal initialisation of every Linear/Embedding weight (HF `initializer_range`); default 0.02. */
  initializerRange?: number;
}

/** Options of {@link LlamaForCausalLM.forwardIds}. */
export interface LlamaForwardOptions {
  /** Cache to read the prefix from and extend; default none (positions start at 0). */
  cache?: KVCache;
  /** Compute logits for the last position only (`[B, 1, vocab]`); default false. */
  lastOnly?: boolean;
}

/** One decoder block: pre-norm attention and pre-norm SwiGLU, each with a residual (HF `LlamaDecoderLayer`). */
export class LlamaDecoderLayer extends Module {
  readonly selfAttn: LlamaAttention;
  readonly mlp: SwiGLU;
  readonly inputLayernorm: RMSNorm;
  readonly postAttentionLayernorm: RMSNorm;
  /**
   * @param config - resolved config
   * @param index - layer index
   * @param rng - initialiser
   */
  constructor(config: ResolvedLlamaConfig, index: number, rng: Rng) {
    super();
    this.selfAttn = this.registerModule("self_attn", new LlamaAttention(config, index, rng));
    this.mlp = this.registerModule("mlp", new SwiGLU(config.hiddenSize, config.intermediateSize, { rng }));
    this.inputLayernorm = this.registerModule("input_layernorm", new RMSNorm(config.hiddenSize, { eps: config.rmsNormEps }));
    this.postAttentionLayernorm = this.registerModule("post_attention_layernorm", new RMSNorm(config.hiddenSize, { eps: config.rmsNormEps }));
  }
  /** The block without a cache. */
  forward(x: Var): Var {
    return this.forwardCached(x, null);
  }
  /** The block at the positions after the cached prefix, extending the cache. */
  forwardCached(x: Var, cache: KVCache | null): Var {
    const xn = this.inputLayernorm.call(x);
    // Without a cache go through call() so forward hooks (activation capture) see the attention.
    const h = add(x, cache ? this.selfAttn.forwardCached(xn, cache) : this.selfAttn.call(xn));
    return add(h, this.mlp.call(this.postAttentionLayernorm.call(h)));
  }
}

/** The decoder trunk (HF `LlamaModel`): `embed_tokens`, `layers.N`, `norm`. Its forward maps ids to final hidden states. */
export class LlamaModel extends Module {
  readonly embedTokens: Embedding;
  readonly layers: ModuleList<LlamaDecoderLayer>;
  readonly norm: RMSNorm;
  /**
   * @param config - resolved config
   * @param rng - initialiser
   */
  constructor(config: ResolvedLlamaConfig, rng: Rng) {
    super();
    this.embedTokens = this.registerModule("embed_tokens", new Embedding(config.vocabSize, config.hiddenSize, { rng }));
    const layers = Array.from({ length: config.numHiddenLayers }, (_, i) => new LlamaDecoderLayer(config, i, rng));
    this.layers = this.registerModule("layers", new ModuleList(layers));
    this.norm = this.registerModule("norm", new RMSNorm(config.hiddenSize, { eps: config.rmsNormEps }));
  }
  /** Final hidden states `[B, T, d]` for integer-valued ids `[B, T]`, no cache. */
  forward(ids: Var): Var {
    return this.hidden(ids.value, null);
  }
  /** Final hidden states for ids `[B, T]` after the cached prefix. @internal */
  hidden(ids: Tensor, cache: KVCache | null): Var {
    let h = this.embedTokens.lookup(ids);
    // Without a cache go through call() so forward hooks on `layers.N` fire (activation capture).
    for (const layer of this.layers.items) h = cache ? layer.forwardCached(h, cache) : layer.call(h);
    return this.norm.call(h);
  }
}

/**
 * A Llama-style decoder-only language model with Hugging Face's parameter names and shapes
 * (`model.embed_tokens.weight`, `model.layers.N.self_attn.{q,k,v,o}_proj.weight`,
 * `model.layers.N.mlp.{gate,up,down}_proj.weight`, `model.layers.N.input_layernorm.weight`,
 * `model.layers.N.post_attention_layernorm.weight`, `model.norm.weight`, `lm_head.weight`), so the
 * state dict of a `LlamaForCausalLM` safetensors checkpoint loads with `loadStateDict`. With
 * `tieWordEmbeddings`, there is no `lm_head` and logits use the embedding matrix.
 * @example
 * const lm = new LlamaForCausalLM({ vocabSize: 256, hiddenSize: 128, intermediateSize: 344, numHiddenLayers: 4, numAttentionHeads: 4 });
 * const logits = lm.forwardIds([72, 105], [1, 2]); // [1, 2, 256]
 */
export class LlamaForCausalLM extends Module {
  readonly config: ResolvedLlamaConfig;
  readonly model: LlamaModel;
  readonly lmHead: Linear | null;
  /**
   * @param config - architecture (see {@link LlamaConfig})
   * @param options - see {@link LlamaInitOptions}
   * @throws {WcError} see {@link resolveLlamaConfig}; `E_RANGE` for a negative initializerRange.
   */
  constructor(config: LlamaConfig, options: LlamaInitOptions = {}) {
    super();
    this.config = resolveLlamaConfig(config);
    const std = options.initializerRange ?? 0.02;
    if (!(std >= 0)) throw new WcError("E_RANGE", `LlamaForCausalLM: initializerRange must be >= 0, got ${std}`);
    const rng = new Rng(options.seed ?? 0);
    this.model = this.registerModule("model", new LlamaModel(this.config, rng));
    this.lmHead = this.config.tieWordEmbeddings
      ? null
      : this.registerModule("lm_head", new Linear(this.config.hiddenSize, this.config.vocabSize, { rng, bias: false }));
    // HF `_init_weights`: every Linear/Embedding weight ~ N(0, initializer_range^2); norms stay 1.
    for (const [name, p] of this.namedParameters()) {
      if (name.endsWith("layernorm.weight") || name === "model.norm.weight") continue;
      const d = p.value.data;
      for (let i = 0; i < d.length; i++) d[i] = std * rng.standardNormal();
    }
  }

  /** Logits `[B, T, vocab]` for integer-valued ids `[B, T]` (no cache). */
  forward(ids: Var): Var {
    return this.head(this.model.hidden(ids.value, null));
  }

  /**
   * Logits for token ids laid out `[B, T]`, continuing the sequences in `options.cache` when given
   * (the new tokens take positions `cache.length ..`), and extending that cache.
   * @param ids - `B * T` token ids, row-major
   * @param shape - `[B, T]`
   * @param options - see {@link LlamaForwardOptions}
   * @returns logits `[B, T, vocab]` (or `[B, 1, vocab]` with `lastOnly`)
   * @throws {WcError} `E_SHAPE` when `ids.length !== B * T`; `E_RANGE` for an id outside the
   *   vocabulary or a sequence longer than `maxPositionEmbeddings`.
   * @example
   * lm.forwardIds([1, 2, 3], [1, 3], { lastOnly: true });
   */
  forwardIds(ids: ArrayLike<number>, shape: readonly [number, number], options: LlamaForwardOptions = {}): Var {
    const [B, T] = shape;
    if (!Number.isInteger(B) || !Number.isInteger(T) || B < 1 || T < 1 || ids.length !== B * T) {
      throw new WcError("E_SHAPE", `LlamaForCausalLM.forwardIds: ${ids.length} ids do not fill shape [${B}, ${T}]`);
    }
    const cache = options.cache ?? null;
    if (cache && cache.layers !== this.config.numHiddenLayers) {
      throw new WcError("E_SHAPE", `LlamaForCausalLM.forwardIds: the cache has ${cache.layers} layers, the model ${this.config.numHiddenLayers}`);
    }
    const total = (cache ? cache.length : 0) + T;
    if (total > this.config.maxPositionEmbeddings) {
      throw new WcError("E_RANGE", `LlamaForCausalLM.forwardIds: ${total} positions exceed maxPositionEmbeddings ${this.config.maxPositionEmbeddings}`);
    }
    const idt = tensor(Int32Array.from(ids as ArrayLike<number>), [B, T]);
    let h = this.model.hidden(idt, cache);
    if (options.lastOnly && T > 1) h = slice(h, [null, [T - 1, T], null]);
    return this.head(h);
  }

  /** A fresh cache sized for this model. */
  newCache(): KVCache {
    return new KVCache(this.config.numHiddenLayers);
  }

  private head(h: Var): Var {
    if (this.lmHead) return this.lmHead.call(h);
    const [B, T, d] = h.shape as [number, number, number];
    return reshape(linear(reshape(h, [B * T, d]), this.model.embedTokens.weight), [B, T, this.config.vocabSize]);
  }
}
