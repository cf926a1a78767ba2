import { WcError, assertFloat, contiguous, copy, type FloatArray, type FloatDType, type FloatTensor, type Tensor } from "@wc/tensor";
import { allocLike, floatDTypeOf, fmt, sameShape, wrap } from "../internal/alloc";
import { isGradEnabled } from "./grad-mode";

/** Propagates an output gradient (row-major, the output's shape) into the inputs' gradients. */
export type BackwardFn = (grad: FloatArray) => void;

/**
 * The graph-building (differentiable) backward rule of an op, used by {@link grad} with
 * `createGraph`: given the output gradient as a Var and the op's output, it returns one gradient
 * Var per input (null where an input needs none), built from differentiable ops so the result can
 * be differentiated again.
 */
export type GraphBackwardFn = (grad: Var, output: Var) => readonly (Var | null)[];

/** Options of the {@link Var} constructor. */
export interface VarOptions {
  /** Record gradients for this leaf; default false (a constant). */
  requiresGrad?: boolean;
  /** A name for messages and debugging; default none. */
  name?: string;
}

/**
 * A node of the reverse-mode autograd graph: a float32/float64 value, its gradient, and how to
 * push a gradient back to the nodes it was computed from.
 *
 * Leaves are made with `new Var(t, { requiresGrad })` (or {@link parameter} / {@link constant});
 * every op returns a new Var that remembers its inputs while gradients are enabled. `backward()`
 * walks the graph in reverse topological order. Gradients of leaves accumulate across calls
 * (gradient accumulation) until {@link Var.zeroGrad}; gradients of intermediate nodes are freed.
 * The value is always row-major contiguous; optimizers update a leaf's value in place.
 *
 * @example
 * const w = new Var(fromNested([1, 2]), { requiresGrad: true });
 * const loss = sum(mul(w, w));
 * loss.backward(); // w.grad = [2, 4]
 */
export class Var {
  /** The value (row-major contiguous). */
  readonly value: FloatTensor;
  /** The accumulated gradient (same shape and dtype as `value`), or null before any backward. */
  grad: FloatTensor | null = null;
  /** Whether gradients flow to this node. */
  readonly requiresGrad: boolean;
  /** Optional name (set by modules to the parameter's state-dict name). */
  name: string | undefined;
  /** @internal inputs this node was computed from (empty for leaves and under noGrad). */
  _parents: readonly Var[] = [];
  /** @internal the backward rule (null for leaves). */
  _backward: BackwardFn | null = null;
  /** @internal the differentiable backward rule (null for leaves and ops without second-order support). */
  _graphBackward: GraphBackwardFn | null = null;
  /** @internal the name of the op that made this node (for messages). */
  _op: string | undefined = undefined;

  /**
   * @param value - a float tensor; strided views are copied to contiguous, contiguous ones are used as is
   * @param options - see {@link VarOptions}
   * @throws {WcError} `E_DTYPE` for integer tensors.
   */
  constructor(value: Tensor, options: VarOptions = {}) {
    assertFloat(value, "Var");
    this.value = contiguous(value) as FloatTensor;
    this.requiresGrad = options.requiresGrad ?? false;
    this.name = options.name;
  }

  /** The shape of the value. */
  get shape(): number[] {
    return this.value.shape;
  }

  /** The dtype of the value. */
  get dtype(): FloatDType {
    return floatDTypeOf(this.value.data);
  }

  /** The raw row-major data of the value. */
  get data(): FloatArray {
    return this.value.data;
  }

  /** True for nodes not produced by an op (parameters, constants). */
  get isLeaf(): boolean {
    return this._backward === null;
  }

  /** The single element of a 1-element value (a loss). @throws {WcError} `E_SHAPE` otherwise. */
  item(): number {
    if (this.value.size !== 1) throw new WcError("E_SHAPE", `item: expected a 1-element value, got shape ${fmt(this.shape)}`);
    return this.value.data[0]!;
  }

  /** Drops the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** A new constant Var sharing this value, cut from the graph. */
  detach(): Var {
    return new Var(this.value);
  }

