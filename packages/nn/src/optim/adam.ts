import type { FloatArray } from "@wc/tensor";
import type { Var } from "../autograd/var";
import { Optimizer, type ParamGroup, type ResolvedGroup } from "./optimizer";

/** Options of {@link Adam} and {@link AdamW}. */
export interface AdamOptions {
  /** Learning rate; default 1e-3. */
  lr?: number;
  /** Moment decay rates; default [0.9, 0.999]. */
  betas?: readonly [number, number];
  /** Added to the root of the second moment; default 1e-8. */
  eps?: number;
  /** Weight decay: L2 in the gradient for Adam (default 0), decoupled for AdamW (default 0.01). */
  weightDecay?: number;
}

class AdamBase extends Optimizer {
  private readonly b1: number;
  private readonly b2: number;
  private readonly eps: number;
  private readonly state = new Map<string, { m: FloatArray; v: FloatArray; t: number }>();
  constructor(
    params: readonly Var[] | readonly ParamGroup[],
    options: AdamOptions,
    private readonly decoupled: boolean,
  ) {
    super(params, options.lr ?? 1e-3, options.weightDecay ?? (decoupled ? 0.01 : 0), decoupled ? "AdamW" : "Adam");
    [this.b1, this.b2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
  }
  protected update(p: Var, group: ResolvedGroup, key: string): void {
    const w = p.data;
    const grad = p.grad!.data;
    let s = this.state.get(key);
    if (!s) {
      const mk = () => (w instanceof Float32Array ? new Float32Array(w.length) : new Float64Array(w.length));
      s = { m: mk(), v: mk(), t: 0 };
      this.state.set(key, s);
    }
    s.t++;
    const { lr, weightDecay: wd } = group;
    const { b1, b2, eps } = this;
    const c1 = 1 - b1 ** s.t;
    const c2 = 1 - b2 ** s.t;
    const { m, v } = s;
    const decoupled = this.decoupled;
    const shrink = 1 - lr * wd;
    for (let i = 0; i < w.length; i++) {
      let g = grad[i]!;
      if (decoupled) w[i]! *= shrink;
      else g += wd * w[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      w[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
    }
  }
}

/**
 * Adam (Kingma & Ba 2015) with bias correction; `weightDecay` adds `wd p` to the gradient (L2),
 * as PyTorch's `Adam`.
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends AdamBase {
  /**
   * @param params - parameters or parameter groups
   * @param options - see {@link AdamOptions}
   * @throws {WcError} `E_RANGE` for negative rates; `E_ARGUMENT` for a parameter without gradients.
   */
  constructor(params: readonly Var[] | readonly ParamGroup[], options: AdamOptions = {}) {
    super(params, options, false);
  }
}

/**
 * AdamW (Loshchilov & Hutter 2019): Adam with decoupled weight decay `p *= 1 - lr wd` before the
 * Adam step (default wd 0.01, as PyTorch).
 * @example
 * const opt = new AdamW([{ params: body, lr: 1e-3 }, { params: head, lr: 1e-2, weightDecay: 0 }]);
 */
export class AdamW extends AdamBase {
  /**
   * @param params - parameters or parameter groups
   * @param options - see {@link AdamOptions}
   * @throws {WcError} `E_RANGE` for negative rates; `E_ARGUMENT` for a parameter without gradients.
   */
  constructor(params: readonly Var[] | readonly ParamGroup[], options: AdamOptions = {}) {
    super(params, options, true);
  }
}
