import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { fisherInterval, kendall, pearson, spearman, williamsTest } from "../src/index";
import fx from "./fixtures/correlations.json";
import { expectClose, testRng } from "./helpers";

// Reference values: test/fixtures/make_fixtures.py (SciPy pearsonr, spearmanr, kendalltau).
describe("correlations vs SciPy", () => {
  for (const c of fx.cases) {
    it(`${c.name}: Pearson r, p, Fisher CI; Spearman; Kendall b and c with p-values`, () => {
      const p = pearson(c.x, c.y, { confidenceLevel: 0.9 });
      expectClose(p.statistic, c.pearson[0]!, 1e-12, 1e-15, "pearson r");
      expectClose(p.pValue, c.pearson[1]!, 1e-10, 1e-300, "pearson p");
      expectClose(p.ci![0], c.pearson[2]!, 1e-10, 1e-15, "pearson ci lo");
      expectClose(p.ci![1], c.pearson[3]!, 1e-10, 1e-15, "pearson ci hi");
      expectClose(pearson(c.x, c.y, { alternative: "less" }).pValue, c.pearsonLess, 1e-10, 1e-300, "pearson less");
      const s = spearman(c.x, c.y);
      expectClose(s.statistic, c.spearman[0]!, 1e-12, 1e-15, "spearman r");
      expectClose(s.pValue, c.spearman[1]!, 1e-10, 1e-300, "spearman p");
      expectClose(spearman(c.x, c.y, { alternative: "greater" }).pValue, c.spearmanGreater, 1e-10, 1e-300, "spearman greater");
      const kb = kendall(c.x, c.y);
      expectClose(kb.statistic, c.kendallb[0]!, 1e-12, 1e-15, "tau-b");
      expectClose(kb.pValue, c.kendallb[1]!, 1e-10, 1e-300, "tau-b p");
      const kc = kendall(c.x, c.y, { variant: "c" });
      expectClose(kc.statistic, c.kendallc[0]!, 1e-12, 1e-15, "tau-c");
      expectClose(kc.pValue, c.kendallc[1]!, 1e-10, 1e-300, "tau-c p");
      expectClose(kendall(c.x, c.y, { alternative: "less" }).pValue, c.kendallbLess, 1e-10, 1e-300, "tau-b less");
      expectClose(kendall(c.x, c.y, { alternative: "greater" }).pValue, c.kendallbGreater, 1e-10, 1e-300, "tau-b greater");
      expectClose(kendall(c.x, c.y, { method: "asymptotic" }).pValue, c.kendallbAsymptotic, 1e-10, 1e-300, "tau-b asymptotic");
    });
  }
  it("Kendall small exact case: stats.kendalltau([1,2,3,4,5],[3,1,2,5,4]) = (0.4, 0.48333333333333334)", () => {
    const k = kendall([1, 2, 3, 4, 5], [3, 1, 2, 5, 4]);
    expectClose(k.statistic, 0.4, 1e-15);
    expectClose(k.pValue, 0.48333333333333334, 1e-14);
    expect(k.method).toBe("exact");
    expect(k.discordant).toBe(3);
  });
  it("tau-a = (C - D) / (n(n-1)/2) and equals tau-b without ties", () => {
    // x = [1,1,2,3], y = [1,2,2,3]: pairs (C, D, tied) = C 4, D 0, ties 2 -> tau-a = 4/6
    expectClose(kendall([1, 1, 2, 3], [1, 2, 2, 3], { variant: "a" }).statistic, 4 / 6, 1e-15);
    const r = testRng(9);
    const x = Array.from({ length: 40 }, () => r.normal());
    const y = x.map((v) => v + r.normal());
    expectClose(kendall(x, y, { variant: "a" }).statistic, kendall(x, y).statistic, 1e-14);
  });
  it("O(n log n) Kendall agrees with the O(n^2) pair count on tied data", () => {
    const r = testRng(11);
    const n = 300;
    const x = Array.from({ length: n }, () => Math.floor(r.uniform() * 7));
    const y = x.map((v) => Math.floor(v / 2 + r.uniform() * 4));
    let s = 0;
    let tx = 0;
    let ty = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const a = Math.sign(x[i]! - x[j]!);
        const b = Math.sign(y[i]! - y[j]!);
        s += a * b;
        if (a === 0) tx++;
        if (b === 0) ty++;
      }
    }
    const tot = (n * (n - 1)) / 2;
    expectClose(kendall(x, y).statistic, s / Math.sqrt((tot - tx) * (tot - ty)), 1e-13);
  });
});

describe("Williams test and Fisher interval (review-agreement spec numbers)", () => {
  it("williamsTest(0.30, 0.15, 0.15, 500): t = 2.6818767183785663, p = 0.0075646616198371585 (NumPy/SciPy formula)", () => {
    const w = williamsTest(0.3, 0.15, 0.15, 500);
    expectClose(w.t, 2.6818767183785663, 1e-13);
    expectClose(w.pValue, 0.0075646616198371585, 1e-10);
    expect(w.df).toBe(497);
  });
  it("fisherInterval(0.15, 500) = [0.06313992897616642, 0.23460469412142837]", () => {
    const [lo, hi] = fisherInterval(0.15, 500);
    expectClose(lo, 0.06313992897616642, 1e-12);
    expectClose(hi, 0.23460469412142837, 1e-12);
  });
  it("bad inputs", () => {
    const cases: [() => unknown, string][] = [
      [() => pearson([1, 2, 3], [1, 2]), "E_SHAPE"],
      [() => pearson([1, 1, 1], [1, 2, 3]), "E_RANGE"],
      [() => spearman([1], [1]), "E_SHAPE"],
      [() => kendall([1, 2, 2], [1, 2, 3], { method: "exact" }), "E_ARGUMENT"],
      [() => kendall([2, 2, 2], [1, 2, 3]), "E_RANGE"],
      [() => kendall([1, Number.POSITIVE_INFINITY], [1, 2]), "E_RANGE"],
      [() => williamsTest(0.9, -0.9, 0.9, 50), "E_RANGE"],
      [() => fisherInterval(0.5, 3), "E_RANGE"],
    ];
    for (const [f, code] of cases) {
      try {
        f();
        expect.fail("no throw");
      } catch (e) {
        expect(isWcError(e, code as "E_RANGE")).toBe(true);
      }
    }
  });
});
