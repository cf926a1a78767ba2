import type { FloatTensor } from "@wc/tensor";
import type { Var } from "../autograd/var";
import { batchNorm } from "../ops/batch-norm";
import { layerNorm, rmsNorm } from "../ops/norms";
import { checkSize, filledTensor, resolveInit, type InitOptions } from "./init";
import { Module } from "./module";

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions extends InitOptions {
  /** Default 1e-5. */
  eps?: number;
  /** Learn `weight` (ones) and `bias` (zeros); default true. */
  elementwiseAffine?: boolean;
  /** Learn `bias` when affine; default true. */
  bias?: boolean;
}

/**
 * Layer normalisation over the last axis (PyTorch `nn.LayerNorm`); parameters `weight`, `bias`.
 * @example
 * new LayerNorm(64).call(x);
 */
export class LayerNorm extends Module {
  readonly weight: Var | null;
  readonly bias: Var | null;
  private readonly eps: number;
  /**
   * @param dim - normalised size
   * @param options - see {@link LayerNormOptions}
   * @throws {WcError} `E_RANGE` for a non-positive size.
   */
  constructor(dim: number, options: LayerNormOptions = {}) {
    super();
    checkSize(dim, "LayerNorm dim");
    const { dtype } = resolveInit(options);
    this.eps = options.eps ?? 1e-5;
    const affine = options.elementwiseAffine ?? true;
    this.weight = affine ? this.registerParameter("weight", filledTensor([dim], 1, dtype)) : null;
    this.bias = affine && (options.bias ?? true) ? this.registerParameter("bias", filledTensor([dim], 0, dtype)) : null;
  }
  forward(x: Var): Var {
    return layerNorm(x, this.weight && this.applyTransform("weight", this.weight), this.bias && this.applyTransform("bias", this.bias), { eps: this.eps });
  }
}

/**
 * RMS normalisation over the last axis (Llama's `RMSNorm`); parameter `weight` (ones).
 * @example
 * new RMSNorm(64, { eps: 1e-5 }).call(x);
 */
export class RMSNorm extends Module {
  readonly weight: Var;
  private readonly eps: number;
  /**
   * @param dim - normalised size
   * @param options - `eps` (default 1e-6) and init options
   * @throws {WcError} `E_RANGE` for a non-positive size.
   */
  constructor(dim: number, options: InitOptions & { eps?: number } = {}) {
    super();
    checkSize(dim, "RMSNorm dim");
    this.eps = options.eps ?? 1e-6;
    this.weight = this.registerParameter("weight", filledTensor([dim], 1, resolveInit(options).dtype));
  }
  forward(x: Var): Var {
    return rmsNorm(x, this.applyTransform("weight", this.weight), { eps: this.eps });
  }
}

/** Options of {@link BatchNorm2d}. */
export interface BatchNorm2dOptions extends InitOptions {
  /** Default 1e-5. */
  eps?: number;
  /** Running-statistics factor; default 0.1 (PyTorch). */
  momentum?: number;
}

/**
 * Batch normalisation over channels of `[N, C, H, W]` (PyTorch `nn.BatchNorm2d`): parameters
 * `weight`, `bias`; buffers `running_mean`, `running_var`. Batch statistics in `train()` mode,
 * running ones in `eval()`. (PyTorch's integer `num_batches_tracked` buffer is not kept; load
 * PyTorch state dicts with `strict: false` or drop that key.)
 * @example
 * const bn = new BatchNorm2d(16); bn.eval().call(x);
 */
export class BatchNorm2d extends Module {
  readonly weight: Var;
  readonly bias: Var;
  readonly runningMean: FloatTensor;
  readonly runningVar: FloatTensor;
  private readonly eps: number;
  private readonly momentum: number;
  /**
   * @param channels - C
   * @param options - see {@link BatchNorm2dOptions}
   * @throws {WcError} `E_RANGE` for a non-positive size.
   */
  constructor(channels: number, options: BatchNorm2dOptions = {}) {
    super();
    checkSize(channels, "BatchNorm2d channels");
    const { dtype } = resolveInit(options);
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    this.weight = this.registerParameter("weight", filledTensor([channels], 1, dtype));
    this.bias = this.registerParameter("bias", filledTensor([channels], 0, dtype));
    this.runningMean = this.registerBuffer("running_mean", filledTensor([channels], 0, dtype));
    this.runningVar = this.registerBuffer("running_var", filledTensor([channels], 1, dtype));
  }
  forward(x: Var): Var {
    return batchNorm(x, this.applyTransform("weight", this.weight), this.applyTransform("bias", this.bias), this.runningMean, this.runningVar, {
      training: this.training,
      momentum: this.momentum,
      eps: this.eps,
    });
  }
}
