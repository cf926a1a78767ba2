import { WcError } from "@wc/tensor";

/** Architecture of a Llama-style decoder (the fields of Hugging Face `LlamaConfig`, camel-cased). */
export interface LlamaConfig {
  /** Vocabulary size (`vocab_size`). */
  vocabSize: number;
  /** Model width (`hidden_size`). */
  hiddenSize: number;
  /** SwiGLU inner width (`intermediate_size`). */
  intermediateSize: number;
  /** Decoder layers (`num_hidden_layers`). */
  numHiddenLayers: number;
  /** Query heads (`num_attention_heads`). */
  numAttentionHeads: number;
  /** Key/value heads (`num_key_value_heads`, grouped-query attention when fewer); default `numAttentionHeads`. */
  numKeyValueHeads?: number;
  /** Per-head size (`head_dim`); default `hiddenSize / numAttentionHeads`. */
  headDim?: number;
  /** RMSNorm epsilon (`rms_norm_eps`); default 1e-6 (Hugging Face's default). */
  rmsNormEps?: number;
  /** RoPE base (`rope_theta`); default 10000. */
  ropeTheta?: number;
  /** Longest sequence (`max_position_embeddings`); default 2048. Generation stops there. */
  maxPositionEmbeddings?: number;
  /** Share `lm_head` with `embed_tokens` (`tie_word_embeddings`); default false. */
  tieWordEmbeddings?: boolean;
}

/** A {@link LlamaConfig} with every default filled in. */
export type ResolvedLlamaConfig = Required<LlamaConfig>;

/**
 * Validates a config and fills its defaults.
 * @param c - the config
 * @returns a new frozen config with every field set
 * @throws {WcError} `E_RANGE` for non-positive sizes or eps; `E_SHAPE` when heads do not divide the
 *   width (without `headDim`), kv heads do not divide heads, or the head size is odd (RoPE pairs).
 * @example
 * resolveLlamaConfig({ vocabSize: 256, hiddenSize: 128, intermediateSize: 344, numHiddenLayers: 4, numAttentionHeads: 4 });
 */
export function resolveLlamaConfig(c: LlamaConfig): ResolvedLlamaConfig {
  for (const k of ["vocabSize", "hiddenSize", "intermediateSize", "numHiddenLayers", "numAttentionHeads"] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new WcError("E_RANGE", `LlamaConfig.${k}: expected a positive integer, got ${c[k]}`);
  }
  const kv = c.numKeyValueHeads ?? c.numAttentionHeads;
  if (!Number.isInteger(kv) || kv < 1 || c.numAttentionHeads % kv !== 0) {
    throw new WcError("E_SHAPE", `LlamaConfig.numKeyValueHeads: ${kv} must be a positive divisor of numAttentionHeads ${c.numAttentionHeads}`);
  }
  if (c.headDim === undefined && c.hiddenSize % c.numAttentionHeads !== 0) {
    throw new WcError("E_SHAPE", `LlamaConfig: numAttentionHeads ${c.numAttentionHeads} must divide hiddenSize ${c.hiddenSize} (or set headDim)`);
  }
  const headDim = c.headDim ?? c.hiddenSize / c.numAttentionHeads;
  if (!Number.isInteger(headDim) || headDim < 2 || headDim % 2 !== 0) {
    throw new WcError("E_SHAPE", `LlamaConfig.headDim: RoPE needs an even head size, got ${headDim}`);
  }
  const eps = c.rmsNormEps ?? 1e-6;
  const theta = c.ropeTheta ?? 10000;
  const maxPos = c.maxPositionEmbeddings ?? 2048;
  if (!(eps > 0) || !(theta > 0) || !Number.isInteger(maxPos) || maxPos < 1) {
    throw new WcError("E_RANGE", `LlamaConfig: rmsNormEps (${eps}) and ropeTheta (${theta}) must be > 0, maxPositionEmbeddings (${maxPos}) a positive integer`);
  }
  return Object.freeze({
    vocabSize: c.vocabSize,
    hiddenSize: c.hiddenSize,
    intermediateSize: c.intermediateSize,
    numHiddenLayers: c.numHiddenLayers,
    numAttentionHeads: c.numAttentionHeads,
    numKeyValueHeads: kv,
    headDim,
    rmsNormEps: eps,
    ropeTheta: theta,
    maxPositionEmbeddings: maxPos,
    tieWordEmbeddings: c.tieWordEmbeddings ?? false,
  });
}

const HF_KEYS: [keyof LlamaConfig, string][] = [
  ["vocabSize", "vocab_size"],
  ["hiddenSize", "hidden_size"],
  ["intermediateSize", "intermediate_size"],
  ["numHiddenLayers", "num_hidden_layers"],
  ["numAttentionHeads", "num_attention_heads"],
  ["numKeyValueHeads", "num_key_value_heads"],
  ["headDim", "head_dim"],
  ["rmsNormEps", "rms_norm_eps"],
  ["ropeTheta", "rope_theta"],
  ["maxPositionEmbeddings", "max_position_embeddings"],
  ["tieWordEmbeddings", "tie_word_embeddings"],
];

/**
 * Reads a Hugging Face `config.json` object (snake_case keys) into a {@link LlamaConfig}.
 * Unknown keys are ignored; `rope_scaling` other than null is rejected (not implemented).
 * @param json - the parsed config.json
 * @returns the resolved config
 * @throws {WcError} `E_UNSUPPORTED` for `rope_scaling`, `attention_bias` or `mlp_bias` set;
 *   `E_FORMAT` for a missing required key; see {@link resolveLlamaConfig}.
 * @example
 * llamaConfigFromHf(JSON.parse(readFileSync("config.json", "utf8")));
 */
export function llamaConfigFromHf(json: Record<string, unknown>): ResolvedLlamaConfig {
  for (const k of ["rope_scaling", "attention_bias", "mlp_bias"]) {
    if (json[k] !== undefined && json[k] !== null && json[k] !== false) {
      throw new WcError("E_UNSUPPORTED", `llamaConfigFromHf: "${k}" = ${JSON.stringify(json[k])} is not supported; only plain RoPE and bias-free projections are`);
    }
  }
  const c: Record<string, unknown> = {};
  for (const [ours, theirs] of HF_KEYS) if (json[theirs] !== undefined && json[theirs] !== null) c[ours] = json[theirs];
  for (const k of ["vocabSize", "hiddenSize", "intermediateSize", "numHiddenLayers", "numAttentionHeads"]) {
    if (c[k] === undefined) throw new WcError("E_FORMAT", `llamaConfigFromHf: config.json lacks "${HF_KEYS.find(([o]) => o === k)![1]}"`);
  }
  return resolveLlamaConfig(c as unknown as LlamaConfig);
}

/**
 * Writes a config as a Hugging Face `config.json` object (`model_type: "llama"`).
 * @param c - the config
 * @returns a plain object ready for `JSON.stringify`
 * @throws {WcError} see {@link resolveLlamaConfig}.
 * @example
 * writeFileSync("config.json", JSON.stringify(llamaConfigToHf(cfg), null, 2));
 */
export function llamaConfigToHf(c: LlamaConfig): Record<string, unknown> {
  const r = resolveLlamaConfig(c);
  const out: Record<string, unknown> = { architectures: ["LlamaForCausalLM"], model_type: "llama", hidden_act: "silu" };
  for (const [ours, theirs] of HF_KEYS) out[theirs] = r[ours];
  return out;
}
