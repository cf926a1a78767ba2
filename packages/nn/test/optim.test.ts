import { describe, expect, it } from "vitest";
import { fromNested, isWcError } from "@wc/tensor";
import {
  Adam, AdamW, LRScheduler, SGD, Var, clipGradNorm, constant, cosineDecay, mul, stepDecay, sum, warmup, type Optimizer,
} from "../src/index";

const a = constant(fromNested([1, 3]));
/** Runs `steps` updates of f(p) = sum(a p^2) / 2 (gradient a p) from p0 = [1, -2]. */
function run(make: (p: Var) => Optimizer, steps = 3): number[] {
  const p = new Var(fromNested([1, -2]), { requiresGrad: true });
  const opt = make(p);
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    mul(sum(mul(a, mul(p, p))), 0.5).backward();
    opt.step();
  }
  return Array.from(p.data);
}
const near = (x: number[], y: number[]) => y.forEach((v, i) => expect(x[i]).toBeCloseTo(v, 13));

describe("optimizers follow PyTorch's update rules (NumPy transcription, 3 steps, lr 0.1)", () => {
  // the NumPy transcription of torch.optim's documented algorithms is in test/fixtures/optim-reference.py
  it("SGD", () => near(run((p) => new SGD([p], { lr: 0.1 })), [0.7290000000000001, -0.6859999999999999]));
  it("SGD momentum 0.9 + Nesterov + weight decay 0.01", () =>
    near(run((p) => new SGD([p], { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })), [0.3218596734410001, 0.6994428039180001]));
  it("SGD momentum with dampening 0.5", () => near(run((p) => new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5 })), [0.60525, 0.12250000000000005]));
  it("Adam with L2 weight decay 0.1", () => near(run((p) => new Adam([p], { lr: 0.1, weightDecay: 0.1 })), [0.7015862742210723, -1.7006233917747833]));
  it("AdamW with decoupled weight decay 0.1", () => near(run((p) => new AdamW([p], { lr: 0.1, weightDecay: 0.1 })), [0.6751012231892007, -1.6443686833067828]));
  it("parameter groups use their own learning rate", () => {
    const p = new Var(fromNested([1]), { requiresGrad: true });
    const q = new Var(fromNested([1]), { requiresGrad: true });
    const opt = new SGD([{ params: [p] }, { params: [q], lr: 0.5 }], { lr: 0.1 });
    sum(mul(p, 1)).backward();
    sum(mul(q, 1)).backward();
    opt.step();
    expect(p.data[0]).toBeCloseTo(0.9, 15);
    expect(q.data[0]).toBeCloseTo(0.5, 15);
  });
  it("rejects bad settings with stable codes", () => {
    expect(() => new SGD([new Var(fromNested([1]))])).toThrow(/E_ARGUMENT/);
    let err: unknown = null;
    try {
      new Adam([new Var(fromNested([1]), { requiresGrad: true })], { lr: -1 });
    } catch (e) {
      err = e;
    }
    expect(isWcError(err, "E_RANGE")).toBe(true);
  });
});

describe("schedules and clipping", () => {
  it("step, cosine and warmup factors", () => {
    const s = stepDecay({ stepSize: 2, gamma: 0.5 });
    expect([0, 1, 2, 3, 4].map(s)).toEqual([1, 1, 0.5, 0.5, 0.25]);
    const c = cosineDecay({ totalSteps: 4, minFactor: 0.2 });
    expect(c(0)).toBe(1);
    expect(c(2)).toBeCloseTo(0.6, 15);
    expect(c(4)).toBeCloseTo(0.2, 15);
    expect(c(9)).toBeCloseTo(0.2, 15);
    const w = warmup({ warmupSteps: 3, after: s });
    expect([0, 1, 2, 3, 5].map(w)).toEqual([0.25, 0.5, 0.75, 1, 0.5]);
  });
  it("LRScheduler scales each group's initial rate", () => {
    const p = new Var(fromNested([1]), { requiresGrad: true });
    const q = new Var(fromNested([1]), { requiresGrad: true });
    const opt = new SGD([{ params: [p], lr: 1 }, { params: [q], lr: 0.1 }]);
    const sched = new LRScheduler(opt, stepDecay({ stepSize: 1, gamma: 0.5 }));
    sched.step();
    sched.step();
    expect(sched.rates()).toEqual([0.25, 0.025]);
  });
  it("clipGradNorm returns the norm and scales to maxNorm", () => {
    const p = new Var(fromNested([0, 0]), { requiresGrad: true });
    const q = new Var(fromNested([0]), { requiresGrad: true });
    sum(mul(p, constant(fromNested([3, 0])))).backward();
    sum(mul(q, 4)).backward();
    expect(clipGradNorm([p, q], 1)).toBe(5);
    const n = Math.hypot(p.grad!.data[0]!, q.grad!.data[0]!);
    expect(n).toBeCloseTo(5 / (5 + 1e-6), 12);
    expect(clipGradNorm([p, q], 10)).toBeCloseTo(n, 15);
  });
});
