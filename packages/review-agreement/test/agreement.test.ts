import { describe, expect, it } from "vitest";
import { agreement, quadraticWeightedKappa } from "../src/index";
import fx from "./fixtures/agreement.json";

describe("agreement: offset test (spec section 6.1)", () => {
  // human = np.random.default_rng(0).integers(1, 11, 200); LLM = human + 4
  const llm = fx.human.map((v) => v + 4);
  const a = agreement(llm, fx.human);
  it("gives bias = MAE = RMSE = 4, r = rho = 1, exact = within = 0, LoA [4, 4], QWK < 1", () => {
    expect(a.bias).toBeCloseTo(4, 13);
    expect(a.mae).toBeCloseTo(4, 13);
    expect(a.rmse).toBeCloseTo(4, 13);
    expect(a.pearson.value).toBeCloseTo(1, 13);
    expect(a.spearman.value).toBeCloseTo(1, 13);
    expect(a.kendallB.value).toBeCloseTo(1, 13);
    expect(a.exact).toBe(0);
    expect(a.withinTol).toBe(0);
    expect(a.loa[0]).toBeCloseTo(4, 12);
    expect(a.loa[1]).toBeCloseTo(4, 12);
    expect(a.qwk).toBeLessThan(1);
    // sklearn cohen_kappa_score(clip(llm, 1, 10), human, weights='quadratic', labels=1..10)
    expect(a.qwk).toBeCloseTo(fx.qwkOffset, 12);
  });
});

describe("agreement vs SciPy / scikit-learn (fixtures/make_fixtures.py)", () => {
  const a = agreement(fx.llm, fx.hum);
  it("matches pearsonr, spearmanr and kendalltau (tau-b) with p-values", () => {
    expect(a.pearson.value).toBeCloseTo(fx.pearson[0]!, 12);
    expect(a.pearson.pValue).toBeCloseTo(fx.pearson[1]!, 12);
    expect(a.spearman.value).toBeCloseTo(fx.spearman[0]!, 12);
    expect(a.spearman.pValue).toBeCloseTo(fx.spearman[1]!, 12);
    expect(a.kendallB.value).toBeCloseTo(fx.kendallB[0]!, 12);
    expect(a.kendallB.pValue / fx.kendallB[1]!).toBeCloseTo(1, 8);
  });
  it("matches bias with its t interval, MAE, RMSE, limits, exact (np.round), within-1, QWK and sd ratio", () => {
    expect(a.bias).toBeCloseTo(fx.bias, 12);
    // SciPy 1.10's t.ppf is off by ~1e-9 here (see @wc/stats README); SciPy 1.17 (python3):
    // stats.t.interval(0.95, 59, loc=d.mean(), scale=stats.sem(d)) = (0.37133559949101635, 1.6453310671756503)
    expect(a.biasCI[0]).toBeCloseTo(0.37133559949101635, 13);
    expect(a.biasCI[1]).toBeCloseTo(1.6453310671756503, 13);
    expect(a.mae).toBeCloseTo(fx.mae, 12);
    expect(a.rmse).toBeCloseTo(fx.rmse, 12);
    expect(a.loa[0]).toBeCloseTo(fx.loa[0]!, 12);
    expect(a.loa[1]).toBeCloseTo(fx.loa[1]!, 12);
    expect(a.exact).toBeCloseTo(fx.exact, 14);
    expect(a.withinTol).toBeCloseTo(fx.withinTol, 14);
    expect(a.qwk).toBeCloseTo(fx.qwk, 12);
    expect(a.sdRatio).toBeCloseTo(fx.sdRatio, 12);
  });
  it("Fisher intervals bracket r; bootstrap intervals are seeded and bracket r", () => {
    expect(a.pearson.ci[0]).toBeLessThan(a.pearson.value);
    expect(a.pearson.ci[1]).toBeGreaterThan(a.pearson.value);
    // Fieller: tanh(atanh(tau) -+ 1.959964 sqrt(0.437 / (n - 4)))
    const h = 1.959963984540054 * Math.sqrt(0.437 / 56);
    expect(a.kendallB.ci[0]).toBeCloseTo(Math.tanh(Math.atanh(fx.kendallB[0]!) - h), 10);
    const b1 = agreement(fx.llm, fx.hum, { ci: "bootstrap", seed: 3, nResamples: 500 });
    const b2 = agreement(fx.llm, fx.hum, { ci: "bootstrap", seed: 3, nResamples: 500 });
    expect(b1.spearman.ci).toEqual(b2.spearman.ci);
    expect(b1.pearson.ci[0]).toBeLessThan(fx.pearson[0]!);
    expect(b1.pearson.ci[1]).toBeGreaterThan(fx.pearson[0]!);
  });
  it("rejects bad input", () => {
    expect(() => agreement([1, 2], [1, 2, 3])).toThrow(/E_SHAPE/);
    expect(() => agreement([1, 2], [1, 2])).toThrow(/E_SHAPE/);
    expect(() => agreement([1, Number.NaN, 3], [1, 2, 3])).toThrow(/E_RANGE/);
    expect(() => agreement([1, 2, 3], [1, 2, 3], { tol: -1 })).toThrow(/E_RANGE/);
    expect(() => agreement([1, 2, 3], [1, 2, 3], { ci: "exact" as "fisher" })).toThrow(/E_ARGUMENT/);
    expect(Number.isNaN(agreement([5, 5, 5], [1, 2, 3]).pearson.value)).toBe(true);
  });
});

describe("quadraticWeightedKappa", () => {
  it("reproduces the spec's QWK = 0.882682 (sklearn, labels 1..5)", () => {
    expect(quadraticWeightedKappa([1, 2, 3, 4, 5, 3, 2], [1, 3, 3, 5, 5, 4, 2], [1, 5])).toBeCloseTo(fx.qwkSpec, 12);
    expect(quadraticWeightedKappa([1, 2, 3, 4, 5, 3, 2], [1, 3, 3, 5, 5, 4, 2], [1, 5])).toBeCloseTo(0.882682, 6);
  });
  it("equals sklearn with and without labels (unused labels have zero marginals)", () => {
    expect(quadraticWeightedKappa([2, 3, 4], [3, 3, 4], [1, 10])).toBeCloseTo(fx.qwkSparseFull, 12);
    expect(fx.qwkSparseObserved).toBeCloseTo(fx.qwkSparseFull, 12);
  });
  it("is 1 for identical ratings and rejects a bad scale", () => {
    expect(quadraticWeightedKappa([1, 4, 7], [1, 4, 7])).toBe(1);
    expect(() => quadraticWeightedKappa([1], [1], [3, 3])).toThrow(/E_RANGE/);
  });
});
