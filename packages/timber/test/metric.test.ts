import { describe, expect, it } from "vitest";
import { controlMeans, levelBoundary, levelsFromThresholds, moeThreePoint, residualPerformance } from "../src/index";

describe("residualPerformance", () => {
  it("gives 0.8 * 0.9 + 0.2 * 0.8 = 0.88 for the spec's toy", () => {
    const r = residualPerformance({ id: "s", modulus: 10800, maxLoad: 8000 }, { modulus: 12000, maxLoad: 10000 });
    expect(r).toBeCloseTo(0.88, 14);
  });
  it("honours custom weights and rejects bad input", () => {
    expect(residualPerformance({ id: "s", modulus: 6000, maxLoad: 10000 }, { modulus: 12000, maxLoad: 10000 }, { wModulus: 0.5, wLoad: 0.5 })).toBeCloseTo(0.75, 14);
    expect(() => residualPerformance({ id: "s", modulus: NaN, maxLoad: 1 }, { modulus: 1, maxLoad: 1 })).toThrow(/E_RANGE/);
    expect(() => residualPerformance({ id: "s", modulus: 1, maxLoad: 1 }, { modulus: 0, maxLoad: 1 })).toThrow(/E_RANGE/);
    expect(() => residualPerformance({ id: "s", modulus: 1, maxLoad: 1 }, { modulus: 1, maxLoad: 1 }, { wModulus: -1 })).toThrow(/E_RANGE/);
  });
});

describe("controlMeans", () => {
  const controls = [
    { id: "a", modulus: 11000, maxLoad: 9000, group: "small" },
    { id: "b", modulus: 13000, maxLoad: 11000, group: "small" },
    { id: "c", modulus: 20000, maxLoad: 30000, group: "large" },
  ];
  it("pools or matches by key", () => {
    expect(controlMeans(controls)({ id: "x", modulus: 0, maxLoad: 0 })).toEqual({ modulus: 44000 / 3, maxLoad: 50000 / 3 });
    const ref = controlMeans(controls, (s) => s.group!);
    expect(ref({ id: "x", modulus: 0, maxLoad: 0, group: "small" })).toEqual({ modulus: 12000, maxLoad: 10000 });
    expect(() => ref({ id: "x", modulus: 0, maxLoad: 0, group: "medium" })).toThrow(/E_ARGUMENT/);
  });
  it("rejects empty and non-finite controls", () => {
    expect(() => controlMeans([])).toThrow(/E_SHAPE/);
    expect(() => controlMeans([{ id: "a", modulus: Infinity, maxLoad: 1 }])).toThrow(/E_RANGE/);
  });
});

describe("moeThreePoint", () => {
  it("returns 2000 * 1e9 / (4 * 50 * 1e6) = 10000 N/mm^2 on F = 2000 delta", () => {
    const d = Array.from({ length: 51 }, (_, i) => i * 0.02);
    expect(moeThreePoint(d.map((x) => 2000 * x), d, 1000, 50, 100)).toBeCloseTo(10000, 8);
  });
  it("fits only the 10-40% segment before the peak (plastic tail and post-peak drop ignored)", () => {
    // linear at 2000 N/mm up to 1200 N, then softening; peak 2000 N; 10-40% = 200..800 N
    const d: number[] = [];
    const F: number[] = [];
    for (let i = 0; i <= 60; i++) d.push(i * 0.02), F.push(2000 * i * 0.02);
    for (let i = 1; i <= 20; i++) d.push(1.2 + i * 0.1), F.push(1200 + 40 * i);
    d.push(3.5), F.push(500);
    expect(moeThreePoint(F, d, 1000, 50, 100)).toBeCloseTo(10000, 8);
  });
  it("rejects bad input", () => {
    expect(() => moeThreePoint([1, 2], [1], 1, 1, 1)).toThrow(/E_SHAPE/);
    expect(() => moeThreePoint([], [], 1, 1, 1)).toThrow(/E_SHAPE/);
    expect(() => moeThreePoint([0, 1, 2], [0, NaN, 2], 1, 1, 1)).toThrow(/E_RANGE/);
    expect(() => moeThreePoint([0, 1, 2], [0, 1, 2], -1, 1, 1)).toThrow(/E_RANGE/);
    expect(() => moeThreePoint([0, 10], [0, 1], 1, 1, 1)).toThrow(/E_SHAPE/);
    expect(() => moeThreePoint([0, 1, 2], [0, 1, 2], 1, 1, 1, { lo: 0.5, hi: 0.4 })).toThrow(/E_RANGE/);
  });
});

describe("levelsFromThresholds", () => {
  it("assigns levels with closed lower bounds", () => {
    expect(levelsFromThresholds([0.95, 0.9, 0.89, 0.7, 0.69], [0.9, 0.7])).toEqual([1, 1, 2, 2, 3]);
  });
  it("rejects bad thresholds and values", () => {
    expect(() => levelsFromThresholds([0.5], [0.7, 0.9])).toThrow(/E_RANGE/);
    expect(() => levelsFromThresholds([NaN], [0.9, 0.7])).toThrow(/E_RANGE/);
    expect(() => levelsFromThresholds([], [0.9, 0.7])).toThrow(/E_SHAPE/);
  });
});

describe("levelBoundary", () => {
  it("is the midpoint for equal weights and sds", () => {
    expect(levelBoundary(0.3, 0.95, 0.03, 0.3, 0.82, 0.03)).toBeCloseTo(0.885, 12);
  });
  it("matches the closed form for equal sds and unequal weights", () => {
    // t = (m1 + m2)/2 + s^2 log(p2/p1) / (m1 - m2): python3 -c "import math; print(0.885 + 0.03**2*math.log(0.2/0.5)/0.13)"
    expect(levelBoundary(0.5, 0.95, 0.03, 0.2, 0.82, 0.03)).toBeCloseTo(0.8786564487793328, 12);
  });
  it("matches SciPy's brentq for unequal sds", () => {
    // python3 -c "from scipy.stats import norm; from scipy.optimize import brentq; print(brentq(lambda t: 0.4*norm.pdf(t,0.82,0.04)-0.35*norm.pdf(t,0.62,0.06), 0.62, 0.82, xtol=1e-15))"
    expect(levelBoundary(0.4, 0.82, 0.04, 0.35, 0.62, 0.06)).toBeCloseTo(0.7336169245986642, 10);
  });
  it("rejects unordered means", () => {
    expect(() => levelBoundary(0.5, 0.5, 0.1, 0.5, 0.6, 0.1)).toThrow(/E_RANGE/);
  });
});
