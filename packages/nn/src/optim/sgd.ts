import type { FloatArray } from "@wc/tensor";
import type { Var } from "../autograd/var";
import { Optimizer, type ParamGroup, type ResolvedGroup } from "./optimizer";

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate; default 0.01. */
  lr?: number;
  /** Momentum factor; default 0. */
  momentum?: number;
  /** Dampening of the momentum; default 0. */
  dampening?: number;
  /** Nesterov momentum; default false. */
  nesterov?: boolean;
  /** L2 penalty added to the gradient; default 0. */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent with PyTorch's update: `g = grad + wd p`; with momentum
 * `b = mu b + (1 - dampening) g` (b = g on the first step), `g = nesterov ? g + mu b : b`;
 * then `p -= lr g`.
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer {
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly nesterov: boolean;
  private readonly buffers = new Map<string, FloatArray>();
  /**
   * @param params - parameters or parameter groups
   * @param options - see {@link SGDOptions}
   * @throws {WcError} `E_RANGE` for negative rates; `E_ARGUMENT` for a parameter without gradients.
   */
  constructor(params: readonly Var[] | readonly ParamGroup[], options: SGDOptions = {}) {
    super(params, options.lr ?? 0.01, options.weightDecay ?? 0, "SGD");
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.nesterov = options.nesterov ?? false;
  }
  protected update(p: Var, group: ResolvedGroup, key: string): void {
    const w = p.data;
    const grad = p.grad!.data;
    const { lr, weightDecay: wd } = group;
    const mu = this.momentum;
    let buf = this.buffers.get(key);
    const first = buf === undefined && mu !== 0;
    if (first) {
      buf = w instanceof Float32Array ? new Float32Array(w.length) : new Float64Array(w.length);
      this.buffers.set(key, buf);
    }
    for (let i = 0; i < w.length; i++) {
      let g = grad[i]! + wd * w[i]!;
      if (mu !== 0) {
        const b = first ? g : mu * buf![i]! + (1 - this.dampening) * g;
        buf![i] = b;
        g = this.nesterov ? g + mu * b : b;
      }
      w[i]! -= lr * g;
    }
  }
}
