import { Var, sum } from "@wc/nn";
import { Rng, tensor } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { concreteSample, logit } from "../src/index";
import { codeOf } from "./helpers";

function draws(theta: number, n: number, seed: number): Float64Array {
  const t = new Var(tensor(new Float64Array(n).fill(theta), [n]));
  return concreteSample(t, 2 / 3, new Rng(seed)).data as Float64Array;
}

describe("binary Concrete sampler (spec 6.1)", () => {
  it("theta = 0.7: P(m > 1/2) = sigmoid(tau theta) = 0.6146, not sigmoid(0.7) = 0.668; mean(m) ~ 0.591", () => {
    const m = draws(0.7, 100_000, 1);
    let above = 0;
    let mean = 0;
    for (const v of m) {
      if (v > 0.5) above++;
      mean += v;
    }
    // 1/(1+exp(-0.7*2/3)) = 0.61459; NumPy 1e7 draws: mean(m) = 0.59115
    expect(Math.abs(above / m.length - 0.61459)).toBeLessThan(0.005);
    expect(Math.abs(above / m.length - 0.66819)).toBeGreaterThan(0.04);
    expect(Math.abs(mean / m.length - 0.59115)).toBeLessThan(0.005);
  });

  it("theta = 0 gives mean 0.5; theta = logit(0.01) gives E[m] ~ 0.075 and P(m > 1/2) ~ 0.0446", () => {
    const m0 = draws(0, 100_000, 2);
    expect(Math.abs(m0.reduce((a, b) => a + b, 0) / m0.length - 0.5)).toBeLessThan(0.005);
    const m1 = draws(logit(0.01), 100_000, 3);
    // NumPy 1e7 draws: mean 0.07503, P(m > 0.5) 0.04455
    expect(Math.abs(m1.reduce((a, b) => a + b, 0) / m1.length - 0.07503)).toBeLessThan(0.003);
    expect(Math.abs(m1.filter((v) => v > 0.5).length / m1.length - 0.04455)).toBeLessThan(0.003);
  });

  it("autograd dm/dtheta = m (1 - m)", () => {
    const theta = new Var(tensor(Float64Array.of(-2, -0.3, 0, 0.7, 3), [5]), { requiresGrad: true });
    const m = concreteSample(theta, 2 / 3, new Rng(4));
    sum(m).backward();
    const g = theta.grad!.data;
    m.data.forEach((v, i) => expect(g[i]!).toBeCloseTo(v * (1 - v), 14));
  });

  it("is deterministic for a seed and rejects bad tau / p", () => {
    expect(Array.from(draws(0.3, 10, 5))).toEqual(Array.from(draws(0.3, 10, 5)));
    const t = new Var(tensor(Float64Array.of(0), [1]));
    expect(codeOf(() => concreteSample(t, 0, new Rng(0)))).toBe("E_RANGE");
    expect(codeOf(() => concreteSample(t, Number.NaN, new Rng(0)))).toBe("E_RANGE");
    expect(codeOf(() => logit(1))).toBe("E_RANGE");
    expect(logit(0.5)).toBe(0);
  });
});
