import { DataLoader, MLP, loadDataset, standardize, subset, trainTestSplit, type Dataset } from "@wc/nn";
import { beforeAll, describe, expect, it } from "vitest";
import { concreteTicketSearch, gradBalanceLambda, keepCount, maskDensity, maskedNet, resolveCtsOptions, safeNorm, sparsityTerm } from "../src/index";
import { codeOf } from "./helpers";

describe("sparsity term and GradBalance (spec 6.3)", () => {
  it("e and g_s match NumPy", () => {
    // th=np.array([-1.0,0.5,2.0,-3.0]); s=1/(1+np.exp(-th)); A=1.1*0.25*4
    // 100*(s.sum()/A-1) = 65.42033670248169; 100/A*s*(1-s) = [17.8738121128620, 21.3639738365086, 9.54487140031878, 4.10696906644656]
    const t = sparsityTerm([Float64Array.of(-1, 0.5), Float64Array.of(2, -3)], 0.25, { overshoot: 1.1, scale: 100 });
    expect(t.error).toBeCloseTo(65.42033670248169, 11);
    const g = [...t.grad[0]!, ...t.grad[1]!];
    [17.873812112861984, 21.36397383650859, 9.544871400318783, 4.106969066446558].forEach((v, i) => expect(g[i]!).toBeCloseTo(v, 11));
  });

  it("first step with e > 0: ||lambda g_s|| = ||g_t||", () => {
    const gt = [Float64Array.of(0.3, -1.2, 4), Float64Array.of(2e-3)];
    const gs = [Float64Array.of(1e-4, 5e-4, 2e-4), Float64Array.of(3e-4)];
    const lam = gradBalanceLambda(123, gt, gs, 2.5, { first: true, smoothing: 0.01 });
    expect(lam * (safeNorm(gs) + 1e-12)).toBeCloseTo(safeNorm(gt), 12); // lambda* = ||g_t|| / (||g_s|| + 1e-12)
    // later steps: EMA 0.99 old + 0.01 new
    const lam2 = gradBalanceLambda(lam, gt, gs, 1, { first: false, smoothing: 0.01 });
    expect(lam2).toBeCloseTo(lam, 10);
  });

  it("with e <= 0 lambda decays by 0.99 per step", () => {
    let lam = 10;
    for (let i = 0; i < 5; i++) lam = gradBalanceLambda(lam, [Float64Array.of(1)], [Float64Array.of(1)], -0.5, { first: false, smoothing: 0.01 });
    expect(lam).toBeCloseTo(10 * 0.99 ** 5, 12);
    expect(gradBalanceLambda(10, [Float64Array.of(1)], [Float64Array.of(1)], 0, { first: true, smoothing: 0.01 })).toBe(0);
  });

  it("safeNorm is the Euclidean norm", () => {
    expect(safeNorm([Float64Array.of(3), Float64Array.of(4)])).toBeCloseTo(5, 14);
    expect(safeNorm([Float64Array.of(1e200, 1e200)])).toBeCloseTo(Math.SQRT2 * 1e200, -185);
    expect(safeNorm([new Float64Array(3)])).toBe(0);
  });
});

