import { BatchNorm2d, Conv2d, Linear, Var, mul, type Module } from "@wc/nn";
import { WcError, type FloatTensor } from "@wc/tensor";

/**
 * A model seen as a set of prunable weights plus a forward pass that multiplies those weights by
 * masks. Only convolution and linear weights are prunable; biases and norm parameters never are.
 */
export interface MaskedNet {
  /** The wrapped module (its parameters are the live storage). */
  readonly module: Module;
  /** State-dict names of the prunable weights, in registration order. */
  readonly names: readonly string[];
  /** The prunable weight parameters (live Vars). */
  readonly params: readonly Var[];
  /** The prunable weight values (live tensors, `out x in` or `out x in x kh x kw`). */
  readonly prunable: readonly FloatTensor[];
  /** Total number of prunable weights `d`. */
  readonly size: number;
  /**
   * Logits of `x` with every prunable weight multiplied elementwise by its mask (`null`: no
   * masking). A mask may be a constant or a differentiable Var; with `frozen`, the weights enter
   * as constants so gradients reach only the masks.
   */
  forward(x: Var, masks: readonly Var[] | null, options?: { frozen?: boolean }): Var;
}

/** Options of {@link maskedNet}. */
export interface MaskedNetOptions {
  /** Which `Linear`/`Conv2d` layers are prunable, by module name; default all of them. */
  include?: (name: string, layer: Module) => boolean;
}

/**
 * Wraps a module built from @wc/nn layers as a {@link MaskedNet}: every `Linear` and `Conv2d`
 * weight is prunable. The masked forward installs a parameter transform `weight ⊙ mask` on each
 * layer (@wc/nn `Module.setParameterTransform`) while the module's own forward runs, then removes
 * it, so any architecture built from these layers works unchanged (MLP, Sequential CNNs, ResNets).
 * @param model - the module (not modified except by the caller's training)
 * @param options - see {@link MaskedNetOptions}
 * @returns the masked view
 * @throws {WcError} `E_ARGUMENT` when the module has no prunable layer.
 * @example
 * const net = maskedNet(new MLP([64, 128, 10], { seed: 0 }));
 * net.forward(new Var(x), masks.map((m) => new Var(m)));
 */
export function maskedNet(model: Module, options: MaskedNetOptions = {}): MaskedNet {
  const include = options.include ?? (() => true);
  const layers: (Linear | Conv2d)[] = [];
  const names: string[] = [];
  for (const [name, m] of model.namedModules()) {
    if ((m instanceof Linear || m instanceof Conv2d) && include(name, m)) {
      layers.push(m);
      names.push(name ? `${name}.weight` : "weight");
    }
  }
  if (layers.length === 0) {
    throw new WcError("E_ARGUMENT", "maskedNet: the module has no Linear or Conv2d layer to prune; build it from @wc/nn Linear/Conv2d layers or widen `include`");
  }
  const params = layers.map((l) => l.weight);
  const size = params.reduce((s, p) => s + p.value.size, 0);
  return {
    module: model,
    names,
    params,
    prunable: params.map((p) => p.value),
    size,
    forward(x, masks, fopts = {}) {
      if (masks === null) return model.call(x);
      if (masks.length !== layers.length) {
        throw new WcError("E_SHAPE", `maskedNet.forward: expected ${layers.length} masks (one per prunable weight), got ${masks.length}`);
      }
      masks.forEach((m, i) => {
        const w = params[i]!;
        if (m.value.size !== w.value.size) {
          throw new WcError("E_SHAPE", `maskedNet.forward: mask ${i} (${names[i]}) has ${m.value.size} entries, the weight has ${w.value.size}`);
        }
      });
      const undo = layers.map((l, i) => {
        const m = masks[i]!;
        return l.setParameterTransform("weight", fopts.frozen ? (w) => mul(new Var(w.value), m) : (w) => mul(w, m));
      });
      try {
        return model.call(x);
      } finally {
        undo.forEach((u) => u());
      }
    },
  };
}

/**
 * Runs `fn` with BatchNorm layers using batch statistics and every other layer in evaluation mode
 * (the search setting of the paper's code: eval mode with `track_running_stats=False`), then
 * restores every module's mode and every buffer (running statistics are not changed).
 * @internal
 */
export function inSearchMode<T>(model: Module, fn: () => T): T {
  const mods = model.namedModules().map(([, m]) => m);
  const modes = mods.map((m) => m.training);
  const buffers = model.namedBuffers().map(([, b]) => [b, b.data.slice()] as const);
  for (const m of mods) m.training = m instanceof BatchNorm2d;
  try {
    return fn();
  } finally {
    mods.forEach((m, i) => (m.training = modes[i]!));
    for (const [b, saved] of buffers) b.data.set(saved);
  }
}

/** Runs `fn` in evaluation mode, restoring every module's mode. @internal */
export function inEvalMode<T>(model: Module, fn: () => T): T {
  const mods = model.namedModules().map(([, m]) => m);
  const modes = mods.map((m) => m.training);
  for (const m of mods) m.training = false;
  try {
    return fn();
  } finally {
    mods.forEach((m, i) => (m.training = modes[i]!));
  }
}
