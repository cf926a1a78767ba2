import { DataLoader, LRScheduler, SGD, Var, clipGradNorm, cosineDecay, crossEntropy, evaluate, noGrad, type Dataset, type Module } from "@wc/nn";
import { WcError } from "@wc/tensor";
import type { MaskedNet } from "./masked-net";
import { checkMasks, maskVars } from "./masks";
import { asMaskedNet } from "./search";

/** Options of {@link trainMasked}. */
export interface TrainMaskedOptions {
  /** Epochs; default 15 (the spec's CPU-scale retraining). */
  epochs?: number;
  /** SGD learning rate, cosine-decayed to 0; default 0.05. */
  lr?: number;
  /** SGD momentum; default 0.9. */
  momentum?: number;
  /** L2 weight decay; default 1e-4. */
  weightDecay?: number;
  /** Batch size; default 128. */
  batchSize?: number;
  /** Clip the global gradient norm to this (the paper's CIFAR runs use 2.0); default none. */
  clipNorm?: number;
  /** Seed of the batch order; default 0. */
  seed?: number;
}

/** What {@link trainMasked} returns. */
export interface TrainMaskedResult {
  epochLosses: number[];
  timeMs: number;
}

/**
 * Trains the masked network IN PLACE (like @wc/nn `fit`): masked weights are set to zero first
 * and stay exactly zero (they get no gradient and are re-zeroed after every step). SGD with
 * momentum, weight decay and a cosine schedule over all steps. The module is left in evaluation mode.
 * @param net - module or masked view (its parameters are updated)
 * @param masks - one mask per prunable weight, or null for dense training
 * @param data - training set
 * @param options - see {@link TrainMaskedOptions}
 * @returns per-epoch mean losses and the time
 * @throws {WcError} `E_SHAPE`/`E_RANGE` for bad masks; `E_RANGE` for bad options or divergence.
 * @example
 * trainMasked(mlp, ticket, train, { epochs: 15 });
 */
export function trainMasked(net: Module | MaskedNet, masks: readonly Uint8Array[] | null, data: Dataset, options: TrainMaskedOptions = {}): TrainMaskedResult {
  const mn = asMaskedNet(net);
  const epochs = options.epochs ?? 15;
  if (!Number.isInteger(epochs) || epochs < 0) throw new WcError("E_RANGE", `trainMasked: epochs must be an integer >= 0, got ${epochs}`);
  if (masks) checkMasks(masks, mn.params.map((p) => p.value.size), "trainMasked");
  const t0 = performance.now();
  const loader = new DataLoader(data, { batchSize: options.batchSize ?? 128, seed: options.seed ?? 0 });
  const params = mn.module.parameters();
  const opt = new SGD(params, { lr: options.lr ?? 0.05, momentum: options.momentum ?? 0.9, weightDecay: options.weightDecay ?? 1e-4 });
  const sched = new LRScheduler(opt, cosineDecay({ totalSteps: Math.max(1, epochs * loader.length) }));
  const mv = masks ? maskVars(masks, mn.params.map((p) => p.shape), mn.params[0]!.dtype) : null;
  const reapply = (): void => {
    if (!masks) return;
    mn.params.forEach((p, l) => {
      const d = p.data;
      const m = masks[l]!;
      for (let i = 0; i < d.length; i++) if (m[i] === 0) d[i] = 0;
    });
  };
  reapply();
  const epochLosses: number[] = [];
  mn.module.train(true);
  for (let e = 0; e < epochs; e++) {
    let total = 0;
    let count = 0;
    for (const b of loader) {
      opt.zeroGrad();
      const loss = crossEntropy(mn.forward(new Var(b.x), mv), b.y);
      const l = loss.item();
      if (!Number.isFinite(l)) throw new WcError("E_RANGE", `trainMasked: the loss became ${l} at epoch ${e}; lower lr or set clipNorm`);
      loss.backward();
      if (options.clipNorm !== undefined) clipGradNorm(params, options.clipNorm);
      opt.step();
      sched.step();
      reapply();
      total += l * b.y.length;
      count += b.y.length;
    }
    epochLosses.push(total / Math.max(count, 1));
  }
  mn.module.eval();
  return { epochLosses, timeMs: performance.now() - t0 };
}

/**
 * Test accuracy of the (masked) network; the weights already hold zeros where pruned after
 * {@link trainMasked}, and `masks` (when given) are applied again for safety.
 * @param net - module or masked view
 * @param data - evaluation set
 * @param masks - masks or null
 * @returns accuracy in [0, 1] and mean loss
 * @example
 * evaluateMasked(mlp, test, ticket).accuracy;
 */
export function evaluateMasked(net: Module | MaskedNet, data: Dataset, masks: readonly Uint8Array[] | null = null): { accuracy: number; loss: number } {
  const mn = asMaskedNet(net);
  if (masks) checkMasks(masks, mn.params.map((p) => p.value.size), "evaluateMasked");
  const mv = masks ? maskVars(masks, mn.params.map((p) => p.shape), mn.params[0]!.dtype) : null;
  const r = noGrad(() => evaluate({ call: (x: Var) => mn.forward(x, mv), train: (m?: boolean) => mn.module.train(m), parameters: () => mn.module.parameters() }, data));
  return { accuracy: r.accuracy, loss: r.loss };
}
