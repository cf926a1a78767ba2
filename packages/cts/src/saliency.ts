import { Var, add, crossEntropy, grad, mul, scale, sum, type Batch, type Module } from "@wc/nn";
import { WcError, assertFinite, tensor, type FloatArray, type FloatTensor, type Tensor } from "@wc/tensor";
import { inEvalMode, inSearchMode, type MaskedNet } from "./masked-net";
import { maskFromScores, type Masks } from "./masks";
import { asMaskedNet } from "./search";

function checkBatch(batch: Batch, where: string): number {
  const n = batch.y.length;
  if (n === 0 || batch.x.shape[0] !== n) {
    throw new WcError("E_SHAPE", `${where}: expected a non-empty batch with one label per row, got x [${batch.x.shape.join(", ")}] and ${n} labels`);
  }
  assertFinite(batch.x, `${where} batch x`);
  return n;
}

function rows(x: FloatTensor, s: number, e: number): Var {
  const per = x.size / x.shape[0]!;
  return new Var(tensor(x.data.slice(s * per, e * per) as FloatArray, [e - s, ...x.shape.slice(1)]));
}

/** Sum over micro-batches of `f(grads of one micro-batch)`. @internal */
function gradsPerMicroBatch(net: MaskedNet, batch: Batch, micro: number, temperature: number, visit: (g: FloatArray[]) => void): void {
  const n = batch.y.length;
  for (let s = 0; s < n; s += micro) {
    const e = Math.min(n, s + micro);
    net.module.zeroGrad();
    const z = net.forward(rows(batch.x as FloatTensor, s, e), null);
    const loss = crossEntropy(temperature === 1 ? z : scale(z, 1 / temperature), batch.y.subarray(s, e));
    loss.backward();
    visit(net.params.map((p) => (p.grad ? p.grad.data : (new Float64Array(p.value.size) as FloatArray))));
  }
  net.module.zeroGrad();
}

/**
 * Magnitude scores |w| (global magnitude pruning at initialisation).
 * @param weights - the prunable weights
 * @returns |w| per layer
 * @example
 * magnitudeScores(maskedNet(mlp).prunable);
 */
export function magnitudeScores(weights: readonly Tensor[]): Float64Array[] {
  return weights.map((w) => Float64Array.from(w.data as ArrayLike<number>, Math.abs));
}

/**
 * The magnitude ticket: the ⌊κd⌋ largest |w| over all layers.
 * @param weights - the prunable weights
 * @param density - κ in (0, 1]
 * @returns masks
 * @throws {WcError} `E_RANGE` for a bad density.
 * @example
 * magnitudeMask(maskedNet(mlp).prunable, 0.05);
 */
export function magnitudeMask(weights: readonly Tensor[], density: number): Masks {
  return maskFromScores(magnitudeScores(weights), density);
}

/**
 * SNIP scores `|w| ⊙ Σ_mb |∂L_CE,mb/∂w|` over micro-batches (equal to |w ⊙ ∇L| for one micro-batch),
 * computed with BatchNorm on batch statistics and everything else in evaluation mode.
 * @param net - module or masked view
 * @param batch - one training batch
 * @param options - `microBatch` (default 64, search/salient.py)
 * @returns scores per layer
 * @throws {WcError} `E_SHAPE` for an empty or inconsistent batch; `E_RANGE` for a bad micro-batch.
 * @example
 * snipScores(mlp, batch);
 */
export function snipScores(net: Module | MaskedNet, batch: Batch, options: { microBatch?: number } = {}): Float64Array[] {
  const mn = asMaskedNet(net);
  checkBatch(batch, "snip");
  const micro = checkMicro(options.microBatch ?? 64, "snip");
  const acc = mn.params.map((p) => new Float64Array(p.value.size));
  inSearchMode(mn.module, () => gradsPerMicroBatch(mn, batch, micro, 1, (g) => g.forEach((a, l) => accAbs(acc[l]!, a))));
  return acc.map((a, l) => {
    const w = mn.params[l]!.data;
    for (let i = 0; i < a.length; i++) a[i] = Math.abs(w[i]!) * a[i]!;
    return a;
  });
}

