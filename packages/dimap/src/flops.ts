import { WcError } from "@wc/tensor";
import { classifySwinParam } from "./classify";
import type { Classifier, MaskMap, Tensor2D } from "./types";

/**
 * Tokens per stage of a Swin model: stage i sees `(imageSize / patchSize / 2^i)^2` tokens.
 * @param imageSize - input side; default 224
 * @param patchSize - patch side; default 4
 * @param stages - number of stages; default 4
 * @returns token counts per stage, e.g. `[3136, 784, 196, 49]`
 * @throws {WcError} `E_RANGE` for non-positive integers or a grid that does not halve evenly.
 * @example
 * swinTokenCounts(); // [3136, 784, 196, 49]
 */
export function swinTokenCounts(imageSize = 224, patchSize = 4, stages = 4): number[] {
  for (const [v, what] of [[imageSize, "imageSize"], [patchSize, "patchSize"], [stages, "stages"]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new WcError("E_RANGE", `swinTokenCounts: ${what} must be a positive integer, got ${v}`);
  }
  const grid = imageSize / patchSize;
  const out: number[] = [];
  for (let i = 0; i < stages; i++) {
    const g = grid / 2 ** i;
    if (!Number.isInteger(g)) {
      throw new WcError("E_RANGE", `swinTokenCounts: stage ${i} grid ${imageSize}/${patchSize}/2^${i} = ${g} is not an integer; check imageSize and patchSize`);
    }
    out.push(g * g);
  }
  return out;
}

/** Options of {@link swinTokensFor}. */
export interface SwinTokensOptions {
  /** Input side; default 224. */
  imageSize?: number;
  /** Patch side; default 4. */
  patchSize?: number;
}

/**
 * The number of positions each weight of a Swin checkpoint is applied to (spec 3.4): blocks of
 * stage i see stage i's tokens; a patch-merging `reduction` sees the coarser post-merge grid,
 * whether the checkpoint files it at the end of stage i (microsoft, Hugging Face) or the start of
 * stage i+1 (timm >= 0.9; told apart by whether `layers.0.downsample` exists); the patch embedding
 * sees stage 0's positions; the head (and any other name) sees 1.
 * @param names - every parameter name of the checkpoint
 * @param options - `imageSize` (default 224), `patchSize` (default 4)
 * @returns `tokensFor(name)`
 * @throws {WcError} `E_RANGE` as {@link swinTokenCounts}.
 * @example
 * const tokensFor = swinTokensFor(names);
 * tokensFor("layers.1.downsample.reduction.weight"); // 784 (timm naming)
 */
export function swinTokensFor(names: readonly string[], options: SwinTokensOptions = {}): (name: string) => number {
  const stageRe = /(^|\.)layers\.(\d+)\./;
  let maxStage = -1;
  let endOfStage = false;
  for (const n of names) {
    const m = stageRe.exec(n);
    if (m) maxStage = Math.max(maxStage, Number(m[2]));
    if (/(^|\.)layers\.0\.downsample\./.test(n) || /encoder\.layers\.\d+\.downsample\./.test(n)) endOfStage = true;
  }
  const counts = swinTokenCounts(options.imageSize ?? 224, options.patchSize ?? 4, Math.max(1, maxStage + 1));
  return (name) => {
    const m = stageRe.exec(name);
    if (m) {
      const i = Number(m[2]);
      if (!/\.downsample\./.test(name) || !endOfStage) return counts[i] ?? 1;
      // a merge filed at the end of the last stage (not in real checkpoints): a quarter of its grid
      return counts[i + 1] ?? (counts[i] ?? 4) / 4;
    }
    if (/patch_embed|patch_embeddings/.test(name)) return counts[0]!;
    return 1;
  };
}

/** Options of {@link estimateFlops}. */
export interface FlopOptions {
  /** Which unmasked tensors count as (dense) layers; default {@link classifySwinParam} (non-null). */
  classify?: Classifier;
  /** Attention window side for the attention-matmul estimate; default 7 (Swin at 224). */
  window?: number;
}

/** What {@link estimateFlops} returns (multiply-accumulates). */
export interface FlopEstimate {
  /** Linear/conv MACs of the dense model: sum of tokens x weights. */
  denseMacs: number;
  /** The same with only the kept weights. */
  sparseMacs: number;
  /** Untouched attention matmuls (QK^T and AV): 2 * tokens * min(window^2, tokens) * C per block. */
  attentionMacs: number;
}

/**
 * Multiply-accumulates of the linear and conv layers before and after masking (spec 3.4): a layer
 * costs tokens x weights (kept weights when masked). Counts every tensor that has a mask or that
 * `classify` maps to a module. Attention matmuls, which pruning does not touch, are reported
 * apart: for each QKV layer except HF `key`/`value` (so once per block), `2 * t * min(w^2, t) * C`
 * with `t` its tokens and `C` its input width. The paper's FLOP convention is unknown.
 * @param tensors - the weights
 * @param masks - keep masks by name
 * @param tokensFor - positions each weight is applied to (see {@link swinTokensFor})
 * @param options - `classify` (default {@link classifySwinParam}), `window` (default 7)
 * @returns dense, sparse and attention MACs
 * @throws {WcError} `E_SHAPE` for a mask of the wrong length; `E_RANGE` for a token count that is
 *   not a non-negative finite number or a bad window.
 * @example
 * const { denseMacs, sparseMacs } = estimateFlops(tensors, masks, swinTokensFor(names));
 */
export function estimateFlops(tensors: readonly Tensor2D[], masks: MaskMap, tokensFor: (name: string) => number, options: FlopOptions = {}): FlopEstimate {
  const classify = options.classify ?? classifySwinParam;
  const window = options.window ?? 7;
  if (!Number.isInteger(window) || window < 1) throw new WcError("E_RANGE", `estimateFlops: window must be a positive integer, got ${window}`);
  let denseMacs = 0;
  let sparseMacs = 0;
  let attentionMacs = 0;
  for (const t of tensors) {
    const mask = masks.get(t.name);
    const mod = classify(t.name);
    if (mask === undefined && mod === null) continue;
    const tokens = tokensFor(t.name);
    if (typeof tokens !== "number" || !Number.isFinite(tokens) || tokens < 0) {
      throw new WcError("E_RANGE", `estimateFlops: tokensFor("${t.name}") returned ${String(tokens)}; expected a non-negative number`);
    }
    const n = t.data.length;
    let kept = n;
    if (mask !== undefined) {
      if (mask.length !== n) throw new WcError("E_SHAPE", `estimateFlops: mask of "${t.name}" has ${mask.length} entries, the tensor ${n}`, { name: t.name });
      kept = 0;
      for (let i = 0; i < n; i++) kept += mask[i] ? 1 : 0;
    }
    denseMacs += tokens * n;
    sparseMacs += tokens * kept;
    if (mod === "QKV" && !/(^|\.)(key|value)\.weight$/.test(t.name) && t.shape.length === 2) {
      const c = t.layout === "in_out" ? t.shape[0]! : t.shape[1]!;
      attentionMacs += 2 * tokens * Math.min(window * window, tokens) * c;
    }
  }
  return { denseMacs, sparseMacs, attentionMacs };
}