  /**
   * Back-propagates from this node: adds d(this)/d(leaf) (times `grad`) into every leaf's `.grad`.
   * (For gradients that are themselves differentiable, use `grad(..., { createGraph: true })`.)
   * @param grad - the upstream gradient, same shape as the value; default 1 for a 1-element value
   * @throws {WcError} `E_STATE` when this node does not require gradients; `E_SHAPE` when `grad`
   *   is omitted for a non-scalar value or has the wrong shape.
   */
  backward(grad?: Tensor): void {
    if (!this.requiresGrad) {
      throw new WcError("E_STATE", "backward: this value does not require gradients (built from constants or under noGrad)");
    }
    let seed: FloatArray;
    if (grad === undefined) {
      if (this.value.size !== 1) {
        throw new WcError("E_SHAPE", `backward: a gradient is needed for a non-scalar output of shape ${fmt(this.shape)}`);
      }
      seed = allocLike(this.data, 1);
      seed[0] = 1;
    } else {
      if (!sameShape(grad.shape, this.shape)) {
        throw new WcError("E_SHAPE", `backward: gradient shape ${fmt(grad.shape)} differs from the output's ${fmt(this.shape)}`);
      }
      const g = copy(grad, { dtype: this.dtype });
      seed = g.data as FloatArray;
    }
    const order = topoOrder(this);
    for (const v of order) if (!v.isLeaf) v.grad = null;
    accumulate(this, seed, true);
    for (let i = order.length - 1; i >= 0; i--) {
      const v = order[i]!;
      if (v._backward !== null) {
        if (v.grad !== null) v._backward(v.grad.data);
        v.grad = null;
      }
    }
  }
}

/**
 * The nodes reachable from `roots` through inputs that require gradients, in topological order
 * (inputs before the nodes computed from them). Nodes in `stop` are included but not expanded.
 * @internal
 */
export function topoOrder(root: Var | readonly Var[], stop?: ReadonlySet<Var>): Var[] {
  const order: Var[] = [];
  const seen = new Set<Var>();
  const stack: [Var, number][] = [];
  for (const r of Array.isArray(root) ? (root as readonly Var[]) : [root as Var]) {
    if (seen.has(r)) continue;
    seen.add(r);
    stack.push([r, 0]);
    drain(stack, seen, order, stop);
  }
  return order;
}

function drain(stack: [Var, number][], seen: Set<Var>, order: Var[], stop: ReadonlySet<Var> | undefined): void {
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [v, i] = top;
    if (i < v._parents.length && !stop?.has(v)) {
      top[1] = i + 1;
      const p = v._parents[i]!;
      if (p.requiresGrad && !seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(v);
    }
  }
}

/**
 * Adds `g` (row-major, the shape of `v`) into `v.grad`. With `owned`, a fresh `g` may become the
 * gradient buffer itself (the caller must not reuse it).
 * @internal
 */
export function accumulate(v: Var, g: FloatArray, owned = false): void {
  if (!v.requiresGrad) return;
  if (v.grad === null) {
    if (owned && g.constructor === v.data.constructor) {
      v.grad = wrap(g, v.shape);
      return;
    }
    v.grad = wrap(allocLike(v.data, v.value.size), v.shape);
  }
  const d = v.grad.data;
  for (let i = 0; i < d.length; i++) d[i]! += g[i]!;
}

/**
 * Makes an op's output node: records parents and the backward rule when gradients are enabled
 * and some input requires them. `op` names the op in messages; `graphBackward` is its
 * differentiable rule (omit it for ops without second-order support: `grad` with `createGraph`
 * then throws `E_UNSUPPORTED` naming `op`).
 * @internal
 */
export function makeOutput(
  data: FloatArray,
  shape: readonly number[],
  parents: readonly Var[],
  backward: BackwardFn,
  op?: string,
  graphBackward?: GraphBackwardFn,
): Var {
  const needs = isGradEnabled() && parents.some((p) => p.requiresGrad);
  const out = new Var(wrap(data, shape), { requiresGrad: needs });
  if (needs) {
    out._parents = parents;
    out._backward = backward;
    out._op = op;
    if (graphBackward) out._graphBackward = graphBackward;
  }
  return out;
}

/**
 * A trainable leaf holding a copy of `t` (so the optimizer never writes into the caller's tensor).
 * @param t - the initial value (float32 or float64)
 * @param name - optional name
 * @returns a Var with `requiresGrad: true`
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * const w = parameter(zeros([3, 4]));
 */
export function parameter(t: Tensor, name?: string): Var {
  assertFloat(t, "parameter");
  return new Var(copy(t), { requiresGrad: true, name });
}

/**
 * A constant leaf (no gradient) over `t`, used as is when contiguous.
 * @param t - a float tensor
 * @returns a Var with `requiresGrad: false`
 * @throws {WcError} `E_DTYPE` for integer tensors.
 * @example
 * const x = constant(fromNested([[1, 2]]));
 */
export function constant(t: Tensor): Var {
  return new Var(t);
}

/**
 * Asserts two Vars share a dtype (ops never mix float32 and float64 silently).
 * @internal
 */
export function sameDType(a: Var, b: Var, where: string): void {
  if (a.dtype !== b.dtype) {
    throw new WcError("E_DTYPE", `${where}: inputs have dtypes ${a.dtype} and ${b.dtype}; convert one with astype() first`);
  }
}

/** A scalar constant Var of a dtype. @internal */
export function scalarVar(x: number, dtype: FloatDType): Var {
  const d = dtype === "float32" ? new Float32Array(1) : new Float64Array(1);
  d[0] = x;
  return new Var(wrap(d, []));
}

