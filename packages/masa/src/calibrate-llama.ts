import { Rng, WcError, matmul, tensor, type Matrix } from "@wc/tensor";
import { Var, captureActivations, noGrad } from "@wc/nn";
import { sampleWindows, type LlamaForCausalLM } from "@wc/models";
import { layerDrift, logitLensDistributions } from "./grouping";
import { checkPositiveInt } from "./internal";
import type { Proj } from "./types";

/** Options of {@link calibrateLlama}. */
export interface CalibrateLlamaOptions {
  /** Calibration windows drawn from the tokens; default 8. */
  windows?: number;
  /** Tokens per window; default 128 (capped at the model's `maxPositionEmbeddings`). */
  seqLen?: number;
  /** Seed of the window positions (`Rng(seed)`); default 0. */
  seed?: number;
  /** Collect block-mean hidden states and logit-lens distributions (grouping, spec §3.3); default true. */
  hidden?: boolean;
  /** Collect per-layer input Grams `Σ x xᵀ` of the projections (refinement, spec §3.4); default true. */
  grams?: boolean;
}

/** What {@link calibrateLlama} returns. */
export interface LlamaCalibration {
  /** Per block, its output hidden state averaged over every calibration token (`h̄_l`, length d); empty without `hidden`. */
  blockMeanHidden: Float64Array[];
  /** Per block, `softmax(lmHead · finalNorm(h̄_l))` ({@link logitLensDistributions}); empty without `hidden`. */
  layerProbs: Float64Array[];
  /** `KL(p_l ‖ p_{l+1})`, `l = 0..L-2` ({@link layerDrift}); empty without `hidden`. */
  drift: Float64Array;
  /** Per layer, the Float64 Gram of each projection's inputs (q, k, v share the attention-norm output); empty without `grams`. */
  grams: Record<Proj, Matrix>[];
  /** Calibration tokens run through the model (`windows x seqLen`). */
  tokens: number;
}

/**
 * Runs a @wc/models Llama on random windows of a token stream and collects what the training-free
 * MASA needs from calibration: block-mean hidden states with their logit-lens distributions and
 * drifts (for `groups: { numGroups, layerProbs }`), and the per-layer input Grams of the attention
 * projections (for `residual.grams`). Hooks are removed afterwards; the model is not changed.
 * Windows run one at a time, so memory holds one window's activations.
 * @param lm - the model with its weights loaded
 * @param tokens - token ids (bytes for the byte-level tiny Llama), at least `seqLen + 1` of them
 * @param options - see {@link CalibrateLlamaOptions}
 * @returns hidden states, distributions, drifts and Grams
 * @throws {WcError} `E_RANGE` for bad counts or a stream shorter than one window.
 * @example
 * const cal = calibrateLlama(lm, bytes, { windows: 8, seqLen: 128 });
 * compressPretrained(layers, { groups: { numGroups: 2, layerProbs: cal.layerProbs }, residual: { grams: cal.grams, paramsPerLayer: 4096 } });
 */
export function calibrateLlama(lm: LlamaForCausalLM, tokens: Uint8Array | ArrayLike<number>, options: CalibrateLlamaOptions = {}): LlamaCalibration {
  const windows = checkPositiveInt(options.windows ?? 8, "calibrateLlama: windows");
  const cfg = lm.config;
  const seqLen = Math.min(checkPositiveInt(options.seqLen ?? 128, "calibrateLlama: seqLen"), cfg.maxPositionEmbeddings);
  const data = tokens instanceof Uint8Array ? tokens : Uint8Array.from(tokens);
  if (data.length < seqLen + 1) throw new WcError("E_RANGE", `calibrateLlama: ${data.length} calibration tokens are fewer than one window of ${seqLen + 1}; give more text or a smaller seqLen`);
  const wantHidden = options.hidden ?? true;
  const wantGrams = options.grams ?? true;
  const L = cfg.numHiddenLayers;
  const rng = new Rng(options.seed ?? 0);
  // Block l's output is the input of block l+1's input_layernorm, and the last block's that of the
  // final norm (hooks on the blocks themselves do not fire: the model calls them directly).
  const block = (l: number) => (l + 1 < L ? `model.layers.${l + 1}.input_layernorm` : "model.norm");
  const proj = (l: number, p: "q" | "o") => `model.layers.${l}.self_attn.${p}_proj`;
  const gramAcc: Float64Array[][] = [];
  const dims: number[][] = [];
  const stats = wantHidden ? captureActivations(lm, { modules: Array.from({ length: L }, (_, l) => block(l)), side: "input", mode: "stats" }) : undefined;
  try {
    for (let w = 0; w < windows; w++) {
      const { x } = sampleWindows(data, 1, seqLen, rng);
      const rec = wantGrams ? captureActivations(lm, { modules: Array.from({ length: L }, (_, l) => [proj(l, "q"), proj(l, "o")]).flat(), side: "input", mode: "record" }) : undefined;
      try {
        noGrad(() => lm.forwardIds(x, [1, seqLen]));
      } finally {
        rec?.remove();
      }
      if (!rec) continue;
      for (let l = 0; l < L; l++) {
        (["q", "o"] as const).forEach((p, i) => {
          const X = rec.entries.get(proj(l, p))!.inputs[0]!;
          const n = X.shape.at(-1)!;
          const X2 = tensor(Float64Array.from(X.data), [X.size / n, n]);
          const G = matmul(X2, X2, { transA: true }).data as Float64Array;
          gramAcc[l] ??= [];
          dims[l] ??= [];
          dims[l]![i] = n;
          const acc = (gramAcc[l]![i] ??= new Float64Array(n * n));
          for (let j = 0; j < acc.length; j++) acc[j] += G[j]!;
        });
      }
    }
  } finally {
    stats?.remove();
  }
  const grams = wantGrams
    ? gramAcc.map((g, l) => {
        const a = tensor(g[0]!, [dims[l]![0]!, dims[l]![0]!]) as Matrix;
        return { q: a, k: a, v: a, o: tensor(g[1]!, [dims[l]![1]!, dims[l]![1]!]) as Matrix };
      })
    : [];
  let blockMeanHidden: Float64Array[] = [];
  let layerProbs: Float64Array[] = [];
  let drift: Float64Array = new Float64Array(0);
  if (stats) {
    blockMeanHidden = Array.from({ length: L }, (_, l) => Float64Array.from(stats.entries.get(block(l))!.inputStats!.mean));
    const d = cfg.hiddenSize;
    const norm = (h: Float32Array) => noGrad(() => lm.model.norm.call(new Var(tensor(h, [1, d])))).value.data as Float32Array;
    const head = (lm.lmHead ? lm.lmHead.weight : lm.model.embedTokens.weight).value as Matrix;
    layerProbs = logitLensDistributions(blockMeanHidden, norm, head);
    drift = layerDrift(layerProbs);
  }
  return { blockMeanHidden, layerProbs, drift, grams, tokens: windows * seqLen };
}
