import { describe, expect, it } from "vitest";
import { rng } from "@wc/tensor";
import { essBulk, sliceSample, type SliceResult } from "../src/index";
import { expectWcError as expectCode } from "./helpers";

/** Column j of every chain's draws. */
const column = (chains: SliceResult[], j: number): Float64Array[] =>
  chains.map((c) => Float64Array.from({ length: c.numDraws }, (_, k) => c.draws[k * c.dim + j]!));

function pooled(cols: Float64Array[]): { mean: number; variance: number; all: number[] } {
  const all = cols.flatMap((c) => Array.from(c));
  const m = all.reduce((a, b) => a + b, 0) / all.length;
  return { mean: m, variance: all.reduce((a, b) => a + (b - m) ** 2, 0) / (all.length - 1), all };
}

describe("sliceSample (Neal 2003 stepping out + shrinkage)", () => {
  it("2-D Gaussian, means [1, -2], sds [1, 3], correlation 0.9: moments within Monte Carlo error", () => {
    const m = [1, -2];
    const sd = [1, 3];
    const rho = 0.9;
    const c = 1 / (1 - rho * rho);
    const logp = (q: Float64Array): number => {
      const z0 = (q[0]! - m[0]!) / sd[0]!;
      const z1 = (q[1]! - m[1]!) / sd[1]!;
      return -0.5 * c * (z0 * z0 - 2 * rho * z0 * z1 + z1 * z1);
    };
    const inits = [[0, 0], [2, -5], [-1, 1], [1, -2]];
    const chains = inits.map((q0, k) => sliceSample(logp, q0, { numWarmup: 500, numDraws: 1000, seed: k }));
    for (let j = 0; j < 2; j++) {
      const col = column(chains, j);
      const p = pooled(col);
      // |mean error| < 4 Monte Carlo standard errors (sd / sqrt(bulk ESS)): false with probability ~6e-5
      expect(Math.abs(p.mean - m[j]!)).toBeLessThan((4 * sd[j]!) / Math.sqrt(essBulk(col)));
      expect(Math.abs(p.variance / sd[j]! ** 2 - 1)).toBeLessThan(0.1);
    }
    const x = column(chains, 0).flatMap((a) => Array.from(a));
    const y = column(chains, 1).flatMap((a) => Array.from(a));
    const mx = x.reduce((a, b) => a + b, 0) / x.length;
    const my = y.reduce((a, b) => a + b, 0) / y.length;
    const sxy = x.reduce((a, v, i) => a + (v - mx) * (y[i]! - my), 0);
    const sxx = x.reduce((a, v) => a + (v - mx) ** 2, 0);
    const syy = y.reduce((a, v) => a + (v - my) ** 2, 0);
    expect(Math.abs(sxy / Math.sqrt(sxx * syy) - rho)).toBeLessThan(0.03);
  });

  it("bounded support (Exponential(1), -Infinity below 0): draws stay in the support, mean and median recovered", () => {
    const logp = (q: Float64Array): number => (q[0]! < 0 ? Number.NEGATIVE_INFINITY : -q[0]!);
    const chains = [0.5, 1, 2, 4].map((x0, k) => sliceSample(logp, [x0], { numWarmup: 200, numDraws: 2000, seed: 100 + k }));
    const col = column(chains, 0);
    const p = pooled(col);
    expect(Math.min(...p.all)).toBeGreaterThanOrEqual(0);
    const ess = essBulk(col);
    // mean 1, sd 1; P(X < ln 2) = 1/2 with binomial sd 1/2 per effective draw; both within 4 MCSE
    expect(Math.abs(p.mean - 1)).toBeLessThan(4 / Math.sqrt(ess));
    const below = p.all.filter((v) => v < Math.LN2).length / p.all.length;
    expect(Math.abs(below - 0.5)).toBeLessThan(4 * (0.5 / Math.sqrt(ess)));
    // each stored log density is the target at the stored draw
    for (const ch of chains) for (let k = 0; k < ch.numDraws; k += 97) expect(ch.logDensity[k]).toBe(-ch.draws[k]!);
  });

  it("is reproducible: a numeric seed is @wc/tensor's rng(seed); other seeds give other draws", () => {
    const logp = (q: Float64Array): number => -0.5 * (q[0]! ** 2 + q[1]! ** 2);
    const opts = { numWarmup: 10, numDraws: 50 };
    const a = sliceSample(logp, [0, 0], { ...opts, seed: 7 });
    const b = sliceSample(logp, [0, 0], { ...opts, seed: 7 });
    const c = sliceSample(logp, [0, 0], { ...opts, seed: rng(7) });
    const d = sliceSample(logp, [0, 0], { ...opts, seed: 8 });
    expect(Array.from(b.draws)).toEqual(Array.from(a.draws));
    expect(Array.from(c.draws)).toEqual(Array.from(a.draws));
    expect(Array.from(d.draws)).not.toEqual(Array.from(a.draws));
    expect(a.draws).toHaveLength(100);
    expect(a.dim).toBe(2);
    expect(a.numDraws).toBe(50);
  });

  it("accepts a plain { uniform, normal } random source", () => {
    let s = 12345;
    const uniform = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
    const r = sliceSample((q) => -0.5 * q[0]! ** 2, [0], { numWarmup: 0, numDraws: 20, seed: { uniform, normal: () => 0 } });
    expect(r.draws.every(Number.isFinite)).toBe(true);
  });

  it("rejects bad input", () => {
    expectCode(() => sliceSample(() => 0, []), "E_SHAPE");
    expectCode(() => sliceSample(() => Number.NEGATIVE_INFINITY, [0]), "E_RANGE");
    expectCode(() => sliceSample(() => Number.NaN, [0]), "E_RANGE");
    expectCode(() => sliceSample(() => 0, [0], { width: 0 }), "E_RANGE");
    expectCode(() => sliceSample(() => 0, [0], { width: Number.POSITIVE_INFINITY }), "E_RANGE");
    expectCode(() => sliceSample(() => 0, [0], { numDraws: 0 }), "E_RANGE");
    expectCode(() => sliceSample(() => 0, [0], { numWarmup: 1.5 }), "E_RANGE");
    expectCode(() => sliceSample(() => 0, [0], { maxSteps: 0 }), "E_RANGE");
    expectCode(() => sliceSample(() => 0, [0], { seed: 1.5 }), "E_ARGUMENT");
    expectCode(() => sliceSample(() => 0, [0], { seed: -1 }), "E_RANGE");
  });

  it("stops with E_NOT_CONVERGED when the density is not a function of q (finite once, then -Infinity)", () => {
    let calls = 0;
    expectCode(() => sliceSample(() => (calls++ === 0 ? 0 : Number.NEGATIVE_INFINITY), [0], { numWarmup: 0, numDraws: 1 }), "E_NOT_CONVERGED");
  });
});
