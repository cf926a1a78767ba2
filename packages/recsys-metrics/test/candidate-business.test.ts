import { describe, expect, it } from "vitest";
import { isWcError } from "@wc/tensor";
import { businessMetrics, candidateMetrics, pairKey, type Id } from "../src/index";

function throwsCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(isWcError(e), String(e)).toBe(true);
    expect((e as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected a WcError ${code}`);
}

// Spec section 5 toy candidate example.
const train: [Id, Id][] = [["u1", "i1"], ["u1", "i2"], ["u2", "i1"], ["u2", "i3"], ["u3", "i1"], ["u3", "i4"]];
const reco: [Id, Id][] = [["u1", "i3"], ["u1", "i4"], ["u2", "i2"], ["u2", "i4"], ["u3", "i2"], ["u3", "i3"]];

describe("candidate generation (spec 5 toy, 1e-9)", () => {
  // python3 -c "import numpy as np; print(np.log2(3), np.log2(6), 1-(1/np.sqrt(3))/2)" -> 1.584962500721156 2.584962500721156 0.7113248654051871
  const r = candidateMetrics(train, reco);
  it("coverage, distributional coverage, novelty, diversity", () => {
    expect(r.catalogCoverage).toBeCloseTo(0.75, 12);
    expect(r.distributionalCoverage).toBeCloseTo(1.584962500721156, 12);
    expect(r.novelty).toBeCloseTo(2.584962500721156, 12);
    expect(r.diversity).toBeCloseTo(1, 12);
  });
  it("serendipity(u1, i3) = 1 - (1/sqrt 3)/2", () => {
    // u1's list [i3, i4]: i3 -> 0.7113248654051871, i4 (sim(i4,i1) = 1/sqrt3, sim(i4,i2) = 0) -> same
    expect(r.perUser.get("u1")?.serendipity).toBeCloseTo(0.7113248654051871, 12);
    const r0 = candidateMetrics(train, reco, { relevance: new Map([[pairKey("u1", "i4"), 0]]) });
    expect(r0.perUser.get("u1")?.serendipity).toBeCloseTo(0.7113248654051871 / 2, 12);
  });
  it("novelty: items absent from train add 0 but count in the denominator (repo behaviour)", () => {
    const r2 = candidateMetrics(train, [["u1", "i2"], ["u1", "new"]]);
    expect(r2.novelty).toBeCloseTo(Math.log2(6) / 2, 12);
  });
  it("feature similarity; users with one item have no diversity", () => {
    const features = new Map<Id, Float64Array>([["i1", Float64Array.of(1, 0)], ["i2", Float64Array.of(1, 1)], ["i3", Float64Array.of(0, 1)], ["i4", Float64Array.of(1, 0)]]);
    const r3 = candidateMetrics(train, [["u1", "i1"], ["u1", "i2"], ["u2", "i3"]], { itemSim: "features", features });
    expect(r3.diversity).toBeCloseTo(1 - Math.SQRT1_2, 12);
    expect(r3.perUser.get("u2")?.diversity).toBeUndefined();
  });
  it("bad input", () => {
    throwsCode(() => candidateMetrics([], reco), "E_SHAPE");
    throwsCode(() => candidateMetrics([["u1"]] as never, reco), "E_FORMAT");
    throwsCode(() => candidateMetrics(train, reco, { itemSim: "features" }), "E_ARGUMENT");
    throwsCode(() => candidateMetrics(train, reco, { itemSim: "features", features: new Map() }), "E_ARGUMENT");
    throwsCode(() => candidateMetrics(train, reco, { relevance: new Map([["x", 2 as 0]]) }), "E_RANGE");
  });
});

describe("business ratios", () => {
  it("documented definitions", () => {
    const b = businessMetrics({ impressions: 1000, clicks: 50, conversions: 5, revenue: 500, users: 100, orders: 20, usersStart: 100, usersEnd: 110, newUsers: 20, cost: 200, margin: 0.3, discount: 0.1 });
    expect(b.ctr).toBeCloseTo(0.05, 15);
    expect(b.conversionRate).toBeCloseTo(0.1, 15);
    expect(b.arpu).toBeCloseTo(5, 15);
    expect(b.aov).toBeCloseTo(25, 15);
    expect(b.retention).toBeCloseTo(0.9, 15);
    expect(b.churn).toBeCloseTo(0.1, 15);
    expect(b.clv).toBeCloseTo((5 * 0.3) / (0.1 + 0.1), 12);
    expect(b.roi).toBeCloseTo(1.5, 15);
    expect(businessMetrics({ conversions: 5, sessions: 25 }, { conversionBase: "sessions" }).conversionRate).toBeCloseTo(0.2, 15);
    expect(businessMetrics({ revenue: 10, users: 2, margin: 0.5, churnRate: 0.25 }).clv).toBeCloseTo(10, 15);
  });
  it("zero denominators give NaN; bad fields throw", () => {
    expect(businessMetrics({ impressions: 0, clicks: 0 }).ctr).toBeNaN();
    expect(Object.keys(businessMetrics({ clicks: 3 }))).toEqual([]);
    throwsCode(() => businessMetrics({ clicks: -1, impressions: 3 }), "E_RANGE");
    throwsCode(() => businessMetrics({ clicks: Number.NaN }), "E_RANGE");
    throwsCode(() => businessMetrics({ clickz: 1 } as never), "E_ARGUMENT");
  });
});
