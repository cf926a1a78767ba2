import { WcError } from "@wc/tensor";
import type { Var } from "../autograd/var";
import { conv2d, pair, type Conv2dOptions, type Pair } from "../ops/conv";
import { avgPool2d, maxPool2d, type Pool2dOptions } from "../ops/pool";
import { checkSize, resolveInit, uniformTensor, type InitOptions } from "./init";
import { Module } from "./module";

/** Options of {@link Conv2d}. */
export interface Conv2dLayerOptions extends Conv2dOptions, InitOptions {
  /** Learn a bias; default true. */
  bias?: boolean;
}

/**
 * 2-D convolution layer (PyTorch `nn.Conv2d`): `weight [out, in/groups, KH, KW]`, `bias [out]`,
 * initialised U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with `fanIn = in/groups * KH * KW`.
 * @example
 * new Conv2d(1, 8, 3, { padding: 1 }).call(images);
 */
export class Conv2d extends Module {
  readonly weight: Var;
  readonly bias: Var | null;
  private readonly opts: Conv2dOptions;
  /**
   * @param inChannels - C
   * @param outChannels - O
   * @param kernel - kernel size
   * @param options - see {@link Conv2dLayerOptions}
   * @throws {WcError} `E_RANGE` for non-positive sizes; `E_SHAPE` when groups do not divide the channels.
   */
  constructor(inChannels: number, outChannels: number, kernel: Pair, options: Conv2dLayerOptions = {}) {
    super();
    checkSize(inChannels, "Conv2d inChannels");
    checkSize(outChannels, "Conv2d outChannels");
    const [kh, kw] = pair(kernel, 1, "Conv2d kernel");
    const groups = options.groups ?? 1;
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new WcError("E_SHAPE", `Conv2d: groups ${groups} must divide in (${inChannels}) and out (${outChannels}) channels`);
    }
    const { dtype, rng } = resolveInit(options);
    const fanIn = (inChannels / groups) * kh * kw;
    const bound = 1 / Math.sqrt(fanIn);
    this.weight = this.registerParameter("weight", uniformTensor([outChannels, inChannels / groups, kh, kw], bound, dtype, rng));
    this.bias = (options.bias ?? true) ? this.registerParameter("bias", uniformTensor([outChannels], bound, dtype, rng)) : null;
    this.opts = { stride: options.stride, padding: options.padding, dilation: options.dilation, groups };
  }
  forward(x: Var): Var {
    return conv2d(x, this.applyTransform("weight", this.weight), this.bias && this.applyTransform("bias", this.bias), this.opts);
  }
}

/**
 * Max pooling layer (no parameters).
 * @example
 * new MaxPool2d(2).call(x);
 */
export class MaxPool2d extends Module {
  /**
   * @param kernel - window size
   * @param options - stride (default the kernel) and padding (default 0)
   */
  constructor(
    private readonly kernel: Pair,
    private readonly options: Pool2dOptions = {},
  ) {
    super();
  }
  forward(x: Var): Var {
    return maxPool2d(x, this.kernel, this.options);
  }
}

/**
 * Average pooling layer (no parameters).
 * @example
 * new AvgPool2d(2).call(x);
 */
export class AvgPool2d extends Module {
  /**
   * @param kernel - window size
   * @param options - stride (default the kernel) and padding (default 0, counted as zeros)
   */
  constructor(
    private readonly kernel: Pair,
    private readonly options: Pool2dOptions = {},
  ) {
    super();
  }
  forward(x: Var): Var {
    return avgPool2d(x, this.kernel, this.options);
  }
}
