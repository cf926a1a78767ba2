import { describe, expect, it } from "vitest";
import { isWcError, rng } from "@wc/tensor";
import { ebfmi, essBulk, essTail, nuts, nutsChains, rhat, sliceSample, type NutsResult } from "../src/index";
import { expectWcError, testRng } from "./helpers";

/** Column j of every chain's draws. */
const column = (chains: NutsResult[], j: number): Float64Array[] =>
  chains.map((c) => Float64Array.from({ length: c.numDraws }, (_, k) => c.draws[k * c.dim + j]!));

function moments(cols: Float64Array[]): { mean: number; variance: number } {
  const all = cols.flatMap((c) => Array.from(c));
  const m = all.reduce((a, b) => a + b, 0) / all.length;
  return { mean: m, variance: all.reduce((a, b) => a + (b - m) ** 2, 0) / (all.length - 1) };
}

function covariance(a: Float64Array[], b: Float64Array[]): number {
  const x = a.flatMap((c) => Array.from(c));
  const y = b.flatMap((c) => Array.from(c));
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  return x.reduce((s, v, i) => s + (v - mx) * (y[i]! - my), 0) / (x.length - 1);
}

/** Inverse of a small SPD matrix by Gauss-Jordan (test-only). */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const piv = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((r) => r.slice(n));
}

