import { TensorEntry } from "@wc/io";
import { captureActivations, noGrad } from "@wc/nn";
import { LlamaForCausalLM, evaluateLm, type ResolvedLlamaConfig } from "@wc/models";
import { Rng, WcError, copy, tensor, type Matrix, type Tensor } from "@wc/tensor";
import { ActivationScaleAccumulator } from "./activation-scales";
import { blockBytes } from "./block-bytes";
import { decomposeMatrix } from "./decompose";
import { foldScales } from "./fold-scales";
import type { DecomposeOptions } from "./options";
import { reconstruct } from "./reconstruct";
import type { BitStackLinear } from "./types";

/** The decomposed linears of a Llama/Mistral/Qwen2 decoder layer, in module order. */
export const LLAMA_LINEARS = ["self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"] as const;

/** A scale group (spec step 2): the op before and the linears it feeds; `s` comes from `next[0]`'s input. */
export interface ScaleGroup {
  /** A norm (`...input_layernorm`) or linear (`...v_proj`) module prefix. */
  prev: string;
  /** Linear module prefixes. */
  next: string[];
}

/**
 * Scale groups of every layer (official `scale_utils.py`): input_layernorm -> q,k,v;
 * v_proj -> o_proj only when their weights have the same shape (no GQA);
 * post_attention_layernorm -> gate,up; up_proj -> down_proj.
 * @param config - the resolved Llama config
 * @returns the groups, layer by layer
 * @example
 * llamaScaleGroups(cfg)[0]; // { prev: "model.layers.0.input_layernorm", next: [q, k, v] }
 */
export function llamaScaleGroups(config: ResolvedLlamaConfig): ScaleGroup[] {
  const out: ScaleGroup[] = [];
  const sameVo = config.numKeyValueHeads === config.numAttentionHeads && config.numAttentionHeads * config.headDim === config.hiddenSize;
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const p = `model.layers.${i}`;
    out.push({ prev: `${p}.input_layernorm`, next: [`${p}.self_attn.q_proj`, `${p}.self_attn.k_proj`, `${p}.self_attn.v_proj`] });
    if (sameVo) out.push({ prev: `${p}.self_attn.v_proj`, next: [`${p}.self_attn.o_proj`] });
    out.push({ prev: `${p}.post_attention_layernorm`, next: [`${p}.mlp.gate_proj`, `${p}.mlp.up_proj`] });
    out.push({ prev: `${p}.mlp.up_proj`, next: [`${p}.mlp.down_proj`] });
  }
  return out;
}

/** Every decomposed linear prefix of the model, in module order. */
export function llamaLinearNames(config: ResolvedLlamaConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < config.numHiddenLayers; i++) for (const l of LLAMA_LINEARS) out.push(`model.layers.${i}.${l}`);
  return out;
}

/** Official compression_config key of a module prefix: `model.layers.3.mlp.up_proj` -> `layer.3.mlp.up_proj`. */
export function officialLayerName(name: string): string {
  return name.replace(/^model\.layers\.(\d+)\./, "layer.$1.");
}

/**
 * `count` random windows of `seqLen + 1` tokens (official `get_loaders`: random windows of the
 * tokenised text, seeded).
 * @param ids - the token stream
 * @param count - windows
 * @param seqLen - positions per window
 * @param seed - seed of the window starts
 * @returns `count` arrays of `seqLen + 1` ids
 * @throws {WcError} `E_RANGE` when the stream is shorter than one window.
 * @example
 * const calib = randomWindows(bytes, 64, 128, 0);
 */
export function randomWindows(ids: ArrayLike<number>, count: number, seqLen: number, seed: number): Int32Array[] {
  if (ids.length < seqLen + 2) throw new WcError("E_RANGE", `randomWindows: ${ids.length} tokens are fewer than one window of ${seqLen + 1} (+1)`);
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const s = rng.integers(0, ids.length - seqLen - 1);
    return Int32Array.from({ length: seqLen + 1 }, (_, t) => ids[s + t]!);
  });
}

/**
 * Activation scales of the first linear of every scale group (spec step 1), from one forward pass
 * per calibration window with the model's own weights; each window is one sample.
 * @param lm - the model (original weights)
 * @param windows - calibration windows (the first `length - 1` ids of each are fed)
 * @returns linear prefix -> scales (length = its input features)
 * @throws {WcError} `E_ARGUMENT` for no windows.
 * @example
 * const scales = llamaActivationScales(lm, randomWindows(text, 64, 128, 0));
 */
