import { essBulk, nutsChains } from "@wc/stats";
import { describe, expect, it } from "vitest";
import { ebfmi, sliceSample } from "../src/index";

// Spec 6.1 target: 2-D Gaussian, means [1, -2], sds [1, 3], correlation 0.9.
const m = [1, -2];
const sd = [1, 3];
const rho = 0.9;
function logp2(q: Float64Array, g?: Float64Array): number {
  const z0 = (q[0]! - m[0]!) / sd[0]!;
  const z1 = (q[1]! - m[1]!) / sd[1]!;
  const c = 1 / (1 - rho * rho);
  if (g) {
    g[0] = (-c * (z0 - rho * z1)) / sd[0]!;
    g[1] = (-c * (z1 - rho * z0)) / sd[1]!;
  }
  return -0.5 * c * (z0 * z0 - 2 * rho * z0 * z1 + z1 * z1);
}

function moments(draws: Float64Array[], dim: number, j: number): { mean: number; v: number; chains: Float64Array[] } {
  const chains = draws.map((d) => Float64Array.from({ length: d.length / dim }, (_, t) => d[t * dim + j]!));
  const all = chains.flatMap((c) => Array.from(c));
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const v = all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1);
  return { mean, v, chains };
}

describe("slice sampler (Neal 2003) against the spec's targets", () => {
  it("2-D correlated Gaussian: means within 0.1 sd, variances within 10%, agrees with @wc/stats NUTS", () => {
    const inits = [[0, 0], [2, -5], [-1, 1], [1, -2]];
    const slice = inits.map((q0, c) => sliceSample((q) => logp2(q), q0, { numWarmup: 1000, numDraws: 1000, seed: c }).draws);
    const nuts = nutsChains((q, g) => logp2(q, g), inits, { numWarmup: 1000, numDraws: 1000, seed: 0 }).map((r) => r.draws);
    for (let j = 0; j < 2; j++) {
      const s = moments(slice, 2, j);
      const n = moments(nuts, 2, j);
      expect(Math.abs(s.mean - m[j]!)).toBeLessThan(0.1 * sd[j]!);
      expect(Math.abs(s.v / sd[j]! ** 2 - 1)).toBeLessThan(0.1);
      // the two samplers agree within 4 combined Monte Carlo standard errors
      const se = Math.sqrt(s.v / essBulk(s.chains) + n.v / essBulk(n.chains));
      expect(Math.abs(s.mean - n.mean)).toBeLessThan(4 * se);
    }
  });

  it("50-D standard normal, 4 chains x 1000 draws: every mean within 0.1, variance within 10%", () => {
    const d = 50;
    const inits = [0, 1, 2, 3].map((c) => Array.from({ length: d }, (_, i) => ((i + c) % 3) - 1));
    const draws = inits.map((q0, c) => sliceSample((q) => -0.5 * q.reduce((a, b) => a + b * b, 0), q0, { numWarmup: 200, numDraws: 1000, seed: 10 + c }).draws);
    for (let j = 0; j < d; j++) {
      const s = moments(draws, d, j);
      expect(Math.abs(s.mean)).toBeLessThan(0.1);
      expect(Math.abs(s.v - 1)).toBeLessThan(0.1);
    }
  });

  it("rejects bad input", () => {
    expect(() => sliceSample(() => 0, [])).toThrow(/E_SHAPE/);
    expect(() => sliceSample(() => -Infinity, [0])).toThrow(/E_RANGE/);
    expect(() => sliceSample(() => 0, [0], { width: 0 })).toThrow(/E_RANGE/);
    expect(() => sliceSample(() => 0, [0], { numDraws: 0 })).toThrow(/E_RANGE/);
  });
});

describe("ebfmi", () => {
  it("is (4 + 1 + 4) / 5 = 1.8 on [1, 3, 2, 4]", () => {
    expect(ebfmi([1, 3, 2, 4])).toBeCloseTo(1.8, 14);
  });
  it("is near 2 for independent energies and near 0 for a random walk", () => {
    // independent draws: E[(E_n - E_{n-1})^2] = 2 Var; a slowly drifting sequence gives a small ratio
    let a = 12345;
    const u = (): number => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) / 4294967296);
    const iid = Array.from({ length: 20000 }, () => u());
    expect(Math.abs(ebfmi(iid) - 2)).toBeLessThan(0.05);
    const walk: number[] = [0];
    for (let i = 1; i < 2000; i++) walk.push(walk[i - 1]! + u() - 0.5);
    expect(ebfmi(walk)).toBeLessThan(0.3);
  });
  it("rejects short, non-finite and constant input", () => {
    expect(() => ebfmi([1])).toThrow(/E_SHAPE/);
    expect(() => ebfmi([1, NaN])).toThrow(/E_RANGE/);
    expect(() => ebfmi([2, 2, 2])).toThrow(/E_RANGE/);
  });
});
