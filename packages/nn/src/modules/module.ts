import { WcError, assertFloat, type FloatTensor, type Tensor } from "@wc/tensor";
import { Var } from "../autograd/var";
import { fmt, sameShape } from "../internal/alloc";
import { copyInto } from "../internal/copy-into";

/** Called after a module's forward with its input and output (see {@link Module.registerForwardHook}). */
export type ForwardHook = (module: Module, input: Var, output: Var) => void;

/**
 * Maps a raw parameter to the value forward passes use in its place (see
 * {@link Module.setParameterTransform}); built from @wc/nn ops so gradients reach the raw parameter.
 */
export type ParameterTransform = (raw: Var) => Var;

/** Name -> tensor map of a module's parameters and buffers, in registration order (PyTorch names). */
export type StateDict = Map<string, Tensor>;

/**
 * What {@link Module.loadStateDict} reads: a `Map<string, Tensor>` (such as `stateDict()` returns)
 * or any iterable of `[name, Tensor | { tensor: Tensor }]`, e.g. an @wc/io `StateDict`, whose entries
 * carry a decoded `.tensor` (read only for the names the module has).
 */
export type StateDictSource = Iterable<readonly [string, Tensor | { readonly tensor: Tensor }]>;

/** Options of {@link Module.loadStateDict}. */
export interface LoadStateDictOptions {
  /** Throw on missing or unexpected names; default true. Shapes are always checked. */
  strict?: boolean;
}

/** What {@link Module.loadStateDict} did not match (always empty when strict). */
export interface LoadStateDictResult {
  missing: string[];
  unexpected: string[];
}

/**
 * The base of every layer: named parameters (trainable Vars), buffers (non-trainable tensors such
 * as running statistics) and child modules, with dotted state-dict names that match PyTorch's
 * (`layers.0.weight`). Subclasses register in their constructor and implement `forward`; callers
 * use `call` so forward hooks run.
 * @example
 * class Affine extends Module {
 *   w = this.registerParameter("weight", ones([3]));
 *   forward(x: Var) { return mul(x, this.w); }
 * }
 */
export abstract class Module {
  /** Training mode (dropout on, batch statistics); toggled by `train()` / `eval()`. */
  training = true;
  private readonly _params = new Map<string, Var>();
  private readonly _buffers = new Map<string, FloatTensor>();
  private readonly _children = new Map<string, Module>();
  private readonly _hooks = new Set<ForwardHook>();
  private readonly _transforms = new Map<string, ParameterTransform>();

  /** The computation; call through {@link Module.call}. */
  abstract forward(x: Var): Var;

  /**
   * Runs `forward` then every forward hook.
   * @param x - input
   * @returns the output
   */
  call(x: Var): Var {
    const y = this.forward(x);
    for (const h of this._hooks) h(this, x, y);
    return y;
  }

  /**
   * Adds a hook run after each forward of this module.
   * @param hook - receives the module, its input and output
   * @returns a function that removes the hook
   * @example
   * const remove = layer.registerForwardHook((_m, x) => seen.push(x.value));
   */
  registerForwardHook(hook: ForwardHook): () => void {
    this._hooks.add(hook);
    return () => {
      this._hooks.delete(hook);
    };
  }

  /**
   * Makes forward passes use `transform(raw)` in place of a parameter, e.g. `(w) => mul(w, mask)`
   * for a pruning mask, without replacing the parameter: the optimizer, `namedParameters` and
   * `stateDict` still see the raw Var, and gradients flow through the transform to it (a weight a
   * constant 0/1 mask removes gets exactly zero gradient). Built-in layers (Linear, Conv2d,
   * Embedding, the norms, and through their Linear children MLP, SwiGLU and attention) apply it;
   * a custom layer does by reading its parameters with {@link Module.applyTransform} or
   * {@link Module.effectiveParameter}. One transform per parameter; setting another replaces it.
   * @param name - a parameter name of this module (`"weight"`) or a dotted one of a descendant (`"layers.0.weight"`)
   * @param transform - the transform; it must return a Var of the parameter's shape; `null` removes it
   * @returns a function that removes this transform (if it is still the one installed)
   * @throws {WcError} `E_ARGUMENT` when no parameter has that name.
   * @example
   * const undo = mlp.setParameterTransform("layers.0.weight", (w) => mul(w, new Var(mask)));
   * mlp.call(x); // layer 0 sees weight * mask
   * undo();
   */
  setParameterTransform(name: string, transform: ParameterTransform | null): () => void {
    const [owner, local] = this.resolveParameter(name, "setParameterTransform");
    if (transform === null) {
      owner._transforms.delete(local);
      return () => {};
    }
    owner._transforms.set(local, transform);
    return () => {
      if (owner._transforms.get(local) === transform) owner._transforms.delete(local);
    };
  }

