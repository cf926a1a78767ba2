import { WcError } from "@wc/tensor";
import { MODULE_NAMES, type Classifier, type ModuleName } from "./types";

// Order matters: HF's attention output `attention.output.dense` must be tested before the MLP's
// `output.dense` (spec 3.1).
const SWIN_RULES: readonly (readonly [RegExp, ModuleName])[] = [
  // microsoft / timm
  [/(^|\.)attn\.qkv\.weight$/, "QKV"],
  [/(^|\.)attn\.proj\.weight$/, "PRJ"],
  [/(^|\.)mlp\.fc[12]\.weight$/, "MLP"],
  [/(^|\.)downsample\.reduction\.weight$/, "AUX"],
  [/(^|\.)patch_embed\.proj\.weight$/, "AUX"],
  [/(^|\.)head(\.fc)?\.weight$/, "AUX"],
  // Hugging Face transformers (SwinModel / SwinForImageClassification)
  [/(^|\.)attention\.self\.(query|key|value)\.weight$/, "QKV"],
  [/(^|\.)attention\.output\.dense\.weight$/, "PRJ"],
  [/(^|\.)intermediate\.dense\.weight$/, "MLP"],
  [/(^|\.)output\.dense\.weight$/, "MLP"],
  [/(^|\.)embeddings\.patch_embeddings\.projection\.weight$/, "AUX"],
  [/(^|\.)classifier\.weight$/, "AUX"],
];

const LLAMA_RULES: readonly (readonly [RegExp, ModuleName])[] = [
  [/(^|\.)self_attn\.[qkv]_proj\.weight$/, "QKV"],
  [/(^|\.)self_attn\.o_proj\.weight$/, "PRJ"],
  [/(^|\.)mlp\.(gate|up|down)_proj\.weight$/, "MLP"],
  [/(^|\.)lm_head\.weight$/, "AUX"],
];

const HEAD = /(^|\.)(head(\.fc)?|classifier|lm_head)\.weight$/;

/**
 * The DIMAP module of a Swin parameter, from its name (spec 3.1). Recognises microsoft/timm names
 * (`layers.{i}.blocks.{j}.attn.qkv.weight` -> QKV, `...attn.proj.weight` -> PRJ,
 * `...mlp.fc1/fc2.weight` -> MLP, `...downsample.reduction.weight`, `patch_embed.proj.weight`,
 * `head.weight`/`head.fc.weight` -> AUX) and Hugging Face names (`...attention.self.{query,key,value}`
 * -> QKV, `...attention.output.dense` -> PRJ, `...intermediate.dense` and `...output.dense` -> MLP,
 * `...downsample.reduction`, `embeddings.patch_embeddings.projection`, `classifier` -> AUX), with
 * any prefix (`module.`, `model.`, `swin.`). Everything else (biases, LayerNorms, relative position
 * bias tables and indices, absolute position embeddings, masks) is `null`: never pruned.
 * @param name - a parameter name
 * @returns the module, or `null`
 * @example
 * classifySwinParam("layers.2.blocks.3.attn.qkv.weight"); // "QKV"
 * classifySwinParam("swin.encoder.layers.0.blocks.0.output.dense.weight"); // "MLP"
 * classifySwinParam("layers.0.blocks.0.attn.relative_position_bias_table"); // null
 */
export function classifySwinParam(name: string): ModuleName | null {
  for (const [re, m] of SWIN_RULES) if (re.test(name)) return m;
  return null;
}

/**
 * A module classifier for Llama-style decoders, to run DIMAP's module-aware ranking on a language
 * model (an extension outside the paper): `self_attn.{q,k,v}_proj` -> QKV, `self_attn.o_proj` -> PRJ,
 * `mlp.{gate,up,down}_proj` -> MLP, `lm_head` -> AUX; embeddings and norms are never pruned.
 * @param name - a parameter name (Hugging Face Llama naming)
 * @returns the module, or `null`
 * @example
 * classifyLlamaParam("model.layers.3.mlp.down_proj.weight"); // "MLP"
 */
export function classifyLlamaParam(name: string): ModuleName | null {
  for (const [re, m] of LLAMA_RULES) if (re.test(name)) return m;
  return null;
}

/**
 * True for classifier-head weights (`head.weight`, `head.fc.weight`, `classifier.weight`,
 * `lm_head.weight`, any prefix): what `excludeHead` leaves unpruned.
 * @param name - a parameter name
 * @returns whether it is a head weight
 * @example
 * isHeadParam("head.fc.weight"); // true
 */
export function isHeadParam(name: string): boolean {
  return HEAD.test(name);
}

/**
 * Builds a classifier from name patterns, tried in order; the first match wins, no match is
 * `null` (never pruned). A string pattern is a regular expression source.
 * @param patterns - `[module, pattern]` pairs
 * @returns a {@link Classifier}
 * @throws {WcError} `E_ARGUMENT` for an unknown module name or an invalid regular expression.
 * @example
 * const classify = patternClassifier([["QKV", /\.qkv\.weight$/], ["MLP", "\\.fc\\d\\.weight$"]]);
 * classify("blocks.0.attn.qkv.weight"); // "QKV"
 */
export function patternClassifier(patterns: readonly (readonly [ModuleName, RegExp | string])[]): Classifier {
  const rules = patterns.map(([m, p]) => {
    if (!MODULE_NAMES.includes(m)) {
      throw new WcError("E_ARGUMENT", `patternClassifier: unknown module "${String(m)}"; expected one of ${MODULE_NAMES.join(", ")}`);
    }
    let re: RegExp;
    try {
      re = typeof p === "string" ? new RegExp(p) : new RegExp(p.source, p.flags.replace("g", "").replace("y", ""));
    } catch (e) {
      throw new WcError("E_ARGUMENT", `patternClassifier: invalid regular expression ${JSON.stringify(String(p))} (${(e as Error).message})`);
    }
    return [re, m] as const;
  });
  return (name) => {
    for (const [re, m] of rules) if (re.test(name)) return m;
    return null;
  };
}

/**
 * The stage a parameter sits in, parsed from its name: the index after `layers.` (timm/microsoft,
 * HF `encoder.layers.`), `"embed"` for patch embeddings, `"head"` for classifier heads, `"-"` otherwise.
 * Patch-merging layers are labelled by the stage index under which the checkpoint files them.
 * @param name - a parameter name
 * @returns the stage label
 * @example
 * stageOf("layers.2.blocks.0.mlp.fc1.weight"); // "2"
 */
export function stageOf(name: string): string {
  const m = /(^|\.)layers\.(\d+)\./.exec(name);
  if (m) return m[2]!;
  if (/patch_embed|patch_embeddings/.test(name)) return "embed";
  if (HEAD.test(name)) return "head";
  return "-";
}
