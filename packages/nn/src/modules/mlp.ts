import { WcError } from "@wc/tensor";
import type { Var } from "../autograd/var";
import { mul } from "../ops/elementwise";
import { silu } from "../ops/activations";
import { resolveInit, type InitOptions } from "./init";
import { Linear } from "./linear";
import { Module } from "./module";
import { ModuleList } from "./module-list";
import { activationFn, type ActivationName } from "./simple-layers";

/** Options of {@link MLP}. */
export interface MLPOptions extends InitOptions {
  /** Hidden activation; default `"relu"`. */
  activation?: ActivationName;
  /** Biases in every Linear; default true. */
  bias?: boolean;
}

/**
 * A multilayer perceptron: Linear layers `layers.0`, `layers.1`, ... with the activation between
 * them (none after the last). One rng initialises all layers.
 * @example
 * const mlp = new MLP([64, 128, 10], { seed: 0 });
 */
export class MLP extends Module {
  readonly layers: readonly Linear[];
  private readonly act: (x: Var) => Var;
  /**
   * @param sizes - `[in, hidden..., out]`, at least two entries
   * @param options - see {@link MLPOptions}
   * @throws {WcError} `E_ARGUMENT` for fewer than two sizes.
   */
  constructor(sizes: readonly number[], options: MLPOptions = {}) {
    super();
    if (sizes.length < 2) throw new WcError("E_ARGUMENT", `MLP: expected at least [in, out] sizes, got [${sizes.join(", ")}]`);
    const { dtype, rng } = resolveInit(options);
    this.act = activationFn(options.activation ?? "relu");
    const layers = sizes.slice(1).map((out, i) => new Linear(sizes[i]!, out, { dtype, rng, bias: options.bias ?? true }));
    this.registerModule("layers", new ModuleList(layers));
    this.layers = layers;
  }
  forward(x: Var): Var {
    let h = x;
    this.layers.forEach((l, i) => {
      h = l.call(h);
      if (i < this.layers.length - 1) h = this.act(h);
    });
    return h;
  }
}

/**
 * The SwiGLU feed-forward of Llama: `down(silu(gate(x)) * up(x))`, parameters `gate_proj`,
 * `up_proj`, `down_proj` (Hugging Face names), no biases by default.
 * @example
 * new SwiGLU(64, 172).call(x);
 */
export class SwiGLU extends Module {
  readonly gateProj: Linear;
  readonly upProj: Linear;
  readonly downProj: Linear;
  /**
   * @param dim - model width
   * @param hidden - inner width
   * @param options - init options and `bias` (default false)
   * @throws {WcError} `E_RANGE` for non-positive sizes.
   */
  constructor(dim: number, hidden: number, options: InitOptions & { bias?: boolean } = {}) {
    super();
    const { dtype, rng } = resolveInit(options);
    const o = { dtype, rng, bias: options.bias ?? false };
    this.gateProj = this.registerModule("gate_proj", new Linear(dim, hidden, o));
    this.upProj = this.registerModule("up_proj", new Linear(dim, hidden, o));
    this.downProj = this.registerModule("down_proj", new Linear(hidden, dim, o));
  }
  forward(x: Var): Var {
    return this.downProj.call(mul(silu(this.gateProj.call(x)), this.upProj.call(x)));
  }
}
