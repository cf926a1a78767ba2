import { WcError, assertFloat, type FloatTensor, type Tensor } from "@wc/tensor";
import { Var } from "../autograd/var";
import { fmt, sameShape } from "../internal/alloc";

/** Called after a module's forward with its input and output (see {@link Module.registerForwardHook}). */
export type ForwardHook = (module: Module, input: Var, output: Var) => void;

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

/** Copies `src` (any strides) into contiguous `dst` of the same shape. */
function copyInto(src: Tensor, dst: Tensor): void {
  const nd = src.shape.length;
  const n = dst.size;
  const idx = new Array<number>(nd).fill(0);
  for (let i = 0; i < n; i++) {
    let p = src.offset;
    for (let d = 0; d < nd; d++) p += idx[d]! * src.stride[d]!;
    dst.data[i] = src.data[p]!;
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < src.shape[d]!) break;
      idx[d] = 0;
    }
  }
}