  /** Removes every parameter transform of this module and its descendants. */
  clearParameterTransforms(): void {
    for (const [, m] of this.namedModules()) m._transforms.clear();
  }

  /**
   * The value forward passes use for a parameter: its transform applied to the raw Var, or the
   * raw Var when it has none.
   * @param name - own or dotted descendant parameter name
   * @returns a Var of the parameter's shape
   * @throws {WcError} `E_ARGUMENT` for an unknown name; `E_SHAPE` when the transform changes the shape.
   * @example
   * const wEff = model.effectiveParameter("0.weight");
   */
  effectiveParameter(name: string): Var {
    const [owner, local] = this.resolveParameter(name, "effectiveParameter");
    return owner.applyTransform(local, owner._params.get(local)!);
  }

  /**
   * Applies the transform registered for the own parameter `name` to `raw` (returns `raw` when
   * there is none). Layers call it in `forward` on the Var they hold.
   * @throws {WcError} `E_SHAPE` when the transform changes the shape.
   */
  protected applyTransform(name: string, raw: Var): Var {
    const t = this._transforms.get(name);
    if (t === undefined) return raw;
    const v = t(raw);
    if (!sameShape(v.shape, raw.shape)) {
      throw new WcError("E_SHAPE", `parameter transform of "${name}" returned shape ${fmt(v.shape)}, expected the parameter's ${fmt(raw.shape)}`);
    }
    return v;
  }

  private resolveParameter(name: string, where: string): [Module, string] {
    const dot = name.lastIndexOf(".");
    const path = dot < 0 ? "" : name.slice(0, dot);
    const local = name.slice(dot + 1);
    const owner = path === "" ? this : this.namedModules().find(([n]) => n === path)?.[1];
    if (!owner || !owner._params.has(local)) {
      throw new WcError("E_ARGUMENT", `${where}: no parameter "${name}"; use a name from namedParameters()`);
    }
    return [owner, local];
  }

  /**
   * Registers a trainable parameter holding `t` (used as is; pass a fresh tensor).
   * @throws {WcError} `E_ARGUMENT` for a duplicate or dotted name; `E_DTYPE` for integer tensors.
   */
  protected registerParameter(name: string, t: Tensor): Var {
    this.checkName(name);
    assertFloat(t, `parameter ${name}`);
    const v = new Var(t, { requiresGrad: true, name });
    this._params.set(name, v);
    return v;
  }

  /**
   * Registers a buffer (saved in the state dict, not trained).
   * @throws {WcError} `E_ARGUMENT` for a duplicate or dotted name.
   */
  protected registerBuffer(name: string, t: Tensor): FloatTensor {
    this.checkName(name);
    assertFloat(t, `buffer ${name}`);
    this._buffers.set(name, t);
    return t;
  }

  /**
   * Registers a child module under `name`.
   * @throws {WcError} `E_ARGUMENT` for a duplicate or dotted name.
   */
  protected registerModule<M extends Module>(name: string, m: M): M {
    this.checkName(name);
    this._children.set(name, m);
    return m;
  }

  private checkName(name: string): void {
    if (name === "" || name.includes(".") || this._params.has(name) || this._buffers.has(name) || this._children.has(name)) {
      throw new WcError("E_ARGUMENT", `Module: the name "${name}" is empty, dotted or already registered`);
    }
  }

  /** `[name, module]` for this module (name `""`) and every descendant, depth first. */
  namedModules(prefix = ""): [string, Module][] {
    const out: [string, Module][] = [[prefix, this]];
    for (const [n, c] of this._children) out.push(...c.namedModules(prefix ? `${prefix}.${n}` : n));
    return out;
  }

