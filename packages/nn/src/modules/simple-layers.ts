import type { Var } from "../autograd/var";
import { relu, gelu, silu, tanh, sigmoid, type GeluOptions } from "../ops/activations";
import { dropout } from "../ops/dropout";
import { reshape } from "../ops/shape";
import { resolveRng } from "../internal/random";
import { WcError, type Rng } from "@wc/tensor";
import { Module } from "./module";

/** Names of the built-in activations. */
export type ActivationName = "relu" | "gelu" | "gelu-tanh" | "silu" | "tanh" | "sigmoid" | "identity";

/**
 * The activation function for a name.
 * @param name - see {@link ActivationName}
 * @returns a Var -> Var function
 * @throws {WcError} `E_ARGUMENT` for an unknown name.
 * @example
 * activationFn("gelu")(x);
 */
export function activationFn(name: ActivationName): (x: Var) => Var {
  switch (name) {
    case "relu":
      return relu;
    case "gelu":
      return (x) => gelu(x);
    case "gelu-tanh":
      return (x) => gelu(x, { approximate: "tanh" } satisfies GeluOptions);
    case "silu":
      return silu;
    case "tanh":
      return tanh;
    case "sigmoid":
      return sigmoid;
    case "identity":
      return (x) => x;
    default:
      throw new WcError("E_ARGUMENT", `activation: unknown name "${String(name)}"; use relu, gelu, gelu-tanh, silu, tanh, sigmoid or identity`);
  }
}

/**
 * An elementwise activation as a module (so it can sit in a {@link Sequential} and carry hooks).
 * @example
 * new Activation("relu").call(x);
 */
export class Activation extends Module {
  private readonly fn: (x: Var) => Var;
  /** @param kind - see {@link ActivationName} @throws {WcError} `E_ARGUMENT` for an unknown name. */
  constructor(readonly kind: ActivationName) {
    super();
    this.fn = activationFn(kind);
  }
  forward(x: Var): Var {
    return this.fn(x);
  }
}

/**
 * Flattens every axis after the first: `[N, ...] -> [N, prod(...)]`.
 * @example
 * new Flatten().call(x);
 */
export class Flatten extends Module {
  forward(x: Var): Var {
    return reshape(x, [x.shape[0] ?? 1, -1]);
  }
}

/**
 * Dropout as a module: active in `train()` mode, identity in `eval()`.
 * @example
 * new Dropout(0.1, { seed: 3 });
 */
export class Dropout extends Module {
  private readonly rng: Rng;
  /**
   * @param p - drop probability in [0, 1)
   * @param options - `rng` or `seed` (default 0)
   * @throws {WcError} `E_RANGE` for `p` outside [0, 1).
   */
  constructor(
    readonly p: number,
    options: { rng?: Rng; seed?: number } = {},
  ) {
    super();
    if (!(p >= 0 && p < 1)) throw new WcError("E_RANGE", `Dropout: p must be in [0, 1), got ${p}`);
    this.rng = resolveRng(options.rng, options.seed);
  }
  forward(x: Var): Var {
    return dropout(x, this.p, this.rng, { training: this.training });
  }
}

/**
 * Runs child modules in order; children are named `"0"`, `"1"`, ... (as PyTorch `nn.Sequential`).
 * @example
 * new Sequential(new Linear(4, 8), new Activation("relu"), new Linear(8, 3));
 */
export class Sequential extends Module {
  readonly layers: readonly Module[];
  /** @param layers - the children, run in order */
  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
    layers.forEach((m, i) => this.registerModule(String(i), m));
  }
  forward(x: Var): Var {
    let h = x;
    for (const m of this.layers) h = m.call(h);
    return h;
  }
}

/**
 * Reshapes its input (e.g. flat digits rows to images `[-1, 1, 8, 8]`).
 * @example
 * new Reshape([-1, 1, 8, 8]);
 */
export class Reshape extends Module {
  /** @param shape - target shape; one extent may be -1 */
  constructor(readonly shape: readonly number[]) {
    super();
  }
  forward(x: Var): Var {
    return reshape(x, this.shape);
  }
}
