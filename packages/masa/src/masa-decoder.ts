import { Rng, WcError, tensor, type Tensor } from "@wc/tensor";
import { Embedding, Linear, Module, RMSNorm, SwiGLU, add, slice, type Var } from "@wc/nn";
import { checkPositiveInt } from "./internal";
import { MasaKVCache } from "./kv-cache";
import { MasaAttention, MasaProjections, type MasaAttentionConfig, type MasaProjectionsOptions } from "./masa-attention";

/** Architecture of {@link MasaDecoder} (Llama-style, byte or small vocabulary). */
export interface MasaDecoderConfig extends MasaAttentionConfig {
  vocabSize: number;
  /** SwiGLU hidden size. */
  intermediateSize: number;
  numHiddenLayers: number;
  /** RMSNorm epsilon; default 1e-5. */
  rmsNormEps?: number;
}

class Block extends Module {
  readonly attn: MasaAttention;
  readonly mlp: SwiGLU;
  readonly norm1: RMSNorm;
  readonly norm2: RMSNorm;
  constructor(c: MasaDecoderConfig, bank: MasaProjections, l: number, rng: Rng) {
    super();
    this.attn = this.registerModule("self_attn", new MasaAttention(bank, l));
    this.mlp = this.registerModule("mlp", new SwiGLU(c.hiddenSize, c.intermediateSize, { rng, bias: false }));
    this.norm1 = this.registerModule("input_layernorm", new RMSNorm(c.hiddenSize, { eps: c.rmsNormEps ?? 1e-5 }));
    this.norm2 = this.registerModule("post_attention_layernorm", new RMSNorm(c.hiddenSize, { eps: c.rmsNormEps ?? 1e-5 }));
  }
  forward(x: Var): Var {
    return this.forwardCached(x, null);
  }
  forwardCached(x: Var, cache: MasaKVCache | null): Var {
    const h = add(x, this.attn.forwardCached(this.norm1.call(x), cache));
    return add(h, this.mlp.call(this.norm2.call(h)));
  }
}

class Blocks extends Module {
  constructor(readonly items: Block[]) {
    super();
    items.forEach((b, i) => this.registerModule(String(i), b));
  }
  forward(x: Var): Var {
    return this.items.reduce((h, b) => b.call(h), x);
  }
  forwardCached(x: Var, cache: MasaKVCache): Var {
    return this.items.reduce((h, b) => b.forwardCached(h, cache), x);
  }
}

/**
 * A small Llama-style decoder LM whose attention projections come from one shared
 * {@link MasaProjections} (child `attn_weights`): the trained MASA form, for training from scratch.
 * With `shared: []` it is the same network with ordinary per-layer projections (the baseline).
 * @example
 * const lm = new MasaDecoder({ vocabSize: 256, hiddenSize: 64, intermediateSize: 172, numHiddenLayers: 6, numAttentionHeads: 4 }, { S: 2 });
 * const logits = lm.logits(Int32Array.of(72, 105), [1, 2]); // [1, 2, 256]
 */
export class MasaDecoder extends Module {
  readonly embed: Embedding;
  readonly attnWeights: MasaProjections;
  readonly layers: Blocks;
  readonly norm: RMSNorm;
  readonly lmHead: Linear;
  /**
   * @param config - architecture
   * @param options - MASA settings (see {@link MasaProjectionsOptions}); `seed` also seeds the rest
   * @throws {WcError} `E_RANGE`/`E_ARGUMENT` for bad sizes.
   */
  constructor(
    readonly config: MasaDecoderConfig,
    options: MasaProjectionsOptions = {},
  ) {
    super();
    const V = checkPositiveInt(config?.vocabSize, "MasaDecoder: vocabSize");
    const L = checkPositiveInt(config.numHiddenLayers, "MasaDecoder: numHiddenLayers");
    checkPositiveInt(config.intermediateSize, "MasaDecoder: intermediateSize");
    const rng = options.rng ?? new Rng(options.seed ?? 0);
    this.embed = this.registerModule("embed_tokens", new Embedding(V, config.hiddenSize, { rng }));
    this.attnWeights = this.registerModule("attn_weights", new MasaProjections(config, L, { ...options, rng }));
    this.layers = this.registerModule("layers", new Blocks(Array.from({ length: L }, (_, l) => new Block(config, this.attnWeights, l, rng))));
    this.norm = this.registerModule("norm", new RMSNorm(config.hiddenSize, { eps: config.rmsNormEps ?? 1e-5 }));
    this.lmHead = this.registerModule("lm_head", new Linear(config.hiddenSize, V, { rng, bias: false }));
  }

  /** Logits `[B, T, vocab]` for integer-valued ids `[B, T]`. */
  forward(ids: Var): Var {
    return this.run(ids.value);
  }

  /**
   * Logits for ids laid out `[B, T]`; with `options.cache` the ids continue the cached sequences
   * (positions `cache.length ..`) and extend the cache, so incremental decoding gives the same
   * logits as a full forward of the whole sequence.
   * @param ids - `B * T` token ids, row-major
   * @param shape - `[B, T]`
   * @param options - `cache` (default none: positions start at 0); `lastOnly` (default false): only
   *   the last position's logits, `[B, 1, vocab]`
   * @returns logits `[B, T, vocab]` (or `[B, 1, vocab]`)
   * @throws {WcError} `E_SHAPE` when `ids.length !== B*T`, the cache has another layer count or the
   *   batch differs from the cached one; `E_RANGE` for an id outside the vocabulary.
   * @example
   * const cache = lm.newCache(); lm.logits([72, 105], [1, 2], { cache }); lm.logits([33], [1, 1], { cache });
   */
  logits(ids: ArrayLike<number>, shape: readonly [number, number], options: { cache?: MasaKVCache; lastOnly?: boolean } = {}): Var {
    const [B, T] = shape;
    if (!(Number.isInteger(B) && Number.isInteger(T) && B >= 1 && T >= 1) || ids.length !== B * T) throw new WcError("E_SHAPE", `MasaDecoder.logits: ${ids.length} ids do not fill [${B}, ${T}]`);
    const cache = options.cache;
    if (cache !== undefined && (!(cache instanceof MasaKVCache) || cache.layers !== this.layers.items.length)) {
      throw new WcError("E_SHAPE", `MasaDecoder.logits: the cache must be a MasaKVCache for ${this.layers.items.length} layers, got ${cache instanceof MasaKVCache ? cache.layers : typeof cache}; use lm.newCache()`);
    }
    return this.run(tensor(Int32Array.from(ids), [B, T]), cache ?? null, options.lastOnly ?? false);
  }

  /** A fresh {@link MasaKVCache} sized for this model. */
  newCache(): MasaKVCache {
    return new MasaKVCache(this.layers.items.length);
  }

  private run(ids: Tensor, cache: MasaKVCache | null = null, lastOnly = false): Var {
    const x = this.embed.lookup(ids);
    let h = cache ? this.layers.forwardCached(x, cache) : this.layers.call(x);
    const T = ids.shape[1]!;
    if (lastOnly && T > 1) h = slice(h, [null, [T - 1, T], null]);
    return this.lmHead.call(this.norm.call(h));
  }

  /** Parameters kept at deployment (MLP/embeddings of the coefficients dropped, see {@link MasaProjections.deployedParams}). */
  deployedParams(): number {
    return this.numParameters() - this.attnWeights.numParameters() + this.attnWeights.deployedParams();
  }
}