  /** `[dotted name, Var]` of every parameter, in registration order. */
  namedParameters(): [string, Var][] {
    const out: [string, Var][] = [];
    for (const [p, m] of this.namedModules()) for (const [n, v] of m._params) out.push([p ? `${p}.${n}` : n, v]);
    return out;
  }

  /** Every parameter Var. */
  parameters(): Var[] {
    return this.namedParameters().map(([, v]) => v);
  }

  /** `[dotted name, tensor]` of every buffer. */
  namedBuffers(): [string, FloatTensor][] {
    const out: [string, FloatTensor][] = [];
    for (const [p, m] of this.namedModules()) for (const [n, b] of m._buffers) out.push([p ? `${p}.${n}` : n, b]);
    return out;
  }

  /** Total number of parameter elements. */
  numParameters(): number {
    return this.parameters().reduce((s, v) => s + v.value.size, 0);
  }

  /**
   * The parameters and buffers by dotted name. The tensors are the live storage (no copy): copy
   * them before changing them, or the module changes too.
   * @returns a new Map
   * @example
   * for (const [name, t] of model.stateDict()) console.log(name, t.shape);
   */
  stateDict(): StateDict {
    const sd: StateDict = new Map();
    for (const [p, m] of this.namedModules()) {
      for (const [n, v] of m._params) sd.set(p ? `${p}.${n}` : n, v.value);
      for (const [n, b] of m._buffers) sd.set(p ? `${p}.${n}` : n, b);
    }
    return sd;
  }

  /**
   * Copies values from a state dict into the parameters and buffers (converting dtype, keeping
   * each parameter's own storage so optimizers stay attached). `sd` is not modified.
   * @param sd - name -> tensor (see {@link StateDictSource})
   * @param options - see {@link LoadStateDictOptions}
   * @returns the names that did not match (non-strict mode)
   * @throws {WcError} `E_SHAPE` naming the tensor whose shape differs; `E_ARGUMENT` listing missing
   *   and unexpected names in strict mode; `E_DTYPE` for integer tensors.
   * @example
   * model.loadStateDict(await readSafetensors("model.safetensors"));
   */
  loadStateDict(source: StateDictSource, options: LoadStateDictOptions = {}): LoadStateDictResult {
    const strict = options.strict ?? true;
    const own = this.stateDict();
    const entries = new Map<string, Tensor | { readonly tensor: Tensor }>(source);
    const sd = {
      has: (k: string) => entries.has(k),
      keys: () => entries.keys(),
      get: (k: string): Tensor | undefined => {
        const e = entries.get(k);
        if (e === undefined) return undefined;
        return "shape" in e && "data" in e ? (e as Tensor) : (e as { readonly tensor: Tensor }).tensor;
      },
    };
    const missing = [...own.keys()].filter((k) => !sd.has(k));
    const unexpected = [...sd.keys()].filter((k) => !own.has(k));
    if (strict && (missing.length > 0 || unexpected.length > 0)) {
      throw new WcError(
        "E_ARGUMENT",
        `loadStateDict: missing [${missing.join(", ")}], unexpected [${unexpected.join(", ")}]; fix the names or pass { strict: false }`,
        { missing, unexpected },
      );
    }
    for (const [name, dst] of own) {
      const src = sd.get(name);
      if (!src) continue;
      if (!sameShape(src.shape, dst.shape)) {
        throw new WcError("E_SHAPE", `loadStateDict: "${name}" has shape ${fmt(src.shape)} in the state dict but ${fmt(dst.shape)} in the module`, {
          name,
          expected: [...dst.shape],
          received: [...src.shape],
        });
      }
      assertFloat(src, `loadStateDict "${name}"`);
    }
    for (const [name, dst] of own) {
      const src = sd.get(name);
      if (src) copyInto(src, dst);
    }
    return { missing, unexpected };
  }

  /**
   * Sets training mode on this module and its descendants.
   * @param mode - default true
   * @returns this
   */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode (`train(false)`). @returns this */
  eval(): this {
    return this.train(false);
  }

  /** Drops every parameter's gradient. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }
}