describe("NUTS recovers known posteriors", () => {
  it("50-D correlated Gaussian (AR(1) correlation 0.5, scales 0.5..2): means, variances, correlations, R-hat < 1.01", () => {
    const d = 50;
    const rho = 0.5;
    const s = Array.from({ length: d }, (_, i) => 0.5 + (1.5 * i) / (d - 1));
    const mu = Array.from({ length: d }, (_, i) => i / 10 - 2);
    // precision of the AR(1) correlation is tridiagonal
    const k = 1 / (1 - rho * rho);
    const logp = (q: Float64Array, g: Float64Array): number => {
      let lp = 0;
      const z = Float64Array.from(q, (v, i) => (v - mu[i]!) / s[i]!);
      for (let i = 0; i < d; i++) {
        const diag = i === 0 || i === d - 1 ? k : k * (1 + rho * rho);
        let pz = diag * z[i]!;
        if (i > 0) pz -= k * rho * z[i - 1]!;
        if (i < d - 1) pz -= k * rho * z[i + 1]!;
        lp -= 0.5 * z[i]! * pz;
        g[i] = -pz / s[i]!;
      }
      return lp;
    };
    const r = testRng(1);
    const inits = [0, 1, 2, 3].map(() => Float64Array.from({ length: d }, () => 2 * r.uniform() - 1));
    const chains = nutsChains(logp, inits, { seed: 11, numWarmup: 600, numDraws: 600 });
    expect(chains.reduce((a, c) => a + c.divergences, 0)).toBe(0);
    for (let j = 0; j < d; j++) {
      const col = column(chains, j);
      const m = moments(col);
      const ess = essBulk(col);
      expect(rhat(col)).toBeLessThan(1.01);
      expect(ess).toBeGreaterThan(400);
      expect(Math.abs(m.mean - mu[j]!)).toBeLessThan((4.5 * s[j]!) / Math.sqrt(ess));
      expect(Math.abs(m.variance / s[j]! ** 2 - 1)).toBeLessThan(0.2);
      if (j > 0) {
        const corr = covariance(column(chains, j - 1), col) / (s[j]! * s[j - 1]!);
        expect(Math.abs(corr - rho)).toBeLessThan(0.1);
      }
    }
  });

  it("non-centred hierarchical normal (eight schools, tau fixed at 5): exact Gaussian posterior recovered", () => {
    const y = [28, 8, -3, 7, -1, 1, 18, 12];
    const sig = [15, 10, 16, 11, 9, 11, 10, 18];
    const tau = 5;
    const J = 8;
    // parameters (mu, eta_1..eta_8); theta_j = mu + tau eta_j; mu ~ N(0, 10^2), eta ~ N(0, 1)
    const logp = (q: Float64Array, g: Float64Array): number => {
      let lp = -0.5 * (q[0]! / 10) ** 2;
      g[0] = -q[0]! / 100;
      for (let j = 0; j < J; j++) {
        const eta = q[j + 1]!;
        const r = (y[j]! - q[0]! - tau * eta) / sig[j]!;
        lp += -0.5 * eta * eta - 0.5 * r * r;
        g[0] += r / sig[j]!;
        g[j + 1] = -eta + (tau * r) / sig[j]!;
      }
      return lp;
    };
    // exact posterior: precision P = prior precision + A' S^-1 A, mean = P^-1 A' S^-1 y
    const P = Array.from({ length: J + 1 }, (_, i) => Array.from({ length: J + 1 }, (_, j) => (i === j ? (i === 0 ? 0.01 : 1) : 0)));
    const b = new Array(J + 1).fill(0);
    for (let j = 0; j < J; j++) {
      const w = 1 / sig[j]! ** 2;
      const a = new Array(J + 1).fill(0);
      a[0] = 1;
      a[j + 1] = tau;
      for (let u = 0; u <= J; u++) {
        b[u] += a[u] * w * y[j]!;
        for (let v = 0; v <= J; v++) P[u]![v]! += a[u] * w * a[v];
      }
    }
    const C = invert(P);
    const mean = C.map((row) => row.reduce((s, c, v) => s + c * b[v], 0));
    const chains = nutsChains(logp, [0, 1, 2, 3].map(() => new Float64Array(J + 1)), { seed: 5, numWarmup: 500, numDraws: 1000 });
    expect(chains.reduce((a, c) => a + c.divergences, 0)).toBe(0);
    for (let j = 0; j <= J; j++) {
      const col = column(chains, j);
      const m = moments(col);
      const sd = Math.sqrt(C[j]![j]!);
      expect(rhat(col)).toBeLessThan(1.01);
      expect(Math.abs(m.mean - mean[j]!)).toBeLessThan((4.5 * sd) / Math.sqrt(essBulk(col)));
      expect(Math.abs(m.variance / C[j]![j]! - 1)).toBeLessThan(0.15);
    }
    // the strongest posterior correlation (mu with each eta) is reproduced
    const c01 = covariance(column(chains, 0), column(chains, 1)) / Math.sqrt(C[0]![0]! * C[1]![1]!);
    expect(Math.abs(c01 - C[0]![1]! / Math.sqrt(C[0]![0]! * C[1]![1]!))).toBeLessThan(0.08);
  });

  it("is reproducible with a seed and adapts a sensible step size", () => {
    const logp = (q: Float64Array, g: Float64Array): number => {
      g[0] = -q[0]! / 4;
      g[1] = -q[1]! * 4;
      return -(q[0]! ** 2) / 8 - 2 * q[1]! ** 2;
    };
    const a = nuts(logp, [0.5, 0.5], { seed: 9, numWarmup: 200, numDraws: 100 });
    const b = nuts(logp, [0.5, 0.5], { seed: 9, numWarmup: 200, numDraws: 100 });
    expect(Array.from(a.draws)).toEqual(Array.from(b.draws));
    // a numeric seed is @wc/tensor's rng(seed)
    const c = nuts(logp, [0.5, 0.5], { seed: rng(9), numWarmup: 200, numDraws: 100 });
    expect(Array.from(c.draws)).toEqual(Array.from(a.draws));
    expect(a.stepSize).toBeGreaterThan(0.1);
    // adapted inverse metric approximates the variances 4 and 1/4
    expect(a.invMetric[0]! / a.invMetric[1]!).toBeGreaterThan(4);
  });

  it("rejects a non-finite start", () => {
    try {
      nuts(() => Number.NEGATIVE_INFINITY, [0]);
      expect.fail("no throw");
    } catch (e) {
      expect(isWcError(e, "E_RANGE")).toBe(true);
    }
  });
});

