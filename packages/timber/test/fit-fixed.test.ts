import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitReuseModel } from "../src/index";

// Spec section 6.2 data: bench/simulate.ts simulateFixed(600, 2), frozen by test/fixtures/make-fixed-mle.ts;
// the maximum-likelihood coefficients come from NumPy Newton iterations (test/fixtures/fixed-mle.py).
const data = JSON.parse(readFileSync(new URL("./fixtures/fixed-data.json", import.meta.url), "utf8")) as {
  X: number[][];
  groups: string[];
  labels: number[];
  r: number[];
  truth: { beta: number[][] };
};
const mle = JSON.parse(readFileSync(new URL("./fixtures/fixed-mle.json", import.meta.url), "utf8")) as { beta: number[][]; counts: number[] };
const names = ["density", "moisture", "size", "grain", "hardness"];

describe("fixed-mode recovery (spec 6.2)", () => {
  const fit = fitReuseModel(data.r, data.X, data.groups, {
    mode: "fixed",
    thresholds: [0.9, 0.7],
    chains: 2,
    warmup: 300,
    draws: 300,
    seed: 0,
    featureNames: names,
  });
  const P = 5;
  const S = fit.chains * fit.drawsPerChain;
  const col = (k: number, j: number): Float64Array => Float64Array.from({ length: S }, (_, s) => fit.draws.beta![s * 2 * P + k * P + j]!);
  const mean = (v: Float64Array): number => v.reduce((a, b) => a + b, 0) / v.length;
  const q = (v: Float64Array, p: number): number => {
    const s = Float64Array.from(v).sort();
    return s[Math.round(p * (s.length - 1))]!;
  };

  it("uses the thresholds' labels (counts from NumPy bincount)", () => {
    const counts = [1, 2, 3].map((l) => fit.levels.filter((x) => x === l).length);
    expect(counts).toEqual(mle.counts);
    expect(fit.thresholds.t12.mean).toBe(0.9);
    expect(fit.thresholds.t23.sd).toBe(0);
  });

  it("90% intervals cover >= 9 of the 10 planted coefficients", () => {
    let covered = 0;
    for (let k = 0; k < 2; k++) for (let j = 0; j < P; j++) {
      const v = col(k, j);
      const t = data.truth.beta[k]![j]!;
      if (q(v, 0.05) <= t && t <= q(v, 0.95)) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(9);
  });

  it("shrinks the zero coefficients: |mean| < 0.25 and larger kappa than the non-zero ones", () => {
    const rel = fit.featureRelevance();
    const zero = rel.filter((f) => f.name !== "density" && f.name !== "grain");
    const nonzero = rel.filter((f) => f.name === "density" || f.name === "grain");
    for (const f of zero) expect(f.meanAbsBeta).toBeLessThan(0.25);
    for (let k = 0; k < 2; k++) for (const j of [1, 2, 4]) expect(Math.abs(mean(col(k, j)))).toBeLessThan(0.25);
    expect(Math.min(...zero.map((f) => f.shrinkage))).toBeGreaterThan(Math.max(...nonzero.map((f) => f.shrinkage)));
    // ranked first: the four non-zero coefficients
    expect(new Set(rel.slice(0, 4).map((f) => f.name))).toEqual(new Set(["density", "grain"]));
    expect(rel.find((f) => f.name === "density" && f.level === 3)!.probPositive).toBe(1);
  });

  it("posterior means lie within 0.2 of the NumPy maximum-likelihood fit", () => {
    for (let k = 0; k < 2; k++) for (let j = 0; j < P; j++) expect(Math.abs(mean(col(k, j)) - mle.beta[k]![j]!)).toBeLessThan(0.2);
  });

  it("reports diagnostics for every named scalar", () => {
    const d = fit.diagnostics;
    expect(Object.keys(d.rhat)).toContain("beta[2,density]");
    expect(Object.keys(d.rhat)).toContain("u[g1,3]");
    expect(d.ebfmi).toHaveLength(2);
    for (const b of d.ebfmi) expect(b).toBeGreaterThan(0.3);
    expect(d.rhat["beta[3,density]"]!).toBeLessThan(1.05);
  });

  it("predicts calibrated probabilities with intervals, known and new groups", () => {
    const p = fit.predict([[2, 0, 0, -2, 0], [-2, 0, 0, 2, 0]], ["g0", "unseen"]);
    for (let i = 0; i < 2; i++) {
      expect(p.probs[i]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      for (let k = 0; k < 3; k++) {
        expect(p.lo[i]![k]!).toBeLessThanOrEqual(p.probs[i]![k]!);
        expect(p.hi[i]![k]!).toBeGreaterThanOrEqual(p.probs[i]![k]!);
      }
    }
    // eta3 = 2*2.5 + 2*2 = 9 on the truth: level 3 dominates; the mirrored row is level 1
    expect(p.level).toEqual([3, 1]);
    expect(() => fit.predict([[1, 2, 3]])).toThrow(/E_SHAPE/);
    expect(() => fit.predict([[1, 2, 3, 4, NaN]])).toThrow(/E_RANGE/);
    expect(() => fit.predict([[1, 2, 3, 4, 5]], ["a", "b"])).toThrow(/E_SHAPE/);
  });
});
