import type { Var } from "../autograd/var";
import { linear } from "../ops/matmul";
import { embedding } from "../ops/gather";
import { checkSize, normalTensor, resolveInit, uniformTensor, type InitOptions } from "./init";
import { Module } from "./module";

/** Options of {@link Linear}. */
export interface LinearOptions extends InitOptions {
  /** Learn an additive bias; default true. */
  bias?: boolean;
}

/**
 * `y = x W^T + b` with `weight` stored `out x in` (PyTorch `nn.Linear`); parameters `weight`,
 * `bias`. Initialised as PyTorch: U(-1/sqrt(in), 1/sqrt(in)) for both.
 * @example
 * const fc = new Linear(64, 10, { seed: 1 }); fc.call(x);
 */
export class Linear extends Module {
  readonly weight: Var;
  readonly bias: Var | null;
  /**
   * @param inFeatures - input size
   * @param outFeatures - output size
   * @param options - see {@link LinearOptions}
   * @throws {WcError} `E_RANGE` for non-positive sizes.
   */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    checkSize(inFeatures, "Linear inFeatures");
    checkSize(outFeatures, "Linear outFeatures");
    const { dtype, rng } = resolveInit(options);
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = this.registerParameter("weight", uniformTensor([outFeatures, inFeatures], bound, dtype, rng));
    this.bias = (options.bias ?? true) ? this.registerParameter("bias", uniformTensor([outFeatures], bound, dtype, rng)) : null;
  }
  forward(x: Var): Var {
    return linear(x, this.applyTransform("weight", this.weight), this.bias && this.applyTransform("bias", this.bias));
  }
}

/**
 * A lookup table `weight [num, dim]` (PyTorch `nn.Embedding`, init N(0, 1)). Its `forward` takes
 * a Var of integer-valued ids; {@link Embedding.lookup} takes ids directly.
 * @example
 * const emb = new Embedding(256, 64); emb.lookup([72, 105]);
 */
export class Embedding extends Module {
  readonly weight: Var;
  /**
   * @param num - vocabulary size
   * @param dim - embedding size
   * @param options - see {@link InitOptions}
   * @throws {WcError} `E_RANGE` for non-positive sizes.
   */
  constructor(num: number, dim: number, options: InitOptions = {}) {
    super();
    checkSize(num, "Embedding num");
    checkSize(dim, "Embedding dim");
    const { dtype, rng } = resolveInit(options);
    this.weight = this.registerParameter("weight", normalTensor([num, dim], 1, dtype, rng));
  }
  /** Rows for integer ids (`[...ids.shape, dim]`). @throws {WcError} `E_RANGE` for bad ids. */
  lookup(ids: Int32Array | readonly number[] | import("@wc/tensor").Tensor): Var {
    return embedding(this.applyTransform("weight", this.weight), ids);
  }
  /** Rows for the integer values held by `ids` (runs hooks via `call`). */
  forward(ids: Var): Var {
    return embedding(this.applyTransform("weight", this.weight), ids.value);
  }
}