export function llamaActivationScales(lm: LlamaForCausalLM, windows: readonly Int32Array[]): Map<string, Float32Array> {
  if (windows.length === 0) throw new WcError("E_ARGUMENT", "llamaActivationScales: expected at least one calibration window");
  const groups = llamaScaleGroups(lm.config);
  const firsts = groups.map((g) => g.next[0]!);
  const cap = captureActivations(lm, { modules: firsts, mode: "record" });
  const acc = new Map<string, ActivationScaleAccumulator>();
  lm.eval();
  try {
    noGrad(() => {
      for (const w of windows) {
        const T = w.length - 1;
        lm.forwardIds(w.subarray(0, T), [1, T]);
        for (const [name, e] of cap.entries) {
          for (const x of e.inputs) {
            const C = x.shape[x.shape.length - 1]!;
            let a = acc.get(name);
            if (!a) acc.set(name, (a = new ActivationScaleAccumulator(C)));
            const data = copy(x, { dtype: "float64" }).data as Float64Array;
            const rowsPer = T * C;
            for (let b = 0; b * rowsPer < data.length; b++) a.add(data.subarray(b * rowsPer, (b + 1) * rowsPer), T);
          }
          e.inputs.length = 0;
        }
      }
    });
  } finally {
    cap.remove();
  }
  return new Map([...acc].map(([n, a]) => [n, a.scales()]));
}

/** Options of {@link compressLlama}. */
export interface CompressLlamaOptions extends Omit<DecomposeOptions, "colScale" | "name"> {
  /** Activation scales by linear prefix (from {@link llamaActivationScales}); default none (no scaling). */
  scales?: Map<string, Float32Array>;
  /** Called after each linear is decomposed. */
  onLinear?: (name: string, done: number, total: number) => void;
}

/** What {@link compressLlama} returns. */
export interface CompressedLlama {
  /** The stacks, one per linear, in module order. */
  layers: BitStackLinear[];
  /** Every other tensor (embeddings, norms with folded scales, head), rounded to fp16 as stored. */
  rest: Map<string, TensorEntry>;
  /** Bytes of `rest` (fp16). */
  fixedBytes: number;
  /** Bytes of one block per linear. */
  bytesPerBlock: Record<string, number>;
  /** Size of the original model in fp16: `fixedBytes + 2 * sum(rows * cols)`. */
  denseBytes: number;
}

const asF32 = (t: Tensor): Float32Array => copy(t, { dtype: "float32" }).data as Float32Array;

/**
 * Decomposes every linear of a Llama-style checkpoint (spec steps 2-5): folds the activation
 * scales into each scale group (function-preserving), then runs {@link decomposeMatrix} on each
 * linear, one at a time. The weights source is not modified.
 * @param weights - name -> tensor with Hugging Face names (a Map or a @wc/io StateDict)
 * @param config - the resolved config
 * @param options - {@link CompressLlamaOptions}; decomposition defaults as `decomposeMatrix`
 * @returns the stacks and the fp16 rest
 * @throws {WcError} `E_ARGUMENT` for a missing tensor; others as `decomposeMatrix`/`foldScales`.
 * @example
 * const c = compressLlama(await loadFixture("tiny-llama"), cfg, { nIter: 8, k: 2, scales });
 */
export function compressLlama(
  weights: ReadonlyMap<string, Tensor> | { names(): string[]; tensor(name: string): Tensor },
  config: ResolvedLlamaConfig,
  options: CompressLlamaOptions = {},
): CompressedLlama {
  const names = weights instanceof Map ? [...weights.keys()] : (weights as { names(): string[] }).names();
  const get = (n: string): Tensor => {
    const t = weights instanceof Map ? weights.get(n) : names.includes(n) ? (weights as { tensor(name: string): Tensor }).tensor(n) : undefined;
    if (t === undefined) throw new WcError("E_ARGUMENT", `compressLlama: the checkpoint has no tensor "${n}"`);
    return t;
  };
  const linears = llamaLinearNames(config);
  const work = new Map<string, Tensor>();
  const cur = (n: string): Tensor => work.get(n) ?? get(n);
  for (const g of options.scales ? llamaScaleGroups(config) : []) {
    const s = options.scales!.get(g.next[0]!);
    if (!s) continue;
    const isNorm = !linears.includes(g.prev);
    const prevW = cur(`${g.prev}.weight`);
    const f = foldScales({ weight: isNorm ? Float32Array.from(asF32(prevW)) : (copy(prevW, { dtype: "float32" }) as Matrix) }, g.next.map((n) => cur(`${n}.weight`) as Matrix), s);
    const pw = f.prev.weight;
    work.set(`${g.prev}.weight`, pw instanceof Float32Array || pw instanceof Float64Array ? tensor(Float32Array.from(pw), [pw.length]) : pw);
    g.next.forEach((n, i) => work.set(`${n}.weight`, f.next[i]!));
  }
  const layers: BitStackLinear[] = [];
  const bytesPerBlock: Record<string, number> = {};
  let linearElems = 0;
  linears.forEach((n, i) => {
    const W = cur(`${n}.weight`);
    const l = decomposeMatrix(W, { ...options, name: n });
    layers.push(l);
    bytesPerBlock[n] = blockBytes(l.rows, l.cols, l.k);
    linearElems += l.rows * l.cols;
    options.onLinear?.(n, i + 1, linears.length);
  });
  const skip = new Set(linears.map((n) => `${n}.weight`));
  const rest = new Map<string, TensorEntry>();
  let fixedBytes = 0;
  for (const n of names) {
    if (skip.has(n) || n.endsWith(".rotary_emb.inv_freq")) continue;
    const e = TensorEntry.fromTensor(copy(cur(n), { dtype: "float32" }), { dtype: "F16" });
    rest.set(n, e);
    fixedBytes += e.bytes.length;
  }
  return { layers, rest, fixedBytes, bytesPerBlock, denseBytes: fixedBytes + 2 * linearElems };
}

