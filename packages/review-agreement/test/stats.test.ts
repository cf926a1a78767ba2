import { describe, expect, it } from "vitest";
import { calibration, cdIndex, compareOutcomeCorrelations, hitFlags, outcomeValidity } from "../src/index";
import { fisherInterval, williamsTest } from "@wc/stats";
import { rng } from "@wc/tensor";
import fx from "./fixtures/agreement.json";

describe("spec section 5 numbers", () => {
  it("Williams(0.30, 0.15, 0.15, 500) and Fisher CI of r = 0.15, n = 500 (via @wc/stats)", () => {
    const w = williamsTest(0.3, 0.15, 0.15, 500);
    expect(w.t).toBeCloseTo(2.68188, 5);
    expect(w.pValue).toBeCloseTo(0.007565, 6);
    const ci = fisherInterval(0.15, 500);
    expect(ci[0]).toBeCloseTo(0.06314, 5);
    expect(ci[1]).toBeCloseTo(0.2346, 5);
  });
  it("hit flags: citations 0..99 in one group -> 10 hits at p = 0.1, 1 hit at p = 0.01", () => {
    const c = Array.from({ length: 100 }, (_, i) => i);
    const g = new Array(100).fill("cs|2021");
    const h10 = hitFlags(c, g, 0.1);
    expect(h10.filter(Boolean).length).toBe(10);
    expect(h10[89]).toBe(false); // q0.9 = 89.1
    expect(h10[90]).toBe(true);
    const h1 = hitFlags(c, g, 0.01);
    expect(h1.filter(Boolean).length).toBe(1);
    expect(h1[99]).toBe(true);
  });
  it("hit flags are per group and ties at the threshold are hits", () => {
    const flags = hitFlags([5, 5, 5, 1, 100, 0, 0, 0], ["a", "a", "a", "a", "b", "b", "b", "b"], 0.25);
    // group a: q0.75 of [5,5,5,1] = 5 -> all three 5s are hits; group b: q0.75 of [100,0,0,0] = 25 -> only 100
    expect(flags).toEqual([true, true, true, false, true, false, false, false]);
    expect(() => hitFlags([1], ["a"], 1)).toThrow(/E_RANGE/);
    expect(() => hitFlags([1, 2], ["a"], 0.1)).toThrow(/E_SHAPE/);
  });
});

describe("calibration (spec section 6.3)", () => {
  it("confidences all 9 with 50 % of errors within 1 -> overconfidence 0.4, ECE 0.4 (single bin)", () => {
    const c = calibration([9, 9, 9, 9, 9, 9], [0, 0.5, 1, 2, 3, 4]);
    expect(c.overconfidence).toBeCloseTo(0.4, 14);
    expect(c.ece).toBeCloseTo(0.4, 14);
    expect(c.reliability.length).toBe(1);
    expect(c.meanConfidence).toBe(9);
    expect(Number.isNaN(c.rhoConfError.value)).toBe(true); // constant confidence
  });
  it("a perfectly calibrated synthetic reviewer (P(|e| <= 1) = c/10, n = 20000) has ECE < 0.03 and negative rho", () => {
    const g = rng(1);
    const conf: number[] = [];
    const err: number[] = [];
    for (let i = 0; i < 20000; i++) {
      const c = 1 + Math.floor(g.uniform() * 10);
      conf.push(c);
      err.push(g.uniform() < c / 10 ? g.uniform() : 1.5 + 3 * g.uniform());
    }
    const r = calibration(conf, err);
    expect(r.ece).toBeLessThan(0.03);
    expect(Math.abs(r.overconfidence)).toBeLessThan(0.02);
    expect(r.rhoConfError.value).toBeLessThan(0);
  });
  it("rejects out-of-range confidences, negative errors and bad options", () => {
    expect(() => calibration([11], [0])).toThrow(/E_RANGE/);
    expect(() => calibration([5], [-1])).toThrow(/E_RANGE/);
    expect(() => calibration([5], [1], { bins: 0 })).toThrow(/E_RANGE/);
    expect(() => calibration([5, 6], [1])).toThrow(/E_SHAPE/);
    expect(() => calibration([], [])).toThrow(/E_SHAPE/);
  });
});

describe("outcome validity", () => {
  it("matches SciPy spearmanr(score, log1p(citations)), pointbiserialr and sklearn roc_auc_score", () => {
    const outs = fx.citations.map((c, i) => ({ citations: c, hit10: fx.hit10[i]! }));
    const v = outcomeValidity(fx.llm, outs);
    expect(v.citations!.value).toBeCloseTo(fx.spearmanLog1p, 12);
    expect(v.hit10!.value).toBeCloseTo(fx.pointBiserial, 12);
    expect(v.hit10!.auroc).toBeCloseTo(fx.auroc, 12);
    expect(v.novelty).toBeUndefined();
  });
  it("Williams + bootstrap comparison detects the stronger outcome correlation", () => {
    const g = rng(2);
    const n = 600;
    const y: number[] = [];
    const l: number[] = [];
    const h: number[] = [];
    for (let i = 0; i < n; i++) {
      const yi = g.normal();
      y.push(yi);
      l.push(0.5 * yi + g.normal());
      h.push(0.1 * yi + g.normal());
    }
    const c = compareOutcomeCorrelations(l, h, y, { nResamples: 500, seed: 1 });
    expect(c.rLlm).toBeGreaterThan(c.rHuman);
    expect(c.williams.t).toBeGreaterThan(0);
    expect(c.williams.p).toBeLessThan(0.01);
    expect(c.bootDiffCI[0]).toBeGreaterThan(0);
    const w = williamsTest(c.rLlm, c.rHuman, c.rLlmHuman, n);
    expect(c.williams.t).toBe(w.t);
    expect(() => compareOutcomeCorrelations([1, 2, 3], [1, 2, 3], [1, 2, 3])).toThrow(/E_SHAPE/);
  });
});

describe("cdIndex (spec section 6.4)", () => {
  const refs = new Set(["a", "b"]);
  const citers = [
    { id: "p1", refs: new Set(["f"]) },
    { id: "p2", refs: new Set(["f", "a"]) },
    { id: "p3", refs: new Set(["b"]) },
    { id: "p4", refs: new Set(["a", "b"]) },
  ];
  it("gives 0 for the toy and 0.2 after adding p5 -> {f}", () => {
    expect(cdIndex(refs, citers, "f")).toBe(0);
    expect(cdIndex(refs, [...citers, { id: "p5", refs: new Set(["f"]) }], "f")).toBeCloseTo(0.2, 15);
    expect(cdIndex(refs, [], "f")).toBe(0);
    expect(cdIndex(refs, [{ id: "x", refs: new Set(["f"]) }], "f")).toBe(1);
  });
});