describe("R-hat and ESS", () => {
  it("iid chains: R-hat near 1, bulk and tail ESS near the number of draws", () => {
    const r = testRng(2);
    const chains = [0, 1, 2, 3].map(() => Float64Array.from({ length: 1000 }, () => r.normal()));
    expect(rhat(chains)).toBeLessThan(1.01);
    const e = essBulk(chains);
    // over 30 seeds of this set-up bulk ESS ranged 3199..4242 (Geyer truncation noise); a missing
    // split, a factor-2 error in tau or biased autocovariances would fall far outside [3000, 4800]
    expect(e).toBeGreaterThan(3000);
    expect(e).toBeLessThan(4800);
    expect(essTail(chains)).toBeGreaterThan(2800);
  });
  it("AR(1) chains with phi = 0.8: ESS near N (1 - phi) / (1 + phi)", () => {
    const r = testRng(3);
    const phi = 0.8;
    const chains = [0, 1, 2, 3].map(() => {
      const c = new Float64Array(2000);
      let x = r.normal() / Math.sqrt(1 - phi * phi);
      for (let i = 0; i < c.length; i++) {
        x = phi * x + r.normal();
        c[i] = x;
      }
      return c;
    });
    const ideal = (8000 * (1 - phi)) / (1 + phi);
    const e = essBulk(chains);
    expect(e / ideal).toBeGreaterThan(0.75);
    expect(e / ideal).toBeLessThan(1.3);
  });
  it("chains stuck at different locations give a large R-hat", () => {
    const r = testRng(4);
    const chains = [0, 1, 2, 3].map((k) => Float64Array.from({ length: 500 }, () => k + 0.3 * r.normal()));
    expect(rhat(chains)).toBeGreaterThan(1.5);
  });
});

describe("ebfmi", () => {
  it("is (4 + 1 + 4) / 5 = 1.8 on [1, 3, 2, 4]", () => {
    expect(ebfmi([1, 3, 2, 4])).toBeCloseTo(1.8, 14);
  });
  it("is near 2 for independent energies and small for a random walk", () => {
    // independent draws: E[(E_n - E_{n-1})^2] = 2 Var, so the ratio tends to 2; a drifting sequence gives a small ratio
    const r = testRng(21);
    const iid = Array.from({ length: 20000 }, () => r.uniform());
    expect(Math.abs(ebfmi(iid) - 2)).toBeLessThan(0.05);
    const walk: number[] = [0];
    for (let i = 1; i < 2000; i++) walk.push(walk[i - 1]! + r.uniform() - 0.5);
    expect(ebfmi(walk)).toBeLessThan(0.3);
  });
  it("well-tuned NUTS on a standard normal has E-BFMI well above 0.3", () => {
    const res = nuts((q, g) => {
      g[0] = -q[0]!;
      g[1] = -q[1]!;
      return -0.5 * (q[0]! ** 2 + q[1]! ** 2);
    }, [0, 0], { seed: 4, numWarmup: 300, numDraws: 500 });
    expect(ebfmi(res.energy)).toBeGreaterThan(0.6);
  });
  it("rejects short, non-finite and constant input", () => {
    expectWcError(() => ebfmi([1]), "E_SHAPE");
    expectWcError(() => ebfmi([1, Number.NaN]), "E_RANGE");
    expectWcError(() => ebfmi([2, 2, 2]), "E_RANGE");
  });
});

describe("onIteration progress callback", () => {
  it("NUTS and the slice sampler call it once per iteration (warmup included) and keep the same draws", () => {
    const logp = (q: Float64Array, g: Float64Array): number => {
      g[0] = -q[0]!;
      g[1] = -4 * q[1]!;
      return -0.5 * q[0]! ** 2 - 2 * q[1]! ** 2;
    };
    const opts = { numWarmup: 30, numDraws: 20, seed: 5 };
    const plain = nuts(logp, [0.5, -0.5], opts);
    const calls: [number, number][] = [];
    const ticked = nuts(logp, [0.5, -0.5], { ...opts, onIteration: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual(Array.from({ length: 50 }, (_, i) => [i + 1, 50]));
    expect(Array.from(ticked.draws)).toEqual(Array.from(plain.draws));
    const f = (q: Float64Array): number => -0.5 * q[0]! ** 2;
    const sPlain = sliceSample(f, [0.1], { numWarmup: 10, numDraws: 15, seed: 2 });
    const sCalls: number[] = [];
    const sTicked = sliceSample(f, [0.1], { numWarmup: 10, numDraws: 15, seed: 2, onIteration: (d, t) => sCalls.push(d * 100 + t) });
    expect(sCalls).toEqual(Array.from({ length: 25 }, (_, i) => (i + 1) * 100 + 25));
    expect(Array.from(sTicked.draws)).toEqual(Array.from(sPlain.draws));
    expect(() => nuts(logp, [0, 0], { ...opts, onIteration: 3 as never })).toThrow(/E_ARGUMENT/);
    expect(() => sliceSample(f, [0], { onIteration: "x" as never })).toThrow(/E_ARGUMENT/);
  });
});
