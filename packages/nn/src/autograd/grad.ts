import { WcError, copy, type FloatArray, type Tensor } from "@wc/tensor";
import { allocLike, fmt, sameShape, wrap } from "../internal/alloc";
import { add } from "../ops/elementwise";
import { withGradEnabled } from "./grad-mode";
import { Var, accumulate, topoOrder } from "./var";

/** Options of {@link grad}. */
export interface GradOptions {
  /**
   * Upstream gradients, one per output (same shape); default 1 for each 1-element output.
   * With `createGraph` they may be Vars that require gradients themselves.
   */
  gradOutputs?: readonly (Var | Tensor)[];
  /**
   * Build the gradients as differentiable Vars (double backpropagation, PyTorch's
   * `create_graph=True`): the returned Vars remember how they were computed, so a function of
   * them (a gradient norm, a Hessian-vector product `grad(sum(mul(g, v)), w)`) can be
   * differentiated again. Default false: the gradients are constants, computed by the plain
   * backward pass at its usual speed. Every op on the path must have a second-order rule;
   * one without it throws `E_UNSUPPORTED`.
   */
  createGraph?: boolean;
}

/**
 * The gradients of `outputs` with respect to `inputs` (PyTorch's `torch.autograd.grad`):
 * `Σ_o d(o · gradOutput_o)/d(input)` for each input. Unlike {@link Var.backward}, nothing is
 * accumulated into any `.grad` (leaves' gradients are left exactly as they were). An input that
 * the outputs do not depend on gets a zero gradient.
 *
 * Second-order support (`createGraph: true`): add, sub, mul, div (with broadcasting), neg, abs,
 * exp, log, sqrt, pow, scale, relu, sigmoid, tanh, silu, gelu (both forms), sum, mean, reshape,
 * transpose, slice, concat, embedding, maskedFill, matmul, linear, conv2d, batchNorm, maxPool2d,
 * avgPool2d, softmax, logSoftmax, crossEntropy, mse, layerNorm, rmsNorm, dropout; rope and
 * customOp throw `E_UNSUPPORTED`.
 * @param outputs - one output Var or several
 * @param inputs - the Vars to differentiate with respect to (leaves or intermediate nodes)
 * @param options - see {@link GradOptions}
 * @returns one gradient Var per input, with the input's shape and dtype
 * @throws {WcError} `E_STATE` when no output requires gradients; `E_SHAPE` when a gradOutput is
 *   missing for a non-scalar output or has the wrong shape; `E_ARGUMENT` when the gradOutputs
 *   do not match the outputs in number; `E_UNSUPPORTED` with `createGraph` when an op on the path
 *   has no second-order rule.
 * @example
 * const [g] = grad(loss, [w], { createGraph: true });       // g depends on w
 * const [hv] = grad(sum(mul(g!, v)), [w]);                  // Hessian-vector product H v
 */
export function grad(outputs: Var | readonly Var[], inputs: readonly Var[], options: GradOptions = {}): Var[] {
  const outs = outputs instanceof Var ? [outputs] : [...outputs];
  if (options.gradOutputs && options.gradOutputs.length !== outs.length) {
    throw new WcError("E_ARGUMENT", `grad: ${options.gradOutputs.length} gradOutputs for ${outs.length} outputs; pass one per output`);
  }
  if (!outs.some((o) => o.requiresGrad)) {
    throw new WcError("E_STATE", "grad: no output requires gradients (built from constants or under noGrad)");
  }
  const seeds = outs.map((o, i) => seedOf(o, options.gradOutputs?.[i]));
  return options.createGraph ? withGradEnabled(() => graphGrads(outs, inputs, seeds, null)) : valueGrads(outs, inputs, seeds);
}

