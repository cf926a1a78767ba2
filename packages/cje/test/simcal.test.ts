import { describe, expect, it } from "vitest";
import { rng } from "@wc/tensor";
import { essFraction, simcalW } from "../src/index";

function lognormalCase(seed: number, correlated: boolean) {
  const g = rng(seed);
  const n = 2000;
  const w = new Float64Array(n);
  const s = new Float64Array(n);
  const r = new Float64Array(n);
  const folds = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = g.normal();
    w[i] = Math.exp(1.5 * z);
    s[i] = correlated ? z + 0.3 * g.normal() : g.normal();
    r[i] = Math.min(1, Math.max(0, 0.5 + 0.2 * g.normal()));
    folds[i] = i % 5;
  }
  const m = w.reduce((a, b) => a + b, 0) / n;
  return { w: w.map((v) => v / m), s, r, folds };
}
const varPop = (v: Float64Array) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length;
};

describe("simcalW", () => {
  const c = lognormalCase(11, true);
  const fit = simcalW(c.w, c.s, c.r, c.folds);
  it("returns mean-one weights within the variance cap and ESS >= n/2", () => {
    expect(fit.weights.reduce((a, b) => a + b, 0) / fit.weights.length).toBeCloseTo(1, 10);
    expect(fit.varAfter).toBeLessThanOrEqual(1.0 * 1.001);
    expect(essFraction(fit.weights)).toBeGreaterThanOrEqual(0.5);
    expect(varPop(c.w)).toBeGreaterThan(5); // the raw weights are far from the cap
    expect(fit.gamma).toBeGreaterThanOrEqual(0);
    expect(fit.gamma).toBeLessThanOrEqual(1);
  });
  it("puts simplex weights on the candidates and keeps each candidate monotone in s", () => {
    expect(fit.pi.every((p) => p >= 0)).toBe(true);
    expect(fit.pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    // the output is a monotone map of s when one candidate carries all the weight; check the
    // stored maps are monotone by predicting on a sorted grid with only one candidate
    const grid = Float64Array.from({ length: 50 }, (_, i) => -3 + (6 * i) / 49);
    const pred = fit.predict(new Float64Array(50).fill(1), grid);
    if (fit.pi[1] === 0) for (let i = 1; i < 50; i++) expect(pred[i]!).toBeGreaterThanOrEqual(pred[i - 1]! - 1e-12);
    expect(pred.reduce((a, b) => a + b, 0) / 50).toBeCloseTo(1, 12);
  });
  it("shrinks toward 1 by gamma = 1 - sqrt(varCap / var) when the mixture exceeds the cap", () => {
    const r = c.s.map((v) => Math.min(1, Math.max(0, 0.5 + 0.3 * v)));
    const loose = simcalW(c.w, c.s, r, c.folds, { varCap: null, essFloor: null });
    expect(loose.gamma).toBe(0);
    const capped = simcalW(c.w, c.s, r, c.folds, { varCap: loose.varBefore / 4 });
    expect(capped.gamma).toBeCloseTo(0.5, 14);
    expect(capped.varAfter).toBeCloseTo(loose.varBefore / 4, 12);
  });
  it("outputs nearly constant weights when s is independent of w", () => {
    const d = lognormalCase(12, false);
    const f = simcalW(d.w, d.s, d.r, d.folds);
    expect(f.varAfter).toBeLessThan(0.02 * varPop(d.w));
  });
  it("applies the stored gamma in predict (not recomputed) and clips s to the training range", () => {
    const p1 = fit.predict(c.w.slice(0, 10), Float64Array.from({ length: 10 }, () => 1e6));
    const p2 = fit.predict(c.w.slice(0, 10), Float64Array.from({ length: 10 }, () => 1e7));
    expect(Array.from(p1)).toEqual(Array.from(p2));
  });
  it("warns when varCap is looser than the ESS floor and rejects w <= 0", () => {
    expect(simcalW(c.w, c.s, c.r, c.folds, { varCap: 10 }).warnings.length).toBe(1);
    const bad = c.w.slice();
    bad[3] = 0;
    expect(() => simcalW(bad, c.s, c.r, c.folds)).toThrow(/E_RANGE/);
    expect(() => simcalW(c.w, c.s.slice(1), c.r, c.folds)).toThrow(/E_SHAPE/);
    expect(() => simcalW(c.w, c.s, c.r, c.folds, { essFloor: 2 })).toThrow(/E_RANGE/);
  });
});