/**
 * Dense weights for per-linear block counts (spec step 12): every linear rebuilt from its first
 * `counts[name]` blocks (all blocks when absent), the rest decoded. Loads into `LlamaForCausalLM`.
 * @param layers - the stacks
 * @param rest - the other tensors
 * @param counts - name -> blocks; default all
 * @returns name -> float32 tensor
 * @throws {WcError} `E_RANGE` for a count out of range.
 * @example
 * loadLlamaWeights(lm, denseWeights(layers, rest, selectConfig(configs, 3 * 2 ** 20)));
 */
export function denseWeights(layers: readonly BitStackLinear[], rest: ReadonlyMap<string, TensorEntry | Tensor>, counts: Readonly<Record<string, number>> = {}): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [n, e] of rest) out.set(n, copy(e instanceof TensorEntry ? e.tensor : e, { dtype: "float32" }));
  for (const l of layers) out.set(`${l.name}.weight`, reconstruct(l, counts[l.name] ?? l.blocks.length));
  return out;
}

/**
 * A perplexity evaluator over a decomposed Llama: keeps one model, swaps in reconstructed weights
 * for block counts (cumulative reconstructions are cached per linear), and evaluates on fixed
 * windows. Use it as the `evalPpl` of `scoreBlocks`.
 * @example
 * const ev = new StackEvaluator(cfg, layers, rest, validationWindows);
 * await scoreBlocks(layers, 16, (c) => ev.perplexity(c));
 */
export class StackEvaluator {
  readonly lm: LlamaForCausalLM;
  readonly #layers: Map<string, BitStackLinear>;
  readonly #cache = new Map<string, Float32Array[]>();
  readonly #live: Map<string, Tensor>;
  readonly #current = new Map<string, number>();
  readonly #ids: Int32Array;
  readonly #seqLen: number;
  /**
   * @param config - resolved config
   * @param layers - the stacks
   * @param rest - other tensors
   * @param windows - evaluation windows, all of the same length `seqLen + 1`
   * @throws {WcError} `E_ARGUMENT` for no windows or windows of different lengths.
   */
  constructor(config: ResolvedLlamaConfig, layers: readonly BitStackLinear[], rest: ReadonlyMap<string, TensorEntry | Tensor>, windows: readonly Int32Array[]) {
    if (windows.length === 0 || windows.some((w) => w.length !== windows[0]!.length || w.length < 2)) {
      throw new WcError("E_ARGUMENT", "StackEvaluator: expected at least one window, all of the same length >= 2");
    }
    this.lm = new LlamaForCausalLM(config);
    this.#layers = new Map(layers.map((l) => [l.name, l]));
    const sd = new Map<string, Tensor>();
    for (const [n, e] of rest) sd.set(n, e instanceof TensorEntry ? e.tensor : e);
    for (const l of layers) sd.set(`${l.name}.weight`, tensor(new Float32Array(l.rows * l.cols), [l.rows, l.cols]));
    this.lm.loadStateDict(sd, { strict: false });
    this.#live = this.lm.stateDict();
    this.#seqLen = windows[0]!.length - 1;
    this.#ids = new Int32Array(windows.length * windows[0]!.length);
    windows.forEach((w, i) => this.#ids.set(w, i * w.length));
  }
  /** The reconstruction of `name` from `n` blocks (cached). */
  #weight(name: string, n: number): Float32Array {
    const l = this.#layers.get(name)!;
    let list = this.#cache.get(name);
    if (!list) this.#cache.set(name, (list = []));
    if (!list[n]) list[n] = reconstruct(l, n).data as Float32Array;
    return list[n]!;
  }
  /** Sets every linear to its count (all blocks when absent from `counts`). */
  setCounts(counts: ReadonlyMap<string, number> | Readonly<Record<string, number>>): void {
    const get = (n: string): number | undefined => (counts instanceof Map ? counts.get(n) : (counts as Record<string, number>)[n]);
    for (const [name, l] of this.#layers) {
      const n = get(name) ?? l.blocks.length;
      if (this.#current.get(name) === n) continue;
      (this.#live.get(`${name}.weight`)!.data as Float32Array).set(this.#weight(name, n));
      this.#current.set(name, n);
    }
  }
  /** Perplexity on the windows with the given counts. */
  perplexity(counts: ReadonlyMap<string, number> | Readonly<Record<string, number>>): number {
    this.setCounts(counts);
    return evaluateLm(this.lm, this.#ids, { seqLen: this.#seqLen }).perplexity;
  }
}