/**
 * The SNIP ticket (global top-k of {@link snipScores}).
 * @param net - module or masked view
 * @param batch - one training batch
 * @param density - κ
 * @param options - `microBatch` (default 64)
 * @returns masks
 * @throws {WcError} as {@link snipScores} and `E_RANGE` for a bad density.
 * @example
 * snipMask(mlp, batch, 0.05);
 */
export function snipMask(net: Module | MaskedNet, batch: Batch, density: number, options: { microBatch?: number } = {}): Masks {
  return maskFromScores(snipScores(net, batch, options), density);
}

function accAbs(acc: Float64Array, g: ArrayLike<number>): void {
  for (let i = 0; i < acc.length; i++) acc[i]! += Math.abs(g[i]!);
}

function checkMicro(m: number, where: string): number {
  if (!Number.isInteger(m) || m < 1) throw new WcError("E_RANGE", `${where}: microBatch must be an integer >= 1, got ${m}`);
  return m;
}

/** Options of {@link graspScores}. */
export interface GraspOptions {
  /** Logit temperature T; default 200 (search/salient.py). */
  T?: number;
  /** Micro-batch size; default 20. */
  microBatch?: number;
  /**
   * Hessian-vector product: `"exact"` (default: double backpropagation through @wc/nn's `grad` with
   * `createGraph`, as the official code's autograd; one extra backward per micro-batch) or
   * `"finiteDiff"` (central difference of gradients along g with ε = 1e-3/||g||, spec §4's
   * alternative; on ReLU networks that step flips activations and the product is far off: relative
   * error 4.5 on the digits MLP, see the README).
   */
  hvp?: "exact" | "finiteDiff";
  /**
   * The official code's quirk: accumulate |Hg| per micro-batch, giving −w ⊙ Σ|Hg_mb|; default false
   * (the original GraSP score −w ⊙ Hg).
   */
  absHvpQuirk?: boolean;
}

/**
 * GraSP "keep" scores `w ⊙ Hg` (the negative of GraSP's S = −w ⊙ Hg, so the usual top-k keeps the
 * κd smallest S): logits divided by T, g = Σ_mb ∇_w L_mb, Hg = Σ_mb ∇_w(gᵀ∇_w L_mb) by a central
 * difference of gradients or by double backprop (`hvp`). The finite difference perturbs only the
 * prunable weights and restores the model exactly.
 * @param net - module or masked view
 * @param batch - one training batch
 * @param options - see {@link GraspOptions}
 * @returns keep-scores per layer (higher = keep)
 * @throws {WcError} `E_SHAPE` for a bad batch; `E_RANGE` for bad options; `E_ARGUMENT` for an unknown `hvp`;
 *   `E_UNSUPPORTED` for `hvp: "exact"` on a model with a layer without second-order support in @wc/nn.
 * @example
 * graspScores(mlp, batch, { T: 200 });
 */
