import { Adam, Module, Var, noGrad, type Batch } from "@wc/nn";
import { Rng, WcError, assertFinite, tensor, type FloatArray, type FloatTensor } from "@wc/tensor";
import { concreteSample, logit } from "./concrete";
import { combine, gradBalanceLambda, sparsityTerm } from "./grad-balance";
import { inSearchMode, maskedNet, type MaskedNet } from "./masked-net";
import { maskFromScores, type Masks } from "./masks";
import { ctsModelObjective, isModelObjective } from "./model-objectives";
import { ctsObjective } from "./objectives";
import { resolveCtsOptions, type CtsLogEntry, type CtsOptions } from "./options";

/** What {@link concreteTicketSearch} returns. */
export interface CtsResult {
  /** The ticket, one 0/1 mask per prunable weight. */
  masks: Masks;
  /** The final logits θ, one array per prunable weight (the scores behind the ticket). */
  logits: Float32Array[];
  /** One entry per step. */
  log: CtsLogEntry[];
  /** λ at the end. */
  lambda: number;
  /** Wall time of the search in milliseconds. */
  timeMs: number;
}

/** Accepts a module or an existing masked view. @internal */
export function asMaskedNet(net: Module | MaskedNet): MaskedNet {
  return net instanceof Module ? maskedNet(net) : net;
}

/**
 * Concrete Ticket Search: optimises one logit per prunable weight through a binary-Concrete
 * relaxation of the mask with Adam, keeping the expected density on target with GradBalance,
 * and returns the ⌊κd⌋ weights with the largest logits as the ticket. The weights are frozen;
 * BatchNorm layers use batch statistics (running statistics untouched), every other layer is in
 * evaluation mode. The model is not modified.
 * @param net - a @wc/nn module (its Linear/Conv2d weights are prunable) or a {@link MaskedNet}
 * @param batches - training batches; iterated once per epoch (a `DataLoader` reshuffles each pass)
 * @param options - see {@link CtsOptions} (`density` required)
 * @returns the ticket, the final logits, the per-step log and the time
 * @throws {WcError} `E_RANGE` for bad options or a non-finite loss; `E_ARGUMENT` for empty batches.
 * @example
 * const { masks } = concreteTicketSearch(mlp, new DataLoader(train, { batchSize: 128 }), { density: 0.01, epochs: 15 });
 */
export function concreteTicketSearch(net: Module | MaskedNet, batches: Iterable<Batch>, options: CtsOptions): CtsResult {
  const o = resolveCtsOptions(options);
  const mn = asMaskedNet(net);
  const t0 = performance.now();
  const rng = new Rng(o.seed);
  const theta0 = logit(Math.min(o.density, 1 - 1e-7));
  const theta = mn.params.map((p) => {
    const a = (p.dtype === "float32" ? new Float32Array(p.value.size) : new Float64Array(p.value.size)) as FloatArray;
    a.fill(theta0);
    return new Var(tensor(a, [...p.shape]), { requiresGrad: true, name: `${p.name ?? "weight"}.logits` });
  });
  const adam = new Adam(theta, { lr: o.lr, betas: [0.9, 0.999], eps: 1e-8 });
  const dropIdx = Math.floor(o.lrDropAt * o.epochs);
  const dropFrom = dropIdx >= 1 ? dropIdx - 1 : Infinity;
  const overshoot = o.gradBalance ? o.overshoot : 1;
  const log: CtsLogEntry[] = [];
  let lambda = 0;
  let step = 0;
  inSearchMode(mn.module, () => {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      adam.groups[0]!.lr = epoch >= dropFrom ? o.lr * 0.1 : o.lr;
      let seen = 0;
      for (const b of batches) {
        seen++;
        assertFinite(b.x, "concreteTicketSearch batch x");
        const x = new Var(b.x);
        const masks = theta.map((t) => concreteSample(t, o.tau, rng));
        const loss = isModelObjective(o.objective)
          ? ctsModelObjective(o.objective, mn, x, b.y, masks, o.lossScale)
          : ctsObjective(o.objective, mn.forward(x, masks, { frozen: true }), noGrad(() => mn.forward(x, null)), b.y, o.lossScale);
        const lv = loss.item();
        if (!Number.isFinite(lv)) throw new WcError("E_RANGE", `concreteTicketSearch: the objective became ${lv} at step ${step}; lower lr`);
        adam.zeroGrad();
        loss.backward();
        mn.module.zeroGrad();
        const gt = theta.map((t) => (t.grad ? t.grad.data : (new Float64Array(t.value.size) as FloatArray)));
        const sp = sparsityTerm(
          theta.map((t) => t.data),
          o.density,
          { overshoot, scale: o.sparsityScale },
        );
        let useLambda: number;
        if (o.gradBalance) {
          lambda = gradBalanceLambda(lambda, gt, sp.grad, sp.error, { first: step === 0, smoothing: o.lambdaSmoothing });
          useLambda = lambda;
        } else {
          useLambda = lambda;
          // NormalizedMseFeatures divides the multiplier's learning rate by 10 (search/concrete.py).
          lambda += (o.objective === "msefeature" ? 0.001 : 0.01) * adam.groups[0]!.lr * sp.error;
        }
        const g = combine(gt, sp.grad, useLambda);
        theta.forEach((t, i) => (t.grad = tensor(g[i]!, [...t.shape]) as FloatTensor));
        adam.step();
        const entry = { step, epoch, loss: lv, lambda, expDensity: sp.expDensity };
        log.push(entry);
        o.onStep?.(entry);
        step++;
      }
      if (seen === 0) throw new WcError("E_ARGUMENT", "concreteTicketSearch: the batches yielded nothing; pass a non-empty DataLoader");
    }
  });
  const logits = theta.map((t) => Float32Array.from(t.data));
  let masks: Masks;
  if (o.finalize === "topk") masks = maskFromScores(logits, o.density);
  else masks = logits.map((a) => Uint8Array.from(a, (v) => (v > 0 ? 1 : 0)));
  return { masks, logits, log, lambda, timeMs: performance.now() - t0 };
}
