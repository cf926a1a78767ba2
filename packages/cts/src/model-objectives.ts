import { Activation, Var, add, crossEntropy, grad, mean, mul, noGrad, pow, relu, reshape, scale, softmax, sqrt, sub, sum, type Module } from "@wc/nn";
import { WcError } from "@wc/tensor";
import type { MaskedNet } from "./masked-net";

/** The objectives that need the model itself (features or gradients), not only its logits. */
export type ModelObjective = "gradnorm" | "msefeature" | "gradmatch";

const MODEL_OBJECTIVES: readonly string[] = ["gradnorm", "msefeature", "gradmatch"];

/**
 * True for the objectives {@link modelObjective} computes.
 * @param objective - an objective name
 * @returns whether it needs the model (features or gradients)
 * @example
 * isModelObjective("gradnorm"); // true
 */
export function isModelObjective(objective: string): objective is ModelObjective {
  return MODEL_OBJECTIVES.includes(objective);
}

/** Keeps the variance of a row/tensor away from 0 so a constant one has a finite gradient. */
const VAR_FLOOR = 1e-24;

/**
 * `(a − mean) / (std + eps)` over `axis` (unbiased std, as torch's `.std()`), differentiably.
 * `axis` null standardises over all entries.
 */
function standardise(a: Var, axis: number | null, eps: number): Var {
  const n = axis === null ? a.value.size : a.shape[axis]!;
  const opts = axis === null ? {} : { axis, keepDims: true };
  const c = sub(a, mean(a, opts));
  const sd = sqrt(add(scale(sum(mul(c, c), opts), 1 / Math.max(n - 1, 1)), VAR_FLOOR));
  return mul(c, pow(add(sd, eps), -1));
}

/**
 * The search's feature layers, as the official code's capture lists (every ReLU output, and the
 * classifier's output through a softmax): the outputs of every `Activation` module when the model
 * has them (e.g. the CNN's ReLUs), otherwise ReLU of every prunable layer's output except the last
 * (an `MLP` applies its ReLU inline, so these are its hidden ReLU features); then softmax(logits).
 */
function captureFeatures(net: MaskedNet, run: () => Var): Var[] {
  const acts = net.module.namedModules().filter(([, m]) => m instanceof Activation).map(([, m]) => m);
  const feats: Var[] = [];
  let hooks: Module[];
  let post: (v: Var) => Var;
  if (acts.length > 0) {
    hooks = acts;
    post = (v) => v;
  } else {
    const names = new Set(net.names.slice(0, -1).map((n) => n.replace(/\.?weight$/, "")));
    hooks = net.module.namedModules().filter(([name]) => names.has(name)).map(([, m]) => m);
    post = relu;
  }
  const removers = hooks.map((m) => m.registerForwardHook((_m, _x, y) => feats.push(post(reshape(y, [y.shape[0]!, -1])))));
  try {
    const z = run();
    feats.push(softmax(reshape(z, [z.shape[0]!, -1])));
  } finally {
    removers.forEach((r) => r());
  }
  return feats;
}

/**
 * The CTS objectives of the paper's code that need more than logits, as a scalar Var
 * differentiable with respect to the masks:
 * - `gradnorm` (GraSPConcrete): `−‖∇_params L_CE(f(x; w ⊙ m))‖₂` over every parameter of the
 *   model (the gradient with respect to a raw weight is `m ⊙ ∂L/∂(w ⊙ m)`), so the search
 *   maximises the gradient norm; the code's loss scale is 1 (`lossScale` is ignored). Needs
 *   double backpropagation (@wc/nn `grad` with `createGraph`).
 * - `msefeature` (NormalizedMseFeatures): `lossScale ·` the mean over feature layers of
 *   `MSE(std(a_sparse), std(a_dense))`, each per-sample feature row standardised as
 *   `(a − mean) / (std + 1e-9)` (unbiased std); the feature layers are the ReLU outputs and the
 *   softmax of the logits (the code's capture and "fake capture" lists).
 * - `gradmatch` (StepAlignmentConcrete): `lossScale ·` the mean over prunable weights of
 *   `MSE(std(∇_w L_sparse), std(∇_w L_dense))`, each gradient standardised over all its entries
 *   by `(g − mean) / std` (unbiased std); the sparse gradient is differentiated again.
 * The weights are not updated; the masks' gradients come from `backward()` on the result.
 * @param objective - `gradnorm`, `msefeature` or `gradmatch`
 * @param net - the masked view of the model
 * @param x - one input batch
 * @param y - its labels
 * @param masks - one (relaxed) mask Var per prunable weight
 * @param lossScale - the factor of `msefeature` and `gradmatch` (the code's 100)
 * @returns a scalar Var
 * @throws {WcError} `E_ARGUMENT` for another objective; `E_SHAPE` for masks that do not fit the weights.
 * @example
 * ctsModelObjective("gradnorm", maskedNet(mlp), x, y, masks, 100).backward();
 */
export function ctsModelObjective(objective: ModelObjective, net: MaskedNet, x: Var, y: Int32Array, masks: readonly Var[], lossScale: number): Var {
  switch (objective) {
    case "gradnorm": {
      const params = net.module.parameters();
      const g = grad(crossEntropy(net.forward(x, masks), y), params, { createGraph: true });
      return scale(sqrt(g.map((gi) => sum(mul(gi, gi))).reduce((a, b) => add(a, b))), -1);
    }
    case "msefeature": {
      const dense = noGrad(() => captureFeatures(net, () => net.forward(x, null)));
      const sparse = captureFeatures(net, () => net.forward(x, masks, { frozen: true }));
      const terms = sparse.map((a, l) => {
        const d = noGrad(() => standardise(dense[l]!, 1, 1e-9));
        const diff = sub(standardise(a, 1, 1e-9), d);
        return mean(mul(diff, diff));
      });
      return scale(terms.reduce((a, b) => add(a, b)), lossScale / terms.length);
    }
    case "gradmatch": {
      const w = [...net.params];
      const gd = grad(crossEntropy(net.forward(x, null), y), w).map((g) => noGrad(() => standardise(g, null, 0)));
      const gs = grad(crossEntropy(net.forward(x, masks), y), w, { createGraph: true });
      const terms = gs.map((g, l) => {
        const diff = sub(standardise(g, null, 0), gd[l]!);
        return mean(mul(diff, diff));
      });
      return scale(terms.reduce((a, b) => add(a, b)), lossScale / terms.length);
    }
    default:
      throw new WcError("E_ARGUMENT", `ctsModelObjective: unknown objective "${String(objective)}"; use ${MODEL_OBJECTIVES.join(", ")}`);
  }
}