describe("concreteTicketSearch on a small digits MLP", () => {
  let train: Dataset;
  beforeAll(async () => {
    const digits = await loadDataset("digits");
    const split = trainTestSplit(digits, { testFraction: 0.2, seed: 0 });
    [train] = standardize(split.train, split.test) as [Dataset, Dataset];
    train = subset(train, Int32Array.from({ length: 640 }, (_, i) => i));
  });

  it("keeps exactly floor(kd) weights, holds the density proxy near 1.1 kappa, and leaves the model untouched", () => {
    const model = new MLP([64, 32, 10], { seed: 1 });
    const before = model.parameters().map((p) => Array.from(p.data));
    const kappa = 0.05;
    const r = concreteTicketSearch(model, new DataLoader(train, { batchSize: 32, seed: 0 }), { density: kappa, epochs: 12 });
    const d = maskedNet(model).size;
    expect(maskDensity(r.masks).kept).toBe(keepCount(kappa, d));
    expect(r.log.length).toBe(12 * 20);
    // the first steps start at sigma(theta) = kappa < 1.1 kappa: e < 0, lambda = 0
    expect(r.log[0]!.lambda).toBe(0);
    expect(r.log[0]!.expDensity).toBeCloseTo(kappa, 6);
    const final = r.log[r.log.length - 1]!.expDensity;
    expect(final).toBeGreaterThanOrEqual(kappa);
    expect(final).toBeLessThanOrEqual(1.12 * kappa);
    // every kept weight has a larger logit than every pruned one
    let minKept = Infinity;
    let maxPruned = -Infinity;
    r.masks.forEach((m, l) => m.forEach((v, i) => (v ? (minKept = Math.min(minKept, r.logits[l]![i]!)) : (maxPruned = Math.max(maxPruned, r.logits[l]![i]!)))));
    expect(minKept).toBeGreaterThanOrEqual(maxPruned);
    model.parameters().forEach((p, i) => expect(Array.from(p.data)).toEqual(before[i]));
  });

  it("is deterministic for a seed; finalize 'positive' keeps theta > 0", () => {
    const run = (finalize: "topk" | "positive") =>
      concreteTicketSearch(new MLP([64, 16, 10], { seed: 2 }), new DataLoader(train, { batchSize: 64, seed: 0 }), { density: 0.1, epochs: 2, seed: 3, finalize, objective: "task" });
    const a = run("topk");
    const b = run("topk");
    expect(a.logits.map((x) => Array.from(x))).toEqual(b.logits.map((x) => Array.from(x)));
    const p = run("positive");
    p.masks.forEach((m, l) => m.forEach((v, i) => expect(v).toBe(p.logits[l]![i]! > 0 ? 1 : 0)));
  });

  it("the Lagrangian alternative does gradient ascent on lambda with lr 0.01 lr", () => {
    const r = concreteTicketSearch(new MLP([64, 16, 10], { seed: 2 }), new DataLoader(train, { batchSize: 64, seed: 0 }), { density: 0.1, epochs: 1, gradBalance: false, objective: "fkl" });
    // lambda_t = lambda_{t-1} + 0.01 lr e_t with e_t = 100 (expDensity_t / kappa - 1) (A = kappa d), lambda_{-1} = 0
    let lam = 0;
    for (const e of r.log) {
      lam += 0.01 * 0.1 * 100 * (e.expDensity / 0.1 - 1);
      expect(e.lambda).toBeCloseTo(lam, 9);
    }
    expect(Math.abs(r.log[0]!.lambda)).toBeLessThan(1e-6); // sigma(theta0) = kappa: e = 0 at the start
  });

  it("rejects bad options with stable codes", () => {
    const m = new MLP([64, 4, 10], { seed: 0 });
    const dl = new DataLoader(train, { batchSize: 64 });
    expect(codeOf(() => concreteTicketSearch(m, dl, { density: 0 }))).toBe("E_RANGE");
    expect(codeOf(() => concreteTicketSearch(m, dl, { density: 1.5 }))).toBe("E_RANGE");
    expect(codeOf(() => concreteTicketSearch(m, dl, { density: Number.NaN }))).toBe("E_RANGE");
    expect(codeOf(() => concreteTicketSearch(m, dl, { density: 0.1, epochs: 0 }))).toBe("E_RANGE");
    expect(codeOf(() => concreteTicketSearch(m, dl, { density: 0.1, tau: -1 }))).toBe("E_RANGE");
    expect(codeOf(() => concreteTicketSearch(m, dl, { density: 0.1, objective: "nope" as never }))).toBe("E_ARGUMENT");
    expect(codeOf(() => concreteTicketSearch(m, [], { density: 0.1 }))).toBe("E_ARGUMENT");
    expect(resolveCtsOptions({ density: 0.01 })).toMatchObject({ tau: 2 / 3, overshoot: 1.1, lambdaSmoothing: 0.01, sparsityScale: 100, lossScale: 100, lrDropAt: 0.88, objective: "rkl", lr: 0.1 });
    expect(Object.isFrozen(resolveCtsOptions({ density: 0.01 }))).toBe(true);
  });
});
