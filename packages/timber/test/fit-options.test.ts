import { rng } from "@wc/tensor";
import { describe, expect, it } from "vitest";
import { fitReuseModel } from "../src/index";

// Small ordinal data: P(L <= k) = sigma(c_k - x beta), c = (-0.5, 1.5), beta = [1.5, 0, -1.5], n = 300.
function ordinalData(n: number, seed: number): { r: number[]; X: number[][]; groups: string[] } {
  const g = rng(seed);
  const sig = (x: number): number => 1 / (1 + Math.exp(-x));
  const X: number[][] = [];
  const r: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = [g.normal(), g.normal(), g.normal()];
    const eta = 1.5 * x[0]! - 1.5 * x[2]!;
    const u = g.uniform();
    const lvl = u < sig(-0.5 - eta) ? 1 : u < sig(1.5 - eta) ? 2 : 3;
    X.push(x);
    r.push(lvl === 1 ? 0.95 : lvl === 2 ? 0.8 : 0.6);
  }
  return { r, X, groups: X.map((_, i) => (i % 2 ? "a" : "b")) };
}

describe("ordinal link and the slice sampler", () => {
  const d = ordinalData(300, 5);
  const opts = { mode: "fixed" as const, thresholds: [0.9, 0.7] as [number, number], link: "ordinal" as const, seed: 1 };
  const nuts = fitReuseModel(d.r, d.X, d.groups, { ...opts, chains: 2, warmup: 200, draws: 200 });
  const slice = fitReuseModel(d.r, d.X, d.groups, { ...opts, sampler: "slice", chains: 1, warmup: 100, draws: 200 });
  const stats = (f: typeof nuts, j: number): { mean: number; v: number } => {
    const S = f.chains * f.drawsPerChain;
    const v = Float64Array.from({ length: S }, (_, s) => f.draws.beta![s * 3 + j]!);
    const mean = v.reduce((a, b) => a + b, 0) / S;
    return { mean, v: v.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1) };
  };

  it("recovers the ordinal coefficients' signs and sizes", () => {
    expect(nuts.paramShapes.beta).toEqual([1, 3]);
    const b0 = stats(nuts, 0);
    const b2 = stats(nuts, 2);
    // 4 posterior sds around the truth (z-scoring changes the scale by the sample sd ~ 1 +- 0.1)
    expect(Math.abs(b0.mean - 1.5)).toBeLessThan(4 * Math.sqrt(b0.v) + 0.15 * 1.5);
    expect(Math.abs(b2.mean + 1.5)).toBeLessThan(4 * Math.sqrt(b2.v) + 0.15 * 1.5);
    expect(Math.abs(stats(nuts, 1).mean)).toBeLessThan(0.25);
    const c = nuts.draws.cutpoints!;
    for (let s = 0; s < c.length / 2; s++) expect(c[2 * s + 1]!).toBeGreaterThan(c[2 * s]!);
  });

  it("the slice sampler agrees with NUTS within Monte Carlo error", () => {
    for (const j of [0, 2]) {
      const a = stats(nuts, j);
      const b = stats(slice, j);
      // slice ESS is at least ~20 of 200 draws here: se <= sd / sqrt(20)
      expect(Math.abs(a.mean - b.mean)).toBeLessThan(4 * Math.sqrt(a.v / 20 + b.v / 20));
    }
    expect(slice.diagnostics.ebfmi).toEqual([]);
  });
});

describe("onProgress", () => {
  it("ticks 0, then once per iteration of every chain (NUTS and slice), and leaves the draws unchanged", () => {
    const d = ordinalData(60, 9);
    const base = { mode: "fixed" as const, thresholds: [0.9, 0.7] as [number, number], link: "ordinal" as const, seed: 3, warmup: 40, draws: 30 };
    for (const opts of [{ ...base, chains: 3 }, { ...base, sampler: "slice" as const, chains: 2 }]) {
      const plain = fitReuseModel(d.r, d.X, d.groups, opts);
      const calls: [number, number][] = [];
      const withBar = fitReuseModel(d.r, d.X, d.groups, { ...opts, onProgress: (done, total) => calls.push([done, total]) });
      const total = opts.chains * (base.warmup + base.draws);
      expect(calls).toEqual(Array.from({ length: total + 1 }, (_, i) => [i, total]));
      expect(withBar.draws).toEqual(plain.draws);
      expect(withBar.diagnostics).toEqual(plain.diagnostics);
    }
    expect(() => fitReuseModel(d.r, d.X, d.groups, { ...base, onProgress: "x" as never })).toThrow(/E_ARGUMENT/);
  });
});

describe("fitReuseModel input validation", () => {
  const X = [[1], [2], [3], [4]];
  const r = [0.95, 0.85, 0.6, 0.9];
  const g = ["a", "a", "b", "b"];
  it("rejects mismatched lengths, empty input and NaN", () => {
    expect(() => fitReuseModel(r, X.slice(1), g)).toThrow(/E_SHAPE/);
    expect(() => fitReuseModel(r, X, g.slice(1))).toThrow(/E_SHAPE/);
    expect(() => fitReuseModel([], [], [])).toThrow(/E_SHAPE/);
    expect(() => fitReuseModel([0.9, NaN, 0.6, 0.9], X, g)).toThrow(/E_RANGE/);
    expect(() => fitReuseModel(r, [[1], [Infinity], [3], [4]], g)).toThrow(/E_RANGE/);
    expect(() => fitReuseModel(r, [[1], [2, 3], [3], [4]], g)).toThrow(/E_SHAPE/);
  });
  it("rejects bad options", () => {
    expect(() => fitReuseModel(r, X, g, { mode: "fixed" })).toThrow(/E_ARGUMENT/);
    expect(() => fitReuseModel(r, X, g, { mode: "fixed", thresholds: [0.7, 0.9] })).toThrow(/E_RANGE/);
    expect(() => fitReuseModel(r, X, g, { link: "probit" as never })).toThrow(/E_ARGUMENT/);
    expect(() => fitReuseModel(r, X, g, { sampler: "hmc" as never })).toThrow(/E_ARGUMENT/);
    expect(() => fitReuseModel(r, X, g, { chains: 0 })).toThrow(/E_RANGE/);
    expect(() => fitReuseModel(r, X, g, { targetAccept: 1 })).toThrow(/E_RANGE/);
    expect(() => fitReuseModel(r, X, g, { prior: { tau0: -1 } })).toThrow(/E_RANGE/);
    expect(() => fitReuseModel(r, X, g, { featureNames: ["a", "b"] })).toThrow(/E_SHAPE/);
  });
});