export function graspScores(net: Module | MaskedNet, batch: Batch, options: GraspOptions = {}): Float64Array[] {
  const mn = asMaskedNet(net);
  checkBatch(batch, "grasp");
  const T = options.T ?? 200;
  if (!(Number.isFinite(T) && T > 0)) throw new WcError("E_RANGE", `grasp: T must be a finite number > 0, got ${T}`);
  const micro = checkMicro(options.microBatch ?? 20, "grasp");
  const hvp = options.hvp ?? "exact";
  if (hvp !== "exact" && hvp !== "finiteDiff") throw new WcError("E_ARGUMENT", `grasp: hvp must be "exact" or "finiteDiff", got "${String(hvp)}"`);
  const quirk = options.absHvpQuirk ?? false;
  const P = mn.params;
  const saved = P.map((p) => p.data.slice() as FloatArray);
  const g = P.map((p) => new Float64Array(p.value.size));
  const hg = P.map((p) => new Float64Array(p.value.size));
  inSearchMode(mn.module, () => {
    gradsPerMicroBatch(mn, batch, micro, T, (gr) => gr.forEach((a, l) => addInto(g[l]!, a, 1)));
    let nrm = 0;
    for (const a of g) for (let i = 0; i < a.length; i++) nrm += a[i]! * a[i]!;
    nrm = Math.sqrt(nrm);
    if (nrm === 0) return;
    if (hvp === "exact") {
      exactHvp(mn, batch, micro, T, g, (h) => h.forEach((a, l) => addInto(hg[l]!, a, 1, quirk)));
      return;
    }
    const eps = 1e-3 / nrm;
    const n = batch.y.length;
    try {
      for (let s = 0; s < n; s += micro) {
        const sub: Batch = { x: (rows(batch.x as FloatTensor, s, Math.min(n, s + micro)).value), y: batch.y.subarray(s, Math.min(n, s + micro)) };
        const plus = perturbedGrads(mn, sub, T, saved, g, eps);
        const minus = perturbedGrads(mn, sub, T, saved, g, -eps);
        plus.forEach((a, l) => {
          const h = hg[l]!;
          const m = minus[l]!;
          for (let i = 0; i < h.length; i++) {
            const v = (a[i]! - m[i]!) / (2 * eps);
            h[i]! += quirk ? Math.abs(v) : v;
          }
        });
      }
    } finally {
      P.forEach((p, l) => p.data.set(saved[l]!));
    }
  });
  return hg.map((h, l) => {
    const w = saved[l]!;
    for (let i = 0; i < h.length; i++) h[i] = w[i]! * h[i]!;
    return h;
  });
}

function addInto(acc: Float64Array, a: ArrayLike<number>, c: number, absolute = false): void {
  for (let i = 0; i < acc.length; i++) acc[i]! += absolute ? Math.abs(c * a[i]!) : c * a[i]!;
}

/** Per micro-batch, Hg_mb = ∇_w(gᵀ ∇_w L_mb) with g constant, by double backprop. */
function exactHvp(mn: MaskedNet, batch: Batch, micro: number, T: number, g: Float64Array[], visit: (h: FloatArray[]) => void): void {
  const P = [...mn.params];
  const gv = P.map((p, l) => new Var(tensor((p.dtype === "float32" ? Float32Array.from(g[l]!) : Float64Array.from(g[l]!)) as FloatArray, [...p.shape])));
  const n = batch.y.length;
  for (let s = 0; s < n; s += micro) {
    const e = Math.min(n, s + micro);
    const z = mn.forward(rows(batch.x as FloatTensor, s, e), null);
    const loss = crossEntropy(T === 1 ? z : scale(z, 1 / T), batch.y.subarray(s, e));
    const gl = grad(loss, P, { createGraph: true });
    const dot = gl.map((gi, l) => sum(mul(gi, gv[l]!))).reduce((a, b) => add(a, b));
    visit(grad(dot, P).map((h) => h.data));
  }
}

function perturbedGrads(mn: MaskedNet, batch: Batch, T: number, saved: FloatArray[], dir: Float64Array[], eps: number): Float64Array[] {
  mn.params.forEach((p, l) => {
    const w = p.data;
    const w0 = saved[l]!;
    const d = dir[l]!;
    for (let i = 0; i < w.length; i++) w[i] = w0[i]! + eps * d[i]!;
  });
  const out = mn.params.map((p) => new Float64Array(p.value.size));
  gradsPerMicroBatch(mn, batch, batch.y.length, T, (gr) => gr.forEach((a, l) => addInto(out[l]!, a, 1)));
  return out;
}

/**
 * The GraSP ticket: keeps the κd smallest S = −w ⊙ Hg (top-k of {@link graspScores}).
 * @param net - module or masked view
 * @param batch - one training batch
 * @param density - κ
 * @param options - see {@link GraspOptions}
 * @returns masks
 * @throws {WcError} as {@link graspScores}.
 * @example
 * graspMask(mlp, batch, 0.05);
 */
