import { WcError } from "@wc/tensor";
import type { Var } from "../autograd/var";
import type { Optimizer } from "./optimizer";

/** A learning-rate schedule: the factor applied to each group's initial rate at a step (from 0). */
export type Schedule = (step: number) => number;

/**
 * Multiplies the rate by `gamma` every `stepSize` steps (PyTorch `StepLR`).
 * @param options - `stepSize` (required), `gamma` (default 0.1)
 * @returns a schedule
 * @throws {WcError} `E_RANGE` for a non-positive step size.
 * @example
 * stepDecay({ stepSize: 30, gamma: 0.1 });
 */
export function stepDecay(options: { stepSize: number; gamma?: number }): Schedule {
  const { stepSize, gamma = 0.1 } = options;
  if (!Number.isInteger(stepSize) || stepSize < 1) throw new WcError("E_RANGE", `stepDecay: stepSize must be a positive integer, got ${stepSize}`);
  return (t) => gamma ** Math.floor(t / stepSize);
}

/**
 * Cosine decay from 1 to `minFactor` over `totalSteps`, constant afterwards (PyTorch
 * `CosineAnnealingLR` with `eta_min = minFactor * lr`).
 * @param options - `totalSteps` (required), `minFactor` (default 0)
 * @returns a schedule
 * @throws {WcError} `E_RANGE` for a non-positive total.
 * @example
 * cosineDecay({ totalSteps: 1000 });
 */
export function cosineDecay(options: { totalSteps: number; minFactor?: number }): Schedule {
  const { totalSteps, minFactor = 0 } = options;
  if (!Number.isInteger(totalSteps) || totalSteps < 1) throw new WcError("E_RANGE", `cosineDecay: totalSteps must be a positive integer, got ${totalSteps}`);
  return (t) => minFactor + ((1 - minFactor) * (1 + Math.cos((Math.PI * Math.min(t, totalSteps)) / totalSteps))) / 2;
}

/**
 * Linear warmup from `1/(warmupSteps+1)` up to 1 over `warmupSteps`, then `after(step - warmupSteps)`.
 * @param options - `warmupSteps` (required), `after` (default constant 1)
 * @returns a schedule
 * @throws {WcError} `E_RANGE` for a negative warmup.
 * @example
 * warmup({ warmupSteps: 100, after: cosineDecay({ totalSteps: 900 }) });
 */
export function warmup(options: { warmupSteps: number; after?: Schedule }): Schedule {
  const { warmupSteps, after = () => 1 } = options;
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) throw new WcError("E_RANGE", `warmup: warmupSteps must be an integer >= 0, got ${warmupSteps}`);
  return (t) => (t < warmupSteps ? (t + 1) / (warmupSteps + 1) : after(t - warmupSteps));
}

/**
 * Drives an optimizer's group rates from a schedule: on creation sets `lr = initialLr * s(0)`,
 * and each `step()` (call it after `optimizer.step()`) advances one step.
 * @example
 * const sched = new LRScheduler(opt, cosineDecay({ totalSteps: 100 }));
 * for (...) { opt.step(); sched.step(); }
 */
export class LRScheduler {
  private t = 0;
  /**
   * @param optimizer - whose groups' `lr` it sets
   * @param schedule - factor per step
   */
  constructor(
    readonly optimizer: Optimizer,
    readonly schedule: Schedule,
  ) {
    this.apply();
  }
  /** Advances the schedule by one step and updates the rates. */
  step(): void {
    this.t++;
    this.apply();
  }
  /** The current rate of each group. */
  rates(): number[] {
    return this.optimizer.groups.map((g) => g.lr);
  }
  private apply(): void {
    const f = this.schedule(this.t);
    for (const g of this.optimizer.groups) g.lr = g.initialLr * f;
  }
}

/**
 * Scales all gradients so their global L2 norm is at most `maxNorm` (PyTorch `clip_grad_norm_`,
 * which scales by `maxNorm / (norm + 1e-6)`). Parameters without gradients are skipped.
 * @param params - parameters
 * @param maxNorm - the bound (> 0)
 * @returns the global norm before clipping
 * @throws {WcError} `E_RANGE` for a non-positive bound or a non-finite norm.
 * @example
 * const norm = clipGradNorm(model.parameters(), 1.0);
 */
export function clipGradNorm(params: readonly Var[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new WcError("E_RANGE", `clipGradNorm: maxNorm must be > 0, got ${maxNorm}`);
  let s = 0;
  for (const p of params) if (p.grad) for (const g of p.grad.data) s += g * g;
  const norm = Math.sqrt(s);
  if (!Number.isFinite(norm)) throw new WcError("E_RANGE", `clipGradNorm: the gradient norm is ${norm}; check for NaN/Inf in the loss`);
  const f = maxNorm / (norm + 1e-6);
  if (f < 1) for (const p of params) if (p.grad) for (let i = 0; i < p.grad.data.length; i++) p.grad.data[i]! *= f;
  return norm;
}