function seedOf(o: Var, g: Var | Tensor | undefined): Var {
  if (g === undefined) {
    if (o.value.size !== 1) throw new WcError("E_SHAPE", `grad: a gradOutput is needed for a non-scalar output of shape ${fmt(o.shape)}`);
    const d = allocLike(o.data, 1);
    d[0] = 1;
    return new Var(wrap(d, o.shape));
  }
  if (!sameShape(g.shape, o.shape)) {
    throw new WcError("E_SHAPE", `grad: gradOutput shape ${fmt(g.shape)} differs from the output's ${fmt(o.shape)}`);
  }
  if (g instanceof Var) return g.dtype === o.dtype ? g : new Var(copy(g.value, { dtype: o.dtype }));
  return new Var(copy(g, { dtype: o.dtype }));
}

function zerosLike(v: Var): Var {
  return new Var(wrap(allocLike(v.data, v.value.size), v.shape));
}

/** First-order gradients by the plain backward rules, leaving every `.grad` as it was. */
function valueGrads(outs: Var[], inputs: readonly Var[], seeds: Var[]): Var[] {
  const order = topoOrder(outs);
  const saved = order.map((v) => v.grad);
  const want = new Set(inputs);
  const found = new Map<Var, FloatArray>();
  try {
    for (const v of order) v.grad = null;
    outs.forEach((o, i) => {
      if (o.requiresGrad) accumulate(o, seeds[i]!.data);
    });
    for (let i = order.length - 1; i >= 0; i--) {
      const v = order[i]!;
      if (want.has(v) && v.grad !== null) found.set(v, v.grad.data.slice() as FloatArray);
      if (v._backward !== null && v.grad !== null) v._backward(v.grad.data);
      v.grad = null;
    }
  } finally {
    order.forEach((v, i) => (v.grad = saved[i]!));
  }
  return inputs.map((x) => {
    const g = found.get(x);
    return g ? new Var(wrap(g, x.shape)) : zerosLike(x);
  });
}

/**
 * Gradients as differentiable Vars. With `stop`, nodes in it are treated as independent
 * variables (the graph is not followed past them): the partial derivatives an op's own
 * second-order rule needs.
 * @internal
 */
export function graphGrads(outs: readonly Var[], inputs: readonly Var[], seeds: readonly Var[], stop: ReadonlySet<Var> | null): Var[] {
  const order = topoOrder(outs, stop ?? undefined);
  // Only nodes with a path to an input need their rule run (others may lack second-order rules).
  const want = new Set(inputs);
  const relevant = new Set<Var>();
  for (const v of order) {
    if (want.has(v) || (!stop?.has(v) && v._parents.some((p) => relevant.has(p)))) relevant.add(v);
  }
  const grads = new Map<Var, Var>();
  const put = (v: Var, g: Var): void => {
    const prev = grads.get(v);
    grads.set(v, prev ? add(prev, g) : g);
  };
  outs.forEach((o, i) => {
    if (o.requiresGrad && relevant.has(o)) put(o, seeds[i]!);
  });
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    const g = grads.get(v);
    if (!g || v._backward === null || stop?.has(v) || !v._parents.some((p) => relevant.has(p))) continue;
    if (v._graphBackward === null) {
      throw new WcError(
        "E_UNSUPPORTED",
        `grad: createGraph needs a second-order rule for every op between the outputs and the inputs, and "${v._op ?? "an unnamed op"}" has none; use createGraph: false (first-order only) or build the function from supported ops (see grad's documentation)`,
      );
    }
    const pg = v._graphBackward(g, v);
    v._parents.forEach((p, k) => {
      const gp = pg[k];
      if (gp && p.requiresGrad && relevant.has(p)) put(p, gp);
    });
  }
  return inputs.map((x) => grads.get(x) ?? zerosLike(x));
}

/**
 * The second-order rule of a fused op from a composite of differentiable ops: rebuilds the op
 * with `composite` on its inputs and returns the partial derivatives of `<grad, composite>` with
 * respect to each input, as differentiable Vars.
 * @internal
 */
export function compositeBackward(parents: readonly Var[], composite: (inputs: readonly Var[]) => Var, g: Var): (Var | null)[] {
  const y = composite(parents);
  if (!y.requiresGrad) return parents.map(() => null);
  const stop = new Set(parents);
  const gs = graphGrads([y], parents, [g], stop);
  return gs.map((v, i) => (parents[i]!.requiresGrad ? v : null));
}