export function graspMask(net: Module | MaskedNet, batch: Batch, density: number, options: GraspOptions = {}): Masks {
  return maskFromScores(graspScores(net, batch, options), density);
}

/**
 * One SynFlow score pass: every parameter replaced by its absolute value (prunable weights also
 * multiplied by `masks`), input = all-ones `[1, ...inputShape]`, R = Σ f(1), score |w ⊙ ∂R/∂w|.
 * Evaluation mode; the model is restored exactly.
 * @param net - module or masked view
 * @param inputShape - shape of one sample (e.g. `[64]`)
 * @param masks - current masks (default none)
 * @returns scores per layer
 * @throws {WcError} `E_SHAPE` for a bad input shape.
 * @example
 * synflowScores(mlp, [64]);
 */
export function synflowScores(net: Module | MaskedNet, inputShape: readonly number[], masks: readonly Uint8Array[] | null = null): Float64Array[] {
  const mn = asMaskedNet(net);
  if (inputShape.length === 0 || inputShape.some((s) => !Number.isInteger(s) || s < 1)) {
    throw new WcError("E_SHAPE", `synflow: inputShape must be positive integers, got [${inputShape.join(", ")}]`);
  }
  const all = mn.module.parameters();
  const saved = all.map((p) => p.data.slice() as FloatArray);
  const dtype = mn.params[0]!.dtype;
  try {
    all.forEach((p) => {
      const d = p.data;
      for (let i = 0; i < d.length; i++) d[i] = Math.abs(d[i]!);
    });
    if (masks) {
      mn.params.forEach((p, l) => {
        const d = p.data;
        const m = masks[l]!;
        for (let i = 0; i < d.length; i++) if (m[i] === 0) d[i] = 0;
      });
    }
    const n = inputShape.reduce((a, b) => a * b, 1);
    const ones = (dtype === "float32" ? new Float32Array(n) : new Float64Array(n)).fill(1);
    mn.module.zeroGrad();
    inEvalMode(mn.module, () => {
      const out = mn.forward(new Var(tensor(ones, [1, ...inputShape])), null);
      const seed = (dtype === "float32" ? new Float32Array(out.value.size) : new Float64Array(out.value.size)).fill(1);
      out.backward(tensor(seed, [...out.shape]));
    });
    const scores = mn.params.map((p) => {
      const w = p.data;
      const gr = p.grad?.data;
      return Float64Array.from({ length: w.length }, (_, i) => Math.abs(w[i]! * (gr ? gr[i]! : 0)));
    });
    mn.module.zeroGrad();
    return scores;
  } finally {
    all.forEach((p, i) => p.data.set(saved[i]!));
  }
}

/**
 * The SynFlow ticket (data-free, iterative): `iterations` rounds, round n (0-based) keeps density
 * κ^((n+1)/iterations) by global top-k of {@link synflowScores} on the masked network; pruned
 * weights stay pruned (their score is 0).
 * @param net - module or masked view
 * @param inputShape - shape of one sample
 * @param density - κ
 * @param options - `iterations` (default 100, Tanaka et al. 2020)
 * @returns masks
 * @throws {WcError} `E_RANGE` for bad density or iterations; `E_SHAPE` for a bad input shape.
 * @example
 * synflowMask(mlp, [64], 0.01);
 */
export function synflowMask(net: Module | MaskedNet, inputShape: readonly number[], density: number, options: { iterations?: number } = {}): Masks {
  const mn = asMaskedNet(net);
  const it = options.iterations ?? 100;
  if (!Number.isInteger(it) || it < 1) throw new WcError("E_RANGE", `synflow: iterations must be an integer >= 1, got ${it}`);
  let masks: Masks | null = null;
  for (let n = 0; n < it; n++) {
    const s = synflowScores(mn, inputShape, masks);
    masks = maskFromScores(s, Math.pow(density, (n + 1) / it));
  }
  return masks!;
}
