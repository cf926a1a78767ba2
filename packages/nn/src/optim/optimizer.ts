import { WcError } from "@wc/tensor";
import type { Var } from "../autograd/var";

/** A set of parameters with its own hyper-parameters (unset ones fall back to the optimizer's). */
export interface ParamGroup {
  params: readonly Var[];
  /** Learning rate of this group. */
  lr?: number;
  /** Weight decay of this group. */
  weightDecay?: number;
}

/** A group after resolution: `lr` is what the next step uses (schedulers change it), `initialLr` its base. */
export interface ResolvedGroup {
  params: readonly Var[];
  lr: number;
  readonly initialLr: number;
  weightDecay: number;
}

/**
 * The shared part of optimizers: parameter groups, `zeroGrad`, and a `step` that skips
 * parameters without gradients. Updates write into each parameter's value in place.
 */
export abstract class Optimizer {
  readonly groups: ResolvedGroup[];
  /** Steps taken. */
  stepCount = 0;

  protected constructor(params: readonly Var[] | readonly ParamGroup[], lr: number, weightDecay: number, where: string) {
    const list: readonly ParamGroup[] = params.length > 0 && !("params" in (params[0] as object)) ? [{ params: params as readonly Var[] }] : (params as readonly ParamGroup[]);
    this.groups = list.map((g, i) => {
      const glr = g.lr ?? lr;
      const wd = g.weightDecay ?? weightDecay;
      if (!(glr >= 0) || !Number.isFinite(glr)) throw new WcError("E_RANGE", `${where}: group ${i} learning rate must be a finite number >= 0, got ${glr}`);
      if (!(wd >= 0)) throw new WcError("E_RANGE", `${where}: group ${i} weight decay must be >= 0, got ${wd}`);
      for (const p of g.params) {
        if (!p.requiresGrad) throw new WcError("E_ARGUMENT", `${where}: parameter ${p.name ?? "(unnamed)"} in group ${i} does not require gradients`);
      }
      return { params: g.params, lr: glr, initialLr: glr, weightDecay: wd };
    });
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    this.stepCount++;
    this.groups.forEach((g, gi) => {
      g.params.forEach((p, pi) => {
        if (p.grad) this.update(p, g, `${gi}:${pi}`);
      });
    });
  }

  /** Drops every parameter's gradient. */
  zeroGrad(): void {
    for (const g of this.groups) for (const p of g.params) p.zeroGrad();
  }

  /** Updates one parameter in place. */
  protected abstract update(p: Var, group: ResolvedGroup, key: string): void;
}
